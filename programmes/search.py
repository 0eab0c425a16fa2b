"""Search over programmes: what is searchable, how it is stored, and how a query matches.

Every text a programme page shows, in both languages, is gathered into two derived columns:
``search_text`` (folded: lower case, no accents) for SQLite's substring search, and on
PostgreSQL ``search_vector``, a tsvector built with the Dutch and English text search
configurations and a GIN index (migration 0003), ranked with titles weighted highest.
``refresh_search_index`` rebuilds them; it runs whenever a programme or one of its parts is
saved or deleted (programmes/signals.py) and from ``manage.py rebuild_search_index``.
"""

import gc
import re
import unicodedata
from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet, Value
from django.utils.html import strip_tags

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
# A term of one letter (the "s" of "risico's") would match almost everything by prefix.
MIN_TERM_LENGTH = 2
CONFIGS = {"nl": "dutch", "en": "english"}


def fold(text: str) -> str:
    """Lower case without accents: "Geïntroduceerd" and "geintroduceerd" read the same."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def search_terms(query: str) -> list[str]:
    """The words of a visitor's query, folded; anything that is not a letter or digit is dropped."""
    query = query.replace("\x00", " ")[:MAX_QUERY_LENGTH]
    words = re.findall(r"[^\W_]+", fold(query))
    return [word for word in words if len(word) >= MIN_TERM_LENGTH][:MAX_TERMS]


def _texts(programme, language: str) -> tuple[str, list[str]]:
    def value(obj, field: str) -> str:
        return getattr(obj, f"{field}_{language}") or ""

    title = value(programme, "title")
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
    return title, [text for text in body if text]


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
    from programmes.models import Programme

    programmes = Programme.objects.filter(pk__in=programme_ids).prefetch_related(
        "objectives", "planned_results", "achieved_results", "documents"
    )
    for programme in programmes:
        texts = {language: _texts(programme, language) for language in CONFIGS}
        # update() sends no signals, so refreshing never triggers another refresh.
        Programme.objects.filter(pk=programme.pk).update(**search_columns(texts))


def search_columns(texts: dict[str, tuple[str, list[str]]]) -> dict:
    """The values of ``search_text`` and (on PostgreSQL) ``search_vector`` for a title and body
    texts per language; titles weigh most in the ranking."""
    search_text = " ".join(fold(" ".join([title, *body])) for title, body in texts.values())
    columns = {"search_text": search_text}
    if connection.vendor == "postgresql":
        vector = None
        for language, (title, body) in texts.items():
            config = CONFIGS[language]
            # Folded text for both engines, so that accents never decide a match.
            language_vector = SearchVector(
                Value(fold(title)), config=config, weight="A"
            ) + SearchVector(Value(fold(" ".join(body))), config=config, weight="B")
            vector = language_vector if vector is None else vector + language_vector
        columns["search_vector"] = vector
    return columns


def search(queryset: QuerySet, query: str) -> QuerySet:
    """Programmes (or exhibitions: any model with the two search columns) matching every word
    of ``query`` (by prefix), best matches first on PostgreSQL.

    The result is annotated with ``rank`` (always 0 on SQLite). A query without words matches
    nothing.
    """
    terms = search_terms(query)
    if not terms:
        return queryset.annotate(rank=Value(0.0)).none()
    if connection.vendor == "postgresql":
        tsquery = None
        for term in terms:
            # Terms hold only letters and digits, so they are safe in a raw tsquery.
            either_language = SearchQuery(
                f"{term}:*", search_type="raw", config="dutch"
            ) | SearchQuery(f"{term}:*", search_type="raw", config="english")
            tsquery = either_language if tsquery is None else tsquery & either_language
        return queryset.filter(search_vector=tsquery).annotate(
            rank=SearchRank(F("search_vector"), tsquery)
        )
    condition = Q()
    for term in terms:
        condition &= Q(search_text__contains=term)
    return queryset.filter(condition).annotate(rank=Value(0.0))
