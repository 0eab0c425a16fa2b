"""The published programmes as the index finds, counts and orders them, read once per archive
stamp and kept in each worker's memory.

A search for a word in every programme finds all 10,000 of them; counting them per facet and
ordering them in the database meant reading those matches again for every count and for the
order (some 10 ms a query on SQLite at N = 10,000, whatever the index), and the plain index did
the same for every programme. What the facets and the orders need of a programme is small and
changes only with the archive: its years, the group of the other facets it falls in (decades,
kinds of documents, availability, unit: bzkmemory/facets.py), its themes and its place in each
order. So that is read once per stamp (``freshness.listings`` and the themes' stamp: any write,
a scheduled publication whose time came, a renamed theme) and language, in three queries, and a
request asks the database only which programmes its words match (publishing/search.py
``matching_ids``), then counts and orders those here.

The orders are the database's own (its collation), read with the same ``order_by`` the index
used before; a page of results is taken from the order by walking it (many programmes found)
or by sorting the few found by their place in it.
"""

from collections import Counter
from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass, field
from itertools import chain, islice

from django.db import router
from django.db.models import CharField, ExpressionWrapper, F, IntegerField, Value
from django.db.models.functions import Coalesce, NullIf

from programmes.models import Programme

# Listings kept per worker: the current stamp in each language, and a few before it (a worker
# may still answer a request that read the previous stamp).
KEPT = 4
# Below this share of the programmes found, a page is sorted from the ones found; above it, the
# order is walked until the page is full (fewer steps than sorting them all).
WALK_FROM = 1 / 8

SORTS = {
    "title": None,  # the title the page shows: ProgrammeQuerySet.in_title_order
    "newest": ("-end_year", "-start_year", "title", "pk"),
    "oldest": ("start_year", "end_year", "title", "pk"),
}


@dataclass(frozen=True)
class GroupKey:
    """What the facets other than themes ask of a programme (bzkmemory/facets.py)."""

    first_decade: int
    last_decade: int
    kind_bits: int
    digital: bool
    unit: str | None


