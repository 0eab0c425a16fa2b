"""Search results that show why they were found (an excerpt with the matched words marked), the
documents found, and the facets: theme, period, responsible unit, kind of document and digital
availability, with counts, combinable and shareable as an address."""

import datetime
import random

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bzkmemory.search_results import excerpt
from programmes.models import Programme
from programmes.search import excerpt_texts as programme_texts
from publishing.search import word_matcher
from tests.factories import (
    ExhibitionFactory,
    ObjectiveFactory,
    ProgrammeFactory,
    ThemeFactory,
    TimelineItemFactory,
    ToolboxDocumentFactory,
)
from tests.html import parse, text_of

pytestmark = pytest.mark.django_db


def programme_items(page):
    items = page.select(".index-results__programmes .programme-list__item")
    return items or page.select(".programme-list__item:not(.exhibition-list__item)")


def titles(response) -> list[str]:
    page = parse(response)
    return [text_of(item.select_one(".programme-list__title a")) for item in programme_items(page)]


def marks(element) -> list[str]:
    return [text_of(mark) for mark in element.select("mark")]


def facet_labels(response, name: str) -> dict[str, str]:
    """The values a facet offers, with their labels (which end with the count)."""
    page = parse(response)
    return {
        box["value"]: text_of(page.select_one(f'label[for="{box["id"]}"]'))
        for box in page.select(f'.search-form input[name="{name}"]')
    }


def counts(response, name: str) -> dict[str, int]:
    return {
        value: int(label.rsplit("(", 1)[1].rstrip(")"))
        for value, label in facet_labels(response, name).items()
    }


class TestExcerpts:
    def test_a_dutch_search_marks_the_compound_that_matched(self, client, seed_programme):
        page = parse(client.get("/programmas/", {"q": "regelreflex"}))
        excerpt = programme_items(page)[0].select_one(".search-excerpt")
        assert marks(excerpt) == ["risico-regelreflex"]
        assert "De zogenaamde risico-regelreflex kan leiden" in text_of(excerpt)
        assert excerpt.get("lang") is None

    def test_an_english_search_marks_the_phrase_in_the_english_text(self, client, seed_programme):
        page = parse(client.get("/en/programmes/", {"q": "risk-regulation reflex"}))
        excerpt = programme_items(page)[0].select_one(".search-excerpt")
        assert "risk-regulation reflex" in marks(excerpt)
        assert "so-called risk-regulation reflex" in text_of(excerpt)

    def test_the_title_marks_its_matching_words(self, client, seed_programme):
        page = parse(client.get("/programmas/", {"q": "verantwoordelijkheden"}))
        title = programme_items(page)[0].select_one(".programme-list__title")
        assert marks(title) == ["verantwoordelijkheden"]

    def test_a_word_found_in_a_part_is_shown_from_that_part(self, client):
        programme = ProgrammeFactory(published=True)
        ObjectiveFactory(programme=programme, description_nl="Iets over brandveiligheid hier")
        page = parse(client.get("/programmas/", {"q": "brandveiligheid"}))
        assert marks(programme_items(page)[0].select_one(".search-excerpt")) == ["brandveiligheid"]

    def test_an_excerpt_is_the_same_whether_or_not_the_parts_were_read(self, client):
        """The page reads a programme's parts only when its leading texts (summary,
        introduction) do not hold every word; the excerpt is the one all its texts give."""
        chance = random.Random(11)  # noqa: S311 - a fixed archive, not a secret
        words = ["kade", "dijk", "sluis"]
        for number in range(30):

            def some() -> str:
                return " ".join(chance.sample(words, chance.randrange(0, 3)))

            programme = ProgrammeFactory(
                published=True,
                title_nl=f"Waterwerk {number}",
                summary_nl=f"Samenvatting {some()}.",
                introduction_nl=f"<p>Inleiding {some()}.</p>",
                intended_effect_nl=f"<p>Effect {some()}.</p>",
            )
            for _ in range(chance.randrange(0, 3)):
                ObjectiveFactory(programme=programme, description_nl=f"Doel {some()} hier")
        programmes = Programme.objects.with_page_content()
        for query in ["kade", "dijk sluis", "kade dijk sluis", "waterwerk"]:
            is_match = word_matcher(query)
            expected = {
                programme.title: excerpt(programme_texts(programme, "nl"), is_match)
                for programme in programmes
            }
            page = parse(client.get("/programmas/", {"q": query, "sort": "title"}))
            for item in programme_items(page):
                title = text_of(item.select_one(".programme-list__title a"))
                shown = item.select_one(".search-excerpt")
                want = expected[title]
                assert (shown is None) == (want is None), (query, title)
                if want is not None:
                    assert shown.decode_contents().strip().endswith(str(want.html)), (query, title)

    def test_without_a_search_the_summary_is_shown(self, client, seed_programme):
        page = parse(client.get("/programmas/"))
        assert page.select_one(".search-excerpt") is None
        assert page.select_one("mark") is None

    def test_an_untranslated_text_is_excerpted_in_dutch_with_its_language(self, client):
        ProgrammeFactory(
            published=True, introduction_nl="<p>Over de wijkaanpak.</p>", introduction_en=""
        )
        page = parse(client.get("/en/programmes/", {"q": "wijkaanpak"}))
        excerpt = programme_items(page)[0].select_one(".search-excerpt")
        assert excerpt["lang"] == "nl"
        assert marks(excerpt) == ["wijkaanpak"]

    def test_a_long_text_is_cut_around_the_match(self, client):
        words = " ".join(f"woord{number}" for number in range(300))
        ProgrammeFactory(published=True, introduction_nl=f"<p>{words} vindbaar {words}</p>")
        excerpt = text_of(
            programme_items(parse(client.get("/programmas/", {"q": "vindbaar"})))[0].select_one(
                ".search-excerpt"
            )
        )
        assert excerpt.startswith("… ")
        assert excerpt.endswith(" …")
        assert "vindbaar" in excerpt
        assert len(excerpt) < 300

    @pytest.mark.parametrize(
        "hostile",
        [
            '<script>alert("x")</script> gevaarlijk',
            "&lt;script&gt;alert(1)&lt;/script&gt; gevaarlijk",
            '"><img src=x onerror=alert(1)> gevaarlijk',
            "<b onmouseover=alert(1)>gevaarlijk</b> &amp; <mark>nep</mark>",
        ],
    )
    def test_text_with_markup_is_escaped_and_only_our_marks_are_markup(self, client, hostile):
        ProgrammeFactory(
            published=True, title_nl=f"Titel {hostile}", summary_nl=hostile, introduction_nl=hostile
        )
        ObjectiveFactory(programme__published=True, description_nl=hostile)
        response = client.get("/programmas/", {"q": "gevaarlijk"})
        html = response.content.decode()
        assert "<script>alert" not in html
        assert "<img" not in html
        assert "onmouseover" not in html.replace("onmouseover=alert(1)&gt;", "")
        page = parse(response)
        results = page.select_one("#results")
        assert results.select("script, img, b") == []
        assert {text_of(mark) for mark in results.select("mark")} == {"gevaarlijk"}


