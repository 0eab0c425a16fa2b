from collections.abc import Callable
from datetime import datetime

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.utils.http import http_date, quote_etag

from exhibitions import rendering
from exhibitions.models import Exhibition, TimelineItem, video_type
from publishing import freshness
from website.file_responses import ranged_file_response
from website.page_cache import cached_page, stamp_of


def _cached(
    request: HttpRequest,
    render_page: Callable[[], HttpResponse],
    listing: tuple[str, datetime | None, datetime | None] | None = None,
) -> HttpResponse:
    """Exhibition pages from the whole-page cache, keyed on the archive's change stamp: any
    write to an exhibition, its items, its curator or a programme it shows makes a new stamp,
    as does a scheduled publication whose time has come (publishing/freshness.py). Only
    200 responses are kept; a draft's 404 or a withdrawal's 410 is worked out afresh."""
    stamp, changed, site_changed = listing or freshness.listings()
    return cached_page(
        request,
        stamp=stamp_of(site_changed, extra=stamp),
        last_modified=max(filter(None, [changed, site_changed]), default=None),
        render=render_page,
    )


def exhibition_index(request: HttpRequest) -> HttpResponse:
    def render_page() -> HttpResponse:
        exhibitions = Exhibition.objects.published().select_related("curator")
        return render(request, "exhibitions/exhibition_index.html", {"exhibitions": exhibitions})

    return _cached(request, render_page)


def exhibition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    listing = freshness.listings()

    def render_page() -> HttpResponse:
        # Its blocks come stored while the archive has not changed (exhibitions/rendering.py).
        page = rendering.stored_parts(request, slug, listing[0])
        if page is None:
            exhibition = Exhibition.objects.with_page_content().filter(slug=slug).first()
            if exhibition is None or not (
                exhibition.is_public or exhibition.status == Exhibition.Status.WITHDRAWN
            ):
                raise Http404
            if exhibition.status == Exhibition.Status.WITHDRAWN:
                context = {"exhibition": exhibition}
                return render(request, "exhibitions/exhibition_withdrawn.html", context, status=410)
            page = rendering.render_and_store(exhibition, request, listing[0])
        return render(request, "exhibitions/exhibition_page.html", {"page": page})

    return _cached(request, render_page, listing)


def curator_introduction(request: HttpRequest, slug: str) -> HttpResponse:
    def render_page() -> HttpResponse:
        exhibition = get_object_or_404(
            Exhibition.objects.published().select_related("curator"), slug=slug
        )
        context = {"exhibition": exhibition}
        return render(request, "exhibitions/curator_introduction.html", context)

    return _cached(request, render_page)


def timeline_item(request: HttpRequest, slug: str, item: str) -> HttpResponse:
    def render_page() -> HttpResponse:
        found = get_object_or_404(
            TimelineItem.objects.select_related("exhibition", "document__programme").filter(
                exhibition__in=Exhibition.objects.published()
            ),
            exhibition__slug=slug,
            slug=item,
        )
        context = {"exhibition": found.exhibition, "item": found}
        return render(request, "exhibitions/timeline_item.html", context)

    return _cached(request, render_page)


def _media_of_item(slug: str, item: str, field: str):
    found = get_object_or_404(
        TimelineItem.objects.filter(exhibition__in=Exhibition.objects.published()).exclude(
            **{field: ""}
        ),
        exhibition__slug=slug,
        slug=item,
    )
    return found, getattr(found, field)


def video(request: HttpRequest, slug: str, item: str) -> HttpResponse:
    """The item's video from our own site, with byte ranges so that players can seek."""
    found, stored = _media_of_item(slug, item, "video")
    try:
        stream = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = video_type(stream) or "application/octet-stream"
    etag = quote_etag(f"{found.pk}-{stored.name}-{stored.size}")
    response = ranged_file_response(
        request, stream, size=stored.size, content_type=content_type, etag=etag
    )
    response.headers["Cache-Control"] = "public, max-age=86400"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


IMAGE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}


def image(request: HttpRequest, slug: str, item: str) -> HttpResponse:
    """The item's image (stored re-encoded, without metadata, at upload)."""
    _found, stored = _media_of_item(slug, item, "image")
    suffix = stored.name[stored.name.rfind(".") :].lower() if "." in stored.name else ""
    try:
        stream = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        stream, content_type=IMAGE_TYPES.get(suffix, "application/octet-stream")
    )
    response.headers["Cache-Control"] = "public, max-age=86400"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def captions(request: HttpRequest, slug: str, item: str, language: str) -> HttpResponse:
    if language not in ("nl", "en"):
        raise Http404
    found, stored = _media_of_item(slug, item, f"captions_{language}")
    try:
        with stored.open("rb") as stream:
            body = stream.read()
    except FileNotFoundError:
        raise Http404 from None
    response = HttpResponse(body, content_type="text/vtt; charset=utf-8")
    response.headers["Cache-Control"] = "public, max-age=3600"
    response.headers["Last-Modified"] = http_date(found.exhibition.updated_at.timestamp())
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
