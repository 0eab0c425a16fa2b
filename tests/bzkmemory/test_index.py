"""The programme index: search, period filters, sorting and pages, in both languages."""

import pytest

from bzkmemory.views import PAGE_SIZE
from tests.factories import (
    ObjectiveFactory,
    PlannedResultFactory,
    ProgrammeFactory,
    ToolboxDocumentFactory,
)
from tests.html import parse, text_of

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    """The programmes found, whether listed alone (h2) or beside exhibitions or documents (h3)."""
    items = parse(response).select(".index-results__programmes .programme-list__item")
    items = items or parse(response).select(".programme-list__item")
    return [text_of(item.select_one(".programme-list__title a")) for item in items]


def status(response) -> str:
    return text_of(parse(response).select_one('[role="status"]'))


class TestSearchingTheSeedProgramme:
    @pytest.mark.parametrize(
        ("address", "query"),
        [
            ("/programmas/", "risico"),
            ("/programmas/", "regelreflex"),
            ("/programmas/", "Risicobeleid"),
            ("/programmas/", "geintroduceerd"),
            ("/en/programmes/", "responsibilities"),
            ("/en/programmes/", "risk regulation reflex"),
        ],
    )
    def test_it_is_found(self, client, seed_programme, address, query):
        response = client.get(address, {"q": query})
        assert response.status_code == 200
        assert len(titles(response)) == 1

    def test_the_dutch_result_names_the_programme_and_the_count(self, client, seed_programme):
        response = client.get("/programmas/", {"q": "risico"})
        assert titles(response) == ["Risico's en verantwoordelijkheden"]
        assert status(response) == "1 programma gevonden voor “risico”."
        assert "Zoekresultaten voor “risico” (1)" in text_of(parse(response).title)

    def test_the_english_result_is_in_english(self, client, seed_programme):
        response = client.get("/en/programmes/", {"q": "responsibilities"})
        assert titles(response) == ["Risks and responsibilities"]
        assert status(response) == "1 programme found for “responsibilities”."

    @pytest.mark.parametrize("query", ["xyzzyplugh", "risico xyzzyplugh", "qqqq"])
    def test_nonsense_finds_nothing(self, client, seed_programme, query):
        response = client.get("/programmas/", {"q": query})
        assert response.status_code == 200
        assert titles(response) == []
        assert status(response).startswith("0 programma's gevonden")


class TestHostileInput:
    @pytest.mark.parametrize(
        "query",
        [
            "a" * 10_000,
            "risico' OR 1=1 --",
            "'; DROP TABLE programmes_programme; --",
            "<script>alert(1)</script>",
            '"><img src=x onerror=alert(1)>',
            "risico\x00",
            "\x00",
            "!!! ::* & | ( ) <-> ''",
            "risico:* | !x",
            "％００",
            "\u202eesrever",
        ],
    )
    def test_gives_a_normal_results_page(self, client, seed_programme, query):
        response = client.get("/programmas/", {"q": query})
        assert response.status_code == 200
        page = parse(response)
        assert page.select_one('[role="status"]') is not None
        assert "<script>alert" not in response.content.decode()
        assert page.find("img") is None

    def test_a_too_long_query_is_explained(self, client, seed_programme):
        response = client.get("/programmas/", {"q": "a" * 201})
        assert "Zorg dat deze waarde niet meer dan 200 tekens bevat" in text_of(parse(response))

    @pytest.mark.parametrize(
        "parameters",
        [
            {"page": "abc"},
            {"page": "-1"},
            {"page": "99999999999999999999"},
            {"decade": "abc"},
            {"decade": "1850"},
            {"year_from": "twintig"},
            {"year_from": "99999"},
            {"sort": "'; DROP"},
            {"q": ["risico", "tweede"]},
        ],
    )
    def test_bad_parameters_give_a_normal_page(self, client, seed_programme, parameters):
        response = client.get("/programmas/", parameters)
        assert response.status_code == 200
        assert parse(response).select_one('[role="status"]') is not None


