"""A programme as a bundle document: the one mapping between the models and the format.

Export writes these documents; import compares them with what a bundle holds to know whether a
programme is unchanged. Identity is the slug (and each document's key), never a database id.
"""

from datetime import UTC, date, datetime

from django.db.models import Prefetch
from django.utils.dateparse import parse_datetime

from programmes.archive.format import LANGUAGES, document_file_path, image_file_path
from programmes.models import Programme
from toolbox.files import file_facts
from toolbox.models import ToolboxDocument

PROGRAMME_TEXTS = (
    "title",
    "summary",
    "introduction",
    "objectives_introduction",
    "bzk_portfolio_connection",
    "intended_effect",
    "responsible_unit",
    "image_alt_text",
    "image_caption",
)
PARTS = {
    "objectives": ("name", "description"),
    "planned_results": ("text",),
    "achieved_results": ("heading", "text"),
}
DOCUMENT_TEXTS = ("title", "description")


def with_archive_content(queryset):
    """Everything ``programme_document`` reads, in a fixed number of queries."""
    return queryset.prefetch_related(
        "objectives",
        "planned_results",
        "achieved_results",
        Prefetch("documents", queryset=ToolboxDocument.objects.order_by("position")),
        "former_slugs",
    )


def bilingual(obj, field: str) -> dict[str, str]:
    return {f"{field}_{code}": getattr(obj, f"{field}_{code}") or "" for code in LANGUAGES}


def timestamp(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def programme_document(programme: Programme) -> dict:
    """The bundle document of a programme (prefetched with ``with_archive_content``)."""
    document = {
        "slug": programme.slug,
        "status": programme.status,
        "published_at": timestamp(programme.published_at),
        "withdrawn_at": timestamp(programme.withdrawn_at),
        "start_year": programme.start_year,
        "end_year": programme.end_year,
        "image": image_entry(programme),
        "image_is_decorative": programme.image_is_decorative,
        "review_date": programme.review_date.isoformat() if programme.review_date else None,
        "former_slugs": sorted(former.slug for former in programme.former_slugs.all()),
    }
    for field in PROGRAMME_TEXTS:
        document.update(bilingual(programme, field))
    for relation, fields in PARTS.items():
        document[relation] = [
            {key: value for field in fields for key, value in bilingual(part, field).items()}
            for part in getattr(programme, relation).all()
        ]
    document["documents"] = [document_entry(programme, item) for item in programme.documents.all()]
    return document


def document_entry(programme: Programme, document: ToolboxDocument) -> dict:
    entry = {
        "key": document.key,
        "kind": document.kind,
        "publication_date": document.publication_date.isoformat()
        if document.publication_date
        else None,
        "language": document.language,
        "external_url": document.external_url,
        "file": None,
    }
    for field in DOCUMENT_TEXTS:
        entry.update(bilingual(document, field))
    if document.file:
        entry["file"] = {
            "path": document_file_path(programme.slug, document.key, document.file.name),
            "size": document.file_size,
            "content_type": document.content_type,
            "sha256": document.sha256,
        }
    return entry


def image_entry(programme: Programme) -> dict | None:
    """The image's facts, read from storage (programmes keep no checksum of their image)."""
    if not programme.image:
        return None
    try:
        with programme.image.open("rb") as stream:
            facts = file_facts(stream, name=programme.image.name)
    except FileNotFoundError:
        return {"path": image_file_path(programme.slug, programme.image.name), "missing": True}
    return {
        "path": image_file_path(programme.slug, programme.image.name),
        "size": facts.size,
        "content_type": facts.content_type,
        "sha256": facts.sha256,
    }


def comparable(document: dict) -> dict:
    """A document reduced to what matters for 'unchanged': file paths inside a bundle do not,
    and timestamps are compared as moments, not as text."""
    result = dict(document)
    for field in ("published_at", "withdrawn_at"):
        if isinstance(result.get(field), str):
            moment = parse_datetime(result[field])
            result[field] = timestamp(moment) if moment else result[field]
    result["former_slugs"] = sorted(result.get("former_slugs", []))
    result["image"] = _without_path(result.get("image"))
    result["documents"] = [
        {**entry, "file": _without_path(entry.get("file"))} for entry in result.get("documents", [])
    ]
    return result


def _without_path(entry: dict | None) -> dict | None:
    if entry is None:
        return None
    return {key: value for key, value in entry.items() if key != "path"}


def parse_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
