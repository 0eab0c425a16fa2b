"""Forms every published kind of item shares: the optimistic version check, and ordered parts
that editors can reorder freely."""

from django import forms
from django.db import transaction
from django.db.models import F
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from publishing.models import PARKING_OFFSET


class PublicationForm(forms.ModelForm):
    """A form that refuses to overwrite a version saved by someone else since it was opened.

    ``stale_message`` is the error shown then, with ``{version}``, ``{when}`` and ``{url}``.
    """

    stale_message: str = ""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    publish_at = forms.DateTimeField(
        label=_("publish at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_(
            "Only with “Save and publish”: a later time schedules the publication (it "
            "becomes public by itself). Empty: now."
        ),
    )
    review_message = forms.CharField(
        label=_("Note for the review"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "When submitting: what changed and why. When sending back: what needs to change."
        ),
    )
    publish_without_english = forms.BooleanField(
        label=_("Publish without English"),
        required=False,
        help_text=_("Visitors of the English site then read the Dutch text, marked as such."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["loaded_version"] = self.instance.version

    def clean(self) -> dict:
        data = super().clean()
        if self.instance.pk:
            model = type(self.instance)
            # Locked until the admin's transaction ends: nobody saves in between.
            current = model._base_manager.select_for_update().get(pk=self.instance.pk)
            # A colleague started a draft of this published item since the form was opened:
            # saving this form would overwrite the draft's changes.
            draft_started = (
                current.has_published_version
                and model._base_manager.filter(draft_of=current).exists()
            )
            if data.get("loaded_version") != current.version or draft_started:
                meta = model._meta
                raise forms.ValidationError(
                    format_html(
                        self.stale_message,
                        version=current.version,
                        when=date_format(timezone.localtime(current.updated_at), "DATETIME_FORMAT"),
                        url=reverse(
                            f"admin:{meta.app_label}_{meta.model_name}_change",
                            args=[current.draft_of_id or current.pk],
                        ),
                    ),
                    code="stale",
                )
        return data


class OrderedChildForm(forms.ModelForm):
    """A form for one ordered part of a programme.

    Whether positions are unique is decided for the whole formset at once (BaseModelFormSet
    compares the forms with each other), not row by row against the database: otherwise an
    editor could never swap two items, because each row would collide with the other's old
    position.
    """

    def validate_unique(self) -> None:
        self._validate_against_database(self.instance.validate_unique)

    def validate_constraints(self) -> None:
        self._validate_against_database(self.instance.validate_constraints)

    def _validate_against_database(self, validate) -> None:
        exclude = self._get_validation_exclusions() | {"position"}
        try:
            validate(exclude=exclude)
        except forms.ValidationError as error:
            self._update_errors(error)


class OrderedChildFormSet(BaseInlineFormSet):
    """Saves reordered items without tripping the (programme, position) unique constraint."""

    def save(self, commit: bool = True) -> list:
        if not commit:
            return super().save(commit=False)
        with transaction.atomic():
            self._park_moving_rows()
            return super().save(commit=True)

    def _park_moving_rows(self) -> None:
        # Rows that change position or disappear first move out of the way, so that the
        # rows saved after them can take any of the freed positions.
        moving = [
            form.instance.pk
            for form in self.initial_forms
            if form.instance.pk and (form in self.deleted_forms or "position" in form.changed_data)
        ]
        if moving:
            self.model._default_manager.filter(pk__in=moving).update(
                position=F("position") + PARKING_OFFSET
            )
