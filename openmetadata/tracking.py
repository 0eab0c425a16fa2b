"""Keeps the record of removals that OAI-PMH harvesters need (openmetadata.models.DeletedRecord).

A harvester only learns that a record is gone if the repository says so. Programmes, documents
and exhibitions that are published or withdrawn are listed from their own tables; this module
notes the identifiers that leave those tables while harvesters may know them: a public
programme or exhibition taken back to draft or deleted, a document deleted from a public
programme, the old identifiers of a programme or exhibition whose slug changed. It also notes
their return.

Signals rather than calls in each write path, because the admin, the publishing services, the
archive importer and loaddata all write programmes (as in programmes/signals.py); the same goes
for exhibitions. Signal handlers run inside the write, so a removal is noted in its transaction.
"""

from datetime import datetime

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from exhibitions.models import Exhibition
from openmetadata.identifiers import (
    document_identifier,
    exhibition_identifier,
    programme_identifier,
)
from openmetadata.models import DeletedRecord, MetadataSet
from programmes.models import Programme, Publication, PublicationStatus
from toolbox.models import ToolboxDocument


def _is_live(status: str, published_at: datetime | None, now: datetime) -> bool:
    return (
        status == PublicationStatus.PUBLISHED and published_at is not None and published_at <= now
    )


def _is_listed(status: str, published_at: datetime | None, now: datetime) -> bool:
    """Whether its table shows the programme or exhibition to harvesters (live or withdrawn)."""
    return _is_live(status, published_at, now) or status == PublicationStatus.WITHDRAWN


def _identifiers(model: type[Publication], pk: int, slug: str) -> dict[str, str]:
    """The identifiers a programme (with its documents) or an exhibition has under ``slug``."""
    if model is Exhibition:
        return {exhibition_identifier(slug): MetadataSet.EXHIBITIONS}
    keys = ToolboxDocument.objects.filter(programme_id=pk).values_list("key", flat=True)
    return {
        programme_identifier(slug): MetadataSet.PROGRAMMES,
        **{document_identifier(slug, key): MetadataSet.DOCUMENTS for key in keys},
    }


def _returns_at(item: Publication, now: datetime) -> datetime | None:
    """From when the programme or exhibition is listed again, if it is or will be."""
    if item.status == PublicationStatus.WITHDRAWN:
        return now
    if item.status == PublicationStatus.PUBLISHED and item.published_at is not None:
        return item.published_at
    return None


def _saving(sender, instance: Publication, raw: bool = False, **kwargs) -> None:
    instance._metadata_before = (
        sender.objects.filter(pk=instance.pk).values("slug", "status", "published_at").first()
        if instance.pk
        else None
    )


def _saved(sender, instance: Publication, **kwargs) -> None:
    before = getattr(instance, "_metadata_before", None)
    instance._metadata_before = None
    now = timezone.now()
    if before is not None:
        was_listed = _is_listed(before["status"], before["published_at"], now)
        if was_listed and before["slug"] != instance.slug:
            DeletedRecord.objects.record_removal(
                _identifiers(sender, instance.pk, before["slug"]), at=now
            )
        elif _is_live(before["status"], before["published_at"], now) and not _is_listed(
            instance.status, instance.published_at, now
        ):
            DeletedRecord.objects.record_removal(
                _identifiers(sender, instance.pk, instance.slug), at=now
            )
    returns_at = _returns_at(instance, now)
    if returns_at is not None:
        DeletedRecord.objects.record_return(
            list(_identifiers(sender, instance.pk, instance.slug)), at=returns_at
        )


def _deleting(sender, instance: Publication, **kwargs) -> None:
    now = timezone.now()
    stored = sender.objects.filter(pk=instance.pk).values("slug", "status", "published_at")
    for row in stored:
        if _is_listed(row["status"], row["published_at"], now):
            DeletedRecord.objects.record_removal(
                _identifiers(sender, instance.pk, row["slug"]), at=now
            )
    if sender is Programme:
        # Exhibitions name their related programmes: their records change with this one gone.
        Exhibition.objects.filter(related_programmes=instance).update(updated_at=now)


def _document_saved(sender, instance: ToolboxDocument, **kwargs) -> None:
    programme = instance.programme
    returns_at = _returns_at(programme, timezone.now())
    if returns_at is not None:
        DeletedRecord.objects.record_return(
            [document_identifier(programme.slug, instance.key)], at=returns_at
        )


def _document_deleted(sender, instance: ToolboxDocument, origin=None, **kwargs) -> None:
    if isinstance(origin, Programme):
        return  # noted with the programme
    programme = (
        Programme.objects.filter(pk=instance.programme_id)
        .values("slug", "status", "published_at")
        .first()
    )
    if programme and _is_listed(programme["status"], programme["published_at"], timezone.now()):
        DeletedRecord.objects.record_removal(
            {document_identifier(programme["slug"], instance.key): MetadataSet.DOCUMENTS}
        )


def _related_programmes_changed(
    sender, instance, action: str, reverse: bool, pk_set: set[int] | None, **kwargs
) -> None:
    """An exhibition's record names its related programmes, so a change to which programmes
    they are is a change to the exhibition: its datestamp follows (from either side)."""
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if not reverse:
        exhibitions = Exhibition.objects.filter(pk=instance.pk)
    elif action == "pre_clear":
        exhibitions = Exhibition.objects.filter(related_programmes=instance)
    else:
        exhibitions = Exhibition.objects.filter(pk__in=pk_set or ())
    exhibitions.update(updated_at=timezone.now())


def connect() -> None:
    for model in (Programme, Exhibition):
        label = model._meta.model_name
        pre_save.connect(_saving, sender=model, dispatch_uid=f"metadata-{label}-pre")
        post_save.connect(_saved, sender=model, dispatch_uid=f"metadata-{label}")
        pre_delete.connect(_deleting, sender=model, dispatch_uid=f"metadata-{label}-delete")
    post_save.connect(_document_saved, sender=ToolboxDocument, dispatch_uid="metadata-document")
    post_delete.connect(
        _document_deleted, sender=ToolboxDocument, dispatch_uid="metadata-document-delete"
    )
    m2m_changed.connect(
        _related_programmes_changed,
        sender=Exhibition.related_programmes.through,
        dispatch_uid="metadata-exhibition-programmes",
    )
