"""Programmes and exhibitions as bundle documents: the one mapping between the models and the
format.

Export writes these documents; import compares them with what a bundle holds to know whether a
programme or exhibition is unchanged. Identity is the slug (and each document's key, each
timeline item's slug), never a database id.
"""

from datetime import UTC, date, datetime

from django.db.models import Prefetch
from django.utils.dateparse import parse_datetime

from exhibitions.models import Exhibition, TimelineItem, captions_are_webvtt, video_type
from programmes.archive.format import (
    CAPTIONS_CONTENT_TYPE,
    LANGUAGES,
    document_file_path,
    image_file_path,
    item_file_path,
)
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


# Exhibitions --------------------------------------------------------------------------------

EXHIBITION_TEXTS = ("title", "subtitle", "teaser", "curator_introduction", "reading_guide")
ITEM_TEXTS = ("title", "text", "image_alt_text", "image_caption", "transcript")
# A timeline item's files: model field and name in the bundle.
ITEM_FILES = {
    "image": "image",
    "video": "video",
    "captions_nl": "captions-nl",
    "captions_en": "captions-en",
}


def with_exhibition_content(queryset):
    """Everything ``exhibition_document`` reads, in a fixed number of queries."""
    return queryset.select_related("curator", "opening_item").prefetch_related(
        "related_programmes",
        Prefetch(
            "items",
            queryset=TimelineItem.objects.select_related("document__programme").order_by(
                "date", "pk"
            ),
        ),
    )


def exhibition_document(exhibition: Exhibition) -> dict:
    """The bundle document of an exhibition (prefetched with ``with_exhibition_content``)."""
    curator = exhibition.curator
    document = {
        "slug": exhibition.slug,
        "status": exhibition.status,
        "published_at": timestamp(exhibition.published_at),
        "withdrawn_at": timestamp(exhibition.withdrawn_at),
        "curator": None
        if curator is None
        else {"name": curator.name, **bilingual(curator, "role")},
        "related_programmes": sorted(p.slug for p in exhibition.related_programmes.all()),
        "opening_item": exhibition.opening_item.slug if exhibition.opening_item else None,
        "items": [item_entry(exhibition, item) for item in exhibition.items.all()],
    }
    for field in EXHIBITION_TEXTS:
        document.update(bilingual(exhibition, field))
    return document


def item_entry(exhibition: Exhibition, item: TimelineItem) -> dict:
    entry = {
        "slug": item.slug,
        "date": item.date.isoformat(),
        "date_precision": item.date_precision,
        "end_date": item.end_date.isoformat() if item.end_date else None,
        "kind": item.kind,
        "image_is_decorative": item.image_is_decorative,
        "document": None
        if item.document is None
        else {"programme": item.document.programme.slug, "key": item.document.key},
    }
    for field in ITEM_TEXTS:
        entry.update(bilingual(item, field))
    for field in ITEM_FILES:
        entry[field] = item_file_entry(exhibition, item, field)
    return entry


def item_file_entry(exhibition: Exhibition, item: TimelineItem, field: str) -> dict | None:
    """A timeline item's file, its facts read from storage (items keep no checksums)."""
    stored = getattr(item, field)
    if not stored:
        return None
    path = item_file_path(exhibition.slug, item.slug, ITEM_FILES[field], stored.name)
    try:
        with stored.open("rb") as stream:
            facts = file_facts(stream, name=stored.name)
            content_type = content_type_of(field, stream, facts.content_type)
    except FileNotFoundError:
        return {"path": path, "missing": True}
    return {
        "path": path,
        "size": facts.size,
        "content_type": content_type,
        "sha256": facts.sha256,
    }


def content_type_of(field: str, stream, sniffed: str) -> str:
    """A timeline item's file's type as the site judges it: a video (MP4 or WebM) and captions
    (WebVTT) by the same checks as an upload in the admin, anything else by its magic number."""
    if field == "video":
        return video_type(stream) or sniffed
    if field.startswith("captions"):
        return CAPTIONS_CONTENT_TYPE if captions_are_webvtt(stream) else sniffed
    return sniffed


def comparable_exhibition(document: dict) -> dict:
    """An exhibition document reduced to what matters for 'unchanged', like ``comparable``;
    items are compared by slug (the timeline orders them by date, whatever the bundle's order)."""
    result = dict(document)
    for field in ("published_at", "withdrawn_at"):
        if isinstance(result.get(field), str):
            moment = parse_datetime(result[field])
            result[field] = timestamp(moment) if moment else result[field]
    result["related_programmes"] = sorted(result.get("related_programmes", []))
    items = [
        {
            **item,
            **{field: _without_path(item.get(field)) for field in ITEM_FILES},
        }
        for item in result.get("items", [])
    ]
    result["items"] = sorted(items, key=lambda item: item.get("slug", ""))
    return result


def parse_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
