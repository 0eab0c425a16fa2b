"""Archive changes pushed to each worker, so that a cached page need not ask whether it is current.

Every request of a cached page used to read its freshness stamp from the database
(publishing/freshness.py): a round trip per page view to learn, nearly always, that nothing
changed. On PostgreSQL the database tells instead: triggers on the tables freshness reads (the
archive revision, which every write to a published item bumps, and the site texts; see the
``notify_*`` migrations of ``publishing`` and ``website``) send a NOTIFY on ``CHANNEL``, which
PostgreSQL delivers when the writing transaction commits (a rolled-back write sends nothing),
whoever wrote: the admin, an import, raw SQL, another server.

Each worker process keeps a ``Watch``: a connection of its own that LISTENs, and the freshness
answers read since the last change (a ``Memo``). A read first polls that connection without
waiting (one non-blocking ``recv``, no round trip); any notification, or a lost connection,
drops the answers. While not listening (not yet connected, connection lost, a read replica in
use, inside a transaction that may hold its own writes, no open database connection of the
worker's own) nothing is remembered and every read asks the database, as before; reconnecting
is tried again after ``RETRY_SECONDS``.

Two things change what visitors see without a write, and both are handled:

- **Time.** A publication scheduled for later becomes public when its time comes. A memo
  expires at the earliest future publication time there is (freshness reads it with the memo's
  first answer), so no answer outlives the moment it would change.
- **The race with the next request.** PostgreSQL signals the listening sessions at commit, but
  each delivers to its worker when it is next scheduled: measured here, a poll right after
  another session's commit missed the notification about one time in thirteen. A writer's next
  page (the editor's, after the save) must not be served from an answer that predates the save.
  So a worker's own database connections LISTEN too: PostgreSQL hands a session its own
  notifications before it acknowledges the commit, and the writing process then changes the
  *host mark*, eight bytes of memory shared by the workers of one gunicorn (a file gunicorn's
  master creates, ``MARK_ENVIRONMENT``). Every read compares the mark, so any read that starts
  after the commit returned in any worker of that server sees the change. Writers elsewhere
  (another server, a command, raw SQL) reach the workers through their listening connections.
"""

import logging
import mmap
import os
import select
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import psycopg
from django.conf import settings
from django.db import connections
from django.db.backends.signals import connection_created
from psycopg.pq import ConnStatus

logger = logging.getLogger(__name__)

CHANNEL = "bzkmemory_changes"
# The file of the host mark (bzkmemory/gunicorn_conf.py creates it and sets this).
MARK_ENVIRONMENT = "BZKMEMORY_CHANGE_MARK"
RETRY_SECONDS = 5.0
_READS_PER_POLL = 4
WARN_EVERY_SECONDS = 60.0
_UNKNOWN = object()


class HostMark:
    """Eight bytes shared by the processes of one server; each change writes new random ones.

    Random rather than counted: two writers at once cannot write the same value a reader
    already saw (a counter's read-modify-write could), and a torn read only looks like a change.
    """

    def __init__(self, path: str | None = None) -> None:
        self._memory: mmap.mmap | bytearray
        if path:
            with open(path, "r+b") as file:
                self._memory = mmap.mmap(file.fileno(), 8)
        else:
            self._memory = bytearray(8)  # one process (tests, development): its own memory

    @classmethod
    def create_file(cls, path: str) -> None:
        with open(path, "wb") as file:
            file.write(os.urandom(8))

    def read(self) -> bytes:
        return bytes(self._memory[:8])

    def change(self) -> None:
        self._memory[:8] = os.urandom(8)


@dataclass
class Memo:
    """The freshness answers read since the last change, valid until ``until`` (a scheduled
    publication) or the next change, whichever comes first."""

    answers: dict[Any, Any] = field(default_factory=dict)
    until: Any = _UNKNOWN

    @property
    def until_known(self) -> bool:
        return self.until is not _UNKNOWN


