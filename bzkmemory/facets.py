"""The facets of the programme index: what a search finds, narrowed by theme, period,
responsible unit, kind of document and digital availability, and how many results each choice
would give.

How facets combine: different facets narrow each other (AND); within a facet, ticking more values
widens (OR: a programme filed under either theme). The period is one choice (a decade), since
periods overlap and "1990s or 2000s" is a year range, which the form also offers. Each facet's
counts are those of the current search with every *other* facet applied, so that a count says
how many results ticking that value gives (standard faceting).

Exhibitions are results too: they have themes and a period, so they count in those two facets;
they have no responsible unit or documents, so choosing one of those facets leaves them out.
They are few (the index lists all that match on its first page), so they are counted here in
Python; programmes are counted in the database, in three queries whatever their number: one
aggregate for the decades, the kinds of their documents and availability (read from columns
each programme keeps of its documents, ``document_kind_bits`` and ``has_digital_documents``,
so that no document is read), one for the themes and one for the units.
"""

from collections import Counter
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from django.db.models import (
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext_lazy as _

from bzkmemory.listing import GroupKey, Listing
from exhibitions.models import Exhibition
from programmes.models import Programme
from publishing.search import Matches, search
from themes.models import Theme
from toolbox.models import DocumentKind, ToolboxDocument, kind_bits

FACETS = ("theme", "period", "unit", "kind", "digital")
# Facets that only programmes have: choosing one leaves the exhibitions out.
PROGRAMME_ONLY = ("unit", "kind", "digital")


@dataclass(frozen=True)
class Vocabulary:
    """What the facets can offer: it changes only with the archive, so it is kept per stamp."""

    decades: list[int]
    themes: list[tuple[int, str, str]]  # id, slug, name in the page's language
    units: list[str]  # in the page's language


@dataclass(frozen=True)
class Selection:
    """A visitor's search: the words and the values chosen in each facet (none: no filter)."""

    query: str = ""
    decade: int | None = None
    year_from: int | None = None
    year_to: int | None = None
    themes: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    digital: bool = False

    @property
    def is_filtered(self) -> bool:
        """Whether any facet or year narrows the search (the words aside)."""
        return bool(self.chosen() or self.year_from or self.year_to)

    def chosen(self) -> set[str]:
        """The facets with a value chosen."""
        values = {
            "theme": self.themes,
            "period": self.decade is not None,
            "unit": self.units,
            "kind": self.kinds,
            "digital": self.digital,
        }
        return {name for name, value in values.items() if value}


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str  # the address's parameter
    legend: str
    options: list[Option] = field(default_factory=list)
    multiple: bool = True

    @property
    def shown_options(self) -> list[Option]:
        """The values that give results, and those chosen (so that they can be unticked): a
        value that would give nothing is left out rather than shown disabled, which screen
        readers announce as an obstacle and which only lengthens the list."""
        return [option for option in self.options if option.count or option.selected]


def vocabulary(listing: Listing) -> Vocabulary:
    """The decades, themes and units the published programmes (``listing``) and exhibitions
    have."""
    decades = sorted({*listing.decades(), *Exhibition.objects.published().decades()}, reverse=True)
    themes = [(theme.pk, theme.slug, theme.name) for theme in Theme.objects.in_use()]
    units = {group.unit for group in listing.groups if group.unit is not None}
    return Vocabulary(
        decades=decades,
        themes=sorted(themes, key=lambda theme: theme[2].casefold()),
        units=sorted(units, key=str.casefold),
    )


def programme_conditions(selection: Selection, language: str) -> dict[str, Q]:
    """Each chosen facet's condition on programmes."""
    conditions = {}
    if selection.themes:
        themes = Programme.themes.through.objects.filter(
            programme=OuterRef("pk"), theme__slug__in=selection.themes
        )
        conditions["theme"] = Q(Exists(themes))
    if selection.decade is not None:
        conditions["period"] = _in_decade(selection.decade)
    if selection.units:
        units = Q(**{f"responsible_unit_{language}__in": selection.units})
        if language != "nl":
            untranslated = Q(**{f"responsible_unit_{language}__isnull": True}) | Q(
                **{f"responsible_unit_{language}": ""}
            )
            units |= untranslated & Q(responsible_unit_nl__in=selection.units)
        conditions["unit"] = units
    if selection.kinds:
        conditions["kind"] = _has_kind(selection.kinds)
    if selection.digital:
        conditions["digital"] = _digital()
    return conditions


def searched(selection: Selection, *, ranked: bool = True) -> QuerySet:
    """The published programmes the words and the year range find, before the facets."""
    programmes = Programme.objects.published()
    if selection.query:
        programmes = search(programmes, selection.query, ranked=ranked)
    return programmes.overlapping(selection.year_from, selection.year_to)


def documents_found(selection: Selection, language: str) -> QuerySet:
    """The documents whose own title or description the words match, of the programmes the
    theme, period and unit facets leave, and of the kind and availability chosen."""
    conditions = programme_conditions(selection, language)
    programmes = searched(Selection(year_from=selection.year_from, year_to=selection.year_to))
    programmes = programmes.filter(_all(conditions, without=("kind", "digital")))
    documents = ToolboxDocument.objects.public().matching(selection.query)
    documents = documents.filter(programme__in=programmes.values("pk"))
    if selection.kinds:
        documents = documents.filter(kind__in=selection.kinds)
    if selection.digital:
        documents = documents.digitally_available()
    return documents


def exhibitions_found(exhibitions: list[Exhibition], selection: Selection) -> list[Exhibition]:
    """Of the exhibitions the words find (with ``with_period()`` and their themes prefetched),
    those the facets leave, in the order given."""
    if selection.chosen() & set(PROGRAMME_ONLY):
        return []
    return [
        exhibition
        for exhibition in exhibitions
        if _exhibition_in_theme(exhibition, selection)
        and _exhibition_in_period(exhibition, selection)
    ]


@dataclass
class Counted:
    """What the facets count: the programmes found (every facet applied) and each facet."""

    programmes: int
    facets: list[Facet]
    found: AbstractSet[int] = field(default_factory=set)  # their ids


@dataclass(frozen=True)
class _Group:
    """Programmes found that are alike in everything the facets other than themes ask."""

    key: GroupKey
    count: int

    def meets(self, selection: Selection, *, without: str = "") -> bool:
        """Whether these programmes meet the chosen facets (all but ``without``)."""
        decade, key = selection.decade, self.key
        return (
            (without == "period" or decade is None or self.in_decade(decade))
            and (without == "kind" or not selection.kinds or self.has_kind(selection.kinds))
            and (without == "digital" or not selection.digital or key.digital)
            and (without == "unit" or not selection.units or key.unit in selection.units)
        )

    def in_decade(self, decade: int) -> bool:
        return self.key.first_decade <= decade <= self.key.last_decade

    def has_kind(self, kinds: Iterable[str]) -> bool:
        return bool(self.key.kind_bits & kind_bits(kinds))

    @property
    def digital(self) -> bool:
        return self.key.digital

    @property
    def unit(self) -> str | None:
        return self.key.unit


def count(
    selection: Selection,
    known: Vocabulary,
    listing: Listing,
    matches: Matches | None,
    exhibitions: list[Exhibition],
) -> Counted:
    """The programmes found and every facet with its options and counts, for the published
    programmes (``listing``) the words match (``matches``; None: no words) and the
    exhibitions they find (``exhibitions``: as for ``exhibitions_found``).

    The programmes the words and years find are grouped by what the facets other than themes
    ask of them (bzkmemory/listing.py): a few hundred groups at most in practice, counted here
    for each facet with the others applied; themes are counted per programme."""
    searched = listing.ids if matches is None else matches.found & listing.ids
    if selection.year_from is not None or selection.year_to is not None:
        searched = listing.within_years(searched, selection.year_from, selection.year_to)
    in_theme = listing.in_themes(searched, selection.themes) if selection.themes else searched
    groups = [
        _Group(listing.groups[index], number)
        for index, number in listing.group_counts(in_theme).items()
    ]

    def total(without: str = "", where: Callable[[_Group], bool] = lambda group: True) -> int:
        """The programmes in the groups that meet the chosen facets but ``without``, and
        ``where``."""
        return sum(
            group.count
            for group in groups
            if group.meets(selection, without=without) and where(group)
        )

    # The groups whose programmes meet every chosen facet but the theme.
    if selection.chosen() - {"theme"}:
        allowed = {
            index for index, key in enumerate(listing.groups) if _Group(key, 0).meets(selection)
        }
    else:
        allowed = set(range(len(listing.groups)))
    found = listing.in_groups(in_theme, allowed)
    by_theme = listing.theme_counts(listing.in_groups(searched, allowed))
    by_kind = Counter(
        {
            kind: total("kind", lambda group, kind=kind: group.has_kind([kind]))
            for kind in DocumentKind.values
        }
    )
    by_unit: Counter = Counter()
    for group in groups:
        if group.meets(selection, without="unit"):
            by_unit[group.unit] += group.count
    digital = total("digital", lambda group: group.digital)
    by_decade = Counter(
        {
            decade: total("period", lambda group, decade=decade: group.in_decade(decade))
            for decade in known.decades
        }
    )
    everything = total("period")
    if not selection.chosen() & set(PROGRAMME_ONLY):
        for exhibition in exhibitions:
            if _exhibition_in_period(exhibition, selection):
                by_theme.update(theme.pk for theme in exhibition.themes.all())
            if _exhibition_in_theme(exhibition, selection):
                years = {"year_from": selection.year_from, "year_to": selection.year_to}
                everything += _exhibition_in_period(exhibition, Selection(**years))
                by_decade.update(
                    decade
                    for decade in known.decades
                    if _exhibition_in_period(exhibition, Selection(decade=decade, **years))
                )
    facets = [
        Facet(
            "theme",
            _("Theme"),
            [
                Option(slug, name, by_theme[pk], slug in selection.themes)
                for pk, slug, name in known.themes
            ],
        ),
        Facet(
            "decade",
            _("Period"),
            [Option("", _("all periods"), everything, selection.decade is None)]
            + [
                Option(
                    str(decade),
                    f"{decade}–{decade + 9}",
                    by_decade[decade],
                    decade == selection.decade,
                )
                for decade in known.decades
            ],
            multiple=False,
        ),
        Facet(
            "unit",
            _("Responsible unit"),
            [Option(unit, unit, by_unit[unit], unit in selection.units) for unit in known.units],
        ),
        Facet(
            "kind",
            _("Kind of document"),
            [
                Option(kind, label, by_kind[kind], kind in selection.kinds)
                for kind, label in DocumentKind.choices
            ],
        ),
        Facet(
            "digital",
            _("Availability"),
            [Option("1", _("digitally available"), digital, selection.digital)],
        ),
    ]
    return Counted(programmes=len(found), facets=facets, found=found)


def _all(conditions: dict[str, Q], without: tuple[str, ...] = ()) -> Q:
    combined = Q()
    for name, condition in conditions.items():
        if name not in without:
            combined &= condition
    return combined


def _in_decade(decade: int) -> Q:
    return Q(end_year__gte=decade, start_year__lte=decade + 9)


def _digital() -> Q:
    return Q(has_digital_documents=True)


def _has_kind(kinds) -> Q:
    """Programmes with a document of one of these kinds (``Programme.document_kind_bits``)."""
    return Q(GreaterThan(F("document_kind_bits").bitand(kind_bits(kinds)), 0))


def _exhibition_in_theme(exhibition: Exhibition, selection: Selection) -> bool:
    if not selection.themes:
        return True
    return any(theme.slug in selection.themes for theme in exhibition.themes.all())


def _exhibition_in_period(exhibition: Exhibition, selection: Selection) -> bool:
    """As ``ExhibitionQuerySet.overlapping``: an exhibition without a dated item has no period,
    and is left out by any period filter."""
    start = max(filter(None, [selection.decade, selection.year_from]), default=None)
    ends = [selection.decade + 9 if selection.decade is not None else None, selection.year_to]
    end = min(filter(None, ends), default=None)
    if start is None and end is None:
        return True
    if exhibition.first_year is None:
        return False
    return (start is None or exhibition.last_year >= start) and (
        end is None or exhibition.first_year <= end
    )
