"""The "Archivaris" group: archivists import and export bundles and read the import log.

They can see programmes and documents (to choose what to export) but change nothing else:
not programmes, not users, not site settings.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ARCHIVIST = "Archivaris"
PERMISSIONS = [
    ("programmes", "import_archive"),
    ("programmes", "export_archive"),
    ("programmes", "view_archiveimport"),
    ("programmes", "view_programme"),
    ("toolbox", "view_toolboxdocument"),
]


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; these are needed now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=ARCHIVIST)
    for app_label, codename in PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=ARCHIVIST).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0004_archive_imports"),
        ("toolbox", "0002_page_count"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
