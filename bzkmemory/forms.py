from django import forms
from django.db import models
from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from bzkmemory.facets import Counted, Selection, Vocabulary
from bzkmemory.listing import Found, Listing
from programmes.models import EARLIEST_YEAR, LATEST_YEAR
from publishing.search import MAX_QUERY_LENGTH, Matches
from toolbox.models import DocumentKind

# More values of one facet than any visitor ticks: a longer list in an address is cut off.
MAX_FACET_VALUES = 50


class KnownValuesField(forms.MultipleChoiceField):
    """A facet's values: those the archive does not know (a theme since removed, in an address
    someone shared) are left out rather than refused, and repeats are dropped."""

    def clean(self, value) -> list[str]:
        known = {str(choice) for choice, _label in self.choices}
        values = value if isinstance(value, list | tuple) else [value] if value else []
        chosen = [str(item) for item in values if str(item) in known]
        return list(dict.fromkeys(chosen))[:MAX_FACET_VALUES]


class ProgrammeIndexForm(forms.Form):
    """The search, facets and sort order of the programme index, which also lists the
    exhibitions and documents matching the same search (bzkmemory/facets.py)."""

    class Sort(models.TextChoices):
        RELEVANCE = "relevance", _("relevance")
        TITLE = "title", _("title (A–Z)")
        NEWEST = "newest", _("period (newest first)")
        OLDEST = "oldest", _("period (oldest first)")

    q = forms.CharField(label=_("Search the archive"), required=False, max_length=MAX_QUERY_LENGTH)
    theme = KnownValuesField(label=_("Theme"), required=False)
    decade = forms.TypedChoiceField(label=_("Decade"), required=False, coerce=int, empty_value=None)
    year_from = forms.IntegerField(
        label=_("From year"), required=False, min_value=EARLIEST_YEAR, max_value=LATEST_YEAR
    )
    year_to = forms.IntegerField(
        label=_("To year"), required=False, min_value=EARLIEST_YEAR, max_value=LATEST_YEAR
    )
    unit = KnownValuesField(label=_("Responsible unit"), required=False)
    kind = KnownValuesField(
        label=_("Kind of document"), required=False, choices=DocumentKind.choices
    )
    digital = forms.BooleanField(label=_("digitally available"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=Sort.choices)

    def __init__(self, data=None, *args, vocabulary: Vocabulary, **kwargs) -> None:
        if data is not None and not data.get("sort"):
            # Show the order actually used: relevance for a search, otherwise by title.
            data = data.copy()
            data["sort"] = self.Sort.RELEVANCE if data.get("q", "").strip() else self.Sort.TITLE
        super().__init__(data, *args, **kwargs)
        self.fields["decade"].choices = [("", _("all decades"))] + [
            (decade, f"{decade}–{decade + 9}") for decade in vocabulary.decades
        ]
        self.fields["theme"].choices = [(slug, name) for _pk, slug, name in vocabulary.themes]
        self.fields["unit"].choices = [(unit, unit) for unit in vocabulary.units]

    def clean(self) -> dict:
        data = super().clean()
        year_from, year_to = data.get("year_from"), data.get("year_to")
        if year_from and year_to and year_from > year_to:
            self.add_error("year_to", _("The last year cannot be before the first year."))
        return data

    @property
    def is_search(self) -> bool:
        return self.is_valid() and bool(self.cleaned_data.get("q"))

    @property
    def selection(self) -> Selection:
        """What the visitor asked for; nothing found if the form has errors (see ``results``)."""
        if not self.is_valid():
            return Selection()
        data = self.cleaned_data
        return Selection(
            query=data["q"],
            decade=data["decade"],
            year_from=data["year_from"],
            year_to=data["year_to"],
            themes=tuple(data["theme"]),
            units=tuple(data["unit"]),
            kinds=tuple(data["kind"]),
            digital=data["digital"],
        )

    def results(self, counted: Counted, listing: Listing, matches: Matches | None) -> Found:
        """The programmes found (``counted.found``), in the order asked for: the best matches
        first for a search, then in title order; none at all if the form has errors."""
        if not self.is_valid():
            return Found(listing, [], "title")
        data = self.cleaned_data
        sort = data["sort"] or (self.Sort.RELEVANCE if data["q"] else self.Sort.TITLE)
        if sort == self.Sort.RELEVANCE:
            if matches is not None:
                return Found(listing, matches.ranked(counted.found), "title")
            sort = self.Sort.TITLE
        return Found(listing, [counted.found], str(sort))

    def exhibitions_searched(self, exhibitions: QuerySet) -> QuerySet:
        """The exhibitions matching the words, with their period, best matches first for a
        search, otherwise by title (the sort options are about programme periods); none if the
        form has errors. The facets narrow them down in bzkmemory/facets.py."""
        if not self.is_valid():
            return exhibitions.none()
        data = self.cleaned_data
        if data["q"]:
            exhibitions = exhibitions.matching(data["q"])
        exhibitions = exhibitions.with_period()
        language = get_language() or "nl"
        # Each language's title is a field class of its own (modeltranslation): with the
        # period's GROUP BY, Django cannot guess the type and /en/programmes/?decade=2010 was a
        # 500 (found by the walk of issue 15).
        title = Coalesce(f"title_{language}", "title_nl", output_field=models.CharField())
        if data["q"]:
            return exhibitions.order_by("-rank", title, "pk")
        return exhibitions.order_by(title, "pk")
