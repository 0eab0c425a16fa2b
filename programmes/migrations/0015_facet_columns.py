"""Two columns derived from a programme's documents for the index's facets (the kinds of its
documents as bits, whether any is digitally available), filled here from the documents there
are, and the SQLite covering index of what a search page reads widened to hold them (so that
facet counts over thousands of results read neither the table nor the documents).

Nullable without a default, so that SQLite adds them with ALTER TABLE rather than rebuilding
the table (which would drop the full-text index's triggers).
"""

from django.db import migrations, models

TABLE = "programmes_programme"
# The kinds in their order as of now (toolbox.models.KIND_BITS): bit 1, 2, 4, ...
KINDS = ("plan_of_approach", "guide", "knowledge_document", "parliamentary_letter", "other")
COVERING = (
    "draft_of_id, status, published_at, start_year, end_year, title_nl, title_en, "
    "responsible_unit_nl, responsible_unit_en, {extra}id"
)
DERIVED = "document_kind_bits, has_digital_documents, "


def _covering(schema_editor, extra: str) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {TABLE}_search_covering")
    schema_editor.execute(
        f"CREATE INDEX {TABLE}_search_covering ON {TABLE} ({COVERING.format(extra=extra)})"
    )


def derive(apps, schema_editor):
    bit = " ".join(f"WHEN '{kind}' THEN {1 << place}" for place, kind in enumerate(KINDS))
    # The bits are distinct powers of two: the sum of the distinct ones is their union.
    schema_editor.execute(
        f"UPDATE {TABLE} SET "  # noqa: S608 - names and kinds are ours
        f"document_kind_bits = (SELECT coalesce(sum(DISTINCT CASE d.kind {bit} ELSE 0 END), 0) "
        f"FROM toolbox_toolboxdocument d WHERE d.programme_id = {TABLE}.id), "
        f"has_digital_documents = EXISTS (SELECT 1 FROM toolbox_toolboxdocument d "
        f"WHERE d.programme_id = {TABLE}.id AND (d.file != '' OR d.external_url != ''))"
    )
    _covering(schema_editor, DERIVED)


def underive(apps, schema_editor):
    _covering(schema_editor, "")


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0014_sanitise_stored_rich_text"),
        ("toolbox", "0005_full_text_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="programme",
            name="document_kind_bits",
            field=models.IntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="programme",
            name="has_digital_documents",
            field=models.BooleanField(editable=False, null=True),
        ),
        migrations.RunPython(derive, underive),
    ]
