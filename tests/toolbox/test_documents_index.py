"""The documents index, /documenten/ (/en/documents/): every public document, searchable in both
languages, filterable by kind, programme, year and availability (combinable, as GET parameters),
paginated, in the sitemap, cached under a stamp that follows every change, and at a fixed
number of queries however large the archive."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from publishing.services import publish, withdraw
from tests.factories import ProgrammeFactory, ToolboxDocumentFactory, pdf_bytes
from tests.html import parse, text_of
from toolbox import document_views

pytestmark = pytest.mark.django_db

INDEX = "/documenten/"
LETTER = ToolboxDocumentFactory._meta.model.Kind.PARLIAMENTARY_LETTER


def titles(response) -> list[str]:
    assert response.status_code == 200
    return [text_of(h) for h in parse(response).select(".document-list__title")]


def item_texts(response) -> list[str]:
    return [text_of(li) for li in parse(response).select(".document-list__item")]


def test_the_index_has_its_names_in_both_languages():
    assert reverse("documents:index") == INDEX
    with translation.override("en"):
        assert reverse("documents:index") == "/en/documents/"


def test_only_documents_of_public_programmes_are_listed(client):
    ToolboxDocumentFactory(programme__published=True, title_nl="Zichtbaar")
    ToolboxDocumentFactory(title_nl="Van een concept")
    withdrawn = ProgrammeFactory(published=True)
    ToolboxDocumentFactory(programme=withdrawn, title_nl="Van een ingetrokken programma")
    withdraw(item=withdrawn)
    ToolboxDocumentFactory(
        programme__published=True,
        programme__published_at=datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC),
        title_nl="Van een later programma",
    )
    assert titles(client.get(INDEX)) == ["Zichtbaar"]


def test_each_document_shows_kind_date_programme_and_format_label(client):
    programme = ProgrammeFactory(published=True, title_nl="Risico's", slug="risicos")
    ToolboxDocumentFactory(
        programme=programme,
        title_nl="Eindrapport",
        publication_date=datetime.date(2015, 11, 9),
        file=SimpleUploadedFile("r.pdf", pdf_bytes(pages=12) + b"%" + b"0" * 1_250_000),
    )
    page = parse(client.get(INDEX))
    assert text_of(page.select_one(".document-list__facts")) == (
        "Handreiking 9 november 2015 (PDF | 12 pagina's | 1,2 MB)"
    )
    assert page.select_one(".document-list__facts time")["datetime"] == "2015-11-09"
    assert text_of(page.select_one(".document-list__programme a")) == "Risico's"
    link = page.select_one(".document-list__title a")
    assert link["href"] == "/documenten/risicos/eindrapport/over/"
    assert page.select_one(".document-list__programme a")["href"] == "/programmas/risicos/"


def test_the_format_label_is_the_one_programme_pages_show(client):
    document = ToolboxDocumentFactory(programme__published=True, with_pdf=True)
    on_programme = text_of(
        parse(client.get(document.programme.get_absolute_url())).select_one(
            "li.document .document-meta"
        )
    )
    on_index = text_of(parse(client.get(INDEX)).select_one(".document-list__format"))
    assert on_index == on_programme
    assert re.fullmatch(r"\(PDF \| 1 pagina \| \d+ bytes\)", on_index)


def test_a_document_without_file_or_address_is_not_digitally_available(client):
    ToolboxDocumentFactory(programme__published=True)
    ToolboxDocumentFactory(programme__published=True, external_url="https://example.org/a")
    labels = [text_of(s) for s in parse(client.get(INDEX)).select(".document-list__format")]
    assert sorted(labels) == ["(externe website)", "(niet digitaal beschikbaar)"]


def test_the_english_index_uses_english_titles_and_words(client):
    ToolboxDocumentFactory(
        programme__published=True,
        programme__title_en="Risks",
        title_en="Final report",
        kind=LETTER,
        publication_date=datetime.date(2015, 11, 9),
    )
    assert item_texts(client.get("/en/documents/")) == [
        "Final report Letter to parliament 9 November 2015 (not digitally available) "
        "Programme: Risks"
    ]


def test_search_matches_titles_and_descriptions_in_dutch_and_english(client):
    ToolboxDocumentFactory(
        programme__published=True,
        title_nl="Brief aan de Kamer",
        title_en="Letter to parliament",
        description_nl="Over geïntroduceerde risico's.",
        description_en="On the risks introduced.",
    )
    ToolboxDocumentFactory(programme__published=True, title_nl="Iets anders", title_en="Other")
    for query in ["brief", "letter", "geintroduceerde", "introduced", "KAMER risico"]:
        assert titles(client.get(INDEX, {"q": query})) == ["Brief aan de Kamer"], query
    assert titles(client.get("/en/documents/", {"q": "kamer"})) == ["Letter to parliament"]
    assert titles(client.get(INDEX, {"q": "nergens"})) == []


def test_a_changed_title_is_searchable_and_shown_at_once(client):
    document = ToolboxDocumentFactory(programme__published=True, title_nl="Oude titel")
    assert titles(client.get(INDEX)) == ["Oude titel"]
    document.title_nl = "Nieuwe titel"
    document.save()
    assert titles(client.get(INDEX)) == ["Nieuwe titel"]
    assert titles(client.get(INDEX, {"q": "nieuwe"})) == ["Nieuwe titel"]
    assert titles(client.get(INDEX, {"q": "oude"})) == []


def test_a_newly_published_programme_brings_its_documents_at_once(client):
    programme = ProgrammeFactory()
    ToolboxDocumentFactory(programme=programme, title_nl="Later zichtbaar")
    assert titles(client.get(INDEX)) == []
    publish(item=programme)
    assert titles(client.get(INDEX)) == ["Later zichtbaar"]


@pytest.fixture
def archive():
    one = ProgrammeFactory(published=True, slug="een", title_nl="Een")
    two = ProgrammeFactory(published=True, slug="twee", title_nl="Twee")
    make = ToolboxDocumentFactory
    make(programme=one, title_nl="A1 brief 2015", kind=LETTER, publication_date="2015-01-02")
    make(programme=one, title_nl="A2 gids 2015", publication_date="2015-06-01", with_pdf=True)
    make(programme=one, title_nl="A3 gids 2012", publication_date="2012-06-01")
    make(programme=two, title_nl="B1 brief 2015", kind=LETTER, publication_date="2015-03-01")
    make(programme=two, title_nl="B2 gids zonder datum", external_url="https://example.org/b2")


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"kind": "parliamentary_letter"}, ["B1 brief 2015", "A1 brief 2015"]),
        ({"programme": "een"}, ["A2 gids 2015", "A1 brief 2015", "A3 gids 2012"]),
        ({"year": "2015"}, ["A2 gids 2015", "B1 brief 2015", "A1 brief 2015"]),
        ({"available": "yes"}, ["A2 gids 2015", "B2 gids zonder datum"]),
        ({"available": "no"}, ["B1 brief 2015", "A1 brief 2015", "A3 gids 2012"]),
        ({"kind": "parliamentary_letter", "programme": "een", "year": "2015"}, ["A1 brief 2015"]),
        ({"kind": "guide", "year": "2015", "available": "yes"}, ["A2 gids 2015"]),
        ({"q": "brief", "programme": "twee"}, ["B1 brief 2015"]),
        ({"kind": "guide", "year": "2012", "available": "yes"}, []),
    ],
)
def test_filters_combine(client, archive, filters, expected):
    assert sorted(titles(client.get(INDEX, filters))) == sorted(expected)


def test_the_newest_documents_come_first_and_undated_ones_last(client, archive):
    assert titles(client.get(INDEX)) == [
        "A2 gids 2015",
        "B1 brief 2015",
        "A1 brief 2015",
        "A3 gids 2012",
        "B2 gids zonder datum",
    ]


def test_the_filter_form_offers_what_the_archive_holds_and_keeps_the_choice(client, archive):
    page = parse(client.get(INDEX, {"year": "2015", "programme": "twee"}))
    form = page.select_one("form.documents-form")
    assert form["method"] == "get"
    assert text_of(form.select_one("fieldset legend")) == "Filters"
    for select in form.select("select"):
        assert form.select_one(f"label[for={select['id']}]"), select["name"]
    years = [o["value"] for o in form.select("select[name=year] option")]
    assert years == ["", "2015", "2012"]
    programmes = [o["value"] for o in form.select("select[name=programme] option")]
    assert programmes == ["", "een", "twee"]
    assert form.select_one("select[name=year] option[selected]")["value"] == "2015"
    assert form.select_one("select[name=programme] option[selected]")["value"] == "twee"
    kinds = [o["value"] for o in form.select("select[name=kind] option")]
    assert kinds == ["", *(kind.value for kind in LETTER.__class__)]


def test_with_very_many_programmes_the_programme_filter_comes_from_links(
    client, archive, monkeypatch
):
    monkeypatch.setattr(document_views, "PROGRAMME_CHOICES", 1)
    page = parse(client.get(INDEX, {"programme": "twee"}))
    assert page.select_one("select[name=programme]") is None
    assert page.select_one("input[type=hidden][name=programme]")["value"] == "twee"
    assert "Twee" in text_of(page.select_one(".documents-form__programme"))
    assert [text_of(h) for h in page.select(".document-list__title")] == [
        "B1 brief 2015",
        "B2 gids zonder datum",
    ]


def test_filtered_pages_are_not_indexed_but_the_index_is(client, archive):
    plain = parse(client.get(INDEX))
    assert plain.select_one("meta[name=robots]") is None
    assert plain.select_one("meta[name=description]")["content"]
    filtered = parse(client.get(INDEX, {"kind": "guide"}))
    assert filtered.select_one("meta[name=robots]")["content"] == "noindex, follow"


def test_pages_of_results_link_each_other(client):
    ToolboxDocumentFactory.create_batch(45, programme=ProgrammeFactory(published=True))
    first = parse(client.get(INDEX, {"kind": "guide"}))
    assert len(first.select(".document-list__item")) == 20
    nav = first.select_one("nav.pagination")
    assert nav["aria-label"]
    assert nav.select_one("[aria-current=page]").get_text(strip=True).endswith("1")
    assert nav.select_one("a[rel=next]")["href"] == "?kind=guide&page=2"
    assert nav.select_one("a[rel=prev]") is None
    last = parse(client.get(INDEX, {"kind": "guide", "page": "3"}))
    assert len(last.select(".document-list__item")) == 5
    assert last.select_one("a[rel=prev]")["href"] == "?kind=guide&page=2"
    assert last.select_one("a[rel=next]") is None


@pytest.mark.parametrize(
    "query",
    [
        {"page": "abc"},
        {"page": "99999"},
        {"page": "-1"},
        {"kind": "nonsense"},
        {"year": "abc"},
        {"year": "1700"},
        {"programme": "bestaat-niet"},
        {"programme": "<script>"},
        {"available": "maybe"},
        {"q": "\x00"},
        {"q": "a" * 5000},
        {"q": "' OR 1=1 --"},
        {"q": "&&&!!:*"},
        {"kind": ["guide", "other"]},
    ],
)
def test_hostile_parameters_never_cause_a_server_error(client, archive, query):
    response = client.get(INDEX, query)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</head>")[1]


def test_an_unknown_filter_value_is_a_form_error_not_an_empty_truth(client, archive):
    page = parse(client.get(INDEX, {"kind": "nonsense"}))
    assert page.select_one("select[name=kind]")["aria-invalid"] == "true"
    assert page.select_one(".field-error")
    assert page.select(".document-list__item") == []


def test_the_sitemap_lists_the_index_and_each_public_document_page(client, archive):
    ToolboxDocumentFactory(title_nl="Concept")  # of a draft programme
    content = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/documenten/</loc>" in content
    assert "http://testserver/en/documents/</loc>" in content
    assert "http://testserver/documenten/een/a1-brief-2015/over/</loc>" in content
    assert "http://testserver/en/documents/twee/b2-gids-zonder-datum/about/</loc>" in content
    assert len(re.findall(r"/documenten/[^<]+/over/</loc>", content)) == 5
    assert "concept" not in content


def cost(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


# The change check, the years and the programmes of the filters (kept per change stamp), the
# count and the page of documents with their programmes.
INDEX_BUDGET = 5


COSTED = [INDEX, "/en/documents/?q=handreiking&kind=guide&available=no&page=2", "/sitemap.xml"]


def test_the_index_costs_the_same_few_queries_at_any_size(client):
    for _ in range(3):
        ToolboxDocumentFactory(programme__published=True, publication_date="2014-01-01")
    small = [cost(client, url) for url in COSTED]
    for _ in range(57):
        programme = ProgrammeFactory(published=True)
        ToolboxDocumentFactory.create_batch(40, programme=programme, publication_date="2013-01-01")
    large = [cost(client, url) for url in COSTED]
    assert small == large
    assert max(large[:2]) <= INDEX_BUDGET


def test_a_cached_index_costs_only_its_freshness_check(client, django_assert_num_queries):
    ToolboxDocumentFactory.create_batch(3, programme__published=True)
    client.get(INDEX, {"kind": "guide"})
    with django_assert_num_queries(1):
        assert client.get(INDEX, {"kind": "guide"}).status_code == 200
