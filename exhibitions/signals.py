"""Exhibitions appear on the home page, whose cached copies are keyed on the archive's revision
counter (programmes/freshness.py): every write to an exhibition counts as a change."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from exhibitions.models import Curator, Exhibition, TimelineItem
from programmes.models import ArchiveRevision


def _changed(sender, **kwargs) -> None:
    ArchiveRevision.objects.record_change()


def connect() -> None:
    for model in (Exhibition, TimelineItem, Curator):
        label = model._meta.label_lower
        post_save.connect(_changed, sender=model, dispatch_uid=f"{label}-revision-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{label}-revision-delete")
    m2m_changed.connect(
        _changed,
        sender=Exhibition.related_programmes.through,
        dispatch_uid="exhibition-programmes-revision",
    )
