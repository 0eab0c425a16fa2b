from django import forms
from django.db import transaction
from django.db.models import F
from django.forms.models import BaseInlineFormSet

from programmes.models import MAX_POSITION

# Far above any position an editor can type, so parked rows never meet real ones.
PARKING_OFFSET = (MAX_POSITION + 1) * 100


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
