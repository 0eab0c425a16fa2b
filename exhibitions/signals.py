"""Exhibitions appear on the home page, whose cached copies are keyed on the archive's revision
counter (programmes/freshness.py): every write to an exhibition counts as a change. A changed
timeline item changes its exhibition too: its "last changed" time (the sitemap's lastmod) and
its search columns, as does a changed curator."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from exhibitions.models import Curator, Exhibition, TimelineItem
from exhibitions.search import refresh_search_index
from programmes.models import ArchiveRevision
from programmes.signals import NOT_SEARCHED, SEARCH_REFRESHERS, part_changed, refresh_search


def _changed(sender, **kwargs) -> None:
    ArchiveRevision.objects.record_change()


def _exhibition_saved(sender, instance: Exhibition, update_fields=None, **kwargs) -> None:
    if update_fields is not None and set(update_fields) <= NOT_SEARCHED:
        return  # published or withdrawn: nothing searchable changed
    refresh_search(Exhibition, [instance.pk])


def _item_changed(sender, instance: TimelineItem, origin=None, **kwargs) -> None:
    if isinstance(origin, Exhibition):
        return  # the whole exhibition is being deleted
    part_changed(Exhibition, instance.exhibition_id)


def _curator_saved(sender, instance: Curator, **kwargs) -> None:
    refresh_search(Exhibition, list(instance.exhibitions.values_list("pk", flat=True)))


def connect() -> None:
    SEARCH_REFRESHERS[Exhibition] = refresh_search_index
    post_save.connect(_exhibition_saved, sender=Exhibition, dispatch_uid="exhibition-search")
    post_save.connect(_curator_saved, sender=Curator, dispatch_uid="curator-search")
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
