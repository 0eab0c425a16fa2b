"""The search every published kind of item shares: how searchable text is stored, how a query
matches and how matches are ranked, with each database's own full-text index.

Each searchable model (programmes, exhibitions, documents) gathers every text its pages show,
in both languages, as a title, a head (the summary a list shows) and the rest, and keeps them:

- in ``search_text`` (folded: lower case, no accents), the whole text in one column;
- on SQLite, in an FTS5 table ``<table>_fts`` (title, head, body; rowid = the item's id) whose
  tokenizer folds case and accents like ``fold`` and splits words where ``search_terms`` does,
  with a prefix index, so that a search reads only the index of its words (the title and head
  from the item's own columns in both languages, the body from ``search_text``);
- on PostgreSQL, in ``search_vector``, a tsvector built with the Dutch and English text search
  configurations (title weight A, head B, the rest C) with a GIN index, and two columns the
  database derives from it (generated, with GIN indexes of their own): ``search_title`` (the A
  lexemes) and ``search_head`` (A and B), small enough to test without reading the whole vector.

``store`` writes the columns from the texts; each app's own ``refresh_search_index`` gathers
the texts and is registered with publishing/changes.py, which calls it after every write. On
SQLite triggers write the FTS5 row whenever ``search_text`` (or the title or head columns) is
written, and delete it with the row, so that the index follows every kind of write;
``manage.py rebuild_search_index`` rebuilds everything (``repair`` first recreates what a
migration made, if a later table rebuild lost it).

``search`` matches a query against any queryset of such a model: every word of the query must
begin a word of the item (either language). Its rank is the same on both databases: 2 if every
word is in the title, 1 if every word is in the title or the head, else 0; ties in title order
(the callers' ``order_by``). No score is computed over every match's whole text, so a word in
every item costs what an index look-up costs. ``word_matcher`` tells which words of a text the
same query matches, for the excerpts that show why a result was found.
"""

import functools
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.postgres.search import SearchVector
from django.db import connection, connections, router, transaction
from django.db.models import Case, F, Model, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
# A term of one letter (the "s" of "risico's") would match almost everything by prefix.
MIN_TERM_LENGTH = 2
CONFIGS = {"nl": "dutch", "en": "english"}
# SQLite's tokenizer: case and accents folded like fold(), words split at what is not a letter
# or digit (as search_terms does); prefixes of two and three letters indexed, longer ones are a
# range of the term index.
FTS_OPTIONS = "tokenize='unicode61 remove_diacritics 2', prefix='2 3', detail=column"
# How well an item matches: every word in the title, or in the title or head.
TITLE_RANK, HEAD_RANK = 2.0, 1.0


def fold(text: str) -> str:
    """Lower case without accents: "Geïntroduceerd" and "geintroduceerd" read the same."""
    folded = text.casefold()
    if folded.isascii():
        return folded
    # Decomposition works character by character, so each run of other characters is folded
    # on its own (and the few different runs a text has are folded once).
    return _NOT_ASCII.sub(_fold_run, folded)


_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


def _fold_run(run: re.Match) -> str:
    return _without_accents(run.group())


@functools.lru_cache(maxsize=4096)
def _without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def search_terms(query: str) -> list[str]:
    """The words of a visitor's query, folded; anything that is not a letter or digit is dropped."""
    query = query.replace("\x00", " ")[:MAX_QUERY_LENGTH]
    words = re.findall(r"[^\W_]+", fold(query))
    return [word for word in words if len(word) >= MIN_TERM_LENGTH][:MAX_TERMS]


Texts = dict[str, tuple[str, list[str]]]


def search_columns(texts: Texts) -> dict:
    """The values of ``search_text`` and (on PostgreSQL) ``search_vector`` for a title and body
    texts per language. The first body text is the head (the summary lists show)."""
    search_text = " ".join(fold(" ".join([title, *body])) for title, body in texts.values())
    columns = {"search_text": search_text}
    if connection.vendor == "postgresql":
        vector = None
        for language, (title, body) in texts.items():
            config = CONFIGS[language]
            # Folded text for both engines, so that accents never decide a match.
            parts = [(title, "A"), (" ".join(body[:1]), "B"), (" ".join(body[1:]), "C")]
            for text, weight in parts:
                part = SearchVector(Value(fold(text)), config=config, weight=weight)
                vector = part if vector is None else vector + part
        columns["search_vector"] = vector
    return columns


