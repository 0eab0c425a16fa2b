"""The history of an item in the admin, as editors read it: each version with who and why, two
versions compared field by field under the names the form uses, texts (also those of the parts,
such as objectives) as a word-by-word difference, and the admin's change messages in the same
words.

What editors never wrote is left out (``is_shown``): the bookkeeping the site keeps itself
(version counters, "last changed", search columns, image sizes, the draft and review machinery)
and the form's hidden version check (``loaded_version``).

``HistoryAdmin`` replaces django-reversion-compare's ``CompareVersionAdmin`` for every admin
with a history; the templates are ``templates/admin/history/``, styled by
``static/css/admin-history.css`` (no inline styles: the site's Content-Security-Policy).
"""

import difflib
import html
import re
from datetime import date, datetime

import reversion
from django.conf import settings
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.forms import HiddenInput
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from modeltranslation.translator import NotRegistered, translator
from reversion.models import Revision, Version
from reversion.revisions import _get_options
from reversion_compare.admin import CompareVersionAdmin
from reversion_compare.mixins import CompareResult

from website.richtext import RichTextField

# Read-only fields that still belong in the history: what publishing, unpublishing and
# withdrawing change.
PUBLICATION_FIELDS = {"status", "published_at", "published_by", "withdrawn_at", "withdrawn_by"}
# Editable fields that are bookkeeping all the same.
BOOKKEEPING_FIELDS = {"search_text", "search_vector", "version", "updated_at", "created_at"}
# Fields of the admin's forms that are not the item's: the optimistic version check.
FORM_BOOKKEEPING = {"loaded_version"}

_BLOCK_END = re.compile(r"</(p|li|h[1-6]|blockquote|div)>|<br\s*/?>", re.IGNORECASE)
_WORDS = re.compile(r"\s+|\w+|[^\w\s]")


def _original_fields(model: type[models.Model]) -> set[str]:
    """The fields modeltranslation keeps next to their per-language copies (``title`` beside
    ``title_nl`` and ``title_en``): a duplicate of the default language, not shown."""
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def is_shown(field: models.Field, parent: models.Field | None = None) -> bool:
    """Whether the history shows this field: what an editor wrote or a publication changed."""
    if field.primary_key or field.name in BOOKKEEPING_FIELDS or field is parent:
        return False
    if not field.editable and field.name not in PUBLICATION_FIELDS:
        return False
    return field.name not in _original_fields(field.model)


def shown_fields(model: type[models.Model], parent: models.Field | None = None) -> list:
    meta = model._meta
    return [f for f in [*meta.concrete_fields, *meta.many_to_many] if is_shown(f, parent)]


def field_label(field: models.Field) -> str:
    """The field's name as the form shows it; a translated field with its language:
    "Inleiding (Nederlands)"."""
    original = getattr(field, "translated_field", None)
    if original is not None:
        language = dict(settings.LANGUAGES).get(field.language, field.language)
        return f"{capfirst(original.verbose_name)} ({language})"
    return str(capfirst(field.verbose_name))


def as_text(field: models.Field, value) -> str:
    """A stored value as an editor recognises it; empty as ""."""
    if value is None or value == "" or value == []:
        return ""
    if field.many_to_many:
        related = field.related_model._base_manager.filter(pk__in=value)
        return ", ".join(sorted(str(item) for item in related))
    if field.is_relation:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value}"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(field, models.FileField):
        return str(getattr(value, "name", value))
    if isinstance(field, RichTextField):
        text = html.unescape(strip_tags(_BLOCK_END.sub(lambda tag: tag.group(0) + "\n", value)))
        return "\n".join(line.strip() for line in text.splitlines() if line.strip())
    return str(value)


def _empty() -> SafeString:
    return format_html('<span class="history-empty">{}</span>', _("(empty)"))


def word_diff(old: str, new: str) -> SafeString:
    """``old`` changed into ``new``, word by word: removed words in ``<del>``, added ones in
    ``<ins>``, the rest as it was (escaped)."""
    if not old:
        return format_html("<ins>{}</ins>", new) if new else _empty()
    if not new:
        return format_html("<del>{}</del> → {}", old, _empty())
    before, after = _WORDS.findall(old), _WORDS.findall(new)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    pieces = []
    for operation, start1, end1, start2, end2 in matcher.get_opcodes():
        removed, added = "".join(before[start1:end1]), "".join(after[start2:end2])
        if operation == "equal":
            pieces.append(format_html("{}", removed))
            continue
        if removed:
            pieces.append(format_html("<del>{}</del>", removed))
        if added:
            pieces.append(format_html("<ins>{}</ins>", added))
    return mark_safe("".join(pieces))  # noqa: S308 (every piece is escaped above)


def _field_values(version: Version | None) -> dict:
    return version.field_dict if version is not None else {}


def field_changes(fields: list, old: dict, new: dict, *, whole: bool = False) -> list[dict]:
    """``[{"label": ..., "diff": ...}]`` for the fields whose values differ (all of them with
    ``whole``, for a part that was added or removed)."""
    changes = []
    for field in fields:
        before, after = old.get(field.attname), new.get(field.attname)
        if field.many_to_many:
            before, after = sorted(before or []), sorted(after or [])
        if before == after and not whole:
            continue
        text_before, text_after = as_text(field, before), as_text(field, after)
        if whole and not (text_before or text_after):
            continue
        changes.append({"label": field_label(field), "diff": word_diff(text_before, text_after)})
    return changes


