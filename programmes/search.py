"""What of a programme is searchable: every text its page shows, in both languages, kept in the
search columns (publishing/search.py). Refreshed after every write to a programme or one of its
parts (publishing/changes.py) and by ``manage.py rebuild_search_index``. ``excerpt_texts`` gives
the same texts as a page in one language shows them, for the excerpts of search results."""

import gc
from collections.abc import Iterable
from types import SimpleNamespace

from django.utils.html import strip_tags

from programmes.models import Programme
from publishing.search import CONFIGS, FullTextColumns, register_index, store
from toolbox.models import kind_bits

# The title and head of the SQLite full-text index, from the row's own columns (the same texts
# as the title and first body text of ``_texts``/``texts``); its migration made the same.
register_index(
    Programme,
    FullTextColumns(
        title="coalesce({row}.title_nl, '') || ' ' || coalesce({row}.title_en, '')",
        head=("coalesce({row}.summary_nl, '') || ' ' || coalesce({row}.summary_en, '')"),
        covering=(
            "draft_of_id, status, published_at, start_year, end_year, title_nl, title_en, "
            "responsible_unit_nl, responsible_unit_en, document_kind_bits, "
            "has_digital_documents, id"
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


# The parts whose texts a programme's page shows, with those texts' fields, in the page's order
# around the programme's own texts (see ``excerpt_texts``).
PART_TEXTS = {
    "objectives": ("name", "description"),
    "planned_results": ("text",),
    "achieved_results": ("heading", "text"),
    "documents": ("title", "description"),
}


# The programme's own texts its page shows before any part: an excerpt found in them whole
# needs no part read (bzkmemory/search_results.py).
LEADING_TEXTS = ("summary", "introduction", "objectives_introduction")


def excerpt_texts(
    programme: Programme, language: str, parts: dict[str, list] | None = None
) -> list[tuple[str, str]]:
    """Each text the programme's page shows in ``language`` (rich text as it is stored), with
    the language it is in: a text not translated is shown, and so excerpted, in Dutch. In the
    page's order, after the summary that lists show. The parts are ``parts`` (by relation, as
    ``part_rows`` gives them) or the programme's own, prefetched (``with_page_content()``)."""

    def of(relation: str) -> list:
        return parts[relation] if parts is not None else list(getattr(programme, relation).all())

    texts = [(programme, field) for field in LEADING_TEXTS]
    texts += _part_texts(of, "objectives")
    texts.append((programme, "bzk_portfolio_connection"))
    texts += _part_texts(of, "planned_results")
    texts.append((programme, "intended_effect"))
    texts += _part_texts(of, "achieved_results")
    texts += _part_texts(of, "documents")
    texts.append((programme, "responsible_unit"))
    return _shown_texts(texts, language)


def leading_texts(programme: Programme, language: str) -> list[tuple[str, str]]:
    """The first of ``excerpt_texts``: the programme's own texts before any part."""
    return _shown_texts([(programme, field) for field in LEADING_TEXTS], language)


def _shown_texts(texts: list[tuple[object, str]], language: str) -> list[tuple[str, str]]:
    def shown(obj, field: str) -> tuple[str, str]:
        own = getattr(obj, f"{field}_{language}") or ""
        return (
            (own, language)
            if own or language == "nl"
            else (getattr(obj, f"{field}_nl") or "", "nl")
        )

    return [text for text in (shown(obj, field) for obj, field in texts) if text[0]]


def _part_texts(parts_of, relation: str) -> list[tuple[object, str]]:
    return [(part, field) for part in parts_of(relation) for field in PART_TEXTS[relation]]


def part_rows(programme_ids: list[int], language: str) -> dict[int, dict[str, list]]:
    """The texts of these programmes' parts, by programme and relation, in the page's order,
    as plain rows with the Dutch and ``language`` fields (``excerpt_texts`` reads them): one
    query per relation and no model instances, which for a page of twenty search results
    (some seven hundred parts) cost more than the search itself."""
    rows: dict[int, dict[str, list]] = {
        pk: {name: [] for name in PART_TEXTS} for pk in programme_ids
    }
    for relation, fields in PART_TEXTS.items():
        foreign_key = Programme._meta.get_field(relation).field
        columns = sorted({f"{field}_{code}" for field in fields for code in ("nl", language)})
        parts = (
            foreign_key.model._default_manager.filter(
                **{f"{foreign_key.attname}__in": programme_ids}
            )
            .order_by(foreign_key.attname, "position")
            .values(foreign_key.attname, *columns)
        )
        for part in parts:
            rows[part[foreign_key.attname]][relation].append(SimpleNamespace(**part))
    return rows


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
    programmes = list(programmes)
    store(
        Programme,
        {
            programme.pk: {language: _texts(programme, language) for language in CONFIGS}
            for programme in programmes
        },
        derived={programme.pk: _facet_columns(programme) for programme in programmes},
    )


def _facet_columns(programme: Programme) -> dict:
    documents = programme.documents.all()
    return {
        "document_kind_bits": kind_bits(document.kind for document in documents),
        "has_digital_documents": any(document.is_digitally_available for document in documents),
    }
