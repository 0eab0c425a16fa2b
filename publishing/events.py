"""Telling other apps that a published item changed how, or under which address, it is
published.

Some apps keep a record of what was published: openmetadata remembers every record OAI-PMH
harvesters may have seen, so that it can report the ones that are gone. What they need to know
is a before and an after: which programme, under which slug, public or not. The write paths
that change that (the publication services, the admin's change and delete pages, an archive
import) wrap their writes in ``publication_change(item)``; nothing else does, so an ordinary
save costs nothing extra.

An app takes part by registering a ``PublicationWatcher`` in its ``AppConfig.ready()``. The
watcher reads what it needs when the change begins and compares when it ends, inside the
caller's transaction: what it records commits or rolls back with the change itself.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from django.db import transaction

from publishing.models import Publication


class PublicationWatcher(Protocol):
    def before(self, item: Publication) -> object:
        """What the watcher needs to know of ``item`` as stored before the change (``item``
        may be unsaved, or no longer stored)."""

    def after(self, item: Publication, before: object) -> None:
        """Compare ``item`` as stored now (deleted, perhaps) with ``before`` and act."""


_watchers: list[PublicationWatcher] = []


def watch_publications(watcher: PublicationWatcher) -> None:
    """Have ``watcher`` told of every publication change from now on."""
    if watcher not in _watchers:
        _watchers.append(watcher)


class PublicationChange:
    """A change begun: the watchers have read the state before it; ``finish()`` when the writes
    are done. Use it inside a transaction; ``publication_change()`` is the usual form."""

    def __init__(self, item: Publication) -> None:
        self.item = item
        self._states = [(watcher, watcher.before(item)) for watcher in _watchers]

    def finish(self) -> None:
        for watcher, before in self._states:
            watcher.after(self.item, before)


@contextmanager
def publication_change(item: Publication) -> Iterator[None]:
    """The writes in this block may change how ``item`` is published (its status, publication
    time, slug or parts, or whether it exists at all): watchers compare before and after.

    Runs in a transaction (the caller's, or one of its own), so that the change and what the
    watchers record are kept or lost together. Blocks may nest.
    """
    with transaction.atomic():
        change = PublicationChange(item)
        yield
        change.finish()