class Watch:
    """One worker's view of archive changes: its listening connection and its ``Memo``."""

    def __init__(self, alias: str = "default", mark: HostMark | None = None) -> None:
        self.alias = alias
        self.mark = mark or HostMark(os.environ.get(MARK_ENVIRONMENT))
        self._listener: psycopg.Connection | None = None
        self._pid = 0
        self._retry_at = 0.0
        self._last_warning = 0.0
        self._seen_mark = b""
        self._memo: Memo | None = None
        # A development server's threads share the process's watch; libpq's connection is not
        # for two threads at once.
        self._lock = threading.Lock()

    def memo(self, alias: str, now: datetime) -> Memo | None:
        """The answers this read may use and add to, or None: then it must ask the database."""
        connection = connections[alias]
        if (
            alias != self.alias
            or connection.vendor != "postgresql"
            or connection.in_atomic_block
            or not settings.FRESHNESS_NOTIFICATIONS
        ):
            return None
        raw = connection.connection
        if raw is None:
            # Not connected (a new worker, or Django closed a broken or old connection): this
            # read asks, and so finds out whether the database can be reached at all (an outage
            # is answered by website/outage.py, not by answers from before it).
            return None
        if not _alive(raw.pgconn):
            return None  # the server ended it: the read meets that and answers the outage
        if not getattr(raw, "hears_own_commits", False):
            # Connected before this module was imported. A broken connection: the read says so.
            with suppress(Exception):
                _own_commits(None, connection)
        with self._lock:
            if not self._listening():
                return None
            mark, notified = self.mark.read(), self._notified()
            if mark != self._seen_mark or notified:
                self._seen_mark = mark
                self._memo = Memo() if self._listener is not None else None
            memo = self._memo
        if memo is not None and memo.until_known and memo.until is not None and now >= memo.until:
            memo = self._memo = Memo()
        return memo

    def close(self) -> None:
        if self._listener is not None:
            with suppress(Exception):  # it may be broken already
                self._listener.close()
        self._listener, self._memo = None, None

    @property
    def listening(self) -> bool:
        return self._listener is not None and self._pid == os.getpid()

    def _listening(self) -> bool:
        if self._listener is not None and self._pid != os.getpid():
            # Forked with the parent's connection: it is the parent's, not ours (and closing it
            # here would end the parent's session).
            self._listener, self._memo = None, None
        if self._listener is not None:
            return True
        if time.monotonic() < self._retry_at:
            return False
        self._retry_at = time.monotonic() + RETRY_SECONDS
        try:
            self._listener = _listen(self.alias)
        except Exception as error:
            self._warn("cannot listen for archive changes", error)
            return False
        self._pid = os.getpid()
        # Changes before LISTEN took effect were not announced: start with nothing.
        self._memo = Memo()
        self._seen_mark = self.mark.read()
        return True

    def _notified(self) -> bool:
        """Whether a notification has come (reads what has arrived, never waits). A lost
        connection counts as one, and ends listening until the next retry."""
        pgconn = self._listener.pgconn
        try:
            if not _alive(pgconn):
                raise ConnectionError("the listening connection was closed")
        except Exception as error:
            self._warn("lost the connection that listens for archive changes", error)
            self.close()
            self._retry_at = time.monotonic() + RETRY_SECONDS
            return True
        found = False
        while pgconn.notifies() is not None:
            found = True
        return found

    def _warn(self, what: str, error: Exception) -> None:
        now = time.monotonic()
        if now - self._last_warning > WARN_EVERY_SECONDS:
            self._last_warning = now
            logger.warning("%s (%s); reading freshness from the database", what, error)


def _alive(pgconn) -> bool:
    """Reads what has arrived on a connection without waiting; whether it is still open.

    Until nothing more has arrived: a server that ends a session sends a message, then closes
    the socket, and the close is only read by the next call."""
    for _ in range(_READS_PER_POLL):
        if not select.select([pgconn.socket], [], [], 0)[0]:
            break
        try:
            pgconn.consume_input()
        except psycopg.OperationalError:
            return False
        if pgconn.status != ConnStatus.OK:
            return False
    return True


def _listen(alias: str) -> psycopg.Connection:
    params = connections[alias].get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params["application_name"] = "bzkmemory-listener"
    # A server that vanishes without closing the socket is noticed within a minute.
    params.update(keepalives=1, keepalives_idle=20, keepalives_interval=5, keepalives_count=3)
    params.setdefault("connect_timeout", 3)
    listener = psycopg.connect(**params, autocommit=True)
    listener.execute(f"LISTEN {CHANNEL}")
    return listener


def _own_commits(sender, connection, **kwargs) -> None:
    """Let a PostgreSQL connection of this process hear its own notifications: they come
    before the commit is acknowledged, so the host mark changes before the writer goes on."""
    if connection.vendor != "postgresql" or not settings.FRESHNESS_NOTIFICATIONS:
        return
    raw = connection.connection
    if getattr(raw, "hears_own_commits", False):
        return
    backend = raw.info.backend_pid

    def heard(notification) -> None:
        if notification.pid == backend:
            watch.mark.change()

    raw.add_notify_handler(heard)
    with raw.cursor() as cursor:
        cursor.execute(f"LISTEN {CHANNEL}")
    raw.hears_own_commits = True


connection_created.connect(_own_commits, dispatch_uid="publishing-notifications-own-commits")

# This process's watch (gunicorn workers are processes; threads of one share it).
watch = Watch()


_current: ContextVar[Watch | None] = ContextVar("freshness_watch", default=None)


def current() -> Watch:
    """The watch of this process (or the one ``using`` set, for a worker simulated in tests)."""
    return _current.get() or watch


@contextmanager
def using(other: Watch) -> Iterator[Watch]:
    """Read freshness through ``other`` in this block (tests: two workers in one process)."""
    token = _current.set(other)
    try:
        yield other
    finally:
        _current.reset(token)
