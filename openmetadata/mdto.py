"""MDTO (Metagegevens voor duurzaam toegankelijke overheidsinformatie), the Nationaal Archief's
metadata standard, version 1.0.1: a programme, each of its documents and an exhibition as an
``informatieobject``, each stored file as a ``bestand``.

Every function returns a whole ``<MDTO>`` document: the schema allows exactly one
informatieobject or one bestand per document, so objects refer to each other by identifier
(``bevatOnderdeel``, ``isOnderdeelVan``, ``heeftRepresentatie``, ``isRepresentatieVan``,
``gerelateerdInformatieobject``).
Elements follow the order of MDTO-XML1.0.1.xsd. What a programme does not record itself (its
valuation, restrictions on use, the archive creator) comes from settings, the same for every
record; docs/OPEN_METADATA.md lists every element and the source of its value.
"""

import html
import re
from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.utils import timezone, translation
from django.utils.html import strip_tags
from lxml import etree

from exhibitions.models import Exhibition
from openmetadata.identifiers import (
    document_identifier,
    exhibition_identifier,
    programme_identifier,
)
from openmetadata.records import related_programmes, timeline_span
from programmes.models import Programme
from toolbox.models import ToolboxDocument

NAMESPACE = "https://www.nationaalarchief.nl/mdto"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NAMESPACE} https://www.nationaalarchief.nl/mdto/MDTO-XML1.0.1.xsd"

# Lists of terms (begrippenlijsten) published with MDTO.
AGGREGATION_LIST = "Begrippenlijst Aggregatieniveaus MDTO"
EVENT_LIST = "Begrippenlijst EventTypeLijst MDTO"
CHECKSUM_LIST = "Begrippenlijst ChecksumAlgoritme MDTO"
PRONOM = "PRONOM-register"
# File formats PRONOM does not tell apart by content type alone are named by their media type.
MEDIA_TYPES = "IANA Media Types"
# Terms MDTO leaves to the organisation; this archive's own list, defined in
# docs/OPEN_METADATA.md (section MDTO).
OWN_LIST = "Begrippenlijst Het geheugen van BZK"

# A programme groups the documents of one policy programme: a dossier; each document is an
# archiefstuk.
PROGRAMME_LEVEL = "Dossier"
DOCUMENT_LEVEL = "Archiefstuk"
# An exhibition gathers the items of its timeline on one subject, as a programme gathers its
# documents: a dossier too (its items are not described as records of their own).
EXHIBITION_LEVEL = "Dossier"
PERIOD_TYPE = "Looptijd programma"
TIMELINE_PERIOD_TYPE = "Periode tijdlijn"
RELATED_PROGRAMME = "Gerelateerd programma"
CURATOR = "Curator"
PUBLICATION_EVENT = "Publicatie"
SHA256 = "SHA256"
TOOI = "TOOI"

# PRONOM identifiers (https://www.nationalarchives.gov.uk/PRONOM/) by PDF header version.
PDF_FORMATS = {
    "1.0": ("fmt/14", "Acrobat PDF 1.0 - Portable Document Format"),
    "1.1": ("fmt/15", "Acrobat PDF 1.1 - Portable Document Format"),
    "1.2": ("fmt/16", "Acrobat PDF 1.2 - Portable Document Format"),
    "1.3": ("fmt/17", "Acrobat PDF 1.3 - Portable Document Format"),
    "1.4": ("fmt/18", "Acrobat PDF 1.4 - Portable Document Format"),
    "1.5": ("fmt/19", "Acrobat PDF 1.5 - Portable Document Format"),
    "1.6": ("fmt/20", "Acrobat PDF 1.6 - Portable Document Format"),
    "1.7": ("fmt/276", "Acrobat PDF 1.7 - Portable Document Format"),
    "2.0": ("fmt/1129", "PDF 2.0 - Portable Document Format"),
}
# Formats whose content type is enough to know the PRONOM identifier. OpenDocument files are
# not here: PRONOM has one identifier per ODF version, which the content type does not tell.
PRONOM_FORMATS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        "fmt/412",
        "Microsoft Word for Windows 2007 onwards",
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (
        "fmt/214",
        "Microsoft Excel for Windows 2007 onwards",
    ),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (
        "fmt/215",
        "Microsoft Powerpoint for Windows 2007 onwards",
    ),
    "application/msword": ("fmt/40", "Microsoft Word Document 97-2003"),
    "text/plain": ("x-fmt/111", "Plain Text File"),
    "text/csv": ("x-fmt/18", "Comma Separated Values"),
}
# The PDF specification lets the header start anywhere in the first 1024 bytes.
PDF_HEADER = re.compile(rb"%PDF-(\d\.\d)")
PDF_HEADER_BYTES = 1024
# As in the official examples (lxml's own declaration uses single quotes).
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
# Characters XML 1.0 cannot hold (control characters), should a text contain one.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
BLOCK_END = re.compile(r"(?i)<br\s*/?>|</(?:p|li|h[1-6]|ul|ol)\s*>")


