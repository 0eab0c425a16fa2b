"""The full-text index of programmes beside the search columns (publishing/search.py): on SQLite
an FTS5 table kept in step by triggers, filled here from the rows there are; on PostgreSQL
the title and head vectors the database derives from ``search_vector``, with GIN indexes.
``manage.py rebuild_search_index`` then writes every entry from the texts.

SQL rather than model fields: each database has its own, and Django need not know of them.
"""

from django.db import migrations

from publishing.search import FullTextColumns, drop_statements, index_statements

TABLE = "programmes_programme"
# As the app's search module registers it (publishing.search.register_index), as of now.
COLUMNS = FullTextColumns(
    title="coalesce({row}.title_nl, '') || ' ' || coalesce({row}.title_en, '')",
    head=("coalesce({row}.summary_nl, '') || ' ' || coalesce({row}.summary_en, '')"),
    covering=(
        "draft_of_id, status, published_at, start_year, end_year, title_nl, title_en, "
        "responsible_unit_nl, responsible_unit_en, id"
    ),
)


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in index_statements(TABLE, vendor, COLUMNS):
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    for statement in drop_statements(TABLE, schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0012_programme_rendering_store"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
