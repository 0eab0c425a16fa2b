"""Editors ("Redacteur") maintain and publish exhibitions as they do programmes."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = "Redacteur"
MODELS = ["exhibition", "timelineitem", "curator"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=EDITOR).first()
    if group is None:
        return
    codenames = [f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")]
    codenames.append("publish_exhibition")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="exhibitions", codename__in=codenames)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=EDITOR).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="exhibitions")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("exhibitions", "0001_exhibitions"),
        ("programmes", "0007_editor_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
