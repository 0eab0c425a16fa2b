"""Archivists ("Archivaris") see exhibitions, so that they can export them as archive bundles;
they change nothing (as for programmes, programmes/migrations/0005_archivist_group.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ARCHIVIST = "Archivaris"
MODELS = ["exhibition", "timelineitem", "curator"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=ARCHIVIST).first()
    if group is None:
        return
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="exhibitions",
            codename__in=[f"view_{model}" for model in MODELS],
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=ARCHIVIST).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="exhibitions")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("exhibitions", "0003_search_version_public_index"),
        ("programmes", "0005_archivist_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
