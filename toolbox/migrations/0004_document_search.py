"""Search columns for documents, so that the documents index searches with the indexed core
(publishing/search.py): the folded ``search_text`` on SQLite, a GIN-indexed ``search_vector``
on PostgreSQL (created here, as for programmes, because SQLite has no GIN indexes). Existing
documents get their columns here; later saves keep them (toolbox/search.py)."""

import django.contrib.postgres.search
from django.db import migrations, models

from publishing.search import CONFIGS, search_columns

INDEX = "toolbox_document_search_vector_gin"


def fill_search_columns(apps, schema_editor):
    Document = apps.get_model("toolbox", "ToolboxDocument")
    manager = Document._base_manager.using(schema_editor.connection.alias)
    for document in manager.iterator():
        texts = {
            language: (
                getattr(document, f"title_{language}") or "",
                [getattr(document, f"description_{language}") or ""],
            )
            for language in CONFIGS
        }
        manager.filter(pk=document.pk).update(**search_columns(texts))


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON toolbox_toolboxdocument USING gin (search_vector)"
        )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("toolbox", "0003_draft_source"),
    ]

    operations = [
        migrations.AddField(
            model_name="toolboxdocument",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="toolboxdocument",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(fill_search_columns, migrations.RunPython.noop),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
