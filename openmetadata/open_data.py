"""The published programmes and exhibitions as open data: for each, one JSON document and one
CSV table, streamed.

Texts are in the language of the address (Dutch at /open-data/programmas.* and
/open-data/tentoonstellingen.*, English at /en/open-data/programmes.* and
/en/open-data/exhibitions.*), with the same fallback to Dutch as the pages. The field lists are
documented in docs/OPEN_DATA.md; change both together.
"""

import csv
from collections.abc import Callable, Iterator
from datetime import date

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.utils import timezone

from exhibitions.models import DatePrecision, Exhibition, TimelineItem
from openmetadata.identifiers import (
    document_identifier,
    exhibition_identifier,
    programme_identifier,
)
from programmes.models import Programme
from toolbox.models import ToolboxDocument

FORMAT_VERSION = "1"
# Rows read from the database at a time: memory stays flat however large the archive is.
CHUNK = 100

CSV_COLUMNS = [
    "identifier",
    "slug",
    "url",
    "title",
    "summary",
    "start_year",
    "end_year",
    "responsible_unit",
    "objectives",
    "planned_results",
    "achieved_results",
    "documents",
    "published_at",
    "updated_at",
    "themes",
]


def published_programmes() -> Iterator[Programme]:
    return (
        Programme.objects.published()
        .with_page_content()
        .prefetch_related("themes")
        .order_by("slug")
        .iterator(chunk_size=CHUNK)
    )


def _availability(document: ToolboxDocument) -> str:
    if document.file:
        return "file"
    if document.external_url:
        return "external"
    return "not_digital"


def document_data(document: ToolboxDocument, absolute_url: Callable[[str], str]) -> dict:
    has_file = bool(document.file)
    return {
        "key": document.key,
        "identifier": document_identifier(document.programme.slug, document.key),
        "title": document.title,
        "kind": document.kind,
        "kind_label": str(document.get_kind_display()),
        "description": document.description,
        "language": document.language,
        "publication_date": document.publication_date,
        "availability": _availability(document),
        "url": absolute_url(document.public_url) if has_file else document.external_url or None,
        "content_type": document.content_type or None,
        "size_bytes": document.file_size,
        "page_count": document.page_count,
        "sha256": document.sha256 or None,
    }


def programme_data(programme: Programme, absolute_url: Callable[[str], str]) -> dict:
    return {
        "identifier": programme_identifier(programme.slug),
        "slug": programme.slug,
        "url": absolute_url(programme.get_absolute_url()),
        "title": programme.title,
        "summary": programme.summary,
        "start_year": programme.start_year,
        "end_year": programme.end_year,
        "responsible_unit": programme.responsible_unit,
        "introduction_html": programme.introduction,
        "objectives_introduction": programme.objectives_introduction,
        "objectives": [
            {"position": o.position, "name": o.name, "description": o.description}
            for o in programme.objectives.all()
        ],
        "planned_results": [
            {"position": r.position, "text": r.text} for r in programme.planned_results.all()
        ],
        "intended_effect_html": programme.intended_effect,
        "achieved_results": [
            {"position": r.position, "heading": r.heading, "text": r.text}
            for r in programme.achieved_results.all()
        ],
        "bzk_portfolio_connection_html": programme.bzk_portfolio_connection,
        "documents": [document_data(d, absolute_url) for d in programme.documents.all()],
        "published_at": programme.published_at,
        "updated_at": programme.updated_at,
        "themes": themes_data(programme, absolute_url),
    }


def themes_data(item: Programme | Exhibition, absolute_url: Callable[[str], str]) -> list[dict]:
    """The themes an item is filed under: slug (stable), name and the theme's page."""
    return [
        {"slug": theme.slug, "name": theme.name, "url": absolute_url(theme.get_absolute_url())}
        for theme in item.themes.all()
    ]


def _themes_cell(themes: list[dict]) -> str:
    return "; ".join(theme["name"] for theme in themes)


def _about(absolute_url: Callable[[str], str], language: str) -> dict:
    return {
        "format_version": FORMAT_VERSION,
        "source": settings.OAI_REPOSITORY_NAME,
        "publisher": settings.ARCHIVE_CREATOR_NAME,
        "language": language,
        "licence": {"name": settings.METADATA_LICENCE_NAME, "url": settings.METADATA_LICENCE_URL},
        "generated_at": timezone.now(),
    }


def json_chunks(absolute_url: Callable[[str], str], language: str) -> Iterator[str]:
    """The programmes' JSON document in pieces: the header, then one programme at a time."""
    return _json_chunks(
        "programmes", published_programmes(), programme_data, absolute_url, language
    )


def exhibitions_json_chunks(absolute_url: Callable[[str], str], language: str) -> Iterator[str]:
    """The exhibitions' JSON document in pieces: the header, then one exhibition at a time."""
    return _json_chunks(
        "exhibitions", published_exhibitions(), exhibition_data, absolute_url, language
    )


def _json_chunks(name: str, items, data_of, absolute_url, language: str) -> Iterator[str]:
    encoder = DjangoJSONEncoder(ensure_ascii=False)
    head = encoder.encode(_about(absolute_url, language))
    yield head[:-1] + f', "{name}": ['
    for index, item in enumerate(items):
        yield ("," if index else "") + "\n" + encoder.encode(data_of(item, absolute_url))
    yield "\n]}\n"


class _Line:
    """A file-like object that hands back what csv.writer writes."""

    def write(self, value: str) -> str:
        return value


def _lines(items: list[str]) -> str:
    return "\n".join(items)


