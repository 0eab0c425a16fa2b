"""Whether a cached public page is still current: the one query a page served from the cache runs.

Each public page is cached under a stamp of the content it shows (bzkmemory/page_cache.py), so
every request first reads that stamp from the database. These reads are written in SQL, built
once from the models' metadata: the same reads through the ORM cost about 0.5 ms of Python each
(building and compiling the queryset), some twenty times the query itself, and they run on every
page view. Each is one small indexed read whatever the size of the archive.
"""

from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache

from django.db import connections, router
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from bzkmemory.models import SiteSettings
from programmes.models import ArchiveRevision, Programme, PublicationStatus

NOW = object()  # a query parameter that is the current time


def programme_page(slug: str) -> tuple[int, datetime, datetime | None] | None:
    """For a programme visitors may see: its id, when it last changed and when the site texts
    last changed. None if no published programme has this slug."""
    row = _read(_programme_page_sql, [slug, PublicationStatus.PUBLISHED, NOW])
    if row is None:
        return None
    programme_id, changed, site_changed = row
    return programme_id, _moment(changed), _moment(site_changed)


def listings() -> tuple[str, datetime | None, datetime | None]:
    """For pages that list programmes and exhibitions (home, index, search results): a stamp that
    changes with any change to them, when they last changed, and when the site texts last changed.

    A change is a write (counted by ArchiveRevision) or a scheduled publication whose time has
    come, which changes the newest publication time that has come without anything written.
    """
    number, changed, newest_programme, newest_exhibition, site_changed = _read(
        _listings_sql, [PublicationStatus.PUBLISHED, NOW] * 2
    )
    moments = [_moment(m) for m in (changed, newest_programme, newest_exhibition)]
    stamp = ":".join([str(number or 0), *(f"{m.timestamp():.6f}" if m else "-" for m in moments)])
    moments = [moment for moment in moments if moment]
    return stamp, max(moments, default=None), _moment(site_changed)


def _read(sql_for: Callable[[str], str], values: list) -> tuple | None:
    # Read where the ORM would read (the replica for public pages, see bzkmemory/db_router.py).
    connection = connections[router.db_for_read(Programme)]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql_for(connection.vendor), [now if v is NOW else v for v in values])
        return cursor.fetchone()


def _moment(value: datetime | str | None) -> datetime | None:
    """A database time as an aware datetime (SQLite gives naive UTC times, or text)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return value


class _Names:
    """Quoted table and column names of a model (the SQL texts are kept per database vendor)."""

    def __init__(self, model) -> None:
        self.quote = connections[router.db_for_read(model)].ops.quote_name
        self.model = model

    @property
    def table(self) -> str:
        return self.quote(self.model._meta.db_table)

    def __getattr__(self, field: str) -> str:
        return self.quote(self.model._meta.get_field(field).column)


# Only names from the models' metadata and integer constants go into these texts; every value
# from a request is a query parameter.
@cache
def _site_changed_sql(vendor: str) -> str:
    site = _Names(SiteSettings)
    pk = int(SiteSettings.SINGLETON_PK)
    return f"(SELECT {site.updated_at} FROM {site.table} WHERE {site.id} = {pk})"  # noqa: S608


@cache
def _programme_page_sql(vendor: str) -> str:
    programme = _Names(Programme)
    return (
        f"SELECT {programme.id}, {programme.updated_at}, {_site_changed_sql(vendor)} "  # noqa: S608
        f"FROM {programme.table} WHERE {programme.slug} = %s AND {programme.status} = %s "
        f"AND {programme.published_at} <= %s"
    )


def _newest_publication_sql(model) -> str:
    """The newest publication time that has come; two parameters: the status and the time.

    Status and publication time are an index of each model (programme_public_idx,
    exhibition_public_idx): the newest is one step."""
    item = _Names(model)
    return (
        f"(SELECT {item.published_at} FROM {item.table} "  # noqa: S608
        f"WHERE {item.status} = %s AND {item.published_at} <= %s "
        f"ORDER BY {item.published_at} DESC LIMIT 1)"
    )


@cache
def _listings_sql(vendor: str) -> str:
    from exhibitions.models import Exhibition  # the exhibitions app builds on this one

    revision = _Names(ArchiveRevision)
    pk = int(ArchiveRevision.SINGLETON_PK)
    the_revision = f"FROM {revision.table} WHERE {revision.id} = {pk}"
    return (
        f"SELECT (SELECT {revision.number} {the_revision}), "
        f"(SELECT {revision.changed_at} {the_revision}), "
        f"{_newest_publication_sql(Programme)}, {_newest_publication_sql(Exhibition)}, "
        f"{_site_changed_sql(vendor)}"
    )
