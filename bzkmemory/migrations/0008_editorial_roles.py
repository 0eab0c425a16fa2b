"""Four eyes (publishing/review.py): the "Redacteur" writes and submits for review, the new
"Eindredacteur" reviews and publishes, unpublishes and withdraws; the "Archivaris" stays as it
was. A Redacteur no longer holds the publish permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = "Redacteur"
REVIEWER = "Eindredacteur"
PUBLISH = [("programmes", "publish_programme"), ("exhibitions", "publish_exhibition")]


def _permissions(apps, pairs):
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in pairs
    ]


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    editor, _created = Group.objects.get_or_create(name=EDITOR)
    publish = _permissions(apps, PUBLISH)
    reviewer, _created = Group.objects.get_or_create(name=REVIEWER)
    reviewer.permissions.add(*editor.permissions.all(), *publish)
    editor.permissions.remove(*publish)


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    editor = Group.objects.filter(name=EDITOR).first()
    if editor is not None:
        editor.permissions.add(*_permissions(apps, PUBLISH))
    Group.objects.filter(name=REVIEWER).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("bzkmemory", "0007_site_models_moved_to_website"),
        ("programmes", "0010_drafts_and_review"),
        ("exhibitions", "0005_drafts_and_review"),
        ("exhibitions", "0004_archivist_permissions"),
        ("toolbox", "0003_draft_source"),
        ("website", "0003_review_audit_actions"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
