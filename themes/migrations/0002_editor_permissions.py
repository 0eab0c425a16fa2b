"""Eindredacteuren manage the themes (a rename shows on every page that carries the theme, at
once, so it is theirs to make); Redacteuren see them and attach them to their drafts, which an
Eindredacteur reviews."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MANAGE = ["add_theme", "change_theme", "delete_theme", "view_theme"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("themes")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = {
        p.codename: p
        for p in Permission.objects.filter(content_type__app_label="themes", codename__in=MANAGE)
    }
    reviewer, _created = Group.objects.get_or_create(name="Eindredacteur")
    reviewer.permissions.add(*permissions.values())
    editor, _created = Group.objects.get_or_create(name="Redacteur")
    editor.permissions.add(permissions["view_theme"])


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=["Eindredacteur", "Redacteur"]):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="themes", codename__in=MANAGE)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("themes", "0001_themes"),
        ("bzkmemory", "0008_editorial_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
