"""The "Redacteur" group: editors maintain programmes, their parts and documents and the site's
own texts, and publish, unpublish and withdraw. They cannot manage users, groups or imports."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = "Redacteur"
MODELS = {
    "programmes": ["programme", "objective", "plannedresult", "achievedresult"],
    "toolbox": ["toolboxdocument"],
}
EXTRA = [
    ("programmes", "publish_programme"),
    ("programmes", "view_formerslug"),
    ("bzkmemory", "view_sitesettings"),
    ("bzkmemory", "change_sitesettings"),
    ("bzkmemory", "view_sitepage"),
    ("bzkmemory", "change_sitepage"),
]


def create_group(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=EDITOR)
    wanted = [
        (app, f"{action}_{model}")
        for app, models in MODELS.items()
        for model in models
        for action in ("add", "change", "delete", "view")
    ] + EXTRA
    for app_label, codename in wanted:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITOR).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0006_workflow"),
        ("programmes", "0005_archivist_group"),
        ("bzkmemory", "0006_audit_log"),
        ("toolbox", "0002_page_count"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