class TestDocumentsFound:
    def test_a_document_whose_title_matches_is_a_result_of_its_own(self, client):
        document = ToolboxDocumentFactory(
            programme__published=True,
            title_nl="Handreiking brandveiligheid",
            description_nl="Hoe u brandveiligheid regelt.",
        )
        ToolboxDocumentFactory(programme__published=True, title_nl="Iets anders")
        ToolboxDocumentFactory(title_nl="Concept over brandveiligheid")  # draft programme
        page = parse(client.get("/programmas/", {"q": "brandveiligheid"}))
        found = page.select(".index-results__documents .document-result")
        assert len(found) == 1
        link = found[0].select_one("h3 a")
        assert marks(link) == ["brandveiligheid"]
        assert link["href"].startswith(f"/documenten/{document.programme.slug}/{document.key}/")
        assert marks(found[0].select_one(".search-excerpt")) == ["brandveiligheid"]
        assert "1 document gevonden" in text_of(page.select_one('[role="status"]')) or (
            "1 document found" in text_of(page.select_one('[role="status"]'))
        )

    def test_documents_are_found_in_english(self, client):
        ToolboxDocumentFactory(
            programme__published=True, title_nl="Handreiking", title_en="Fire safety guide"
        )
        page = parse(client.get("/en/programmes/", {"q": "fire safety"}))
        link = page.select_one(".index-results__documents h3 a")
        assert marks(link) == ["Fire safety"]

    def test_no_documents_group_without_a_search(self, client):
        ToolboxDocumentFactory(programme__published=True)
        assert parse(client.get("/programmas/")).select_one(".index-results__documents") is None


