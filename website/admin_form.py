"""The editors' change form: one language switch for every translated field, and parts that fold
open and shut and move by dragging or with buttons (static/js/admin-form.js and
static/css/admin-form.css; docs/EDITORS.md, "The form").

Without JavaScript the form is as Django renders it: both languages one below the other, each
field labelled with its language, every part open, and positions typed in. The script only
hides, folds and fills in positions; the server (publishing.forms.OrderedChildFormSet) decides
the order from the submitted positions, as before.
"""

import json

from django import forms
from django.conf import settings
from django.db.models import Field
from django.http import HttpRequest
from django.utils.text import capfirst, format_lazy
from django.utils.translation import get_language_info, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

# The script reads its words from its own tag, in the editor's language: the admin's JavaScript
# catalogue only holds Django's own.
FORM_SCRIPT = "js/admin-form.js"
FORM_STYLES = "css/admin-form.css"


def _form_strings() -> dict[str, str]:
    return {
        "switchLabel": gettext("Language of the fields"),
        "missing": gettext("missing"),
        "missingOne": ngettext("%(count)s missing", "%(count)s missing", 1),
        "missingOther": ngettext("%(count)s missing", "%(count)s missing", 2),
        "hasErrors": gettext("has errors"),
        "moveUp": gettext("Up"),
        "moveDown": gettext("Down"),
        "moveUpLabel": gettext("Up: %(title)s"),
        "moveDownLabel": gettext("Down: %(title)s"),
        "dragLabel": gettext("Drag to move"),
        "moved": gettext("%(title)s is now at position %(position)s of %(count)s."),
        "untitled": gettext("(new)"),
    }


def form_media() -> forms.Media:
    """The script and styles of the form, with its words in the active language."""
    languages = [
        {"code": code, "name": name_in_own_language(code)} for code, _name in settings.LANGUAGES
    ]
    script = forms.Script(
        FORM_SCRIPT,
        **{
            "data-admin-form": json.dumps(_form_strings()),
            "data-languages": json.dumps(languages),
            "defer": True,
        },
    )
    return forms.Media(js=[script], css={"all": [FORM_STYLES]})


def name_in_own_language(code: str) -> str:
    """The language's name as its speakers write it, for the switch: Nederlands, English."""
    return capfirst(get_language_info(code)["name_local"])


def language_name(code: str) -> str:
    """The language's name in the editor's language, for labels: Nederlands, Engels."""
    return capfirst(dict(settings.LANGUAGES)[code])


class TranslatedFieldsMixin:
    """Labels each translation of a field with its language: "Titel (Nederlands)" and
    "Titel (Engels)" instead of modeltranslation's "titel [nl]"."""

    def formfield_for_dbfield(self, db_field: Field, request: HttpRequest, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        original = getattr(db_field, "translated_field", None)
        if formfield is not None and original is not None:
            formfield.label = format_lazy(
                "{} ({})", capfirst(original.verbose_name), language_name(db_field.language)
            )
        return formfield


class TranslatedAdmin(TranslatedFieldsMixin, TranslationAdmin):
    """modeltranslation's TranslationAdmin with one language switch at the top of the change
    form (instead of TabbedTranslationAdmin's tabs per field and its jQuery UI)."""

    @property
    def media(self) -> forms.Media:
        return super().media + form_media()


class CollapsibleInlineMixin(TranslatedFieldsMixin):
    """A stacked inline whose rows fold shut under a line with their title (and position).

    Existing rows start shut, new rows and rows with errors open. Put it before the inline
    class (``class Inline(CollapsibleInlineMixin, TranslationStackedInline)``); the admin of
    the page needs TranslatedAdmin (or ``form_media()``) for the script.
    """

    template = "admin/edit_inline/collapsible_stacked.html"
    # The field that holds a row's place in the order; with it, rows move by dragging or with
    # the "Up" and "Down" buttons, which renumber it.
    sortable_field: str | None = None
    new_row_label = _("(new)")


class SortableInlineMixin(CollapsibleInlineMixin):
    """A CollapsibleInlineMixin for parts in an order of their own (publishing.OrderedChild)."""

    sortable_field = "position"