def store(
    model: type[Model], texts: dict[int, Texts], derived: dict[int, dict] | None = None
) -> None:
    """Write the search columns of these items (by id) from their texts, with other columns
    derived alongside (``derived``: values by id); on SQLite the triggers of
    ``index_statements`` write their rows of the full-text index with them."""
    derived = derived or {}
    for pk, item_texts in texts.items():
        # update() sends no signals, so refreshing never triggers another refresh.
        columns = {**search_columns(item_texts), **derived.get(pk, {})}
        model._base_manager.filter(pk=pk).update(**columns)


def search(queryset: QuerySet, query: str, *, ranked: bool = True) -> QuerySet:
    """Items of ``queryset`` (a model with the search columns) matching every word of
    ``query`` by prefix, in either language.

    Annotated with ``rank`` (see the module's text) unless ``ranked`` is False (for counting,
    where a rank only costs). A query without words matches nothing.
    """
    terms = search_terms(query)
    if not terms:
        return (queryset.annotate(rank=Value(0.0)) if ranked else queryset).none()
    model = queryset.model
    if connection.vendor == "postgresql":
        # The matching ids in a query of their own, which has no other condition and so can
        # only be answered from the GIN index (see ``index_scans``); the rest of the query
        # then reads only the short columns of the rows found, never their vectors.
        found = queryset.filter(pk__in=_pg_matching(model, "search_vector", terms))
        in_title = _pg_matching(model, "search_title", terms)
        in_head = _pg_matching(model, "search_head", terms)
    else:
        # The FTS5 query is built from our own folded terms only: every term quoted (so that
        # no word of it is an operator) and matched as a prefix; nothing the visitor typed
        # reaches it otherwise.
        words = " AND ".join(f'"{term}"*' for term in terms)
        found = _sqlite_filter(queryset, _fts_matching(model, words))
        in_title = _fts_matching(model, f"{{title}} : ({words})")
        in_head = _fts_matching(model, f"{{title head}} : ({words})")
    if not ranked:
        return found
    rank = Case(
        When(Q(pk__in=in_title), then=Value(TITLE_RANK)),
        When(Q(pk__in=in_head), then=Value(HEAD_RANK)),
        default=Value(0.0),
    )
    return found.annotate(rank=rank)


@dataclass(frozen=True)
class Matches:
    """The ids of the items a query matches as ``search`` does (drafts and unpublished items
    too: the caller keeps those it lists), and of those it matches in the title alone and in
    the title or head, which rank first."""

    found: frozenset[int]
    in_title: frozenset[int]
    in_head: frozenset[int]

    def ranked(self, ids: set[int]) -> list[set[int]]:
        """``ids`` (of those found) by rank, best first: as ``search``'s ``rank``."""
        title = ids & self.in_title
        head = (ids & self.in_head) - title
        return [title, head, ids - title - head]


def matching_ids(model: type[Model], query: str) -> Matches:
    """What ``search`` matches, as sets of ids read straight from the full-text index: three
    index reads, whatever else a page does with them (bzkmemory/listing.py counts and orders
    them), in one statement. Each set comes back as one value, not a row per id, which costs
    ten times more to read for a word in every item."""
    terms = search_terms(query)
    if not terms:
        return Matches(frozenset(), frozenset(), frozenset())
    alias = router.db_for_read(model)
    if connections[alias].vendor == "postgresql":
        reads = [_pg_matching(model, column, terms) for column in _PG_COLUMNS]
        wrap = "SELECT array_agg(id) FROM ({}) AS found"
    else:
        words = " AND ".join(f'"{term}"*' for term in terms)
        matches = [words, f"{{title}} : ({words})", f"{{title head}} : ({words})"]
        reads = [_fts_matching(model, match) for match in matches]
        wrap = "SELECT group_concat(rowid) FROM ({}) AS found"
    # The three in one statement: one round trip to the database.
    sql = "SELECT " + ", ".join(f"({wrap.format(read.sql)})" for read in reads)
    parameters = tuple(parameter for read in reads for parameter in read.params)
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, parameters)
        values = cursor.fetchone()
    sets = []
    for value in values:
        if isinstance(value, str):
            value = json.loads(f"[{value}]")  # the fastest parser of many numbers at hand
        sets.append(frozenset(value or ()))
    return Matches(*sets)


