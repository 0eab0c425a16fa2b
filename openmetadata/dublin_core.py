"""Simple Dublin Core (oai_dc) descriptions of programmes, documents and exhibitions, for
OAI-PMH."""

from collections.abc import Callable

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from lxml import etree

from exhibitions.models import Exhibition
from openmetadata.identifiers import document_identifier, programme_identifier
from openmetadata.records import related_programmes, timeline_span
from programmes.models import Programme
from toolbox.models import ToolboxDocument

OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_LOCATION = f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd"

# The DCMI Type Vocabulary's name for pages and documents alike.
DCMI_TEXT = "Text"
# ... and for an aggregation of resources: an exhibition gathers texts, reports, photos, films
# and interviews on one timeline.
DCMI_COLLECTION = "Collection"


def _element(parent: etree._Element, name: str, text: str, language: str = "") -> None:
    text = " ".join(str(text).split())
    if not text:
        return
    element = etree.SubElement(parent, f"{{{DC}}}{name}")
    element.text = text
    if language:
        element.set(XML_LANG, language)


def _root() -> etree._Element:
    root = etree.Element(f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    return root


def _years(start: int, end: int) -> str:
    """A period of years as an ISO 8601 interval (``2011/2015``), or the one year."""
    return str(start) if start == end else f"{start}/{end}"


def _common(root: etree._Element) -> None:
    _element(root, "creator", settings.ARCHIVE_CREATOR_NAME)
    _element(root, "publisher", settings.ARCHIVE_CREATOR_NAME)


def _rights(root: etree._Element) -> None:
    _element(
        root,
        "rights",
        f"{settings.METADATA_LICENCE_NAME} {settings.METADATA_LICENCE_URL}".strip(),
    )


def _both_languages(root: etree._Element, name: str, item, field: str) -> None:
    dutch = getattr(item, f"{field}_nl", "") or ""
    english = getattr(item, f"{field}_en", "") or ""
    _element(root, name, strip_tags(dutch), "nl")
    if english and english != dutch:
        _element(root, name, strip_tags(english), "en")


def _subjects(root: etree._Element, item: Programme | Exhibition) -> None:
    """A dc:subject for each theme the item is filed under, in both languages."""
    for theme in item.themes.all():
        _both_languages(root, "subject", theme, "name")


def programme_dc(programme: Programme, *, absolute_url: Callable[[str], str]) -> etree._Element:
    """The programme as Dublin Core. Documents are related by their OAI identifiers, which every
    document has (also one that is not digitally available)."""
    root = _root()
    _both_languages(root, "title", programme, "title")
    _common(root)
    _both_languages(root, "description", programme, "summary")
    _element(root, "date", _years(programme.start_year, programme.end_year))
    _element(root, "type", DCMI_TEXT)
    _element(root, "format", "text/html")
    _element(root, "identifier", absolute_url(programme.get_absolute_url()))
    _element(root, "language", "nl")
    if programme.title_en:
        _element(root, "language", "en")
    _subjects(root, programme)
    for document in programme.documents.all():
        _element(root, "relation", document_identifier(programme.slug, document.key))
    _rights(root)
    return root


def document_dc(document: ToolboxDocument, *, absolute_url: Callable[[str], str]) -> etree._Element:
    """The document as Dublin Core, related to its programme by the programme's OAI identifier."""
    root = _root()
    _both_languages(root, "title", document, "title")
    _common(root)
    _both_languages(root, "description", document, "description")
    if document.publication_date:
        _element(root, "date", document.publication_date.isoformat())
    _element(root, "type", DCMI_TEXT)
    if document.content_type:
        _element(root, "format", document.content_type)
    if document.file:
        _element(root, "identifier", absolute_url(document.public_url))
    elif document.external_url:
        _element(root, "identifier", document.external_url)
    _element(root, "language", document.language)
    _element(root, "relation", programme_identifier(document.programme.slug))
    _rights(root)
    return root


def exhibition_dc(exhibition: Exhibition, *, absolute_url: Callable[[str], str]) -> etree._Element:
    """The exhibition as Dublin Core: the ministry made and publishes it, its curator
    contributed the introduction. Related programmes are given by their public addresses; the
    years its timeline covers are its coverage.

    Reads the curator, the public related programmes and the timeline's span, which
    records.ExhibitionSource reads for a whole page at once."""
    root = _root()
    _both_languages(root, "title", exhibition, "title")
    _common(root)
    _both_languages(root, "description", exhibition, "subtitle")
    _both_languages(root, "description", exhibition, "teaser")
    if exhibition.curator is not None:
        _element(root, "contributor", exhibition.curator.name)
    if exhibition.published_at is not None:
        _element(root, "date", timezone.localdate(exhibition.published_at).isoformat())
    _element(root, "type", DCMI_COLLECTION)
    _element(root, "format", "text/html")
    _element(root, "identifier", absolute_url(exhibition.get_absolute_url()))
    _element(root, "language", "nl")
    if exhibition.title_en:
        _element(root, "language", "en")
    _subjects(root, exhibition)
    for programme in related_programmes(exhibition):
        _element(root, "relation", absolute_url(programme.get_absolute_url()))
    span = timeline_span(exhibition)
    if span is not None:
        first, last = span
        _element(root, "coverage", _years(first.year, last.year))
    # No dc:rights: the metadata licence is not the exhibition's. Its photos, films, interviews
    # and the curator's texts keep rights of their own, which the site does not record.
    return root