def _part_versions(revision: Revision, relation, object_id: str) -> dict[str, Version]:
    """The versions of the parts on one relation (a programme's objectives) in a revision."""
    content_type = ContentType.objects.get_for_model(relation.related_model)
    parent = relation.field.attname
    return {
        version.object_id: version
        for version in revision.version_set.filter(content_type=content_type)
        if str(version.field_dict.get(parent)) == str(object_id)
    }


def _position(version: Version) -> tuple:
    return (version.field_dict.get("position") or 0, version.object_repr)


def part_changes(model: type[models.Model], object_id, version1, version2) -> list[dict]:
    """For each followed relation whose parts differ: its name and, part by part, whether it
    was added, removed or changed, with the fields that changed."""
    sections = []
    for name in _get_options(model).follow:
        relation = model._meta.get_field(name)
        if not relation.one_to_many:
            continue
        fields = shown_fields(relation.related_model, parent=relation.field)
        old = _part_versions(version1.revision, relation, object_id)
        new = _part_versions(version2.revision, relation, object_id)
        parts = []
        for key in sorted(old.keys() | new.keys(), key=lambda k: _position(new.get(k) or old[k])):
            before, after = old.get(key), new.get(key)
            if before is not None and after is not None:
                if before.serialized_data == after.serialized_data:
                    continue
                changes = field_changes(fields, before.field_dict, after.field_dict)
                state = "changed"
            else:
                changes = field_changes(
                    fields, _field_values(before), _field_values(after), whole=True
                )
                state = "added" if before is None else "removed"
            if changes:
                title = (after or before).object_repr
                parts.append({"title": title, "state": state, "changes": changes})
        if parts:
            sections.append(
                {
                    "label": capfirst(relation.related_model._meta.verbose_name_plural),
                    "parts": parts,
                }
            )
    return sections


def change_message(form, formsets, add: bool) -> list[dict]:
    """The admin's log message (LogEntry) with the fields named as the form names them, in the
    editor's language, and without the form's bookkeeping. Same structure as Django's own
    ``construct_change_message``, so that the log reads it back as usual."""
    message: list[dict] = []
    if add:
        message.append({"added": {}})
    else:
        labels = _changed_labels(form.fields, form.changed_data, form._meta.model)
        if labels:
            message.append({"changed": {"fields": labels}})
    for formset in formsets or []:
        for added in formset.new_objects:
            message.append({"added": _named(added)})
        for changed, names in formset.changed_objects:
            fields = _changed_labels(formset.form.base_fields, names, type(changed))
            if fields:
                message.append({"changed": {**_named(changed), "fields": fields}})
        for deleted in formset.deleted_objects:
            message.append({"deleted": _named(deleted)})
    return message


def _named(obj: models.Model) -> dict:
    # Django's own entries keep the English name and translate it when the log is read.
    return {"name": str(obj._meta.verbose_name), "object": str(obj)}


def _changed_labels(form_fields: dict, names: list[str], model: type[models.Model]) -> list[str]:
    labels = []
    for name in names:
        if name in FORM_BOOKKEEPING:
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            form_field = form_fields.get(name)
            if form_field is None or isinstance(form_field.widget, HiddenInput):
                continue
            labels.append(str(capfirst(form_field.label or name)))
            continue
        if is_shown(field):
            labels.append(field_label(field))
    return labels


class HistoryAdmin(CompareVersionAdmin):
    """django-reversion-compare's admin with the history told in the editors' terms (see the
    module's docstring)."""

    object_history_template = "admin/history/object_history.html"
    compare_template = "admin/history/compare.html"
    compare_raw_template = "admin/history/compare.html"
    revision_form_template = "admin/history/revision_form.html"

    def construct_change_message(self, request, form, formsets, add=False) -> list[dict]:
        return change_message(form, formsets, add)

    def history_view(self, request, object_id, extra_context=None):
        return self._unknown(request, object_id) or super().history_view(
            request, object_id, extra_context
        )

    def compare_view(self, request, object_id, extra_context=None):
        return self._unknown(request, object_id) or super().compare_view(
            request, object_id, extra_context
        )

    def revision_view(self, request, object_id, version_id, extra_context=None):
        if unknown := self._unknown(request, object_id):
            return unknown
        request._restoring_version = True
        return super().revision_view(request, object_id, version_id, extra_context)

    def _unknown(self, request, object_id):
        """The admin's answer for an id that cannot name an item, or None. The history pages
        look the id up among the versions' texts, where PostgreSQL refused one with a NUL byte
        (a 500, issue 15); as the admin's get_object does, an id the primary key cannot hold
        names nothing."""
        try:
            self.opts.pk.to_python(unquote(object_id))
        except (ValidationError, ValueError):
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return None

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        if getattr(request, "_restoring_version", False) and reversion.is_active():
            # A restore writes the old version before its form is saved; a form that then
            # saves nothing more (the restored values are its values) would leave no version,
            # and the restore would be missing from the history.
            reversion.add_to_revision(obj)
        return entry

    def compare(self, obj, version1, version2) -> CompareResult:
        model = type(obj)
        fields = field_changes(shown_fields(model), version1.field_dict, version2.field_dict)
        parts = part_changes(model, version1.object_id, version1, version2)
        return CompareResult(diff={"fields": fields, "parts": parts}, has_unfollowed_fields=False)

    def _build_base_context(self, request, obj, version1, version2) -> dict:
        context = super()._build_base_context(request, obj, version1, version2)
        meta = self.model._meta
        context["title"] = _("Compare two versions of “%(name)s”") % {"name": obj}
        context["change_url"] = reverse(
            f"{self.admin_site.name}:{meta.app_label}_{meta.model_name}_change",
            args=(quote(obj.pk),),
        )
        context["revert_old_url"] = context["save_url"]
        context["versions"] = [version1, version2]
        return context
