"""Whether a cached public page is still current: the one query a page served from the cache runs.

Each public page is cached under a stamp of the content it shows (website/page_cache.py), so
every request first reads that stamp from the database. Building and compiling a queryset costs
about 0.5 ms of Python, some twenty times the query itself, and these reads run on every page
view. So each read is compiled from the ORM once per database connection (from the same rule of
what is public, ``public_q``, that the querysets use) and kept as SQL; a request only fills in
its values. Each is one small indexed read whatever the size of the archive.

On PostgreSQL even that read is mostly skipped: each worker hears of every change from the
database (publishing/notifications.py) and keeps the answers it has read until the next change,
or until the next scheduled publication time, whichever comes first. So a cached page is served
without asking the database anything. On SQLite, with a read replica, inside a transaction or
while the worker is not listening, every read asks the database as before.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connections, router
from django.db.models import QuerySet, Subquery
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from publishing import notifications
from publishing.changes import tracked_models
from publishing.models import ArchiveRevision, Publication, PublicationStatus, public_q
from website.models import SiteSettings

# Stand-ins compiled into a statement where a request's own values go.
_NOW = datetime(1800, 1, 1, 0, 0, 1, tzinfo=UTC)
_SLUG = "\x1e-slug-\x1e"


@dataclass(frozen=True)
class _Statement:
    """A read compiled once: its SQL, and for each parameter a constant or a stand-in."""

    sql: str
    params: tuple

    def run(self, alias: str, now: Any, slug: str = "") -> dict[str, Any] | None:
        """The row read, by column name; None if there is none."""
        values = [now if p is _NOW else slug if p is _SLUG else p for p in self.params]
        with connections[alias].cursor() as cursor:
            cursor.execute(self.sql, values)
            row = cursor.fetchone()
            names = [column[0] for column in cursor.description]
        return None if row is None else dict(zip(names, row, strict=True))


_statements: dict[tuple[str, str], _Statement] = {}
# Answers remembered between changes: beyond this many (addresses are an open set), further
# ones are read each time until the next change starts the memo afresh.
MAX_REMEMBERED = 20_000


def _statement(
    alias: str, name: str, build: Callable[[], QuerySet | dict[str, QuerySet]]
) -> _Statement:
    """The statement ``name`` for this connection, compiled once: the queryset ``build()``
    gives, or several (by name) as one SELECT of scalar subqueries."""
    key = (alias, name)
    if key not in _statements:
        connection = connections[alias]
        now = connection.ops.adapt_datetimefield_value(_NOW)
        built = build()
        parts = built if isinstance(built, dict) else {"": built}
        sqls, params = [], []
        for column, queryset in parts.items():
            sql, values = queryset.query.get_compiler(using=alias).as_sql()
            sqls.append(f"({sql}) AS {connection.ops.quote_name(column)}" if column else sql)
            params += [
                _NOW if value == now else _SLUG if value == _SLUG else value for value in values
            ]
        sql = sqls[0] if not isinstance(built, dict) else "SELECT " + ", ".join(sqls)
        _statements[key] = _Statement(sql, tuple(params))
    return _statements[key]


def item_page(model: type[Publication], slug: str) -> tuple[int, datetime, datetime | None] | None:
    """For a programme (or any published model with a slug) visitors may see: its id, when it
    last changed and when the site texts last changed. None if no public one has this slug."""

    def build() -> QuerySet:
        public = model.objects.filter(public_q(at=_NOW), slug=_SLUG).order_by()
        return public.annotate(site_changed=Subquery(_site_changed())).values(
            "pk", "updated_at", "site_changed"
        )

    alias = _alias()
    name = f"page:{model._meta.label_lower}"
    row = _remembered(
        alias,
        (name, slug),
        lambda now: _statement(alias, name, build).run(alias, now, slug),
        keep_none=False,  # an unknown address is not worth remembering, and anyone can make one
    )
    if row is None:
        return None
    return row["pk"], _moment(row["updated_at"]), _moment(row["site_changed"])


def listings() -> tuple[str, datetime | None, datetime | None]:
    """For pages that list programmes and exhibitions (home, index, search results): a stamp that
    changes with any change to them, when they last changed, and when the site texts last changed.

    A change is a write (counted by ArchiveRevision) or a scheduled publication whose time has
    come, which changes the newest publication time that has come without anything written.
    """

    def build() -> dict[str, QuerySet]:
        revision = ArchiveRevision.objects.filter(pk=ArchiveRevision.SINGLETON_PK)
        newest = {
            f"newest_{index}": model.objects.filter(public_q(at=_NOW))
            .order_by("-published_at")
            .values("published_at")[:1]
            for index, model in enumerate(tracked_models())
        }
        return {
            "number": revision.values("number"),
            "changed": revision.values("changed_at"),
            **newest,
            "site_changed": _site_changed(),
        }

    alias = _alias()
    row = _remembered(
        alias, ("listings",), lambda now: _statement(alias, "listings", build).run(alias, now)
    )
    moments = [
        _moment(value) for name, value in row.items() if name.startswith(("changed", "newest"))
    ]
    stamp = ":".join(
        [str(row["number"] or 0), *(f"{m.timestamp():.6f}" if m else "-" for m in moments)]
    )
    moments = [moment for moment in moments if moment]
    return stamp, max(moments, default=None), _moment(row["site_changed"])


def _remembered(
    alias: str, key: tuple, read: Callable[[Any], dict | None], *, keep_none: bool = True
) -> dict | None:
    """``read(now)``, or its answer remembered since the last change (see the module's text)."""
    now = timezone.now()
    memo = notifications.current().memo(alias, now)
    if memo is None:
        return read(_adapt(alias, now))
    if key in memo.answers:
        return memo.answers[key]
    if not memo.until_known:
        memo.until = _next_publication(alias, now)
    row = read(_adapt(alias, now))
    if (row is not None or keep_none) and len(memo.answers) < MAX_REMEMBERED:
        memo.answers[key] = row
    return row


def _next_publication(alias: str, now: datetime) -> datetime | None:
    """The earliest publication time still to come: what is public changes then, unwritten."""

    def build() -> dict[str, QuerySet]:
        # The time half of public_q(): published, with a time that has not come yet.
        return {
            f"next_{index}": model.objects.filter(
                status=PublicationStatus.PUBLISHED, published_at__gt=_NOW
            )
            .order_by("published_at")
            .values("published_at")[:1]
            for index, model in enumerate(tracked_models())
        }

    if not tracked_models():
        return None
    row = _statement(alias, "next_publication", build).run(alias, _adapt(alias, now))
    return min(filter(None, map(_moment, row.values())), default=None)


def _site_changed() -> QuerySet:
    return SiteSettings.objects.filter(pk=SiteSettings.SINGLETON_PK).values("updated_at")


def _alias() -> str:
    # Read where the ORM would read (the replica for public pages, see website/db_router.py).
    return router.db_for_read(ArchiveRevision)


def _adapt(alias: str, moment: datetime) -> Any:
    return connections[alias].ops.adapt_datetimefield_value(moment)


def _moment(value: datetime | str | None) -> datetime | None:
    """A database time as an aware datetime (SQLite gives naive UTC times, or text)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return value
