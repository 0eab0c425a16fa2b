"""The theme pages: each theme with the public programmes and exhibitions filed under it, and
the index of themes in use. They list two domain apps side by side, so they live here, in the
project package, above both (docs/ARCHITECTURE.md).

Cached whole (website/page_cache.py) under a stamp of everything they show: the programmes and
exhibitions (``publishing.freshness.listings``: any write to one, or a scheduled publication
whose time has come) and the themes themselves (``themes.freshness``).
"""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from exhibitions.models import Exhibition
from programmes.models import Programme
from publishing import freshness
from themes import freshness as theme_freshness
from themes.models import Theme
from website.page_cache import cached_page, stamp_of


def _cached(
    request: HttpRequest, theme_stamp: str, theme_changed, render_page: Callable[[], HttpResponse]
) -> HttpResponse:
    stamp, changed, site_changed = freshness.listings()
    return cached_page(
        request,
        stamp=stamp_of(site_changed, theme_changed, extra=f"{stamp}|{theme_stamp}"),
        last_modified=max(filter(None, [changed, site_changed, theme_changed]), default=None),
        render=render_page,
    )


def theme_index(request: HttpRequest) -> HttpResponse:
    def render_page() -> HttpResponse:
        themes = Theme.objects.with_public_counts()
        return render(request, "themes/theme_index.html", {"themes": themes})

    theme_stamp, theme_changed = theme_freshness.themes_changed()
    return _cached(request, theme_stamp, theme_changed, render_page)


def theme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    found = theme_freshness.theme_page(slug)
    if found is None:
        raise Http404
    theme_id, theme_changed = found

    def render_page() -> HttpResponse:
        theme = Theme.objects.get(pk=theme_id)
        programmes = list(Programme.objects.published().filter(themes=theme))
        exhibitions = list(
            Exhibition.objects.published().filter(themes=theme).select_related("curator")
        )
        # A theme with nothing public is a page with nothing to show: not found, as a theme
        # that does not exist (no page on the site links to it, and search engines would call
        # an empty page a "soft 404"). Only found pages are cached.
        if not programmes and not exhibitions:
            raise Http404
        context = {"theme": theme, "programmes": programmes, "exhibitions": exhibitions}
        return render(request, "themes/theme_detail.html", context)

    return _cached(request, str(theme_id), theme_changed, render_page)
