"""What of a document is searchable in the documents index: its title and description in both
languages, kept in its own search columns (publishing/search.py) so that the index searches
with the same indexed core as the programme index.

Refreshed after every save of a document, also by ``loaddata`` and the archive import: a
``post_save`` receiver (``ToolboxConfig.ready()``), because every write path must keep derived
data right (docs/ARCHITECTURE.md, "Derived data"). It writes with ``update()``, which sends no
signal and leaves no search expression on the saved instance (django-reversion serialises it).
"""

from publishing.search import CONFIGS, FullTextColumns, register_index, store
from toolbox.models import ToolboxDocument

# The title and head of the SQLite full-text index, from the row's own columns (the same texts
# as the title and first body text of ``_texts``/``texts``); its migration made the same.
register_index(
    ToolboxDocument,
    FullTextColumns(
        title="coalesce({row}.title_nl, '') || ' ' || coalesce({row}.title_en, '')",
        head=("coalesce({row}.description_nl, '') || ' ' || coalesce({row}.description_en, '')"),
        body="''",
    ),
)


def texts(document: ToolboxDocument) -> dict[str, tuple[str, list[str]]]:
    """Per language: the title, and the description as the body (its head)."""
    return {
        language: (
            getattr(document, f"title_{language}") or "",
            [getattr(document, f"description_{language}") or ""],
        )
        for language in CONFIGS
    }


def document_saved(sender, instance: ToolboxDocument, **kwargs) -> None:
    # From the instance in hand (also for loaddata's raw saves): no extra read.
    store(ToolboxDocument, {instance.pk: texts(instance)})
