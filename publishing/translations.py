"""Which English texts an item lacks: shown on the change form and the list, asked about before
publishing (the English page then shows the Dutch text, marked as Dutch)."""

from django.db import models
from django.utils.html import strip_tags
from django.utils.text import capfirst
from modeltranslation.translator import NotRegistered, translator

from publishing.drafts import part_relations


def translated_fields(model: type[models.Model]) -> list[str]:
    """The names of the model's fields that have a Dutch and an English version."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return []
    return list(options.fields)


def _has_text(value) -> bool:
    if value is None:
        return False
    text = str(value)
    return bool(strip_tags(text).strip()) if "<" in text else bool(text.strip())


def missing_in(instance: models.Model) -> list[str]:
    """The fields of this one object that have Dutch text and no English."""
    missing = []
    for name in translated_fields(type(instance)):
        if _has_text(getattr(instance, f"{name}_nl", None)) and not _has_text(
            getattr(instance, f"{name}_en", None)
        ):
            missing.append(str(capfirst(instance._meta.get_field(name).verbose_name)))
    return missing


def missing_english(item: models.Model, *, prefetched: bool = False) -> list[str]:
    """Everything of an item and its parts that has Dutch text and no English, named as the
    form names it ("Inleiding", "Doelstelling 2: beschrijving"). ``prefetched``: read the parts
    through the item's (prefetched) relations instead of querying them."""
    missing = missing_in(item)
    for relation in part_relations(type(item)):
        part_model = relation.model
        if not translated_fields(part_model):
            continue
        if prefetched:
            parts = getattr(item, relation.remote_field.get_accessor_name()).all()
        else:
            parts = part_model._base_manager.filter(**{relation.name: item}).order_by(
                *part_model._meta.ordering
            )
        for part in parts:
            names = missing_in(part)
            if names:
                position = getattr(part, "position", None)
                label = capfirst(part_model._meta.verbose_name)
                where = f"{label} {position}" if position else f"{label} “{part}”"
                missing += [f"{where}: {name.lower()}" for name in names]
    return missing
