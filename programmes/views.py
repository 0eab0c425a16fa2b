from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
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

from bzkmemory.models import SiteSettings
from bzkmemory.page_cache import cached_page, stamp_of
from programmes import images
from programmes.forms import ProgrammeIndexForm
from programmes.models import PAGE_PARTS, Programme

PAGE_SIZE = 20


def programme_index(request: HttpRequest) -> HttpResponse:
    changed, stamp = Programme.objects.change_stamp()

    def render_page() -> HttpResponse:
        published = Programme.objects.published()
        form = ProgrammeIndexForm(request.GET, decades=published.decades())
        page = Paginator(form.results(published), PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, "programmes/programme_index.html", {"form": form, "page": page})

    return cached_page(request, stamp=stamp, last_modified=changed, render=render_page)


def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = Programme.objects.published().filter(slug=slug).first()
    if programme is None:
        return _moved_or_gone(request, slug)
    site_settings = SiteSettings.objects.current()

    def render_page() -> HttpResponse:
        prefetch_related_objects([programme], *PAGE_PARTS)
        context = {"programme": programme, "site_settings": site_settings}
        return render(request, "programmes/programme_detail.html", context)

    return cached_page(
        request,
        stamp=stamp_of(programme.updated_at, site_settings.updated_at, extra=str(programme.pk)),
        last_modified=max(programme.updated_at, site_settings.updated_at),
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
