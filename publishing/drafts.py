"""Drafts of published items: editors change a copy, visitors keep seeing the published version.

Why a copy beside the published row, rather than a snapshot the public side reads: everything
that serves visitors and harvesters (pages, the page cache, search, the sitemap, OAI-PMH, MDTO,
open data, the archive export) reads the published rows through the one rule of
``public_q``; a draft copy has status "draft" and is left out by every default manager
(``PublicationManager``), so none of those readers had to change, and the admin's forms,
inlines, uploads and preview work on the copy exactly as on any item. The published rows keep
their identity (primary keys that exhibitions, documents, former addresses and harvesters'
identifiers point at): publishing a draft copies its values onto them, part by part, and
deletes the copy, in one transaction.

A draft's parts remember the part they were copied from (``draft_source``); a part added in the
draft has none and moves over to the published item; a published part that the draft no longer
has is deleted.
"""

from collections.abc import Iterable

from django.db import models, transaction
from django.db.models import F

from publishing.changes import part_changed
from publishing.models import PARKING_OFFSET, Publication

# Fields that say where an item stands rather than what it says: never copied either way.
BOOKKEEPING = {
    "id",
    "draft_of",
    "status",
    "published_at",
    "published_by",
    "withdrawn_at",
    "withdrawn_by",
    "version",
    "created_at",
    "updated_at",
    "scheduled_for",
    "last_edited_by",
    "review_state",
    "submitted_at",
    "submitted_by",
    "review_note",
    "review_comment",
    "reviewed_by",
}


def part_relations(model: type[Publication]) -> list[models.ForeignKey]:
    """The foreign keys of the parts that belong to an item and are edited with it (the parts
    that can remember their source: objectives, results, documents, timeline items)."""
    relations = []
    for relation in model._meta.related_objects:
        if relation.one_to_many and relation.on_delete is models.CASCADE:
            part = relation.related_model
            if any(f.name == "draft_source" for f in part._meta.concrete_fields):
                relations.append(relation.field)
    return relations


def content_fields(model: type[models.Model], *, skip: Iterable[str] = ()) -> list[models.Field]:
    """The concrete fields that hold what an item or part says (its content), in order."""
    skipped = BOOKKEEPING | {"draft_source", *skip}
    return [f for f in model._meta.concrete_fields if f.name not in skipped and not f.primary_key]


def _copy_values(source: models.Model, target: models.Model, fields: list[models.Field]) -> None:
    for field in fields:
        setattr(target, field.attname, getattr(source, field.attname))


def draft_of(item: Publication) -> Publication | None:
    """The draft copy of a published item, if it has one."""
    return type(item).with_drafts.filter(draft_of=item).first()


@transaction.atomic
def start_draft(item: Publication) -> tuple[Publication, dict[type, dict[int, int]]]:
    """Copy a published item with all its parts into a draft; returns the draft and, per part
    model, which copied part stands for which published one (published pk → draft pk)."""
    model = type(item)
    fresh = model.with_drafts.select_for_update().get(pk=item.pk)
    existing = draft_of(fresh)
    if existing is not None:
        return existing, _mapping(existing)
    draft = model()
    _copy_values(fresh, draft, content_fields(model))
    draft.draft_of = fresh
    draft.status = Publication.Status.DRAFT
    draft.save()
    for field in model._meta.many_to_many:
        getattr(draft, field.name).set(getattr(fresh, field.name).all())
    mapping: dict[type, dict[int, int]] = {}
    for relation in part_relations(model):
        part_model = relation.model
        copies = mapping.setdefault(part_model, {})
        for part in part_model._base_manager.filter(**{relation.name: fresh}).order_by("pk"):
            copy = part_model()
            _copy_values(part, copy, content_fields(part_model, skip=[relation.name]))
            setattr(copy, relation.name, draft)
            copy.draft_source = part
            copy.save()
            copies[part.pk] = copy.pk
    point_at_own_parts(draft, fresh, mapping)
    return draft, mapping


def _mapping(draft: Publication) -> dict[type, dict[int, int]]:
    mapping: dict[type, dict[int, int]] = {}
    for relation in part_relations(type(draft)):
        rows = relation.model._base_manager.filter(
            **{relation.name: draft, "draft_source__isnull": False}
        ).values_list("draft_source_id", "pk")
        mapping[relation.model] = dict(rows)
    return mapping


def point_at_own_parts(
    target: Publication, source: Publication, mapping: dict, *, save: bool = True
) -> None:
    """An item's own reference to one of its parts (an exhibition's opening item) follows the
    parts across: ``mapping`` says which part of ``target`` stands for which of ``source``."""
    changed = []
    for field in type(target)._meta.concrete_fields:
        if not field.many_to_one or field.related_model not in mapping:
            continue
        referenced = getattr(source, field.attname)
        if referenced is not None:
            setattr(target, field.attname, mapping[field.related_model].get(referenced))
            changed.append(field.name)
    if changed and save:
        target.save(update_fields=changed)


@transaction.atomic
def apply_draft(draft: Publication) -> Publication:
    """Make the published item say what its draft says, part by part, and delete the draft.

    The caller validates and records the change (publishing/review.py); the published item
    keeps its status, publication time and identity.
    """
    model = type(draft)
    live = model.with_drafts.select_for_update().get(pk=draft.draft_of_id)
    _copy_values(draft, live, content_fields(model))
    live.save()
    for field in model._meta.many_to_many:
        getattr(live, field.name).set(getattr(draft, field.name).all())
    # Published part → the draft part that replaces it; for the opening item and the like.
    replaced_by: dict[type, dict[int, int]] = {}
    for relation in part_relations(model):
        part_model = relation.model
        manager = part_model._base_manager
        parts = list(manager.filter(**{relation.name: draft}).order_by("pk"))
        kept = {p.draft_source_id for p in parts if p.draft_source_id}
        manager.filter(**{relation.name: live}).exclude(pk__in=kept).delete()
        # Parts with a position trade places freely: out of the way first (as the formset does).
        if any(f.name == "position" for f in part_model._meta.concrete_fields):
            manager.filter(**{relation.name: live}).update(position=F("position") + PARKING_OFFSET)
        fields = content_fields(part_model, skip=[relation.name])
        targets = replaced_by.setdefault(part_model, {})
        published_parts = manager.filter(**{relation.name: live}).in_bulk(kept)
        for part in parts:
            published = published_parts.get(part.draft_source_id)
            if published is not None:
                _copy_values(part, published, fields)
                published.save()
                targets[part.pk] = published.pk
            else:
                # New in the draft: it moves over as it is (its files with it).
                manager.filter(pk=part.pk).update(**{relation.name: live, "draft_source": None})
                targets[part.pk] = part.pk
    point_at_own_parts(live, draft, replaced_by)
    model.with_drafts.filter(pk=draft.pk).delete()
    # Moving parts across by update sends no signals: the derived columns follow here.
    part_changed(model, live.pk)
    return model.with_drafts.get(pk=live.pk)


@transaction.atomic
def discard_draft(draft: Publication) -> Publication:
    """Throw a draft away; the published item stays as it is."""
    live = draft.draft_of
    type(draft).with_drafts.filter(pk=draft.pk).delete()
    return live
