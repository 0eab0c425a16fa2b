"""The archive's change counter, moved from programmes with its table and content type."""


import django.utils.timezone
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
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='ArchiveRevision',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('number', models.PositiveBigIntegerField(default=0, verbose_name='number of changes')),
                    ('changed_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='last changed')),
                ],
                options={
                    'db_table': 'programmes_archiverevision',
                    'verbose_name': 'archive revision',
                    'verbose_name_plural': 'archive revisions',
                },
            ),
        ]),
        migrations.AlterModelTable(name='archiverevision', table=None),
        follow_moved_models("programmes", "publishing", ["archiverevision"]),
    ]
