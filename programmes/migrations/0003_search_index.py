"""The GIN index behind full-text search on PostgreSQL.

The index is created here rather than in the model's Meta because SQLite has no GIN indexes;
on SQLite search reads the folded ``search_text`` column instead. Rows that existed before this
migration get their search columns from ``manage.py rebuild_search_index``.
"""

from django.db import migrations

INDEX = "programme_search_vector_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON programmes_programme USING gin (search_vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0002_withdrawal_former_slugs_search"),
        ("toolbox", "0002_page_count"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
    ]
