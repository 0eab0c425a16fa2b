from django.core.files.storage import default_storage
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation

from programmes import images, rendering
from programmes.models import Programme
from publishing import freshness
from website.page_cache import cached_page, stamp_of


def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # Only what decides whether a cached copy is current; the rows are read on a miss.
    found = freshness.item_page(Programme, slug)
    if found is None:
        return _moved_or_gone(request, slug)
    programme_id, changed, site_changed = found

    def render_page() -> HttpResponse:
        # The programme's own blocks come stored (programmes/rendering.py); this places them.
        page = rendering.page_parts(request, programme_id, changed, site_changed)
        return render(request, "programmes/programme_page.html", {"page": page})

    return cached_page(
        request,
        stamp=stamp_of(changed, site_changed, extra=str(programme_id)),
        last_modified=max(filter(None, [changed, site_changed])),
        render=render_page,
    )


def _moved_or_gone(request: HttpRequest, slug: str) -> HttpResponse:
    programme = Programme.objects.moved_or_gone(slug)
    if programme is None:
        raise Http404
    if programme.slug != slug:
        return HttpResponsePermanentRedirect(programme.get_absolute_url())
    return render(
        request, "programmes/programme_withdrawn.html", {"programme": programme}, status=410
    )


def legacy_programme(request: HttpRequest, slug: str) -> HttpResponse:
    """Addresses of the original site, /het-geheugen-van-bzk/<slug>/, lead to the programme."""
    with translation.override("nl"):
        programme = Programme.objects.published().filter(slug=slug).first()
        programme = programme or Programme.objects.moved_or_gone(slug)
        if programme is None:
            raise Http404
        return HttpResponsePermanentRedirect(programme.get_absolute_url())


def legacy_index(request: HttpRequest) -> HttpResponse:
    with translation.override("nl"):
        return HttpResponsePermanentRedirect(reverse("programmes:index"))


def programme_image(request: HttpRequest, slug: str, width: int) -> FileResponse:
    """A published programme's image, re-encoded at one of a few widths (never the original)."""
    if width not in images.WIDTHS:
        raise Http404
    programme = get_object_or_404(Programme.objects.published().exclude(image=""), slug=slug)
    try:
        name = images.rendition(programme.image.name, width)
        stream = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(stream, content_type="image/webp")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
