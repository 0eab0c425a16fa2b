"""Each document's own page, /documenten/<programme>/<key>/over/: its description and facts,
the way to the document (download, external address or neither), a link back to its
programme, meta description, JSON-LD and breadcrumb; cached, at a constant number of queries,
and gone with its programme. The download address beside it stays as it was."""

import datetime
import json

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from publishing.services import rename, withdraw
from tests.factories import ProgrammeFactory, ToolboxDocumentFactory, pdf_bytes
from tests.html import parse, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def document():
    return ToolboxDocumentFactory(
        programme=ProgrammeFactory(published=True, slug="risicos", title_nl="Risico's"),
        title_nl="Eindrapport",
        title_en="Final report",
        description_nl="Het rapport over de risico's.",
        description_en="The report on the risks.",
        publication_date=datetime.date(2015, 11, 9),
        file=SimpleUploadedFile("r.pdf", pdf_bytes(pages=12)),
    )


def test_the_page_lives_beside_the_unchanged_download_address(document):
    assert document.get_absolute_url() == "/documenten/risicos/eindrapport/over/"
    assert document.public_url == "/documenten/risicos/eindrapport/"
    with translation.override("en"):
        assert document.get_absolute_url() == "/en/documents/risicos/eindrapport/about/"


def test_the_download_still_answers_with_the_file(client, document):
    response = client.get("/documenten/risicos/eindrapport/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_page_shows_description_facts_download_and_programme(client, document):
    page = parse(client.get(document.get_absolute_url()))
    assert text_of(page.h1) == "Eindrapport"
    assert text_of(page.select_one(".document-page__description")) == (
        "Het rapport over de risico's."
    )
    facts = [text_of(div.dd) for div in page.select(".document-facts div")]
    assert facts[0] == "Handreiking"
    assert facts[1] == "9 november 2015"
    assert facts[2] == "Nederlands"
    assert facts[3].startswith("(PDF | 12 pagina's | ")
    assert facts[4] == "Risico's"
    download = page.select_one("a[data-download]")
    assert download["href"] == "/documenten/risicos/eindrapport/"
    assert text_of(download.select_one(".document-meta")) == facts[3]
    part_of = page.select_one(".document-page__part-of a")
    assert part_of["href"] == "/programmas/risicos/"
    all_of_programme = page.select_one("a[href='/documenten/?programme=risicos']")
    assert all_of_programme is not None


def test_the_english_page_reads_in_english(client, document):
    page = parse(client.get("/en/documents/risicos/eindrapport/about/"))
    assert page.html["lang"] == "en"
    assert text_of(page.h1) == "Final report"
    assert text_of(page.select_one(".document-page__description")) == "The report on the risks."
    facts = [text_of(div) for div in page.select(".document-facts div")]
    assert facts[:3] == ["Kind Guide", "Date 9 November 2015", "Language Dutch"]
    assert text_of(page.select_one(".document-page__part-of")).startswith("Part of the programme")


def test_an_external_document_is_marked_as_leaving_the_site(client):
    document = ToolboxDocumentFactory(
        programme__published=True, external_url="https://example.org/rapport.pdf"
    )
    page = parse(client.get(document.get_absolute_url()))
    link = page.select_one(".document-page__access a")
    assert link["href"] == "https://example.org/rapport.pdf"
    assert "external" in link["rel"]
    assert text_of(link.select_one(".document-meta")) == "(externe website)"
    assert page.select_one("a[data-download]") is None


def test_a_document_without_file_or_address_says_it_is_not_online(client):
    document = ToolboxDocumentFactory(programme__published=True)
    page = parse(client.get(document.get_absolute_url()))
    assert page.select_one(".document-page__access a") is None
    assert text_of(page.select_one(".document-facts div:nth-of-type(3) dd")) == (
        "(niet digitaal beschikbaar)"
    )


def test_meta_description_comes_from_the_description(client, document):
    page = parse(client.get(document.get_absolute_url()))
    assert page.select_one("meta[name=description]")["content"] == ("Het rapport over de risico's.")
    long = ToolboxDocumentFactory(programme__published=True, description_nl="woord " * 200)
    content = parse(client.get(long.get_absolute_url())).select_one("meta[name=description]")
    assert 0 < len(content["content"]) <= 300


def test_a_document_without_description_still_has_a_meta_description(client):
    document = ToolboxDocumentFactory(programme__published=True, programme__title_en="Risks")
    page = parse(
        client.get(
            "/en"
            + document.get_absolute_url()
            .replace("/documenten/", "/documents/")
            .replace("/over/", "/about/")
        )
    )
    assert page.select_one("meta[name=description]")["content"] == (
        "Guide from the programme “Risks” in The memory of BZK."
    )


def test_structured_data_describes_the_document_as_part_of_its_programme(client, document):
    page = parse(client.get(document.get_absolute_url()))
    data = json.loads(page.select_one("script[type='application/ld+json']").string)
    assert data["@type"] == "DigitalDocument"
    assert data["@id"] == "http://testserver/documenten/risicos/eindrapport/over/"
    assert data["url"] == "http://testserver/documenten/risicos/eindrapport/"
    assert data["datePublished"] == "2015-11-09"
    assert data["description"] == "Het rapport over de risico's."
    assert data["isPartOf"]["url"] == "http://testserver/programmas/risicos/"
    assert data["sha256"] == document.sha256


def test_the_breadcrumb_leads_to_the_documents_index(client, document):
    page = parse(client.get(document.get_absolute_url()))
    links = [a["href"] for a in page.select("nav.breadcrumb a")]
    assert links == ["/", "/documenten/"]
    assert page.select_one("link[rel=canonical]")["href"] == (
        "http://testserver/documenten/risicos/eindrapport/over/"
    )
    assert page.select_one("link[rel=stylesheet][href*='documents']")


def test_documents_of_drafts_and_unknown_documents_are_not_found(client, document):
    draft = ToolboxDocumentFactory(title_nl="Concept")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/documenten/risicos/bestaat-niet/over/").status_code == 404
    assert client.get("/documenten/bestaat-niet/eindrapport/over/").status_code == 404


def test_documents_of_a_withdrawn_programme_are_gone(client, document):
    url = document.get_absolute_url()
    withdraw(item=document.programme)
    response = client.get(url)
    assert response.status_code == 410
    assert parse(response).select_one("meta[name=robots]")["content"] == "noindex"


def test_a_former_programme_address_redirects_to_the_document(client, document):
    rename(item=document.programme, slug="risicos-nieuw")
    response = client.get("/documenten/risicos/eindrapport/over/")
    assert response.status_code == 301
    assert response["Location"] == "/documenten/risicos-nieuw/eindrapport/over/"
    assert client.get(response["Location"]).status_code == 200


def test_a_change_to_the_document_shows_at_once(client, document):
    assert text_of(parse(client.get(document.get_absolute_url())).h1) == "Eindrapport"
    document.title_nl = "Eindrapport, herzien"
    document.save()
    assert text_of(parse(client.get(document.get_absolute_url())).h1) == "Eindrapport, herzien"


def test_a_change_to_the_programme_title_shows_at_once(client, document):
    client.get(document.get_absolute_url())
    document.programme.title_nl = "Andere titel"
    document.programme.save()
    page = parse(client.get(document.get_absolute_url()))
    assert text_of(page.select_one(".document-page__part-of a")) == "Andere titel"


def cost(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


# The change check, and the document with its programme.
PAGE_BUDGET = 2


def test_the_page_costs_the_same_few_queries_at_any_size(client, document):
    small = cost(client, document.get_absolute_url())
    ToolboxDocumentFactory.create_batch(40, programme=document.programme)
    for _ in range(60):
        ToolboxDocumentFactory(programme__published=True)
    large = cost(client, document.get_absolute_url())
    assert small == large <= PAGE_BUDGET


def test_a_cached_page_costs_only_its_freshness_check(client, document, django_assert_num_queries):
    client.get(document.get_absolute_url())
    with django_assert_num_queries(1):
        assert client.get(document.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "address",
    [
        "/documenten/risicos/eindrapport/over/?x=%00",
        "/documenten/risicos/eindrapport/over/?programme=<script>",
        "/documenten/r%C3%AFsicos/eindrapport/over/",
        "/documenten/risicos/" + "a" * 300 + "/over/",
        "/en/documents/risicos/eindrapport/over/",
    ],
)
def test_odd_addresses_never_cause_a_server_error(client, document, address):
    assert client.get(address).status_code < 500
