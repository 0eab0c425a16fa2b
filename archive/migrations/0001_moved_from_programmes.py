"""The import log, moved from programmes with its table, content type and permissions (the
Archivaris group keeps its rights to import and export)."""


import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from website.moved_models import follow_moved_models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        # Every app as it was before these models moved, so that a new database has run
        # all the older migrations (which use the old app labels) first.
        ("bzkmemory", "0006_audit_log"),
        ("programmes", "0008_archive_revision"),
        ("toolbox", "0002_page_count"),
        ("exhibitions", "0004_archivist_permissions"),
        ("openmetadata", "0002_exhibitions_set"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='ArchiveImport',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('started_at', models.DateTimeField(verbose_name='started')),
                    ('finished_at', models.DateTimeField(verbose_name='finished')),
                    ('source', models.CharField(choices=[('command', 'command line'), ('admin', 'admin')], max_length=20, verbose_name='through')),
                    ('bundle_name', models.CharField(max_length=500, verbose_name='bundle')),
                    ('bundle_sha256', models.CharField(blank=True, max_length=64, verbose_name='SHA-256 of the bundle')),
                    ('dry_run', models.BooleanField(default=False, verbose_name='dry run')),
                    ('outcome', models.CharField(choices=[('checked', 'checked (dry run)'), ('imported', 'imported'), ('refused', 'refused'), ('failed', 'failed')], max_length=20, verbose_name='outcome')),
                    ('created', models.PositiveIntegerField(default=0, verbose_name='created')),
                    ('updated', models.PositiveIntegerField(default=0, verbose_name='updated')),
                    ('unchanged', models.PositiveIntegerField(default=0, verbose_name='unchanged')),
                    ('removed', models.PositiveIntegerField(default=0, verbose_name='parts removed')),
                    ('report', models.TextField(blank=True, verbose_name='report')),
                    ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ],
                options={
                    'db_table': 'programmes_archiveimport',
                    'verbose_name': 'archive import',
                    'verbose_name_plural': 'archive imports',
                    'ordering': ['-started_at'],
                    'permissions': [('import_archive', 'Can import archive bundles'), ('export_archive', 'Can export archive bundles')],
                },
            ),
        ]),
        migrations.AlterModelTable(name='archiveimport', table=None),
        follow_moved_models("programmes", "archive", ["archiveimport"]),
    ]
