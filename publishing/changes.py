"""What is derived from published items, kept in step with every write: their search columns,
their "last changed" time, and the archive's revision counter that cached pages and ETags are
keyed on (publishing/freshness.py).

One mechanism for every app: a domain app calls ``track()`` for each published model in its
``AppConfig.ready()``, naming the parts it is made of, the other models it shows and the
many-to-many relations it has. From then on:

- saving the item bumps the revision and refreshes its search columns (unless only its
  publication fields changed); deleting it bumps the revision;
- saving or deleting a part touches the item (its "last changed" time, which bumps the
  revision) and refreshes its search columns;
- saving another model it shows (an exhibition's curator) refreshes the items that show it;
- changing a many-to-many relation, or deleting what it points to, touches the items on this
  side (their records name what they relate to).

Signals rather than calls in each write path, because the admin's inlines, ``loaddata``, the
archive importer and the shell all write these rows, and what is derived must follow each of
them. Only derived data is kept here; rules about what may be written live in services.

``search_refresh_deferred()`` brings every changed item up to date once, at the end of a bulk
write such as an import, instead of on every save.

An app may also keep each item's page rendered (``refresh_rendering``, e.g.
programmes/rendering.py): every change above that touches or saves an item also renders its
page again, once per item however many of its rows were written, when the transaction commits
(at once outside one). A rolled-back write renders nothing; a page whose rendering is not current
is rendered when it is asked for, so this only keeps the first visit fast. Bulk writes (inside
``search_refresh_deferred``, such as an import) render nothing: rendering every imported
programme in both languages added some 10–20 % to an import's CPU time (200 programmes), so the
stored pages of the items written are removed instead (``forget_rendering``, one query per
block, in the same transaction) and each is rendered on its first visit.
"""

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils import timezone

from publishing.models import ArchiveRevision, Publication, one_archive_change

# Saves that change none of these (publishing, withdrawing) do not touch the search columns.
NOT_SEARCHED = frozenset(
    {
        "status",
        "published_at",
        "published_by",
        "withdrawn_at",
        "withdrawn_by",
        "updated_at",
        "version",
    }
)

Refresher = Callable[[Iterable[int]], None]


@dataclass(frozen=True)
class Tracked:
    model: type[Publication]
    refresh_search: Refresher
    refresh_rendering: Refresher | None = None
    forget_rendering: Refresher | None = None


_tracked: dict[type[Model], Tracked] = {}
_deferred: ContextVar[dict[type[Model], set[int]] | None] = ContextVar(
    "search_refresh_deferred", default=None
)
# Items whose pages are rendered again when the transaction commits, per thread (as Django's
# connections are).
_unrendered = threading.local()


def track(
    model: type[Publication],
    *,
    refresh_search: Refresher,
    refresh_rendering: Refresher | None = None,
    forget_rendering: Refresher | None = None,
    parts: dict[type[Model], str] | None = None,
    shows: dict[type[Model], str] | None = None,
    relations: Iterable[str] = (),
) -> None:
    """Keep what is derived from ``model`` in step with every write (see the module's text).

    ``refresh_search`` rebuilds the search columns of the items with the given ids;
    ``refresh_rendering``, if given, renders their pages again (after the commit), and
    ``forget_rendering`` removes their stored pages (after a bulk write). ``parts``
    maps each part model to its foreign key to the item (``{Objective: "programme"}``);
    ``shows`` maps another model the item shows to that model's accessor of the items
    (``{Curator: "exhibitions"}``); ``relations`` names the item's many-to-many fields.
    """
    _tracked[model] = Tracked(model, refresh_search, refresh_rendering, forget_rendering)
    label = model._meta.label_lower
    post_save.connect(_item_saved, sender=model, dispatch_uid=f"changes-{label}-save")
    post_delete.connect(_item_deleted, sender=model, dispatch_uid=f"changes-{label}-delete")
    for part, parent_field in (parts or {}).items():
        receiver = _PartChanged(model, parent_field)
        uid = f"changes-{label}-{part._meta.label_lower}"
        post_save.connect(receiver, sender=part, weak=False, dispatch_uid=f"{uid}-save")
        post_delete.connect(receiver, sender=part, weak=False, dispatch_uid=f"{uid}-delete")
    for other, accessor in (shows or {}).items():
        receiver = _ShownChanged(model, accessor)
        uid = f"changes-{label}-{other._meta.label_lower}"
        post_save.connect(receiver, sender=other, weak=False, dispatch_uid=f"{uid}-save")
        post_delete.connect(receiver, sender=other, weak=False, dispatch_uid=f"{uid}-delete")
    for name in relations:
        field = model._meta.get_field(name)
        receiver = _RelationChanged(model, name)
        uid = f"changes-{label}-{name}"
        m2m_changed.connect(
            receiver, sender=field.remote_field.through, weak=False, dispatch_uid=uid
        )
        pre_delete.connect(
            receiver.target_deleted,
            sender=field.related_model,
            weak=False,
            dispatch_uid=f"{uid}-target",
        )


def tracked_models() -> list[type[Publication]]:
    """Every published model an app tracks, in a fixed order (by label)."""
    return sorted(_tracked, key=lambda model: model._meta.label_lower)


