"""Every public page costs a fixed number of queries, however large the archive or programme."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.models import ProgrammeRendering
from tests.factories import (
    AchievedResultFactory,
    ObjectiveFactory,
    PlannedResultFactory,
    ProgrammeFactory,
    ToolboxDocumentFactory,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db

# Queries for a page rendered afresh (the cache emptied first).
BUDGETS = {
    "home": ("/", 6),
    # The change checks of the listings and of the themes; the listing of the published
    # programmes (their facet values and themes, then the order asked for: read once per change
    # and kept by each worker, bzkmemory/listing.py; here the archive has just changed); what
    # the facets offer besides the listing's decades and units (the decades of exhibitions,
    # the themes: kept per change stamp); the exhibitions found; the rows of the page. A search
    # adds the ids its words match (one statement: found, in the title, in the title or head),
    # the excerpts' texts (5) and the documents found (2), and on PostgreSQL the words' stems and
    # the setting of its transaction (``index_scans``) with its savepoint.
    "index": ("/programmas/", 9),
    "search": ("/programmas/?q=programma&sort=newest", 20),
    # The change check and the programme's stored rendering (made when it changed; the site
    # texts are read once per change of them, not per page).
    "programme": ("/programmas/groot/", 2),
    # Where no stored rendering is current yet (a deploy, an import): the change check, the
    # stored rendering found stale, the programme, its four kinds of parts, storing it (3).
    "programme, first rendering": ("/programmas/groot/", 10),
    "site page": ("/over/", 1),
    # Pages, site pages, programmes, exhibitions, themes in use, documents: one query each
    # that reads the database (the fixed pages read none).
    "sitemap": ("/sitemap.xml", 5),
    "document": (None, 1),
}


def build_archive(programmes: int, parts: int):
    big = ProgrammeFactory(published=True, slug="groot")
    for factory in (ObjectiveFactory, PlannedResultFactory, AchievedResultFactory):
        factory.create_batch(parts, programme=big)
    ToolboxDocumentFactory.create_batch(parts, programme=big)
    document = ToolboxDocumentFactory(programme=big, file=SimpleUploadedFile("r.pdf", pdf_bytes()))
    ProgrammeFactory.create_batch(programmes, published=True)
    return document


def cost(client, url: str, page: str) -> int:
    if page == "programme":
        client.get(url)  # what a change does after its commit: store the rendering
    elif page == "programme, first rendering":
        client.get(url)  # the site texts, read once per change of them
        ProgrammeRendering.objects.all().delete()
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("page", BUDGETS)
def test_each_page_stays_within_its_budget_at_any_size(client, page):
    url, budget = BUDGETS[page]
    document = build_archive(programmes=3, parts=1)
    small = cost(client, url or document.public_url, page)
    ToolboxDocumentFactory.create_batch(40, programme=document.programme)
    ObjectiveFactory.create_batch(40, programme=document.programme)
    ProgrammeFactory.create_batch(60, published=True)
    large = cost(client, url or document.public_url, page)
    assert small == large
    assert large <= budget


# Queries for a page served from the cache: only the check that the copy is still current.
CACHED_BUDGETS = {
    "home": ("/", 1),
    # The index also checks the themes, which its theme facet names.
    "index": ("/programmas/", 2),
    "search": ("/programmas/?q=programma&sort=newest", 2),
    "programme": ("/programmas/groot/", 1),
    "programme in English": ("/en/programmes/groot/", 1),
    "site page": ("/over/", 1),
}


@pytest.mark.parametrize("page", CACHED_BUDGETS)
def test_a_cached_page_costs_only_its_freshness_check(client, page, django_assert_max_num_queries):
    url, budget = CACHED_BUDGETS[page]
    build_archive(programmes=60, parts=20)
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200
