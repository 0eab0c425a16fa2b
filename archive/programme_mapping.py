"""A programme as a bundle document and back: the one mapping between the programme models and
the format, in both directions.

Export writes these documents; import compares them with what a bundle holds to know whether a
programme is unchanged, and applies a document's values to the models. Identity is the slug
(and each document's key), never a database id.
"""

from datetime import date

from django.db.models import Prefetch

from archive.format import document_file_path, image_file_path
from archive.mapping import (
    apply_bilingual,
    as_far_as_named,
    bilingual,
    comparable_moments,
    parse_date,
    parse_moment,
    timestamp,
    without_path,
)
from archive.themes import theme_slugs
from programmes.models import AchievedResult, Objective, PlannedResult, Programme
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
PART_MODELS = {
    "objectives": Objective,
    "planned_results": PlannedResult,
    "achieved_results": AchievedResult,
}
DOCUMENT_TEXTS = ("title", "description")
# Fields a document may leave out (bundles made before they were part of the format); an
# import then leaves them as they are. Exports always write them.
OPTIONAL_TEXTS = ("provenance_nl", "provenance_en")
OPTIONAL = ("themes", *OPTIONAL_TEXTS)


# From the models to a document ----------------------------------------------------------------


def with_archive_content(queryset):
    """Everything ``programme_document`` reads, in a fixed number of queries."""
    return queryset.prefetch_related(
        "objectives",
        "planned_results",
        "achieved_results",
        Prefetch("documents", queryset=ToolboxDocument.objects.order_by("position")),
        "former_slugs",
        "themes",
    )


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
        "themes": theme_slugs(programme),
    }
    for field in PROGRAMME_TEXTS:
        document.update(bilingual(programme, field))
    document.update(bilingual(programme, "provenance"))
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
    result = comparable_moments(document)
    result["former_slugs"] = sorted(result.get("former_slugs", []))
    if "themes" in result:
        result["themes"] = sorted(result["themes"])
    result["image"] = without_path(result.get("image"))
    result["documents"] = [
        {**entry, "file": without_path(entry.get("file"))} for entry in result.get("documents", [])
    ]
    return result


def comparable_with(current: dict, incoming: dict) -> tuple[dict, dict]:
    """The current and incoming documents as compared for 'unchanged' (see ``comparable``); the
    optional fields the incoming one leaves out do not count."""
    return comparable(as_far_as_named(current, incoming, OPTIONAL)), comparable(incoming)


def document_keys(document: dict) -> frozenset[str]:
    return frozenset(entry["key"] for entry in document["documents"])


# From a document to the models ----------------------------------------------------------------


def apply_programme_fields(programme: Programme, document: dict) -> None:
    """The programme's own values from a (valid) document; its parts and files are apart."""
    apply_bilingual(programme, document, PROGRAMME_TEXTS)
    for field in OPTIONAL_TEXTS:
        if field in document:
            setattr(programme, field, document[field])
    programme.start_year = document["start_year"]
    programme.end_year = document["end_year"]
    programme.image_is_decorative = document["image_is_decorative"]
    programme.review_date = parse_date(document["review_date"])
    programme.status = document["status"]
    programme.published_at = parse_moment(document["published_at"])
    programme.withdrawn_at = parse_moment(document["withdrawn_at"])


def programme_instance(document: dict, pk: int | None) -> Programme:
    """An unsaved programme with the document's values, for validation: it stands for the
    programme with ``pk`` (an update) or a new one. Its image is named only, so that clean()
    sees there is one (and asks for its alternative text)."""
    programme = Programme(pk=pk, slug=document["slug"])
    # An existing programme is being changed, not added: its own row is no conflict.
    programme._state.adding = pk is None
    apply_programme_fields(programme, document)
    if document["image"]:
        programme.image.name = document["image"]["path"]
    return programme


def part_instance(relation: str, values: dict, position: int):
    return PART_MODELS[relation](position=position, **values)


def document_instance(values: dict, position: int) -> ToolboxDocument:
    """An unsaved document with the entry's values; raises ValueError for a publication date
    that does not exist. Its file is named only where clean() must see it."""
    item = ToolboxDocument(
        position=position,
        key=values["key"],
        kind=values["kind"],
        language=values["language"],
        external_url=values["external_url"],
        # date.fromisoformat's own message says why a date does not exist.
        publication_date=date.fromisoformat(values["publication_date"])
        if values["publication_date"]
        else None,
    )
    apply_bilingual(item, values, DOCUMENT_TEXTS)
    if values["file"] and values["external_url"]:
        # clean() would look at the file field, which is only filled in after the import.
        item.file.name = values["file"]["path"]
    return item
