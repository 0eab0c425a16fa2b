"""Keeps what is derived from a programme in step with its parts: the search columns, its
"last changed" time and the archive's revision counter (which cached pages and ETags are keyed
on).

Signals rather than calls in each write path, because loaddata, the admin's inlines and the
archive importer all save parts of a programme, and each of them must leave these correct.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from programmes.models import (
    AchievedResult,
    ArchiveRevision,
    Objective,
    PlannedResult,
    Programme,
    one_archive_change,
)
from programmes.search import refresh_search_index
from toolbox.models import ToolboxDocument

# Saves that change none of these (publishing, withdrawing) do not touch the search columns.
NOT_SEARCHED = {
    "status",
    "published_at",
    "published_by",
    "withdrawn_at",
    "withdrawn_by",
    "updated_at",
    "version",
}
PARTS = (Objective, PlannedResult, AchievedResult, ToolboxDocument)

# How the search columns of each kind of searchable item are rebuilt; exhibitions add theirs
# (exhibitions/signals.py).
SEARCH_REFRESHERS: dict[type[Model], Callable[[Iterable[int]], None]] = {
    Programme: refresh_search_index
}
_deferred: ContextVar[dict[type[Model], set[int]] | None] = ContextVar(
    "search_refresh_deferred", default=None
)


@contextmanager
def search_refresh_deferred() -> Iterator[None]:
    """Bring each changed programme or exhibition up to date once, when the block ends, instead
    of on every save: its "last changed" time, its search columns and the archive's revision
    counter.

    For bulk writes such as an archive import, where one programme has dozens of parts and an
    exhibition dozens of items. Use it inside the transaction.
    """
    pending: dict[type[Model], set[int]] = {}
    with one_archive_change():
        token = _deferred.set(pending)
        try:
            yield
        finally:
            _deferred.reset(token)
        for model, ids in pending.items():
            model.objects.filter(pk__in=ids).update(updated_at=timezone.now())
            SEARCH_REFRESHERS[model](ids)


def refresh_search(model: type[Model], ids: Iterable[int]) -> None:
    """Rebuild the search columns of these saved programmes or exhibitions (at the end of a
    search_refresh_deferred block, if in one)."""
    pending = _deferred.get()
    if pending is None:
        SEARCH_REFRESHERS[model](ids)
    else:
        pending.setdefault(model, set()).update(ids)


def part_changed(model: type[Model], pk: int) -> None:
    """A part of a programme or exhibition changed, so the whole has: its "last changed" time
    (its cached pages go stale) and its search columns follow."""
    pending = _deferred.get()
    if pending is not None:
        pending.setdefault(model, set()).add(pk)  # touched and refreshed when the block ends
        return
    model.objects.filter(pk=pk).update(updated_at=timezone.now())
    SEARCH_REFRESHERS[model]([pk])


def _programme_saved(sender, instance: Programme, update_fields=None, **kwargs) -> None:
    ArchiveRevision.objects.record_change()
    if update_fields is not None and set(update_fields) <= NOT_SEARCHED:
        return
    refresh_search(Programme, [instance.pk])


def _programme_deleted(sender, instance: Programme, **kwargs) -> None:
    ArchiveRevision.objects.record_change()


def _part_changed(sender, instance, origin=None, **kwargs) -> None:
    if isinstance(origin, Programme):
        return  # the whole programme is being deleted
    part_changed(Programme, instance.programme_id)


def connect() -> None:
    post_save.connect(_programme_saved, sender=Programme, dispatch_uid="programme-search")
    post_delete.connect(_programme_deleted, sender=Programme, dispatch_uid="programme-revision")
    for model in PARTS:
        uid = f"{model._meta.label_lower}-search"
        post_save.connect(_part_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_part_changed, sender=model, dispatch_uid=f"{uid}-delete")
