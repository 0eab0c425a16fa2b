"""The published programmes as open data: one JSON document and one CSV table, streamed.

Texts are in the language of the address (Dutch at /open-data/programmas.*, English at
/en/open-data/programmes.*), with the same fallback to Dutch as the pages. The field list is
documented in docs/OPEN_DATA.md; change both together.
"""

import csv
from collections.abc import Callable, Iterator

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from openmetadata.identifiers import document_identifier, programme_identifier
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
]


def published_programmes() -> Iterator[Programme]:
    return (
        Programme.objects.published()
        .with_page_content()
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
    }


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
    """The JSON document in pieces: the header, then one programme at a time."""
    encoder = DjangoJSONEncoder(ensure_ascii=False)
    head = encoder.encode(_about(absolute_url, language))
    yield head[:-1] + ', "programmes": ['
    for index, programme in enumerate(published_programmes()):
        yield (
            ("," if index else "") + "\n" + encoder.encode(programme_data(programme, absolute_url))
        )
    yield "\n]}\n"


class _Line:
    """A file-like object that hands back what csv.writer writes."""

    def write(self, value: str) -> str:
        return value


def _lines(items: list[str]) -> str:
    return "\n".join(items)


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
    ]


def csv_chunks(absolute_url: Callable[[str], str]) -> Iterator[str]:
    """The CSV table in pieces: a byte order mark (so spreadsheets read UTF-8), the header, then
    one row per programme."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(CSV_COLUMNS)
    for programme in published_programmes():
        yield writer.writerow(csv_row(programme_data(programme, absolute_url)))