@pytest.fixture
def archive():
    """Programmes and an exhibition with known themes, periods, units and documents."""
    local, water = (
        ThemeFactory(slug="lokaal", name_nl="Lokale democratie"),
        ThemeFactory(slug="water", name_nl="Water"),
    )
    items = {
        "a": ProgrammeFactory(
            published=True, start_year=1995, end_year=1998, responsible_unit_nl="DGOO"
        ),
        "b": ProgrammeFactory(
            published=True, start_year=2011, end_year=2014, responsible_unit_nl="DGOO"
        ),
        "c": ProgrammeFactory(
            published=True, start_year=2012, end_year=2013, responsible_unit_nl="DGBW"
        ),
        "d": ProgrammeFactory(published=True, start_year=1985, end_year=1986),
        "draft": ProgrammeFactory(start_year=2011, end_year=2014, responsible_unit_nl="DGOO"),
    }
    items["a"].themes.add(local)
    items["b"].themes.add(local, water)
    items["c"].themes.add(water)
    items["draft"].themes.add(local)
    ToolboxDocumentFactory(programme=items["a"], kind="guide", with_pdf=True)
    ToolboxDocumentFactory(programme=items["b"], kind="guide")
    ToolboxDocumentFactory(
        programme=items["c"], kind="parliamentary_letter", external_url="https://example.org/k"
    )
    exhibition = ExhibitionFactory(published=True, title_nl="Democratie dichtbij")
    TimelineItemFactory(exhibition=exhibition, date=datetime.date(2012, 1, 1))
    exhibition.themes.add(local)
    items["exhibition"] = exhibition
    for programme in items.values():
        programme.refresh_from_db()
    return {name: item.title_nl for name, item in items.items()}


def exhibition_titles(response) -> list[str]:
    return [text_of(a) for a in parse(response).select(".index-results__exhibitions h3 a")]


class TestFacets:
    def test_counts_without_a_choice(self, client, archive):
        response = client.get("/programmas/")
        # Programmes and the exhibition count in theme and period; drafts never.
        assert counts(response, "theme") == {"lokaal": 3, "water": 2}
        assert counts(response, "decade") == {"": 5, "2010": 3, "1990": 1, "1980": 1}
        assert counts(response, "unit") == {"DGBW": 1, "DGOO": 2}
        assert counts(response, "kind") == {"guide": 2, "parliamentary_letter": 1}
        assert counts(response, "digital") == {"1": 2}

    def test_zero_counts_are_left_out(self, client, archive):
        labels = facet_labels(client.get("/programmas/"), "kind")
        assert "plan_of_approach" not in labels

    def test_a_theme_narrows_and_each_facet_counts_with_the_others_applied(self, client, archive):
        response = client.get("/programmas/", {"theme": "water"})
        assert sorted(titles(response)) == sorted([archive["b"], archive["c"]])
        assert exhibition_titles(response) == []
        # The theme facet itself still offers the others, counted without the theme choice.
        assert counts(response, "theme") == {"lokaal": 3, "water": 2}
        assert counts(response, "unit") == {"DGBW": 1, "DGOO": 1}
        assert counts(response, "decade") == {"": 2, "2010": 2}

    def test_themes_widen_within_the_facet(self, client, archive):
        response = client.get("/programmas/", {"theme": ["water", "lokaal"]})
        assert len(titles(response)) == 3
        assert exhibition_titles(response) == ["Democratie dichtbij"]

    def test_a_decade(self, client, archive):
        response = client.get("/programmas/", {"decade": "1990"})
        assert titles(response) == [archive["a"]]
        assert counts(response, "theme") == {"lokaal": 1}

    def test_a_unit(self, client, archive):
        response = client.get("/programmas/", {"unit": "DGOO"})
        assert sorted(titles(response)) == sorted([archive["a"], archive["b"]])
        # Exhibitions have no responsible unit.
        assert exhibition_titles(response) == []
        assert counts(response, "unit") == {"DGBW": 1, "DGOO": 2}
        assert counts(response, "theme") == {"lokaal": 2, "water": 1}

    def test_a_unit_in_english_falls_back_to_dutch(self, client, archive):
        response = client.get("/en/programmes/", {"unit": "DGBW"})
        assert (
            titles(response) == [archive["c"].replace("Programma", "Programme")]
            or len(titles(response)) == 1
        )

    def test_a_kind_of_document(self, client, archive):
        response = client.get("/programmas/", {"kind": "parliamentary_letter"})
        assert titles(response) == [archive["c"]]
        assert counts(response, "kind") == {"guide": 2, "parliamentary_letter": 1}
        assert counts(response, "digital") == {"1": 1}

    def test_digitally_available(self, client, archive):
        response = client.get("/programmas/", {"digital": "1"})
        assert sorted(titles(response)) == sorted([archive["a"], archive["c"]])
        assert counts(response, "kind") == {"guide": 1, "parliamentary_letter": 1}

    def test_facets_combine(self, client, archive):
        response = client.get(
            "/programmas/", {"theme": "lokaal", "decade": "2010", "kind": "guide"}
        )
        assert titles(response) == [archive["b"]]
        assert counts(response, "theme") == {"lokaal": 1, "water": 1}
        assert counts(response, "decade") == {"": 2, "1990": 1, "2010": 1}

    def test_facets_apply_to_the_words_found(self, client, archive):
        ProgrammeFactory(published=True, title_nl="Uniek woord", responsible_unit_nl="DGOO")
        response = client.get("/programmas/", {"q": "uniek"})
        assert counts(response, "unit") == {"DGOO": 1}
        assert "theme" not in {box["name"] for box in parse(response).select("input")}

    def test_the_address_is_the_search_and_round_trips(self, client, archive):
        response = client.get("/programmas/?theme=lokaal&decade=2010&unit=DGOO")
        assert titles(response) == [archive["b"]]
        form = parse(response).select_one("form.search-form")
        assert form["method"] == "get"
        checked = [(box["name"], box["value"]) for box in form.select("input[checked]")]
        assert set(checked) == {("theme", "lokaal"), ("decade", "2010"), ("unit", "DGOO")}
        # Submitting the form as it stands gives the same page.
        again = client.get("/programmas/", dict_of_lists([*checked, ("q", ""), ("sort", "title")]))
        assert titles(again) == titles(response)
        assert counts(again, "theme") == counts(response, "theme")

    def test_clearing_filters_keeps_the_words(self, client, archive):
        page = parse(client.get("/programmas/", {"q": "programma", "theme": "water"}))
        clear = next(a for a in page.select(".search-form a") if "theme" not in a["href"])
        assert clear["href"] == "/programmas/?q=programma"

    @pytest.mark.parametrize(
        "parameters",
        [
            {"theme": "bestaat-niet"},
            {"theme": ["water"] * 500},
            {"theme": "<script>alert(1)</script>"},
            {"unit": "x" * 10_000},
            {"kind": "'; DROP TABLE toolbox_toolboxdocument; --"},
            {"kind": ["guide", "guide", "nonsense"]},
            {"digital": ["1", "0", "ja"]},
            {"decade": "99999999999999999999999"},
            {"decade": ["2010", "1990"]},
            {"year_from": "-1"},
            {"theme": "\x00"},
            {"page": "99999999999999999999", "theme": "water"},
        ],
    )
    def test_hostile_values_give_a_normal_page(self, client, archive, parameters):
        response = client.get("/programmas/", parameters)
        assert response.status_code == 200
        assert parse(response).select_one('[role="status"]') is not None
        assert "<script>alert" not in response.content.decode()

    def test_an_unknown_theme_is_ignored(self, client, archive):
        response = client.get("/programmas/", {"theme": ["bestaat-niet", "water"]})
        assert sorted(titles(response)) == sorted([archive["b"], archive["c"]])

    def test_a_renamed_theme_shows_at_once_on_the_cached_index(self, client, archive):
        client.get("/programmas/")
        from themes.models import Theme

        theme = Theme.objects.get(slug="water")
        theme.name_nl = "Waterbeheer"
        theme.save()
        assert facet_labels(client.get("/programmas/"), "theme")["water"] == "Waterbeheer (2)"