@contextmanager
def search_refresh_deferred() -> Iterator[None]:
    """Bring each changed item up to date once, when the block ends, instead of on every save:
    its "last changed" time, its search columns and the archive's revision counter.

    For bulk writes such as an archive import, where one programme has dozens of parts and an
    exhibition dozens of items. Use it inside the transaction. The stored pages of the items
    written are removed rather than rendered again (see the module's text).
    """
    pending: dict[type[Model], set[int]] = {}
    with one_archive_change():
        token = _deferred.set(pending)
        try:
            yield
        finally:
            _deferred.reset(token)
        for model, ids in pending.items():
            ids = list(ids)
            model.objects.filter(pk__in=ids).update(updated_at=timezone.now())
            tracked = _tracked[model]
            if tracked.forget_rendering is not None:
                tracked.forget_rendering(ids)
            tracked.refresh_search(ids)


def refresh_search(model: type[Model], ids: Iterable[int]) -> None:
    """Rebuild the search columns of these saved items (at the end of a
    ``search_refresh_deferred`` block, if in one)."""
    pending = _deferred.get()
    if pending is None:
        _tracked[model].refresh_search(ids)
    else:
        pending.setdefault(model, set()).update(ids)


def part_changed(model: type[Model], pk: int) -> None:
    """A part of an item changed, so the item has: its "last changed" time (its cached pages go
    stale) and its search columns follow."""
    pending = _deferred.get()
    if pending is not None:
        pending.setdefault(model, set()).add(pk)  # touched and refreshed when the block ends
        return
    touch(model, [pk])
    _tracked[model].refresh_search([pk])


def touch(model: type[Model], ids: Iterable[int]) -> None:
    """These items changed now (a bulk update: it bumps the revision too); their pages are
    rendered again when the transaction commits."""
    ids = list(ids)
    model.objects.filter(pk__in=ids).update(updated_at=timezone.now())
    refresh_rendering(model, ids)


def refresh_rendering(model: type[Model], ids: Iterable[int]) -> None:
    """Render the pages of these items again when the transaction commits (at once outside
    one), each once; nothing for a model that keeps no rendered pages. Inside a
    ``search_refresh_deferred`` block their stored pages are removed when it ends instead."""
    tracked = _tracked.get(model)
    if tracked is None or tracked.refresh_rendering is None:
        return
    deferred = _deferred.get()
    if deferred is not None:
        deferred.setdefault(model, set()).update(ids)
        return
    pending = getattr(_unrendered, "items", None)
    if pending is None:
        pending = _unrendered.items = {}
    pending.setdefault(model, set()).update(ids)
    # One callback per call, each taking whatever is pending: a callback of a rolled-back
    # savepoint is dropped, so none may be relied on to come.
    transaction.on_commit(_render_pending, robust=True)


def _render_pending() -> None:
    pending = getattr(_unrendered, "items", None)
    _unrendered.items = {}
    for model, ids in (pending or {}).items():
        _tracked[model].refresh_rendering(ids)


def _item_saved(sender, instance: Publication, update_fields=None, **kwargs) -> None:
    ArchiveRevision.objects.record_change()
    # Whatever changed (a publication too: its time is on the page).
    refresh_rendering(sender, [instance.pk])
    if update_fields is not None and set(update_fields) <= NOT_SEARCHED:
        return
    refresh_search(sender, [instance.pk])


def _item_deleted(sender, instance: Publication, **kwargs) -> None:
    ArchiveRevision.objects.record_change()


class _PartChanged:
    def __init__(self, model: type[Publication], parent_field: str) -> None:
        self.model = model
        self.attname = f"{parent_field}_id"

    def __call__(self, sender, instance, origin=None, **kwargs) -> None:
        if isinstance(origin, self.model):
            return  # the whole item is being deleted
        part_changed(self.model, getattr(instance, self.attname))


class _ShownChanged:
    def __init__(self, model: type[Publication], accessor: str) -> None:
        self.model = model
        self.accessor = accessor

    def __call__(self, sender, instance, **kwargs) -> None:
        ArchiveRevision.objects.record_change()
        ids = list(getattr(instance, self.accessor).values_list("pk", flat=True))
        if ids:
            refresh_search(self.model, ids)
            refresh_rendering(self.model, ids)


class _RelationChanged:
    """A many-to-many relation of the item changed (from either side), or what it points to
    is deleted: the items on this side changed."""

    def __init__(self, model: type[Publication], name: str) -> None:
        self.model = model
        self.name = name

    def __call__(self, sender, instance, action: str, reverse: bool, pk_set=None, **kwargs) -> None:
        if action not in {"post_add", "post_remove", "pre_clear"}:
            return
        if not reverse:
            ids = [instance.pk]
        elif action == "pre_clear":
            ids = self._related_to(instance)
        else:
            ids = list(pk_set or ())
        ArchiveRevision.objects.record_change()
        touch(self.model, ids)

    def target_deleted(self, sender, instance, **kwargs) -> None:
        ids = self._related_to(instance)
        if ids:
            touch(self.model, ids)

    def _related_to(self, target: Model) -> list[int]:
        return list(self.model.objects.filter(**{self.name: target}).values_list("pk", flat=True))
