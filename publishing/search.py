"""The search every published kind of item shares: how searchable text is stored and how a
query matches.

Each searchable model (programmes, exhibitions) gathers every text its pages show, in both
languages, into two derived columns: ``search_text`` (folded: lower case, no accents) for
SQLite's substring search, and on PostgreSQL ``search_vector``, a tsvector built with the Dutch
and English text search configurations and a GIN index, ranked with titles weighted highest.
``search_columns`` makes their values from the texts; each app's own ``refresh_search_index``
gathers the texts and is registered with publishing/changes.py, which calls it after every
write. ``search`` matches a query against any queryset of such a model, and ``word_matcher``
tells which words of a text the same query matches, for the excerpts that show why a result was
found.
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


def search(queryset: QuerySet, query: str, *, ranked: bool = True) -> QuerySet:
    """Programmes (or exhibitions: any model with the two search columns) matching every word
    of ``query`` (by prefix), best matches first on PostgreSQL.

    The result is annotated with ``rank`` (always 0 on SQLite), unless ``ranked`` is False (for
    counting, where a rank only costs). A query without words matches nothing.
    """
    terms = search_terms(query)
    if not terms:
        return (queryset.annotate(rank=Value(0.0)) if ranked else queryset).none()
    if connection.vendor == "postgresql":
        tsquery = None
        for term in terms:
            # Terms hold only letters and digits, so they are safe in a raw tsquery.
            either_language = SearchQuery(
                f"{term}:*", search_type="raw", config="dutch"
            ) | SearchQuery(f"{term}:*", search_type="raw", config="english")
            tsquery = either_language if tsquery is None else tsquery & either_language
        found = queryset.filter(search_vector=tsquery)
        return found.annotate(rank=SearchRank(F("search_vector"), tsquery)) if ranked else found
    condition = Q()
    for term in terms:
        condition &= Q(search_text__contains=term)
    found = queryset.filter(condition)
    return found.annotate(rank=Value(0.0)) if ranked else found


# A word as an excerpt marks it: letters and digits, joined by hyphens or apostrophes, so that
# "risico-regelreflex" and "risico's" are marked whole.
WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


class WordMatcher:
    """Whether a word of a text (as ``WORD`` finds them) is one that a query matches, by the
    rule ``search`` applies on this database.

    SQLite finds a term anywhere in the folded text, so a word matches if it holds a term.
    PostgreSQL matches a term's Dutch or English stem as a prefix of a word's lexeme (and a
    hyphenated word also by each of its parts), so a word matches if it, or one of its parts,
    begins with a term or one of its stems. The stems come from PostgreSQL's own Snowball
    dictionaries, in one query, made the first time a text is asked about.
    """

    def __init__(self, query: str) -> None:
        self.terms = search_terms(query)
        self._prefixes: tuple[str, ...] | None = None
        self._seen: dict[str, bool] = {}

    @property
    def substrings(self) -> tuple[str, ...]:
        """What a matching word holds: the terms, and on PostgreSQL their stems."""
        if self._prefixes is None:
            postgresql = connection.vendor == "postgresql" and self.terms
            self._prefixes = tuple(_stems(self.terms) if postgresql else self.terms)
        return self._prefixes

    def may_occur_in(self, text: str) -> bool:
        """False if no word of ``text`` can match: a quick test before reading it word by word."""
        folded = fold(text)
        return any(substring in folded for substring in self.substrings)

    def __call__(self, word: str) -> bool:
        if word not in self._seen:
            self._seen[word] = self._matches(fold(word))
        return self._seen[word]

    def _matches(self, folded: str) -> bool:
        if connection.vendor != "postgresql":
            return any(term in folded for term in self.terms)
        parts = [folded, *re.split(r"[-'’]", folded)]
        return any(part.startswith(self.substrings) for part in parts)


def word_matcher(query: str) -> WordMatcher:
    """The words ``query`` matches (see ``WordMatcher``)."""
    return WordMatcher(query)


def _stems(terms: list[str]) -> set[str]:
    """The terms and their stems in every language's dictionary (PostgreSQL only)."""
    with connection.cursor() as cursor:
        cursor.execute(
            # The dictionaries of the configurations in CONFIGS.
            "SELECT ts_lexize('dutch_stem', term), ts_lexize('english_stem', term) "
            "FROM unnest(%s::text[]) AS term",
            [terms],
        )
        stems = {stem for row in cursor.fetchall() for lexemes in row for stem in lexemes or ()}
    # A stopword has no stem; the term itself still begins the words it found.
    return {*terms, *(stem for stem in stems if len(stem) >= MIN_TERM_LENGTH)}
