"""ArchiveRevision now belongs to publishing and ArchiveImport to archive, which took over their
tables (publishing/migrations/0001, archive/migrations/0001): only Django's idea of which app
holds them changes here."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('programmes', '0008_archive_revision'),
        ('publishing', '0001_moved_from_programmes'),
        ('archive', '0001_moved_from_programmes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.RemoveField(model_name='archiveimport', name='user'),
            migrations.DeleteModel(name='ArchiveRevision'),
            migrations.DeleteModel(name='ArchiveImport'),
        ]),
    ]
