"""Pages that show what several apps publish side by side: the home page, and the index of
programmes with its search, which lists the matching exhibitions too."""

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bzkmemory.forms import ProgrammeIndexForm
from exhibitions.models import Exhibition
from programmes.models import Programme
from publishing import freshness
from website.models import SiteSettings
from website.page_cache import cached_page, stamp_of

HOME_PROGRAMMES = 10
PAGE_SIZE = 20


def home(request: HttpRequest) -> HttpResponse:
    stamp, changed, site_changed = freshness.listings()

    def render_page() -> HttpResponse:
        programmes = Programme.objects.published().order_by("-published_at", "pk")
        context = {
            "site_settings": SiteSettings.objects.current(),
            "programmes": programmes[:HOME_PROGRAMMES],
            "exhibitions": Exhibition.objects.published().select_related("curator")[
                :HOME_PROGRAMMES
            ],
        }
        return render(request, "home.html", context)

    return cached_page(
        request,
        stamp=stamp_of(site_changed, extra=stamp),
        last_modified=max(filter(None, [changed, site_changed]), default=None),
        render=render_page,
    )


def programme_index(request: HttpRequest) -> HttpResponse:
    stamp, changed, _site_changed = freshness.listings()

    def render_page() -> HttpResponse:
        published = Programme.objects.published()
        exhibitions = Exhibition.objects.published()

        def all_decades() -> list[int]:
            return sorted({*published.decades(), *exhibitions.decades()}, reverse=True)

        # The period filter's choices change only with the programmes and exhibitions: kept per
        # stamp, so that a new search does not read every programme's years again.
        decades = cache.get_or_set(f"decades:{stamp}", all_decades, timeout=24 * 60 * 60)
        form = ProgrammeIndexForm(request.GET, decades=decades)
        page = Paginator(form.results(published), PAGE_SIZE).get_page(request.GET.get("page"))
        # Exhibitions are few: all that match are shown above the first page of programmes.
        found = form.exhibition_results(exhibitions.select_related("curator"))
        context = {"form": form, "page": page, "exhibitions": found if page.number == 1 else []}
        return render(request, "programme_index.html", context)

    return cached_page(request, stamp=stamp, last_modified=changed, render=render_page)
