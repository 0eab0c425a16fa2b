"""What a draft changes compared with the published item: field by field and part by part,
named and shown as the history shows them (website/history.py): the form's names, texts as a
word-by-word difference, no bookkeeping."""

from dataclasses import dataclass

from django.db import models
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from publishing.drafts import BOOKKEEPING, part_relations
from website.history import as_text, field_label, shown_fields, word_diff


@dataclass(frozen=True)
class Change:
    where: str  # the item, or the part ("Doelstelling 2")
    field: str  # the field's name as editors read it
    old: str
    new: str

    @property
    def difference(self) -> SafeString:
        return word_diff(self.old, self.new)


def _fields(model: type[models.Model], parent: models.Field | None = None) -> list:
    # Where an item stands (published, reviewed) is not what a draft changes.
    return [f for f in shown_fields(model, parent) if f.name not in BOOKKEEPING]


def _value(instance: models.Model | None, field: models.Field) -> str:
    if instance is None:
        return ""
    if field.many_to_many:
        value = list(getattr(instance, field.name).values_list("pk", flat=True))
    else:
        value = getattr(instance, field.attname)
    return as_text(field, value)


def _differences(where: str, old, new, fields) -> list[Change]:
    changes = []
    for field in fields:
        before, after = _value(old, field), _value(new, field)
        if before != after:
            changes.append(Change(where, field_label(field), before, after))
    return changes


def _part_name(part: models.Model) -> str:
    position = getattr(part, "position", None)
    name = capfirst(part._meta.verbose_name)
    return f"{name} {position}" if position else f"{name} “{part}”"


def compare(live: models.Model, draft: models.Model) -> list[Change]:
    """Everything the draft says differently from the published item, in the form's order."""
    model = type(live)
    changes = _differences(str(capfirst(model._meta.verbose_name)), live, draft, _fields(model))
    for relation in part_relations(model):
        part_model = relation.model
        fields = _fields(part_model, relation)
        manager = part_model._base_manager
        published = {p.pk: p for p in manager.filter(**{relation.name: live})}
        for part in manager.filter(**{relation.name: draft}).order_by(*part_model._meta.ordering):
            source = published.pop(part.draft_source_id, None)
            if source is None:
                where = _("%(part)s (added)") % {"part": _part_name(part)}
            else:
                where = _part_name(part)
            changes += _differences(where, source, part, fields)
        for part in published.values():
            where = _("%(part)s (removed)") % {"part": _part_name(part)}
            changes += _differences(where, part, None, fields)
    return changes