class NoFile(ValueError):
    """A bestand was asked for a document that has no stored file."""


def _in_dutch(build: Callable[..., etree._Element]) -> Callable[..., etree._Element]:
    """Records are in Dutch whatever the request's language (download names, addresses)."""

    @wraps(build)
    def in_dutch(*args, **kwargs) -> etree._Element:
        with translation.override("nl"):
            return build(*args, **kwargs)

    return in_dutch


@_in_dutch
def programme_record(programme: Programme, *, absolute_url: Callable[[str], str]) -> etree._Element:
    """The programme as an MDTO informatieobject (aggregation level Dossier).

    Reads the programme's documents (prefetch them for many programmes). Its public page is
    given as the place to consult it only while visitors can see it.
    """
    root, item = _root("informatieobject")
    _identification(item, programme_identifier(programme.slug))
    _sub(item, "naam").text = _clean(programme.title_nl) or programme.slug
    _term(item, "aggregatieniveau", PROGRAMME_LEVEL, AGGREGATION_LIST)
    _keywords(item, programme)
    _text(item, "omschrijving", programme.summary_nl)
    _text(item, "omschrijving", plain_text(programme.introduction_nl))
    if programme.is_public:
        _consultation(item, [absolute_url(programme.get_absolute_url())])
    period = _sub(item, "dekkingInTijd")
    _term(period, "dekkingInTijdType", PERIOD_TYPE, OWN_LIST)
    _text(period, "dekkingInTijdBegindatum", f"{programme.start_year:04d}")
    _text(period, "dekkingInTijdEinddatum", f"{programme.end_year:04d}")
    _text(item, "taal", "nl")
    if programme.title_en:
        _text(item, "taal", "en")
    _valuation(item)
    for document in programme.documents.all():
        _reference(item, "bevatOnderdeel", document.title_nl, _document_id(document, programme))
    _archive_creator(item)
    _restriction(item)
    return root


@_in_dutch
def document_record(
    document: ToolboxDocument, *, absolute_url: Callable[[str], str]
) -> etree._Element:
    """The document as an MDTO informatieobject (aggregation level Archiefstuk), part of its
    programme. Only a document with a stored file has a representation (a bestand); one at an
    external address is consulted there, and one that is not digitally available has neither."""
    programme = document.programme
    root, item = _root("informatieobject")
    _identification(item, _document_id(document, programme))
    _sub(item, "naam").text = _clean(document.title_nl) or document.key
    _term(item, "aggregatieniveau", DOCUMENT_LEVEL, AGGREGATION_LIST)
    _text(item, "omschrijving", document.description_nl)
    places = [absolute_url(programme.get_absolute_url())] if programme.is_public else []
    if document.external_url:
        places.append(document.external_url)
    _consultation(item, places)
    _text(item, "taal", document.language)
    if document.publication_date:
        event = _sub(item, "event")
        _term(event, "eventType", PUBLICATION_EVENT, EVENT_LIST)
        _text(event, "eventTijd", document.publication_date.isoformat())
    _valuation(item)
    _reference(item, "isOnderdeelVan", programme.title_nl, programme_identifier(programme.slug))
    if document.file:
        _reference(
            item, "heeftRepresentatie", document.download_name, _file_id(document, programme)
        )
    _archive_creator(item)
    _restriction(item)
    return root