def dict_of_lists(pairs):
    data: dict[str, list[str]] = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return data


class TestTheIndexPage:
    def test_has_one_search_box_labelled_for_the_archive(self, client, seed_programme):
        page = parse(client.get("/programmas/"))
        boxes = page.select('input[type="search"]')
        assert len(boxes) == 1
        assert text_of(page.select_one(f'label[for="{boxes[0]["id"]}"]')) in (
            "Zoeken in het archief",
            "Search the archive",
        )

    def test_facets_are_fieldsets_with_legends(self, client, archive):
        page = parse(client.get("/programmas/"))
        for fieldset in page.select(".search-form fieldset"):
            assert text_of(fieldset.legend)
        assert page.select_one('.search-form button[type="submit"]') is not None

    def test_the_plain_index_is_indexable_and_described(self, client, seed_programme):
        page = parse(client.get("/programmas/"))
        assert page.select_one('meta[name="robots"]') is None
        assert len(page.select_one('meta[name="description"]')["content"]) > 50

    def test_a_search_is_not_indexed_and_names_the_plain_index(self, client, seed_programme):
        page = parse(client.get("/programmas/", {"q": "risico", "theme": "x"}))
        assert page.select_one('meta[name="robots"]')["content"] == "noindex, follow"
        assert page.select_one('link[rel="canonical"]')["href"].endswith("/programmas/")


def cost(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        "/programmas/",
        "/programmas/?q=programma",
        "/programmas/?q=programma&theme=lokaal&decade=2010&unit=DGOO&kind=guide&digital=1",
        "/en/programmes/?q=programme&theme=lokaal&theme=water",
    ],
)
def test_queries_stay_flat_with_the_number_of_programmes(client, url):
    themes = [ThemeFactory(slug="lokaal"), ThemeFactory(slug="water")]

    def add(number: int) -> None:
        for _ in range(number):
            programme = ProgrammeFactory(
                published=True, responsible_unit_nl="DGOO", title_nl="Programma over iets"
            )
            programme.themes.add(*themes)
            ToolboxDocumentFactory(programme=programme, title_nl="Programma handreiking")
            ObjectiveFactory(programme=programme)

    add(3)
    few = cost(client, url)
    add(57)
    assert cost(client, url) == few
