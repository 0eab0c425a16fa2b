"""The search and filters of the documents index: GET parameters, so that a URL can be shared."""

from django import forms
from django.utils.translation import gettext_lazy as _

from publishing.search import MAX_QUERY_LENGTH
from toolbox.models import DocumentKind, ToolboxDocumentQuerySet


class DocumentIndexForm(forms.Form):
    """Text search and the kind, programme, year and availability filters, all combinable.

    An unknown kind, programme or year is a form error (the page says so and lists nothing),
    never a server error. ``programmes`` are (slug, title) pairs; None when there are too many
    for a list to choose from, and the programme filter is then set by the links on document
    pages and shown as a hidden field.
    """

    class Availability:
        ONLINE = "yes"
        OFFLINE = "no"

    q = forms.CharField(label=_("Search terms"), required=False, max_length=MAX_QUERY_LENGTH)
    kind = forms.ChoiceField(label=_("Kind of document"), required=False)
    programme = forms.CharField(label=_("Programme"), required=False, max_length=100)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    available = forms.ChoiceField(
        label=_("Digitally available"),
        required=False,
        choices=[
            ("", _("all documents")),
            (Availability.ONLINE, _("only digitally available")),
            (Availability.OFFLINE, _("only not digitally available")),
        ],
    )

    def __init__(
        self, data=None, *, years: list[int], programmes: list[tuple[str, str]] | None
    ) -> None:
        super().__init__(data)
        self.fields["kind"].choices = [("", _("all kinds")), *DocumentKind.choices]
        self.fields["year"].choices = [("", _("all years")), *((y, str(y)) for y in years)]
        if programmes is not None:
            self.fields["programme"] = forms.ChoiceField(
                label=_("Programme"),
                required=False,
                choices=[("", _("all programmes")), *programmes],
            )
        else:
            self.fields["programme"].widget = forms.HiddenInput()

    @property
    def is_filtered(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())

    def results(self, documents: ToolboxDocumentQuerySet) -> ToolboxDocumentQuerySet:
        """The documents matching this form, best matches first for a search (on PostgreSQL),
        otherwise newest first; none at all if the form has errors."""
        if not self.is_valid():
            return documents.none()
        data = self.cleaned_data
        if data["kind"]:
            documents = documents.filter(kind=data["kind"])
        if data["programme"]:
            documents = documents.filter(programme__slug=data["programme"])
        if data["year"] is not None:
            documents = documents.filter(publication_date__year=data["year"])
        if data["available"]:
            documents = documents.digitally_available(data["available"] == self.Availability.ONLINE)
        ordered = documents.in_index_order()
        if data["q"]:
            ordered = documents.matching(data["q"]).in_index_order()
            ordered = ordered.order_by("-rank", *ordered.query.order_by)
        return ordered