_PG_COLUMNS = ("search_vector", "search_title", "search_head")


@contextmanager
def index_scans(model: type[Model]) -> Iterator[None]:
    """Within the block, on PostgreSQL, the reads of ``model`` (and whatever else the block
    reads there) find matches through the full-text index even when a word is in most items.

    PostgreSQL's planner prices ``@@`` as cheap and so reads every row's whole vector when it
    expects most rows to match, some 5 µs a row: 50 ms for a word in each of 10,000
    programmes, against 5 ms through the GIN index. The setting is for this block's
    transaction only (``SET LOCAL``), on the database the reads go to."""
    if connection.vendor != "postgresql":
        yield
        return
    alias = router.db_for_read(model)
    with transaction.atomic(using=alias):
        with connections[alias].cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        yield


def _sqlite_filter(queryset: QuerySet, ids: RawSQL) -> QuerySet:
    """The rows of ``queryset`` among ``ids``. Where the model has a covering index of what
    the index page reads (``FullTextColumns.covering``), the id is compared as an expression
    (``id + 0``), so that SQLite reads that narrow index instead of looking each id up in the
    table, whose rows hold every text (reading them costs ten times more)."""
    columns = _indexed.get(queryset.model._meta.db_table)
    if columns is None or not columns.covering:
        return queryset.filter(pk__in=ids)
    return queryset.alias(search_row=F("pk") + 0).filter(search_row__in=ids)


def _fts(model: type[Model]) -> str:
    return f"{model._meta.db_table}_fts"


def _fts_matching(model: type[Model], match: str) -> RawSQL:
    table = _fts(model)
    # The table's name is the model's; the match is a parameter.
    return RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", (match,))  # noqa: S608, S611


def _pg_matching(model: type[Model], column: str, terms: list[str]) -> RawSQL:
    either = "(to_tsquery('dutch', %s) || to_tsquery('english', %s))"
    tsquery = " && ".join([either] * len(terms))
    table = model._meta.db_table
    sql = f"SELECT id FROM {table} WHERE {column} @@ ({tsquery})"  # noqa: S608 - names are ours
    parameters = tuple(f"{term}:*" for term in terms for _config in CONFIGS)
    return RawSQL(sql, parameters)  # noqa: S611 - the terms are parameters


@dataclass(frozen=True)
class FullTextColumns:
    """SQL expressions of a model's columns that give its title, head and body for the SQLite
    index, written with ``{row}`` for the row (``new`` in a trigger)."""

    title: str
    head: str
    body: str = "{row}.search_text"
    # SQL of a covering index (the columns after the table's name) of what a search page
    # reads, or "": see ``_sqlite_filter``.
    covering: str = ""

    def values(self, row: str) -> str:
        return ", ".join(
            expression.format(row=row) for expression in (self.title, self.head, self.body)
        )


_indexed: dict[str, FullTextColumns] = {}


def register_index(model: type[Model], columns: FullTextColumns) -> None:
    """What ``repair`` recreates for ``model`` (the same as its migration made)."""
    _indexed[model._meta.db_table] = columns


