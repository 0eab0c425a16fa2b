"""The documents index (every public document, searchable and filterable) and each document's
own page. Both are cached whole (website/page_cache.py) under a stamp of what they show."""

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language

from publishing import freshness
from publishing.structured_data import json_ld_script
from toolbox.forms import DocumentIndexForm
from toolbox.models import ToolboxDocument
from toolbox.structured_data import document_page_json_ld
from website.page_cache import cached_page, stamp_of

PAGE_SIZE = 20
# Above this many programmes with documents a list to choose from is too long to be of use
# (10,000 options would be most of the page); the programme filter then comes from the links
# on document pages.
PROGRAMME_CHOICES = 150
CHOICES_TIMEOUT = 24 * 60 * 60

# The toolbox names its programme by a string only (docs/ARCHITECTURE.md); the model is the
# foreign key's.
Programme = ToolboxDocument._meta.get_field("programme").related_model


def documents_index(request: HttpRequest) -> HttpResponse:
    # A document's change touches its programme, which counts as a change of the archive.
    stamp, changed, _site_changed = freshness.listings()

    def render_page() -> HttpResponse:
        public = ToolboxDocument.objects.public()
        # The filters' choices change only with the archive: kept per stamp, so that another
        # search does not read them again.
        years = cache.get_or_set(
            f"document-years:{stamp}", lambda: _years(public), timeout=CHOICES_TIMEOUT
        )
        programmes = cache.get_or_set(
            f"document-programmes:{stamp}", lambda: _programmes(public), timeout=CHOICES_TIMEOUT
        )
        form = DocumentIndexForm(request.GET, years=years, programmes=_titled(programmes))
        found = form.results(public.select_related("programme"))
        page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = list(page.object_list)  # read once, whatever the template asks
        context = {
            "form": form,
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_ends=1),
        }
        return render(request, "toolbox/documents_index.html", context)

    return cached_page(request, stamp=stamp, last_modified=changed, render=render_page)


def _years(documents) -> list[int]:
    return [day.year for day in documents.dates("publication_date", "year", order="DESC")]


def _programmes(documents) -> list[tuple[str, str, str]] | None:
    """(slug, Dutch title, English title) of every programme with public documents; None when
    there are more than a list to choose from can hold."""
    rows = list(
        documents.order_by()
        .values_list("programme__slug", "programme__title_nl", "programme__title_en")
        .distinct()[: PROGRAMME_CHOICES + 1]
    )
    return None if len(rows) > PROGRAMME_CHOICES else rows


def _titled(programmes: list[tuple[str, str, str]] | None) -> list[tuple[str, str]] | None:
    if programmes is None:
        return None
    english = get_language() == "en"
    titled = [(slug, (english and title_en) or title_nl) for slug, title_nl, title_en in programmes]
    return sorted(titled, key=lambda choice: choice[1].casefold())


def document_detail(request: HttpRequest, programme_slug: str, key: str) -> HttpResponse:
    # A document changes only with its programme (every save of a document touches it).
    found = freshness.item_page(Programme, programme_slug)
    if found is None:
        return _moved_or_gone(request, programme_slug, key)
    programme_id, changed, site_changed = found

    def render_page() -> HttpResponse:
        document = (
            ToolboxDocument.objects.public()
            .select_related("programme")
            .filter(programme_id=programme_id, key=key)
            .first()
        )
        if document is None:
            raise Http404
        context = {
            "document": document,
            "structured_data": json_ld_script(document_page_json_ld(document, request)),
        }
        return render(request, "toolbox/document_detail.html", context)

    return cached_page(
        request,
        stamp=stamp_of(changed, site_changed, extra=str(programme_id)),
        last_modified=max(filter(None, [changed, site_changed])),
        render=render_page,
    )


def _moved_or_gone(request: HttpRequest, programme_slug: str, key: str) -> HttpResponse:
    """As the programme's own page: a former address redirects, a withdrawn programme's
    documents are gone (410), anything else was never here (404)."""
    programme = Programme.objects.moved_or_gone(programme_slug)
    if programme is None:
        raise Http404
    if programme.slug != programme_slug:
        kwargs = {"programme_slug": programme.slug, "key": key}
        return HttpResponsePermanentRedirect(reverse("documents:detail", kwargs=kwargs))
    context = {"programme": programme}
    return render(request, "toolbox/document_gone.html", context, status=410)
