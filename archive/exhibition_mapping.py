"""An exhibition as a bundle document and back: the one mapping between the exhibition models
(with the curator and the timeline) and the format, in both directions. Related programmes and
cited documents are named by slug and key."""

from django.db.models import Prefetch

from archive.files import (
    CAPTIONS_FILE,
    ITEM_IMAGE_FILE,
    VIDEO_FILE,
    content_type_of,
)
from archive.format import item_file_path
from archive.mapping import (
    apply_bilingual,
    bilingual,
    comparable_moments,
    parse_date,
    parse_moment,
    timestamp,
    without_path,
)
from archive.themes import theme_slugs
from exhibitions.models import (
    Curator,
    Exhibition,
    TimelineItem,
    captions_upload_path,
    image_upload_path,
    video_upload_path,
)
from toolbox.files import file_facts

EXHIBITION_TEXTS = ("title", "subtitle", "teaser", "curator_introduction", "reading_guide")
ITEM_TEXTS = ("title", "text", "image_alt_text", "image_caption", "transcript")
# A timeline item's files: model field, name in the bundle, and what kind of file it is.
ITEM_FILES = {
    "image": "image",
    "video": "video",
    "captions_nl": "captions-nl",
    "captions_en": "captions-en",
}
ITEM_FILE_KINDS = {
    "image": ITEM_IMAGE_FILE,
    "video": VIDEO_FILE,
    "captions_nl": CAPTIONS_FILE,
    "captions_en": CAPTIONS_FILE,
}
ITEM_UPLOAD_PATHS = {
    "image": image_upload_path,
    "video": video_upload_path,
    "captions_nl": captions_upload_path,
    "captions_en": captions_upload_path,
}


# Fields a document may leave out (bundles made before they were part of the format); an
# import then leaves them as they are. Exports always write them.
OPTIONAL = ("themes",)


def with_exhibition_content(queryset):
    """Everything ``exhibition_document`` reads, in a fixed number of queries."""
    return queryset.select_related("curator", "opening_item").prefetch_related(
        "related_programmes",
        "themes",
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
        "themes": theme_slugs(exhibition),
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
            content_type = content_type_of(ITEM_FILE_KINDS[field], stream, facts.content_type)
    except FileNotFoundError:
        return {"path": path, "missing": True}
    return {
        "path": path,
        "size": facts.size,
        "content_type": content_type,
        "sha256": facts.sha256,
    }


def comparable_exhibition(document: dict) -> dict:
    """An exhibition document reduced to what matters for 'unchanged', like ``comparable``;
    items are compared by slug (the timeline orders them by date, whatever the bundle's order)."""
    result = comparable_moments(document)
    result["related_programmes"] = sorted(result.get("related_programmes", []))
    if "themes" in result:
        result["themes"] = sorted(result["themes"])
    items = [
        {
            **item,
            **{field: without_path(item.get(field)) for field in ITEM_FILES},
        }
        for item in result.get("items", [])
    ]
    result["items"] = sorted(items, key=lambda item: item.get("slug", ""))
    return result


# From a document to the models ----------------------------------------------------------------


def apply_exhibition_fields(exhibition: Exhibition, document: dict) -> None:
    """The exhibition's own values; its curator, programmes and items are apart."""
    apply_bilingual(exhibition, document, EXHIBITION_TEXTS)
    exhibition.status = document["status"]
    exhibition.published_at = parse_moment(document["published_at"])
    exhibition.withdrawn_at = parse_moment(document["withdrawn_at"])


def curator_instance(values: dict) -> Curator:
    curator = Curator(name=values["name"])
    apply_bilingual(curator, values, ("role",))
    return curator


def apply_item_fields(item: TimelineItem, values: dict) -> None:
    item.date = parse_date(values["date"])
    item.date_precision = values["date_precision"]
    item.end_date = parse_date(values["end_date"])
    item.kind = values["kind"]
    item.image_is_decorative = values["image_is_decorative"]
    apply_bilingual(item, values, ITEM_TEXTS)


def item_instance(values: dict) -> TimelineItem:
    """An unsaved timeline item with the values of a bundle's item; its files named only, under
    names like those they will be stored under, so that clean() sees which files it has."""
    item = TimelineItem(slug=values["slug"])
    apply_item_fields(item, values)
    for field_name, upload_path in ITEM_UPLOAD_PATHS.items():
        if values[field_name]:
            getattr(item, field_name).name = upload_path(item, values[field_name]["path"])
    return item
