"""schema.org JSON-LD for a document of the store, as programme and exhibition pages cite it."""

from django.http import HttpRequest

from publishing.structured_data import ministry
from website.public_urls import absolute_url


def document_json_ld(document, request: HttpRequest) -> dict:
    """A document of the store: a digital document, or a record of one that is not online."""
    entry = {"@type": "DigitalDocument", "name": document.title, "inLanguage": document.language}
    if document.publication_date:
        entry["datePublished"] = document.publication_date.isoformat()
    if document.file:
        entry["url"] = absolute_url(document.public_url, request)
        entry["encodingFormat"] = document.content_type
        entry["contentSize"] = f"{document.file_size} B"
        entry["sha256"] = document.sha256
    elif document.external_url:
        entry["url"] = document.external_url
    else:
        # A record of a document that is not digitally available.
        entry["@type"] = "CreativeWork"
    return entry


def document_page_json_ld(document, request: HttpRequest) -> dict:
    """A document's own page: the document, part of its programme, published by the ministry."""
    url = absolute_url(document.get_absolute_url(), request)
    programme = document.programme
    data = {
        "@context": "https://schema.org",
        **document_json_ld(document, request),
        "@id": url,
        "mainEntityOfPage": url,
        "isPartOf": {
            "@type": ["CreativeWork", "ArchiveComponent"],
            "name": programme.title,
            "url": absolute_url(programme.get_absolute_url(), request),
        },
        "publisher": ministry(),
    }
    if document.description:
        data["description"] = document.description
    return data
