"""What the OAI-PMH repository holds: one record per published or withdrawn programme, per
document of one, and per removal noted in DeletedRecord.

Records are listed source by source (programmes, documents, removals), each in the order of its
primary key. A harvest walks that order with a position, so a record changed between two pages
keeps its place: nothing is skipped or repeated by an edit (see docs/OPEN_METADATA.md).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import models
from django.db.models.functions import Greatest
from django.utils import timezone

from openmetadata.identifiers import (
    PROGRAMME,
    RecordIdentity,
    document_identifier,
    programme_identifier,
)
from openmetadata.models import DeletedRecord, MetadataSet
from programmes.models import Programme
from toolbox.models import ToolboxDocument


@dataclass(frozen=True)
class Header:
    identifier: str
    datestamp: datetime
    set_spec: str
    deleted: bool


@dataclass(frozen=True)
class Record:
    header: Header
    # A Programme or ToolboxDocument for a live record; None for a deleted one.
    item: Programme | ToolboxDocument | None = None


@dataclass(frozen=True)
class Window:
    """The from/until arguments of a selective harvest, both inclusive, as stored times."""

    start: datetime | None = None
    end: datetime | None = None  # exclusive bound: the end of the last second or day named


def _programme_datestamp(prefix: str = "") -> models.Expression:
    """When the programme's record last changed: an edit (of it or any part, see
    programmes/signals.py), or its publication or withdrawal, whichever is last."""
    return models.Case(
        models.When(
            **{f"{prefix}status": Programme.Status.WITHDRAWN},
            then=Greatest(f"{prefix}updated_at", f"{prefix}withdrawn_at"),
        ),
        default=Greatest(f"{prefix}updated_at", f"{prefix}published_at"),
    )


def _listed_programmes(now: datetime) -> models.Q:
    return models.Q(status=Programme.Status.PUBLISHED, published_at__lte=now) | models.Q(
        status=Programme.Status.WITHDRAWN
    )


def _in_window(queryset: models.QuerySet, window: Window) -> models.QuerySet:
    if window.start is not None:
        queryset = queryset.filter(datestamp__gte=window.start)
    if window.end is not None:
        queryset = queryset.filter(datestamp__lt=window.end)
    return queryset


class Source:
    """One table of records, read in primary key order."""

    set_spec: str

    def queryset(self, now: datetime, window: Window, *, full: bool) -> models.QuerySet:
        raise NotImplementedError

    def record(self, item) -> Record:
        raise NotImplementedError


class ProgrammeSource(Source):
    set_spec = MetadataSet.PROGRAMMES

    def queryset(self, now, window, *, full):
        queryset = (
            Programme.objects.filter(_listed_programmes(now))
            .annotate(datestamp=_programme_datestamp())
            .order_by("pk")
        )
        queryset = queryset.with_page_content() if full else queryset.only("pk", "slug", "status")
        return _in_window(queryset, window)

    def record(self, programme):
        deleted = programme.status == Programme.Status.WITHDRAWN
        header = Header(
            programme_identifier(programme.slug), programme.datestamp, self.set_spec, deleted
        )
        return Record(header, None if deleted else programme)


class DocumentSource(Source):
    set_spec = MetadataSet.DOCUMENTS

    def queryset(self, now, window, *, full):
        listed = Programme.objects.filter(_listed_programmes(now))
        queryset = (
            ToolboxDocument.objects.filter(programme__in=listed)
            .annotate(datestamp=Greatest("updated_at", _programme_datestamp("programme__")))
            .select_related("programme")
            .order_by("pk")
        )
        if not full:
            queryset = queryset.only("pk", "key", "programme__slug", "programme__status")
        return _in_window(queryset, window)

    def record(self, document):
        deleted = document.programme.status == Programme.Status.WITHDRAWN
        identifier = document_identifier(document.programme.slug, document.key)
        header = Header(identifier, document.datestamp, self.set_spec, deleted)
        return Record(header, None if deleted else document)


class RemovalSource(Source):
    def __init__(self, set_spec: str | None = None):
        self.set_spec = set_spec

    def queryset(self, now, window, *, full):
        queryset = (
            DeletedRecord.objects.current(at=now)
            .annotate(datestamp=models.F("deleted_at"))
            .order_by("pk")
        )
        if self.set_spec:
            queryset = queryset.filter(set_spec=self.set_spec)
        return _in_window(queryset, window)

    def record(self, removal):
        return Record(Header(removal.identifier, removal.deleted_at, removal.set_spec, True))


def sources(set_spec: str | None) -> list[Source]:
    """The sources of a list request, in the fixed order harvests walk them."""
    if set_spec == MetadataSet.PROGRAMMES:
        return [ProgrammeSource(), RemovalSource(MetadataSet.PROGRAMMES)]
    if set_spec == MetadataSet.DOCUMENTS:
        return [DocumentSource(), RemovalSource(MetadataSet.DOCUMENTS)]
    return [ProgrammeSource(), DocumentSource(), RemovalSource()]


@dataclass(frozen=True)
class Position:
    """Where a harvest is: the source it reads and the last primary key it had from it."""

    source: int = 0
    after_pk: int = 0


@dataclass
class Page:
    records: list[Record]
    next_position: Position | None
    complete_list_size: int


def list_page(
    set_spec: str | None,
    window: Window,
    position: Position,
    size: int,
    *,
    full: bool,
    now: datetime | None = None,
) -> Page:
    """Up to ``size`` records from ``position`` on, and where the next page starts."""
    now = now or timezone.now()
    chosen = sources(set_spec)
    total = sum(source.queryset(now, window, full=False).count() for source in chosen)
    records: list[Record] = []
    next_position = None
    for index in range(position.source, len(chosen)):
        source = chosen[index]
        after = position.after_pk if index == position.source else 0
        wanted = size - len(records)
        items = list(source.queryset(now, window, full=full).filter(pk__gt=after)[: wanted + 1])
        records.extend(source.record(item) for item in items[:wanted])
        if len(items) > wanted:
            next_position = Position(index, items[wanted - 1].pk if wanted else after)
            break
        if len(records) == size:
            # This source is used up; whether anything follows shows on the next page.
            if any(
                later.queryset(now, window, full=False).exists() for later in chosen[index + 1 :]
            ):
                next_position = Position(index + 1, 0)
            break
    return Page(records, next_position, total)


def find(identity: RecordIdentity, *, now: datetime | None = None) -> Record | None:
    """The record with this identity, live or deleted, or None if the repository never had it."""
    now = now or timezone.now()
    everything = Window()
    source: Source
    if identity.kind == PROGRAMME:
        source = ProgrammeSource()
        items = source.queryset(now, everything, full=True).filter(slug=identity.programme_slug)
    else:
        source = DocumentSource()
        items = source.queryset(now, everything, full=True).filter(
            programme__slug=identity.programme_slug, key=identity.document_key
        )
    item = items.first()
    if item is not None:
        return source.record(item)
    removal = DeletedRecord.objects.current(at=now).filter(identifier=identity.oai).first()
    if removal is not None:
        return RemovalSource().record(removal)
    return None


def earliest_datestamp(*, now: datetime | None = None) -> datetime | None:
    now = now or timezone.now()
    firsts = [
        source.queryset(now, Window(), full=False).aggregate(first=models.Min("datestamp"))["first"]
        for source in sources(None)
    ]
    known = [first for first in firsts if first is not None]
    return min(known) if known else None


ONE_SECOND = timedelta(seconds=1)
