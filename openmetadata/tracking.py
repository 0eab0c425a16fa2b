"""Keeps the record of removals that OAI-PMH harvesters need (openmetadata.models.DeletedRecord).

A harvester only learns that a record is gone if the repository says so. Programmes and
documents that are published or withdrawn are listed from their own tables; this module notes
the identifiers that leave those tables while harvesters may know them: a public programme
taken back to draft or deleted, a document deleted from a public programme, the old
identifiers of a programme whose slug changed. It also notes their return.

Signals rather than calls in each write path, because the admin, the publishing services, the
archive importer and loaddata all write programmes (as in programmes/signals.py).
"""

from datetime import datetime

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from openmetadata.identifiers import document_identifier, programme_identifier
from openmetadata.models import DeletedRecord, MetadataSet
from programmes.models import Programme
from toolbox.models import ToolboxDocument


def _is_live(status: str, published_at: datetime | None, now: datetime) -> bool:
    return status == Programme.Status.PUBLISHED and published_at is not None and published_at <= now


def _is_listed(status: str, published_at: datetime | None, now: datetime) -> bool:
    """Whether the programme tables show the programme to harvesters (live or withdrawn)."""
    return _is_live(status, published_at, now) or status == Programme.Status.WITHDRAWN


def _identifiers(programme_id: int, slug: str) -> dict[str, str]:
    keys = ToolboxDocument.objects.filter(programme_id=programme_id).values_list("key", flat=True)
    return {
        programme_identifier(slug): MetadataSet.PROGRAMMES,
        **{document_identifier(slug, key): MetadataSet.DOCUMENTS for key in keys},
    }


def _returns_at(programme: Programme, now: datetime) -> datetime | None:
    """From when the programme is listed again, if it is or will be."""
    if programme.status == Programme.Status.WITHDRAWN:
        return now
    if programme.status == Programme.Status.PUBLISHED and programme.published_at is not None:
        return programme.published_at
    return None


def _programme_saving(sender, instance: Programme, raw: bool = False, **kwargs) -> None:
    instance._metadata_before = (
        Programme.objects.filter(pk=instance.pk).values("slug", "status", "published_at").first()
        if instance.pk
        else None
    )


def _programme_saved(sender, instance: Programme, **kwargs) -> None:
    before = getattr(instance, "_metadata_before", None)
    instance._metadata_before = None
    now = timezone.now()
    if before is not None:
        was_listed = _is_listed(before["status"], before["published_at"], now)
        if was_listed and before["slug"] != instance.slug:
            DeletedRecord.objects.record_removal(_identifiers(instance.pk, before["slug"]), at=now)
        elif _is_live(before["status"], before["published_at"], now) and not _is_listed(
            instance.status, instance.published_at, now
        ):
            DeletedRecord.objects.record_removal(_identifiers(instance.pk, instance.slug), at=now)
    returns_at = _returns_at(instance, now)
    if returns_at is not None:
        DeletedRecord.objects.record_return(
            list(_identifiers(instance.pk, instance.slug)), at=returns_at
        )


def _programme_deleting(sender, instance: Programme, **kwargs) -> None:
    now = timezone.now()
    stored = Programme.objects.filter(pk=instance.pk).values("slug", "status", "published_at")
    for row in stored:
        if _is_listed(row["status"], row["published_at"], now):
            DeletedRecord.objects.record_removal(_identifiers(instance.pk, row["slug"]), at=now)


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


def connect() -> None:
    pre_save.connect(_programme_saving, sender=Programme, dispatch_uid="metadata-programme-pre")
    post_save.connect(_programme_saved, sender=Programme, dispatch_uid="metadata-programme")
    pre_delete.connect(_programme_deleting, sender=Programme, dispatch_uid="metadata-delete")
    post_save.connect(_document_saved, sender=ToolboxDocument, dispatch_uid="metadata-document")
    post_delete.connect(
        _document_deleted, sender=ToolboxDocument, dispatch_uid="metadata-document-delete"
    )
