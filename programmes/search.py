"""What of a programme is searchable: every text its page shows, in both languages, kept in the
search columns (publishing/search.py). Refreshed after every write to a programme or one of its
parts (publishing/changes.py) and by ``manage.py rebuild_search_index``. ``excerpt_texts`` gives
the same texts as a page in one language shows them, for the excerpts of search results."""

import gc
from collections.abc import Iterable

from django.utils.html import strip_tags

from programmes.models import Programme
from publishing.search import CONFIGS, FullTextColumns, register_index, store

# The title and head of the SQLite full-text index, from the row's own columns (the same texts
# as the title and first body text of ``_texts``/``texts``); its migration made the same.
register_index(
    Programme,
    FullTextColumns(
        title="coalesce({row}.title_nl, '') || ' ' || coalesce({row}.title_en, '')",
        head=("coalesce({row}.summary_nl, '') || ' ' || coalesce({row}.summary_en, '')"),
        covering=(
            "draft_of_id, status, published_at, start_year, end_year, title_nl, title_en, "
            "responsible_unit_nl, responsible_unit_en, id"
        ),
    ),
)


def _texts(programme, language: str) -> tuple[str, list[str]]:
    def value(obj, field: str) -> str:
        return getattr(obj, f"{field}_{language}") or ""

    title = value(programme, "title")
    # The summary first: it is the head, which ranks between the title and the rest.
    body = [
        value(programme, "summary"),
        strip_tags(value(programme, "introduction")),
        value(programme, "objectives_introduction"),
        strip_tags(value(programme, "bzk_portfolio_connection")),
        strip_tags(value(programme, "intended_effect")),
        value(programme, "responsible_unit"),
    ]
    for objective in programme.objectives.all():
        body += [value(objective, "name"), value(objective, "description")]
    body += [value(result, "text") for result in programme.planned_results.all()]
    for passage in programme.achieved_results.all():
        body += [value(passage, "heading"), value(passage, "text")]
    for document in programme.documents.all():
        body += [value(document, "title"), value(document, "description")]
    return title, [body[0], *(text for text in body[1:] if text)]


def excerpt_texts(programme: Programme, language: str) -> list[tuple[str, str]]:
    """Each text the programme's page shows in ``language`` (rich text as it is stored), with
    the language it is in: a text not translated is shown, and so excerpted, in Dutch. In the
    page's order, after the summary that lists show; needs the page's parts prefetched
    (``with_page_content()``)."""

    def shown(obj, field: str) -> tuple[str, str]:
        own = getattr(obj, f"{field}_{language}") or ""
        return (
            (own, language)
            if own or language == "nl"
            else (getattr(obj, f"{field}_nl") or "", "nl")
        )

    parts = [(programme, "summary"), (programme, "introduction")]
    parts.append((programme, "objectives_introduction"))
    parts += [
        (objective, field)
        for objective in programme.objectives.all()
        for field in ("name", "description")
    ]
    parts.append((programme, "bzk_portfolio_connection"))
    parts += [(result, "text") for result in programme.planned_results.all()]
    parts.append((programme, "intended_effect"))
    parts += [
        (passage, field)
        for passage in programme.achieved_results.all()
        for field in ("heading", "text")
    ]
    parts += [
        (document, field)
        for document in programme.documents.all()
        for field in ("title", "description")
    ]
    parts.append((programme, "responsible_unit"))
    return [text for text in (shown(obj, field) for obj, field in parts) if text[0]]


BATCH = 100


def refresh_search_index(programme_ids: Iterable[int]) -> None:
    """Rebuild the search columns of these programmes from their current content.

    In batches, so that memory stays flat however many programmes are refreshed.
    """
    ids = sorted(set(programme_ids))
    for start in range(0, len(ids), BATCH):
        _refresh_batch(ids[start : start + BATCH])
        if len(ids) > BATCH:
            # Prefetched programmes and their parts refer to each other; collect each batch
            # now rather than whenever the garbage collector gets round to it.
            gc.collect()


def _refresh_batch(programme_ids: list[int]) -> None:
    programmes = Programme.objects.filter(pk__in=programme_ids).prefetch_related(
        "objectives", "planned_results", "achieved_results", "documents"
    )
    store(
        Programme,
        {
            programme.pk: {language: _texts(programme, language) for language in CONFIGS}
            for programme in programmes
        },
    )