# A spreadsheet reads a cell that starts with one of these as a formula (OWASP "CSV Injection"):
# such a cell gets a single quote in front, so that it is shown as the text it is. Only the CSV
# tables; the JSON documents carry every text unchanged.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: object) -> object:
    """A CSV cell that no spreadsheet runs as a formula; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_line(writer, row: list) -> str:
    return writer.writerow([neutralised(cell) for cell in row])


def csv_row(data: dict) -> list:
    return [
        data["identifier"],
        data["slug"],
        data["url"],
        data["title"],
        data["summary"],
        data["start_year"],
        data["end_year"],
        data["responsible_unit"],
        _lines([f"{o['position']}. {o['name']}: {o['description']}" for o in data["objectives"]]),
        _lines([f"{r['position']}. {r['text']}" for r in data["planned_results"]]),
        _lines(
            [
                f"{r['position']}. {r['heading']}: {r['text']}"
                if r["heading"]
                else f"{r['position']}. {r['text']}"
                for r in data["achieved_results"]
            ]
        ),
        _lines(
            [
                " | ".join(
                    str(part)
                    for part in (d["title"], d["url"] or d["availability"], d["sha256"])
                    if part
                )
                for d in data["documents"]
            ]
        ),
        data["published_at"].isoformat() if data["published_at"] else "",
        data["updated_at"].isoformat(),
        _themes_cell(data["themes"]),
    ]


def csv_chunks(absolute_url: Callable[[str], str]) -> Iterator[str]:
    """The CSV table in pieces: a byte order mark (so spreadsheets read UTF-8), the header, then
    one row per programme."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(CSV_COLUMNS)
    for programme in published_programmes():
        yield _csv_line(writer, csv_row(programme_data(programme, absolute_url)))


# Exhibitions: what describes them and their timeline, not what they are made of. The curator's
# texts, photos, films and interviews keep rights of their own, which the site does not record,
# so the metadata licence is not put on them: the files hold titles, dates, kinds, names and
# addresses, and point to the pages for the rest (docs/OPEN_DATA.md).
EXHIBITION_CSV_COLUMNS = [
    "identifier",
    "slug",
    "url",
    "title",
    "subtitle",
    "curator",
    "curator_role",
    "first_date",
    "last_date",
    "timeline",
    "related_programmes",
    "published_at",
    "updated_at",
    "themes",
]


def published_exhibitions() -> Iterator[Exhibition]:
    return (
        Exhibition.objects.published()
        .select_related("curator")
        .prefetch_related(
            "themes",
            Prefetch("items", queryset=TimelineItem.objects.select_related("document__programme")),
            Prefetch("related_programmes", queryset=Programme.objects.published().order_by("slug")),
        )
        .order_by("slug")
        .iterator(chunk_size=CHUNK)
    )


def _precise(item: TimelineItem, value: date | None) -> str | None:
    return DatePrecision(item.date_precision).isoformat(value) if value else None


def timeline_item_data(item: TimelineItem, absolute_url: Callable[[str], str]) -> dict:
    document = item.document
    return {
        "slug": item.slug,
        "url": absolute_url(item.get_absolute_url()),
        "date": _precise(item, item.date),
        "end_date": _precise(item, item.end_date),
        "date_precision": item.date_precision,
        "title": item.title,
        "kind": item.kind,
        "kind_label": str(item.get_kind_display()),
        "document": (
            document_identifier(document.programme.slug, document.key)
            if document is not None and document.programme.is_public
            else None
        ),
        "has_image": bool(item.image),
        "has_video": bool(item.video),
    }


def exhibition_data(exhibition: Exhibition, absolute_url: Callable[[str], str]) -> dict:
    items = list(exhibition.items.all())
    last = max(items, key=lambda item: item.end_date or item.date, default=None)
    curator = exhibition.curator
    return {
        "identifier": exhibition_identifier(exhibition.slug),
        "slug": exhibition.slug,
        "url": absolute_url(exhibition.get_absolute_url()),
        "title": exhibition.title,
        "subtitle": exhibition.subtitle,
        "curator": {"name": curator.name, "role": curator.role} if curator else None,
        "first_date": _precise(items[0], items[0].date) if items else None,
        "last_date": _precise(last, last.end_date or last.date) if last else None,
        "timeline": [timeline_item_data(item, absolute_url) for item in items],
        "related_programmes": [
            {
                "identifier": programme_identifier(programme.slug),
                "url": absolute_url(programme.get_absolute_url()),
                "title": programme.title,
            }
            for programme in exhibition.related_programmes.all()
        ],
        "published_at": exhibition.published_at,
        "updated_at": exhibition.updated_at,
        "themes": themes_data(exhibition, absolute_url),
    }


def exhibition_csv_row(data: dict) -> list:
    curator = data["curator"] or {}
    return [
        data["identifier"],
        data["slug"],
        data["url"],
        data["title"],
        data["subtitle"],
        curator.get("name", ""),
        curator.get("role", ""),
        data["first_date"] or "",
        data["last_date"] or "",
        _lines(
            [
                f"{item['date']}{'/' + item['end_date'] if item['end_date'] else ''} "
                f"({item['kind_label']}): {item['title']} | {item['url']}"
                for item in data["timeline"]
            ]
        ),
        _lines([f"{p['title']} | {p['url']}" for p in data["related_programmes"]]),
        data["published_at"].isoformat() if data["published_at"] else "",
        data["updated_at"].isoformat(),
        _themes_cell(data["themes"]),
    ]


def exhibitions_csv_chunks(absolute_url: Callable[[str], str]) -> Iterator[str]:
    """The exhibitions' CSV table: a byte order mark, the header, one row per exhibition."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(EXHIBITION_CSV_COLUMNS)
    for exhibition in published_exhibitions():
        yield _csv_line(writer, exhibition_csv_row(exhibition_data(exhibition, absolute_url)))
