"""What the OAI-PMH repository holds: one record per published or withdrawn programme, per
document of one, per published or withdrawn exhibition, and per removal noted in DeletedRecord.

Records are listed source by source (programmes, documents, removals, exhibitions), each in the
order of its primary key. A harvest walks that order with a position, so a record changed between
two pages keeps its place: nothing is skipped or repeated by an edit (see docs/OPEN_METADATA.md).
Sources are only ever added at the end, so that a position in a token issued before keeps its
meaning.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import models
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from exhibitions.models import DatePrecision, Exhibition, TimelineItem
from openmetadata.identifiers import (
    DOCUMENT,
    EXHIBITION,
    PROGRAMME,
    RecordIdentity,
    document_identifier,
    exhibition_identifier,
    programme_identifier,
)
from openmetadata.models import DeletedRecord, MetadataSet
from programmes.models import Programme
from publishing.models import PublicationStatus
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
    # A Programme, ToolboxDocument or Exhibition for a live record; None for a deleted one.
    item: Programme | ToolboxDocument | Exhibition | None = None


@dataclass(frozen=True)
class Window:
    """The from/until arguments of a selective harvest, both inclusive, as stored times."""

    start: datetime | None = None
    end: datetime | None = None  # exclusive bound: the end of the last second or day named


def _publication_datestamp(prefix: str = "") -> models.Expression:
    """When the record of a programme or exhibition last changed: an edit (of it or any part,
    see publishing/changes.py), or its publication or withdrawal,
    whichever is last."""
    return models.Case(
        models.When(
            **{f"{prefix}status": PublicationStatus.WITHDRAWN},
            then=Greatest(f"{prefix}updated_at", f"{prefix}withdrawn_at"),
        ),
        models.When(
            **{f"{prefix}status": PublicationStatus.PUBLISHED},
            then=Greatest(f"{prefix}updated_at", f"{prefix}published_at"),
        ),
        default=models.F(f"{prefix}updated_at"),
    )


def _exhibition_datestamp(now: datetime) -> models.Expression:
    """The exhibition's own datestamp, or a later change of a programme it relates to: its
    record names them (by title, and only while they are public). A programme scheduled for
    later counts from its publication time, once that has come. A withdrawn exhibition's
    (deleted) record names nothing: it keeps the time of its withdrawal."""
    related = (
        Programme.objects.filter(exhibitions=models.OuterRef("pk"))
        .exclude(status=PublicationStatus.PUBLISHED, published_at__gt=now)
        .annotate(changed=_publication_datestamp())
        .order_by("-changed")
        .values("changed")[:1]
    )
    own = _publication_datestamp()
    return models.Case(
        models.When(status=PublicationStatus.WITHDRAWN, then=own),
        default=Greatest(own, Coalesce(models.Subquery(related), own)),
    )


def _timeline_end(*, last: bool) -> dict[str, models.Expression]:
    """The first (or last) date of the exhibition's timeline and how precise it is: the start
    of the earliest item, or the end (for a period) of the latest one."""
    items = TimelineItem.objects.filter(exhibition=models.OuterRef("pk")).annotate(
        until=Coalesce("end_date", "date")
    )
    items = items.order_by("-until", "-pk") if last else items.order_by("date", "pk")
    name = "timeline_end" if last else "timeline_start"
    return {
        name: models.Subquery(items.values("until" if last else "date")[:1]),
        f"{name}_precision": models.Subquery(items.values("date_precision")[:1]),
    }


def _public_programmes(now: datetime | None = None) -> models.QuerySet:
    return Programme.objects.published(at=now).order_by("title_nl", "pk")


def related_programmes(exhibition: Exhibition) -> list[Programme]:
    """The programmes the exhibition relates to that visitors can see, by Dutch title.

    Reads what ExhibitionSource prefetched; an exhibition from elsewhere costs a query."""
    if hasattr(exhibition, "public_related_programmes"):
        return exhibition.public_related_programmes
    return list(_public_programmes().filter(exhibitions=exhibition))


@dataclass(frozen=True)
class TimelineDate:
    date: date
    precision: str

    @property
    def year(self) -> int:
        return self.date.year

    def isoformat(self) -> str:
        return DatePrecision(self.precision).isoformat(self.date)


def timeline_span(exhibition: Exhibition) -> tuple[TimelineDate, TimelineDate] | None:
    """The first and last date of the exhibition's timeline, or None for an empty timeline.

    Reads what ExhibitionSource annotated; an exhibition from elsewhere costs a query."""
    if not hasattr(exhibition, "timeline_start"):
        exhibition = (
            Exhibition.objects.filter(pk=exhibition.pk)
            .annotate(**_timeline_end(last=False), **_timeline_end(last=True))
            .get()
        )
    if exhibition.timeline_start is None:
        return None
    return (
        TimelineDate(exhibition.timeline_start, exhibition.timeline_start_precision),
        TimelineDate(exhibition.timeline_end, exhibition.timeline_end_precision),
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
            Programme.objects.listed(at=now)
            .annotate(datestamp=_publication_datestamp())
            .order_by("pk")
        )
        queryset = (
            queryset.with_page_content().prefetch_related("themes")
            if full
            else queryset.only("pk", "slug", "status")
        )
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
        listed = Programme.objects.listed(at=now)
        queryset = (
            ToolboxDocument.objects.filter(programme__in=listed)
            .annotate(datestamp=Greatest("updated_at", _publication_datestamp("programme__")))
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


class ExhibitionSource(Source):
    set_spec = MetadataSet.EXHIBITIONS

    def queryset(self, now, window, *, full):
        queryset = (
            Exhibition.objects.listed(at=now)
            .annotate(datestamp=_exhibition_datestamp(now))
            .order_by("pk")
        )
        if full:
            # The timeline is read as its two ends, not item by item: a page costs the same
            # however long the timelines are.
            queryset = (
                queryset.annotate(**_timeline_end(last=False), **_timeline_end(last=True))
                .select_related("curator")
                .prefetch_related(
                    "themes",
                    models.Prefetch(
                        "related_programmes",
                        queryset=_public_programmes(now),
                        to_attr="public_related_programmes",
                    ),
                )
            )
        else:
            queryset = queryset.only("pk", "slug", "status")
        return _in_window(queryset, window)

    def record(self, exhibition):
        deleted = exhibition.status == Exhibition.Status.WITHDRAWN
        header = Header(
            exhibition_identifier(exhibition.slug), exhibition.datestamp, self.set_spec, deleted
        )
        return Record(header, None if deleted else exhibition)


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
    """The sources of a list request, in the fixed order harvests walk them.

    A resumption token holds an index in this list: add a source at the end only, never
    before one a token may point at."""
    if set_spec == MetadataSet.PROGRAMMES:
        return [ProgrammeSource(), RemovalSource(MetadataSet.PROGRAMMES)]
    if set_spec == MetadataSet.DOCUMENTS:
        return [DocumentSource(), RemovalSource(MetadataSet.DOCUMENTS)]
    if set_spec == MetadataSet.EXHIBITIONS:
        return [ExhibitionSource(), RemovalSource(MetadataSet.EXHIBITIONS)]
    # Exhibitions came after removals: tokens from before them keep their meaning.
    return [ProgrammeSource(), DocumentSource(), RemovalSource(), ExhibitionSource()]


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
        items = source.queryset(now, everything, full=True).filter(slug=identity.slug)
    elif identity.kind == DOCUMENT:
        source = DocumentSource()
        items = source.queryset(now, everything, full=True).filter(
            programme__slug=identity.slug, key=identity.document_key
        )
    elif identity.kind == EXHIBITION:
        source = ExhibitionSource()
        items = source.queryset(now, everything, full=True).filter(slug=identity.slug)
    else:
        return None
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
