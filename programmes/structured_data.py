"""schema.org JSON-LD for a programme page: the programme as an archive component held by BZK."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language, gettext

from programmes.models import Programme

MINISTRY_URL = "https://www.rijksoverheid.nl/ministeries/ministerie-van-binnenlandse-zaken-en-koninkrijksrelaties"


def ministry() -> dict:
    return {
        "@type": ["GovernmentOrganization", "ArchiveOrganization"],
        "name": gettext("Ministry of the Interior and Kingdom Relations"),
        "url": MINISTRY_URL,
    }


def programme_json_ld(programme: Programme, request: HttpRequest) -> dict:
    url = request.build_absolute_uri(programme.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": ["CreativeWork", "ArchiveComponent"],
        "@id": url,
        "url": url,
        "name": programme.title,
        "description": programme.summary,
        "inLanguage": get_language(),
        "temporalCoverage": f"{programme.start_year}/{programme.end_year}",
        "dateModified": programme.updated_at.isoformat(),
        "holdingArchive": ministry(),
        "publisher": ministry(),
        "isPartOf": {
            "@type": "WebSite",
            "name": gettext("The memory of BZK"),
            "url": request.build_absolute_uri(reverse("home")),
        },
        "hasPart": [document_json_ld(d, request) for d in programme.documents.all()],
    }
    if programme.published_at:
        data["datePublished"] = programme.published_at.isoformat()
    if programme.image:
        data["image"] = request.build_absolute_uri(
            reverse("programmes:image", kwargs={"slug": programme.slug, "width": 1440})
        )
    return data


def document_json_ld(document, request: HttpRequest) -> dict:
    """A document of the store: a digital document, or a record of one that is not online."""
    entry = {"@type": "DigitalDocument", "name": document.title, "inLanguage": document.language}
    if document.publication_date:
        entry["datePublished"] = document.publication_date.isoformat()
    if document.file:
        entry["url"] = request.build_absolute_uri(document.public_url)
        entry["encodingFormat"] = document.content_type
        entry["contentSize"] = f"{document.file_size} B"
        entry["sha256"] = document.sha256
    elif document.external_url:
        entry["url"] = document.external_url
    else:
        # A record of a document that is not digitally available.
        entry["@type"] = "CreativeWork"
    return entry