class TestFilters:
    @pytest.fixture
    def programmes(self):
        return {
            "eighties": ProgrammeFactory(published=True, start_year=1985, end_year=1988),
            "decade_spanning": ProgrammeFactory(published=True, start_year=1998, end_year=2003),
            "recent": ProgrammeFactory(published=True, start_year=2011, end_year=2015),
            "draft": ProgrammeFactory(start_year=2011, end_year=2015),
        }

    def test_without_filters_every_published_programme_is_listed(self, client, programmes):
        response = client.get("/programmas/")
        assert len(titles(response)) == 3
        assert status(response) == "3 programma's."

    def test_a_decade_includes_programmes_that_run_into_it(self, client, programmes):
        response = client.get("/programmas/", {"decade": "2000"})
        assert titles(response) == [programmes["decade_spanning"].title_nl]

    def test_the_decades_offered_span_the_published_programmes(self, client, programmes):
        page = parse(client.get("/programmas/"))
        options = [option["value"] for option in page.select("input[name=decade]")]
        assert options == ["", "2010", "2000", "1990", "1980"]
        labels = [text_of(label) for label in page.select(".facet--period li label")]
        assert [label.rsplit(" ", 1)[1] for label in labels] == ["(3)", "(1)", "(1)", "(1)", "(1)"]

    def test_a_year_range_includes_overlapping_periods(self, client, programmes):
        response = client.get("/programmas/", {"year_from": "1987", "year_to": "1999"})
        assert set(titles(response)) == {
            programmes["eighties"].title_nl,
            programmes["decade_spanning"].title_nl,
        }

    def test_a_reversed_year_range_is_explained_not_applied(self, client, programmes):
        response = client.get("/programmas/", {"year_from": "2015", "year_to": "2010"})
        page = parse(response)
        assert "Het laatste jaar kan niet voor het eerste jaar liggen." in text_of(page)
        assert titles(response) == []
        assert page.select_one("#id_year_to")["aria-invalid"] == "true"

    @pytest.mark.parametrize(
        ("sort", "order"),
        [
            ("newest", ["recent", "decade_spanning", "eighties"]),
            ("oldest", ["eighties", "decade_spanning", "recent"]),
        ],
    )
    def test_sorting_by_period(self, client, programmes, sort, order):
        response = client.get("/programmas/", {"sort": sort})
        assert titles(response) == [programmes[name].title_nl for name in order]

    def test_sorting_by_title_uses_the_visitors_language(self, client):
        ProgrammeFactory(published=True, title_nl="Appel", title_en="Zebra")
        ProgrammeFactory(published=True, title_nl="Zebra", title_en="Apple")
        assert titles(client.get("/programmas/", {"sort": "title"})) == ["Appel", "Zebra"]
        assert titles(client.get("/en/programmes/", {"sort": "title"})) == ["Apple", "Zebra"]


class TestSearchCoversTheWholeProgramme:
    @pytest.mark.parametrize(
        ("factory", "field", "word"),
        [
            (ObjectiveFactory, "description_nl", "brandveiligheid"),
            (PlannedResultFactory, "text_nl", "slotconferentie"),
            (ToolboxDocumentFactory, "title_nl", "kennisdocument"),
        ],
    )
    def test_words_in_a_part_of_the_programme_find_it(self, client, factory, field, word):
        programme = ProgrammeFactory(published=True)
        factory(programme=programme, **{field: f"Iets over {word} hier"})
        ProgrammeFactory(published=True)
        response = client.get("/programmas/", {"q": word})
        assert titles(response) == [programme.title_nl]

    def test_an_edited_part_is_found_by_its_new_words(self, client):
        objective = ObjectiveFactory(programme__published=True, description_nl="oud woord")
        objective.description_nl = "vernieuwde omschrijving"
        objective.save()
        assert len(titles(client.get("/programmas/", {"q": "vernieuwde"}))) == 1
        assert titles(client.get("/programmas/", {"q": "oud woord"})) == []

    def test_a_deleted_part_is_no_longer_found(self, client):
        objective = ObjectiveFactory(programme__published=True, description_nl="verdwijnt")
        objective.delete()
        assert titles(client.get("/programmas/", {"q": "verdwijnt"})) == []

    def test_drafts_are_never_found(self, client):
        ProgrammeFactory(title_nl="Geheim concept")
        assert titles(client.get("/programmas/", {"q": "geheim"})) == []


class TestPages:
    def test_results_come_in_pages_with_a_labelled_navigation(self, client):
        ProgrammeFactory.create_batch(PAGE_SIZE + 3, published=True)
        first = parse(client.get("/programmas/"))
        assert len(first.select(".programme-list__item")) == PAGE_SIZE
        navigation = first.find("nav", class_="pagination")
        assert navigation["aria-label"] == "Pagina's met resultaten"
        assert navigation.select_one('[aria-current="page"]').get_text(strip=True).endswith("1")
        second = parse(client.get("/programmas/", {"page": "2"}))
        assert len(second.select(".programme-list__item")) == 3
        assert "pagina 2" in text_of(second.title)

    def test_page_links_keep_the_search(self, client):
        ProgrammeFactory.create_batch(PAGE_SIZE + 1, published=True, title_nl="Risico X")
        page = parse(client.get("/programmas/", {"q": "risico", "sort": "title"}))
        next_link = page.select_one('.pagination a[rel="next"]')["href"]
        assert "q=risico" in next_link
        assert "sort=title" in next_link
        assert "page=2" in next_link


def test_the_index_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    ProgrammeFactory.create_batch(45, published=True)
    # The change stamps of the listings and the themes; the listing of the published
    # programmes (their facet values and themes, then the title order: read once per change of
    # the archive, as here, and kept by each worker); what the facets offer besides (the
    # decades of exhibitions, the themes); the exhibitions the words find (for the facets;
    # listed on the first page only); the ids the words match (1); the programmes of the page;
    # the parts of the programmes on the page, for their excerpts (4); on PostgreSQL the stems
    # of the words and the setting of the search's transaction with its savepoint. See
    # tests/bzkmemory/test_search_results.py.
    with django_assert_max_num_queries(18):
        client.get("/programmas/", {"q": "programma", "decade": "2010", "page": "2"})
