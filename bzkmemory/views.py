"""Pages that show what several apps publish side by side: the home page, and the index of
programmes with its search, which lists the matching exhibitions too."""

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from bzkmemory import facets, listing, search_results
from bzkmemory.forms import ProgrammeIndexForm
from exhibitions.models import Exhibition
from programmes.models import Programme
from publishing import freshness, search
from themes import freshness as theme_freshness
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
    listed, changed, _site_changed = freshness.listings()
    # The theme facet names the themes: a renamed or removed theme changes the page too.
    themes_stamp, themes_changed = theme_freshness.themes_changed()
    stamp = f"{listed}|{themes_stamp}"
    changed = max(filter(None, [changed, themes_changed]), default=None)

    def render_page() -> HttpResponse:
        if request.GET.get("q"):
            with search.index_scans(Programme):
                return render_index()
        return render_index()

    def render_index() -> HttpResponse:
        language = get_language() or "nl"
        # What the facets count and the pages order comes from the listing of the archive
        # kept per stamp; the database is asked only which programmes the words match.
        published = listing.listing(stamp, language)
        # What the facets offer changes only with the archive too.
        known = cache.get_or_set(
            f"index-vocabulary:{language}:{stamp}",
            lambda: facets.vocabulary(published),
            timeout=24 * 60 * 60,
        )
        form = ProgrammeIndexForm(request.GET, vocabulary=known)
        selection = form.selection
        searched = form.exhibitions_searched(Exhibition.objects.published())
        searched = list(searched.select_related("curator").prefetch_related("themes"))
        matches = search.matching_ids(Programme, selection.query) if selection.query else None
        counted = facets.count(selection, known, published, matches, searched)
        paginator = Paginator(form.results(counted, published, matches), PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        page.object_list = _rows_of(page.object_list, whole=bool(selection.query))
        # Exhibitions and documents are listed above the first page of programmes only.
        first_page = page.number == 1
        exhibitions = facets.exhibitions_found(searched, selection) if first_page else []
        documents = None
        if selection.query and first_page:
            found = facets.documents_found(selection, language)
            documents = search_results.DocumentResults.of(found, selection.query)
        if selection.query:
            search_results.add_excerpts(page.object_list, exhibitions, selection.query, language)
        context = {
            "form": form,
            "page": page,
            "page_range": page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            ),
            "exhibitions": exhibitions,
            "documents": documents,
            "facets": counted.facets,
            "filtered": selection.is_filtered,
        }
        return render(request, "programme_index.html", context)

    return cached_page(request, stamp=stamp, last_modified=changed, render=render_page)


# What a list of programmes shows of each (includes/search_programme_result.html); a search
# result's excerpt reads the rest.
SEARCH_COLUMNS = ("search_text", "search_vector")
LISTED = ("slug", "title_nl", "title_en", "summary_nl", "summary_en", "start_year", "end_year")


def _rows_of(ids: list[int], *, whole: bool) -> list[Programme]:
    """The programmes of one page, in its order: whole for search results (whose excerpts
    read every text), or what a list shows."""
    # Never the search columns: the whole text again, and on PostgreSQL its vector.
    rows = Programme.objects.defer(*SEARCH_COLUMNS) if whole else Programme.objects.only(*LISTED)
    found = rows.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]
