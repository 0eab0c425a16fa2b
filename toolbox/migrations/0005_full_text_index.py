"""The full-text index of documents beside the search columns (publishing/search.py): on SQLite
an FTS5 table kept in step by triggers, filled here from the rows there are; on PostgreSQL
the title and head vectors the database derives from ``search_vector``, with GIN indexes.
``manage.py rebuild_search_index`` then writes every entry from the texts.

SQL rather than model fields: each database has its own, and Django need not know of them.
"""

from django.db import migrations

from publishing.search import FullTextColumns, drop_statements, index_statements

TABLE = "toolbox_toolboxdocument"
# As the app's search module registers it (publishing.search.register_index), as of now.
COLUMNS = FullTextColumns(
    title="coalesce({row}.title_nl, '') || ' ' || coalesce({row}.title_en, '')",
    head=("coalesce({row}.description_nl, '') || ' ' || coalesce({row}.description_en, '')"),
    body="''",
)


# What the index page's facets read of the documents of the programmes found (their kinds,
# whether they are online): on SQLite in this narrow index rather than in the rows, which hold
# the descriptions.
FACETS = (
    "CREATE INDEX IF NOT EXISTS toolbox_document_facets ON toolbox_toolboxdocument "
    "(programme_id, kind, file, external_url)"
)


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in index_statements(TABLE, vendor, COLUMNS):
        schema_editor.execute(statement)
    if vendor == "sqlite":
        schema_editor.execute(FACETS)


def drop(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS toolbox_document_facets")
    for statement in drop_statements(TABLE, schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("toolbox", "0004_document_search"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
