"""The search every published kind of item shares: how searchable text is stored and how a
query matches.

Each searchable model (programmes, exhibitions) gathers every text its pages show, in both
languages, into two derived columns: ``search_text`` (folded: lower case, no accents) for
SQLite's substring search, and on PostgreSQL ``search_vector``, a tsvector built with the Dutch
and English text search configurations and a GIN index, ranked with titles weighted highest.
``search_columns`` makes their values from the texts; each app's own ``refresh_search_index``
gathers the texts and is registered with publishing/changes.py, which calls it after every
write. ``search`` matches a query against any queryset of such a model.
"""

import re
import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet, Value

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
