from django import forms
from django.db import models
from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from programmes.models import EARLIEST_YEAR, LATEST_YEAR, ProgrammeQuerySet
from publishing.search import MAX_QUERY_LENGTH


class ProgrammeIndexForm(forms.Form):
    """The search, period filter and sort order of the programme index, which also lists the
    exhibitions matching the same search and period."""

    class Sort(models.TextChoices):
        RELEVANCE = "relevance", _("relevance")
        TITLE = "title", _("title (A–Z)")
        NEWEST = "newest", _("period (newest first)")
        OLDEST = "oldest", _("period (oldest first)")

    q = forms.CharField(label=_("Search terms"), required=False, max_length=MAX_QUERY_LENGTH)
    decade = forms.TypedChoiceField(label=_("Decade"), required=False, coerce=int, empty_value=None)
    year_from = forms.IntegerField(
        label=_("From year"), required=False, min_value=EARLIEST_YEAR, max_value=LATEST_YEAR
    )
    year_to = forms.IntegerField(
        label=_("To year"), required=False, min_value=EARLIEST_YEAR, max_value=LATEST_YEAR
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=Sort.choices)

    def __init__(self, data=None, *args, decades: list[int], **kwargs) -> None:
        if data is not None and not data.get("sort"):
            # Show the order actually used: relevance for a search, otherwise by title.
            data = data.copy()
            data["sort"] = self.Sort.RELEVANCE if data.get("q", "").strip() else self.Sort.TITLE
        super().__init__(data, *args, **kwargs)
        self.fields["decade"].choices = [("", _("all decades"))] + [
            (decade, f"{decade}–{decade + 9}") for decade in decades
        ]

    def clean(self) -> dict:
        data = super().clean()
        year_from, year_to = data.get("year_from"), data.get("year_to")
        if year_from and year_to and year_from > year_to:
            self.add_error("year_to", _("The last year cannot be before the first year."))
        return data

    @property
    def is_search(self) -> bool:
        return self.is_valid() and bool(self.cleaned_data.get("q"))

    def results(self, programmes: ProgrammeQuerySet) -> ProgrammeQuerySet:
        """The programmes matching this form; none at all if the form has errors."""
        if not self.is_valid():
            return programmes.none()
        data = self.cleaned_data
        if data["q"]:
            programmes = programmes.matching(data["q"])
        if data["decade"] is not None:
            programmes = programmes.overlapping(data["decade"], data["decade"] + 9)
        programmes = programmes.overlapping(data["year_from"], data["year_to"])
        sort = data["sort"] or (self.Sort.RELEVANCE if data["q"] else self.Sort.TITLE)
        if sort == self.Sort.RELEVANCE and data["q"]:
            return programmes.order_by("-rank", "title", "pk")
        if sort == self.Sort.NEWEST:
            return programmes.order_by("-end_year", "-start_year", "title", "pk")
        if sort == self.Sort.OLDEST:
            return programmes.order_by("start_year", "end_year", "title", "pk")
        return programmes.in_title_order()

    def exhibition_results(self, exhibitions: QuerySet) -> QuerySet:
        """The exhibitions matching the same search and period; none if the form has errors.

        Best matches first for a search, otherwise by title (the sort options are about
        programme periods)."""
        if not self.is_valid():
            return exhibitions.none()
        data = self.cleaned_data
        if data["q"]:
            exhibitions = exhibitions.matching(data["q"])
        if data["decade"] is not None:
            exhibitions = exhibitions.overlapping(data["decade"], data["decade"] + 9)
        if data["year_from"] is not None or data["year_to"] is not None:
            exhibitions = exhibitions.overlapping(data["year_from"], data["year_to"])
        language = get_language() or "nl"
        # Each language's title is a field class of its own (modeltranslation): with the
        # period's GROUP BY, Django cannot guess the type and /en/programmes/?decade=2010 was a
        # 500 (found by the walk of issue 15).
        title = Coalesce(f"title_{language}", "title_nl", output_field=models.CharField())
        if data["q"]:
            return exhibitions.order_by("-rank", title, "pk")
        return exhibitions.order_by(title, "pk")
