"""schema.org JSON-LD for a programme page: the programme as an archive component held by BZK."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language

from programmes.models import Programme
from publishing.structured_data import ministry, website
from themes.structured_data import theme_term
from toolbox.structured_data import document_json_ld
from website.public_urls import absolute_url


def programme_json_ld(programme: Programme, request: HttpRequest) -> dict:
    url = absolute_url(programme.get_absolute_url(), request)
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
        "isPartOf": website(request),
        "hasPart": [document_json_ld(d, request) for d in programme.documents.all()],
    }
    themes = [theme_term(theme, request) for theme in programme.page_themes]
    if themes:
        data["about"] = themes
    if programme.published_at:
        data["datePublished"] = programme.published_at.isoformat()
    if programme.image:
        data["image"] = absolute_url(
            reverse("programmes:image", kwargs={"slug": programme.slug, "width": 1440}), request
        )
    return data
