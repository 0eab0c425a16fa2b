"""What of an exhibition is searchable: everything its pages show, in both languages, kept in
the same two derived columns as a programme's (publishing/search.py), so that one search covers
both. Refreshed whenever an exhibition, one of its items or its curator changes
(publishing/changes.py) and by ``manage.py rebuild_search_index``. ``excerpt_texts`` gives the
texts as a page in one language shows them, for the excerpts of search results."""

from collections.abc import Iterable

from django.utils.html import strip_tags

from exhibitions.models import Exhibition
from publishing.search import CONFIGS, FullTextColumns, register_index, store

# The title and head of the SQLite full-text index, from the row's own columns (the same texts
# as the title and first body text of ``_texts``/``texts``); its migration made the same.
register_index(
    Exhibition,
    FullTextColumns(
        title="coalesce({row}.title_nl, '') || ' ' || coalesce({row}.title_en, '')",
        head=(
            "coalesce({row}.subtitle_nl, '') || ' ' || coalesce({row}.subtitle_en, '') || ' ' || "
            "coalesce({row}.teaser_nl, '') || ' ' || coalesce({row}.teaser_en, '')"
        ),
    ),
)


def _texts(exhibition, language: str) -> tuple[str, list[str]]:
    def value(obj, field: str) -> str:
        return getattr(obj, f"{field}_{language}", None) or getattr(obj, field, "") or ""

    # The subtitle and teaser first: the head, which ranks between the title and the rest.
    body = [
        f"{value(exhibition, 'subtitle')} {value(exhibition, 'teaser')}".strip(),
        strip_tags(value(exhibition, "curator_introduction")),
        strip_tags(value(exhibition, "reading_guide")),
    ]
    if exhibition.curator:
        body += [exhibition.curator.name, value(exhibition.curator, "role")]
    for item in exhibition.items.all():
        body += [
            value(item, "title"),
            strip_tags(value(item, "text")),
            value(item, "image_caption"),
            strip_tags(value(item, "transcript")),
        ]
    return value(exhibition, "title"), [body[0], *(text for text in body[1:] if text)]


def excerpt_texts(exhibition: Exhibition, language: str) -> list[tuple[str, str]]:
    """Each text the exhibition's pages show in ``language`` (rich text as stored), with the
    language it is in (Dutch where not translated), in the page's order; needs its items
    prefetched."""

    def shown(obj, field: str) -> tuple[str, str]:
        own = getattr(obj, f"{field}_{language}") or ""
        return (
            (own, language)
            if own or language == "nl"
            else (getattr(obj, f"{field}_nl") or "", "nl")
        )

    parts = [(exhibition, field) for field in ("subtitle", "teaser", "curator_introduction")]
    parts.append((exhibition, "reading_guide"))
    parts += [(item, field) for item in exhibition.items.all() for field in ("title", "text")]
    parts += [(item, "image_caption") for item in exhibition.items.all()]
    return [text for text in (shown(obj, field) for obj, field in parts) if text[0]]


def refresh_search_index(exhibition_ids: Iterable[int]) -> None:
    """Rebuild the search columns of these exhibitions from their current content."""
    exhibitions = (
        Exhibition.objects.filter(pk__in=set(exhibition_ids))
        .select_related("curator")
        .prefetch_related("items")
    )
    store(
        Exhibition,
        {
            exhibition.pk: {language: _texts(exhibition, language) for language in CONFIGS}
            for exhibition in exhibitions
        },
    )