def index_statements(model_table: str, vendor: str, columns: FullTextColumns) -> list[str]:
    """The SQL that makes a model's full-text index beside ``search_text``/``search_vector``,
    for its migration and for ``repair``.

    On SQLite an FTS5 table kept in step by triggers: whatever writes ``search_text`` (the
    refresh functions with ``update()``, a bulk write, a raw SQL update) or the title and head
    columns writes the index row (none while ``search_text`` is empty), and a deleted row's
    entry goes with it. It is filled from the
    rows already there. On PostgreSQL the generated title and head vectors with GIN indexes.
    """
    if vendor == "postgresql":
        statements = []
        for column, weights in (("search_title", "{a}"), ("search_head", "{a,b}")):
            statements += [
                f"ALTER TABLE {model_table} ADD COLUMN IF NOT EXISTS {column} tsvector "
                f"GENERATED ALWAYS AS (ts_filter(search_vector, '{weights}')) STORED",
                f"CREATE INDEX IF NOT EXISTS {model_table}_{column}_gin "
                f"ON {model_table} USING gin ({column})",
            ]
        return statements
    if vendor != "sqlite":
        return []
    # Names and expressions are the models' own (never input): SQL built from them is safe.
    table = f"{model_table}_fts"
    # An item without search text (not yet refreshed, or its columns cleared) is not found,
    # as on PostgreSQL, where its vector is null.
    insert = (
        f"INSERT INTO {table} (rowid, title, head, body) "
        f"SELECT new.id, {columns.values('new')} WHERE new.search_text != ''"
    )
    expressions = columns.title + columns.head + columns.body
    watched = sorted({"search_text", *re.findall(r"\{row\}\.(\w+)", expressions)})
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5(title, head, body, {FTS_OPTIONS})",
        f"CREATE TRIGGER IF NOT EXISTS {table}_insert AFTER INSERT ON {model_table} "
        f"BEGIN {insert}; END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_update AFTER UPDATE OF {', '.join(watched)} "  # noqa: S608
        f"ON {model_table} BEGIN DELETE FROM {table} WHERE rowid = old.id; {insert}; END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_delete AFTER DELETE ON {model_table} "  # noqa: S608
        f"BEGIN DELETE FROM {table} WHERE rowid = old.id; END",
        f"INSERT INTO {table} (rowid, title, head, body) "  # noqa: S608
        f"SELECT id, {columns.values(model_table)} FROM {model_table} "
        f"WHERE search_text != '' AND id NOT IN (SELECT rowid FROM {table})",
        *(
            [
                f"CREATE INDEX IF NOT EXISTS {model_table}_search_covering ON {model_table} "
                f"({columns.covering})"
            ]
            if columns.covering
            else []
        ),
    ]


def drop_statements(model_table: str, vendor: str) -> list[str]:
    """The SQL that undoes ``index_statements``."""
    if vendor == "postgresql":
        return [
            f"ALTER TABLE {model_table} DROP COLUMN IF EXISTS {column}"
            for column in ("search_title", "search_head")
        ]
    if vendor != "sqlite":
        return []
    table = f"{model_table}_fts"
    triggers = [
        f"DROP TRIGGER IF EXISTS {table}_{event}" for event in ("insert", "update", "delete")
    ]
    return [*triggers, f"DROP TABLE IF EXISTS {table}"]


def repair(models: Iterable[type[Model]]) -> None:
    """Recreate what the migrations made for these models' full-text index where it is missing
    (SQLite rebuilds a table for some schema changes, and its triggers go with it), and drop
    index entries of rows that no longer exist. The next write of each row's search columns
    (``rebuild_search_index``) writes its entry afresh."""
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            if table not in _indexed or _has_vectors(cursor, table):
                continue
            for statement in index_statements(table, connection.vendor, _indexed[table]):
                cursor.execute(statement)
            if connection.vendor == "sqlite":
                cursor.execute(
                    f"DELETE FROM {table}_fts WHERE rowid NOT IN (SELECT id FROM {table})"  # noqa: S608
                )


def _has_vectors(cursor, table: str) -> bool:
    """Whether PostgreSQL has the title and head vectors' indexes (and so their columns):
    altering a table in a transaction with pending trigger events is refused, so only what is
    missing is made."""
    if connection.vendor != "postgresql":
        return False
    names = [f"{table}_{column}_gin" for column in ("search_title", "search_head")]
    cursor.execute(
        "SELECT count(*) FROM pg_indexes WHERE tablename = %s AND indexname = ANY(%s)",
        [table, names],
    )
    return cursor.fetchone()[0] == len(names)


# A word as an excerpt marks it: letters and digits, joined by hyphens or apostrophes, so that
# "risico-regelreflex" and "risico's" are marked whole.
WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


class WordMatcher:
    """Whether a word of a text (as ``WORD`` finds them) is one that a query matches, by the
    rule ``search`` applies on this database.

    Both databases match a term as the beginning of a word (and a hyphenated word also by each
    of its parts): SQLite the folded term itself, PostgreSQL also its Dutch or English stem, so
    a word matches if it, or one of its parts, begins with a term or one of its stems. The stems
    come from PostgreSQL's own Snowball dictionaries, in one query, made the first time a text
    is asked about.
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
