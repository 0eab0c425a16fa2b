"""Exhibitions appear on the home page, whose cached copies are keyed on the archive's revision
counter (programmes/freshness.py): every write to an exhibition counts as a change. A changed
timeline item changes its exhibition too: its "last changed" time (the sitemap's lastmod)."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from exhibitions.models import Curator, Exhibition, TimelineItem
from programmes.models import ArchiveRevision


def _changed(sender, **kwargs) -> None:
    ArchiveRevision.objects.record_change()


def _item_changed(sender, instance: TimelineItem, origin=None, **kwargs) -> None:
    if isinstance(origin, Exhibition):
        return  # the whole exhibition is being deleted
    Exhibition.objects.filter(pk=instance.exhibition_id).update(updated_at=timezone.now())


def connect() -> None:
    post_save.connect(_item_changed, sender=TimelineItem, dispatch_uid="timelineitem-touch-save")
    post_delete.connect(
        _item_changed, sender=TimelineItem, dispatch_uid="timelineitem-touch-delete"
    )
    for model in (Exhibition, TimelineItem, Curator):
        label = model._meta.label_lower
        post_save.connect(_changed, sender=model, dispatch_uid=f"{label}-revision-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{label}-revision-delete")
    m2m_changed.connect(
        _changed,
        sender=Exhibition.related_programmes.through,
        dispatch_uid="exhibition-programmes-revision",
    )