@_in_dutch
def exhibition_record(
    exhibition: Exhibition, *, absolute_url: Callable[[str], str]
) -> etree._Element:
    """The exhibition as an MDTO informatieobject (aggregation level Dossier), related to the
    public programmes it names and covering the period of its timeline.

    Reads the curator, the public related programmes and the timeline's span, which
    records.ExhibitionSource reads for a whole page at once. Its public page is given as the
    place to consult it only while visitors can see it."""
    root, item = _root("informatieobject")
    _identification(item, exhibition_identifier(exhibition.slug))
    _sub(item, "naam").text = _clean(exhibition.title_nl) or exhibition.slug
    _term(item, "aggregatieniveau", EXHIBITION_LEVEL, AGGREGATION_LIST)
    _keywords(item, exhibition)
    _text(item, "omschrijving", exhibition.subtitle_nl)
    _text(item, "omschrijving", exhibition.teaser_nl)
    if exhibition.is_public:
        _consultation(item, [absolute_url(exhibition.get_absolute_url())])
    span = timeline_span(exhibition)
    if span is not None:
        first, last = span
        period = _sub(item, "dekkingInTijd")
        _term(period, "dekkingInTijdType", TIMELINE_PERIOD_TYPE, OWN_LIST)
        _text(period, "dekkingInTijdBegindatum", first.isoformat())
        _text(period, "dekkingInTijdEinddatum", last.isoformat())
    _text(item, "taal", "nl")
    if exhibition.title_en:
        _text(item, "taal", "en")
    if exhibition.published_at is not None:
        event = _sub(item, "event")
        _term(event, "eventType", PUBLICATION_EVENT, EVENT_LIST)
        _text(event, "eventTijd", timezone.localdate(exhibition.published_at).isoformat())
    _valuation(item)
    for programme in related_programmes(exhibition):
        related = _sub(item, "gerelateerdInformatieobject")
        _reference(
            related,
            "gerelateerdInformatieobjectVerwijzing",
            programme.title_nl,
            programme_identifier(programme.slug),
        )
        _term(related, "gerelateerdInformatieobjectTypeRelatie", RELATED_PROGRAMME, OWN_LIST)
    _archive_creator(item)
    if exhibition.curator is not None:
        involved = _sub(item, "betrokkene")
        _term(involved, "betrokkeneTypeRelatie", CURATOR, OWN_LIST)
        _reference(involved, "betrokkeneActor", exhibition.curator.name, "")
    _restriction(item)
    return root


@_in_dutch
def file_record(document: ToolboxDocument, *, absolute_url: Callable[[str], str]) -> etree._Element:
    """The document's stored file as an MDTO bestand, a representation of the document.

    Raises NoFile for a document without a stored file: such a document has no bestand. The
    file's format is recognised by PRONOM identifier where its content type (and for a PDF the
    version in its header, read from storage) determines one; otherwise it is named by its
    media type. The checksum is the one computed when the file was stored; the model keeps no
    separate time for that, so its date is the document's last change, at which the checksum
    was current (a new file always gets a new checksum in the same save).
    """
    if not document.file:
        raise NoFile(f"Document {document.key} has no stored file, so no MDTO bestand.")
    programme = document.programme
    root, item = _root("bestand")
    _identification(item, _file_id(document, programme))
    _text(item, "naam", document.download_name)
    _text(item, "omvang", str(document.file_size))
    code, label, vocabulary = file_format(document)
    _term(item, "bestandsformaat", label, vocabulary, code=code)
    checksum = _sub(item, "checksum")
    _term(checksum, "checksumAlgoritme", SHA256, CHECKSUM_LIST)
    _text(checksum, "checksumWaarde", document.sha256)
    _text(checksum, "checksumDatum", _moment(document.updated_at))
    if programme.is_public:
        _text(item, "URLBestand", absolute_url(document.public_url))
    _reference(item, "isRepresentatieVan", document.title_nl, _document_id(document, programme))
    return root


def serialize(element: etree._Element) -> bytes:
    """An MDTO document as UTF-8 XML with its declaration, indented."""
    return XML_DECLARATION + etree.tostring(element, encoding="UTF-8", pretty_print=True)