@dataclass
class Listing:
    """The published programmes of one stamp, in one language."""

    language: str
    groups: list[GroupKey]
    theme_ids: dict[str, int]  # slug -> id, of the themes programmes are filed under
    # By programme id, one dict per column: thousands of programmes are counted with ``map``
    # over them (a third of the time a loop over rows of all three takes).
    years: dict[int, tuple[int, int]]  # start, end
    group_of: dict[int, int]  # index into ``groups``
    themes_of: dict[int, tuple[int, ...]]  # theme ids
    ids: frozenset[int] = frozenset()
    _orders: dict[str, tuple[list[int], dict[int, int]]] = field(default_factory=dict)

    def order(self, sort: str) -> tuple[list[int], dict[int, int]]:
        """The programmes in the order ``sort`` (a key of SORTS), and each one's place in it;
        read from the database the first time it is asked for."""
        if sort not in self._orders:
            published = Programme.objects.published()
            ordering = SORTS[sort]
            if ordering is None:
                ordered = published.in_title_order()
            else:
                ordered = published.order_by(*ordering)
            ids = [pk for pk in ordered.values_list("pk", flat=True) if pk in self.ids]
            # A programme of this listing written since (its stamp is already another): last,
            # rather than missing from the pages of the requests still on this stamp.
            ids += sorted(self.ids.difference(ids))
            self._orders[sort] = (ids, {pk: place for place, pk in enumerate(ids)})
        return self._orders[sort]

    def decades(self) -> list[int]:
        """The first years of the decades these programmes' periods cover, newest first (as
        ``ProgrammeQuerySet.decades``)."""
        if not self.years:
            return []
        first = min(start for start, _end in self.years.values())
        last = max(end for _start, end in self.years.values())
        return list(range(last // 10 * 10, first // 10 * 10 - 1, -10))

    def within_years(self, ids: Iterable[int], start: int | None, end: int | None) -> Set[int]:
        """Of these programmes, those whose period shares a year with ``start``–``end``."""
        years = self.years
        return {
            pk
            for pk in ids
            if (start is None or years[pk][1] >= start) and (end is None or years[pk][0] <= end)
        }

    def in_themes(self, ids: Set[int], slugs: Iterable[str]) -> Set[int]:
        """Of these programmes, those filed under any of these themes."""
        wanted = {self.theme_ids[slug] for slug in slugs if slug in self.theme_ids}
        themes_of = self.themes_of
        return {pk for pk in ids if not wanted.isdisjoint(themes_of[pk])}

    def group_counts(self, ids: Iterable[int]) -> Counter:
        """How many of these programmes fall in each group (by index into ``groups``)."""
        return Counter(map(self.group_of.__getitem__, ids))

    def in_groups(self, ids: Set[int], groups: Set[int]) -> Set[int]:
        """Of these programmes, those in these groups."""
        if len(groups) == len(self.groups):
            return ids
        group_of = self.group_of
        return {pk for pk in ids if group_of[pk] in groups}

    def theme_counts(self, ids: Iterable[int]) -> Counter:
        """How many of these programmes are filed under each theme (by id)."""
        return Counter(chain.from_iterable(map(self.themes_of.__getitem__, ids)))

    def page(self, parts: list[Set[int]], sort: str, start: int, stop: int) -> list[int]:
        """Programmes ``start``–``stop`` of ``parts`` one after the other (the best matches
        first), each part in the order ``sort``."""
        order, place = self.order(sort)
        taken: list[int] = []
        for part in parts:
            if stop <= 0:
                break
            if start >= len(part):
                start -= len(part)
                stop -= len(part)
                continue
            taken += _slice(part, order, place, start, stop)
            start, stop = 0, stop - len(part)
        return taken


def _slice(found: Set[int], order: list[int], place: dict[int, int], start: int, stop: int):
    if len(found) < len(order) * WALK_FROM:
        return sorted(found, key=place.__getitem__)[start:stop]
    return list(islice((pk for pk in order if pk in found), start, stop))


@dataclass
class Found:
    """The programmes a search found, in order: for the paginator, which asks how many there
    are and for one page of them."""

    listing: Listing
    parts: list[Set[int]]
    sort: str

    def count(self) -> int:
        return sum(map(len, self.parts))

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[int]:
        start, stop = index.start or 0, index.stop if index.stop is not None else self.count()
        return self.listing.page(self.parts, self.sort, start, stop)

    def __iter__(self) -> Iterator[int]:
        return iter(self[0 : self.count()])


def unit_expression(language: str):
    """The responsible unit as a page in ``language`` shows it (Dutch where not translated)."""
    # Each language's field is a class of its own (modeltranslation): the type is named.
    text = CharField()
    dutch = NullIf(F("responsible_unit_nl"), Value(""), output_field=text)
    if language == "nl":
        return dutch
    own = NullIf(F(f"responsible_unit_{language}"), Value(""), output_field=text)
    return Coalesce(own, dutch, output_field=text)


_kept: dict[tuple[str, str, str], Listing] = {}


def listing(stamp: str, language: str) -> Listing:
    """The listing of the archive as of ``stamp`` in ``language`` (kept; read if new)."""
    key = (router.db_for_read(Programme), stamp, language)
    if key not in _kept:
        while len(_kept) >= KEPT:
            _kept.pop(next(iter(_kept)))
        _kept[key] = _read(language)
    return _kept[key]


def forget() -> None:
    """Drop every listing kept (tests whose rolled-back writes may repeat a stamp)."""
    _kept.clear()


def _read(language: str) -> Listing:
    decade = F("start_year") / 10 * 10
    last = F("end_year") / 10 * 10
    values = (
        Programme.objects.published()
        .annotate(
            first_decade=ExpressionWrapper(decade, output_field=IntegerField()),
            last_decade=ExpressionWrapper(last, output_field=IntegerField()),
            unit=unit_expression(language),
        )
        .values_list(
            "pk",
            "start_year",
            "end_year",
            "first_decade",
            "last_decade",
            "document_kind_bits",
            "has_digital_documents",
            "unit",
        )
        .order_by()
    )
    filed: dict[int, list[int]] = {}
    through = Programme.themes.through.objects.filter(
        programme__in=Programme.objects.published().values("pk")
    )
    slugs = {}
    for programme_id, theme_id, slug in through.values_list(
        "programme_id", "theme_id", "theme__slug"
    ).order_by("theme_id"):
        filed.setdefault(programme_id, []).append(theme_id)
        slugs[slug] = theme_id
    groups: dict[GroupKey, int] = {}
    years, group_of, themes_of = {}, {}, {}
    for pk, start, end, first, last_decade, bits, digital, unit in values:
        key = GroupKey(first, last_decade, bits or 0, bool(digital), unit)
        years[pk] = (start, end)
        group_of[pk] = groups.setdefault(key, len(groups))
        themes_of[pk] = tuple(filed.get(pk, ()))
    return Listing(
        language,
        list(groups),
        theme_ids=slugs,
        years=years,
        group_of=group_of,
        themes_of=themes_of,
        ids=frozenset(years),
    )
