"""schema.org JSON-LD for exhibition pages: an exhibition is a curated Collection whose parts are
its timeline items, introduced by its curator; each item page describes the item itself."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import get_language

from exhibitions.models import Exhibition, TimelineItem, video_type
from publishing.structured_data import ministry, website
from themes.structured_data import theme_term
from toolbox.structured_data import document_json_ld
from website.public_urls import absolute_url

# What kind of creative work each kind of item is (a video makes any item a VideoObject).
ITEM_TYPES = {
    TimelineItem.Kind.TEXT: "Article",
    TimelineItem.Kind.REPORT: "Report",
    TimelineItem.Kind.PHOTO: "Photograph",
    TimelineItem.Kind.FILM: "Movie",
    TimelineItem.Kind.INTERVIEW: "CreativeWork",
}


def exhibition_json_ld(exhibition: Exhibition, request: HttpRequest) -> dict:
    """Reads the exhibition's prefetched items and related programmes (no further queries)."""
    url = absolute_url(exhibition.get_absolute_url(), request)
    items = list(exhibition.items.all())
    data = {
        "@context": "https://schema.org",
        "@type": "Collection",
        "@id": url,
        "url": url,
        "name": exhibition.title,
        "description": exhibition.subtitle or exhibition.teaser,
        "abstract": exhibition.teaser,
        "inLanguage": get_language(),
        "dateModified": exhibition.updated_at.isoformat(),
        "publisher": ministry(),
        "isPartOf": website(request),
        "hasPart": [_item_summary(exhibition, item, request) for item in items],
        "mentions": [
            {
                "@type": ["CreativeWork", "ArchiveComponent"],
                "name": programme.title,
                "url": absolute_url(programme.get_absolute_url(), request),
            }
            for programme in exhibition.related_programmes.all()
        ],
    }
    themes = [theme_term(theme, request) for theme in exhibition.themes.all()]
    if themes:
        data["about"] = themes
    if exhibition.curator:
        data["editor"] = {
            "@type": "Person",
            "name": exhibition.curator.name,
            "jobTitle": exhibition.curator.role,
        }
    if items:
        first = min(item.date for item in items)
        last = max(item.end_date or item.date for item in items)
        data["temporalCoverage"] = f"{first.year}/{last.year}"
    if exhibition.published_at:
        data["datePublished"] = exhibition.published_at.isoformat()
    return data


def timeline_item_json_ld(item: TimelineItem, request: HttpRequest) -> dict:
    exhibition = item.exhibition
    exhibition_url = absolute_url(exhibition.get_absolute_url(), request)
    data = {
        "@context": "https://schema.org",
        **_item_summary(exhibition, item, request),
        "inLanguage": get_language(),
        "isPartOf": {"@type": "Collection", "@id": exhibition_url, "name": exhibition.title},
        "publisher": ministry(),
    }
    if item.text:
        data["description"] = strip_tags(item.text).strip()
    if item.video:
        data["contentUrl"] = _media_url(request, "video", exhibition, item)
        try:
            with item.video.open("rb") as stream:
                data["encodingFormat"] = video_type(stream) or "application/octet-stream"
        except OSError:
            pass  # the page still describes the item; the video address answers 404
        data["caption"] = [
            {
                "@type": "MediaObject",
                "contentUrl": _media_url(request, "captions", exhibition, item, language),
                "encodingFormat": "text/vtt",
                "inLanguage": language,
            }
            for language in ("nl", "en")
            if getattr(item, f"captions_{language}")
        ]
        if item.transcript:
            data["transcript"] = strip_tags(item.transcript).strip()
    if item.image:
        image = {
            "@type": "ImageObject",
            "contentUrl": _media_url(request, "image", exhibition, item),
        }
        if item.image_caption:
            image["caption"] = item.image_caption
        if item.image_width:
            image["width"], image["height"] = item.image_width, item.image_height
        data["thumbnailUrl" if item.video else "image"] = (
            image["contentUrl"] if item.video else image
        )
    if item.document:
        data["citation"] = document_json_ld(item.document, request)
    return data


def _item_summary(exhibition: Exhibition, item: TimelineItem, request: HttpRequest) -> dict:
    url = absolute_url(item.get_absolute_url(), request)
    return {
        "@type": "VideoObject" if item.video else ITEM_TYPES.get(item.kind, "CreativeWork"),
        "@id": url,
        "url": url,
        "name": item.title,
        "temporalCoverage": item.iso_period,
    }


def _media_url(request: HttpRequest, name: str, exhibition, item, language: str = "") -> str:
    kwargs = {"slug": exhibition.slug, "item": item.slug}
    if language:
        kwargs["language"] = language
    return absolute_url(reverse(f"exhibitions:{name}", kwargs=kwargs), request)
