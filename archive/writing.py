"""Writing a checked bundle: one transaction, one change of the archive, and a version in the
history for everything written, at a pace that stays the same from the first programme to the
ten-thousandth and in memory that does not grow with the bundle.

What keeps it linear:

- **A revision per item.** django-reversion holds every object of a revision until the revision
  ends, and copies what it holds each time an object is added: one revision for a whole bundle
  costs time that grows with the square of its size, and memory with its size. So each
  programme (with its parts), each exhibition (with its items) and the bundle's themes are a
  revision of their own, all with the import's comment, user and moment: the history of each
  item shows the import as before, and comparing two versions reads one programme's parts, not
  the bundle's.
- **Batches.** Every ``WRITE_BATCH`` items, what is derived from them (their "last changed" time
  and search columns, ``publishing.changes.search_refresh_deferred``) is brought up to date for
  that batch, and the objects of the batch are collected: nothing is kept from one batch to the
  next but the plans the report needs. The batches share the import's transaction and its one
  archive change, so a failure anywhere, in the last programme too, leaves nothing behind.
"""

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

import reversion
from django.utils import timezone

from archive.bundle import Bundle
from archive.documents import DocumentKind
from archive.files import NamedFile, StorageWork
from archive.problems import Problem
from archive.reading import read_json
from archive.report import PROGRAMME, Plan
from publishing.changes import search_refresh_deferred

# Items per batch: the size of the search refresh's own batches (programmes/search.py).
WRITE_BATCH = 100

Progress = Callable[[int, int, str], None]


class ImportHistory:
    """The versions an import writes: one revision per item, all alike (comment, user, time)."""

    def __init__(self, comment: str, user=None, moment: datetime | None = None) -> None:
        self.comment = comment
        self.user = user if user is not None and user.is_authenticated else None
        self.moment = moment or timezone.now()

    @contextmanager
    def revision(self) -> Iterator[None]:
        """Every registered object saved in this block is one version of a new revision."""
        # The import's transaction is the only one: no savepoint per revision.
        with reversion.create_revision(atomic=False):
            reversion.set_comment(self.comment)
            reversion.set_date_created(self.moment)
            if self.user is not None:
                reversion.set_user(self.user)
            yield


def write_plans(
    bundle: Bundle,
    plans: list[Plan],
    kinds: dict[str, DocumentKind],
    files: dict[str, NamedFile],
    work: StorageWork,
    history: ImportHistory,
    progress: Progress,
    problems: list[Problem],
) -> None:
    """Write every plan's document, in order, in batches (inside the import's transaction and
    its ``search_refresh_deferred`` block)."""
    with history.revision():
        # Before the items that name them.
        kinds[PROGRAMME].themes.write()
    for start in range(0, len(plans), WRITE_BATCH):
        # Nested in the import's block: this batch's items are refreshed when it ends; the
        # archive change is still the import's one.
        with search_refresh_deferred():
            for index, plan in enumerate(plans[start : start + WRITE_BATCH], start=start):
                progress(index, len(plans), "importing")
                # Read again rather than kept since the check: one document in memory at a time.
                document = read_json(bundle, plan.document_path, problems)
                with history.revision():
                    kinds[plan.kind].write(document, files, work)
        # A programme's model instances refer to each other (parts to programme and back), so
        # they are freed by the cyclic garbage collector, which runs ever less often as the
        # heap grows; collecting after each batch keeps memory to about one batch's worth.
        gc.collect()