def file_format(document: ToolboxDocument) -> tuple[str, str, str]:
    """The stored file's format as (PRONOM identifier or "", label, list of terms)."""
    if document.content_type == "application/pdf":
        version = _pdf_version(document)
        if version in PDF_FORMATS:
            return (*PDF_FORMATS[version], PRONOM)
    elif document.content_type in PRONOM_FORMATS:
        return (*PRONOM_FORMATS[document.content_type], PRONOM)
    return "", document.content_type, MEDIA_TYPES


def plain_text(rich_text: str) -> str:
    """Sanitised rich text as plain text: one line per paragraph or list item."""
    text = html.unescape(strip_tags(BLOCK_END.sub("\n", rich_text or "")))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _pdf_version(document: ToolboxDocument) -> str:
    try:
        with document.file.open("rb") as stream:
            head = stream.read(PDF_HEADER_BYTES)
    except (OSError, ValueError):
        return ""
    match = PDF_HEADER.search(head)
    return match[1].decode() if match else ""


def _root(kind: str) -> tuple[etree._Element, etree._Element]:
    root = etree.Element(f"{{{NAMESPACE}}}MDTO", nsmap={None: NAMESPACE, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    return root, _sub(root, kind)


def _clean(text: str) -> str:
    return NOT_XML.sub("", text or "")


def _sub(parent: etree._Element, name: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{NAMESPACE}}}{name}")


def _text(parent: etree._Element, name: str, text: str) -> None:
    """An element with text; none at all for empty text (no empty MDTO values)."""
    text = _clean(text)
    if text:
        _sub(parent, name).text = text


def _keywords(parent: etree._Element, item: Programme | Exhibition) -> None:
    """A trefwoord for each theme the item is filed under (its Dutch name): the themes are the
    archive's own words for what an item is about, not a classification scheme."""
    for theme in item.themes.all():
        _text(parent, "trefwoord", theme.name_nl)


def _identification(parent: etree._Element, identifier: str) -> None:
    element = _sub(parent, "identificatie")
    _sub(element, "identificatieKenmerk").text = identifier
    _sub(element, "identificatieBron").text = settings.OAI_REPOSITORY_NAME


def _reference(
    parent: etree._Element, name: str, label: str, identifier: str, source: str = ""
) -> None:
    element = _sub(parent, name)
    _sub(element, "verwijzingNaam").text = _clean(label) or identifier
    if identifier:
        identification = _sub(element, "verwijzingIdentificatie")
        _sub(identification, "identificatieKenmerk").text = identifier
        _sub(identification, "identificatieBron").text = source or settings.OAI_REPOSITORY_NAME


def _term(
    parent: etree._Element, name: str, label: str, vocabulary: str, *, code: str = ""
) -> None:
    element = _sub(parent, name)
    _sub(element, "begripLabel").text = label
    if code:
        _sub(element, "begripCode").text = code
    _reference(element, "begripBegrippenlijst", vocabulary, "")


def _consultation(parent: etree._Element, addresses: list[str]) -> None:
    if addresses:
        place = _sub(parent, "raadpleeglocatie")
        for address in addresses:
            _sub(place, "raadpleeglocatieOnline").text = address


def _valuation(parent: etree._Element) -> None:
    _term(
        parent,
        "waardering",
        settings.MDTO_VALUATION_LABEL,
        settings.MDTO_VALUATION_LIST,
        code=settings.MDTO_VALUATION_CODE,
    )


def _archive_creator(parent: etree._Element) -> None:
    _reference(
        parent,
        "archiefvormer",
        settings.ARCHIVE_CREATOR_NAME,
        settings.ARCHIVE_CREATOR_TOOI,
        source=TOOI,
    )


def _restriction(parent: etree._Element) -> None:
    restriction = _sub(parent, "beperkingGebruik")
    _term(
        restriction,
        "beperkingGebruikType",
        settings.MDTO_RESTRICTION_LABEL,
        settings.MDTO_RESTRICTION_LIST,
    )


def _document_id(document: ToolboxDocument, programme: Programme) -> str:
    return document_identifier(programme.slug, document.key)


def _file_id(document: ToolboxDocument, programme: Programme) -> str:
    return f"{_document_id(document, programme)}/bestand"


def _moment(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
