"""The programme page as visitors read it, in Dutch and in English."""

import json
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from programmes.models import Programme
from tests.factories import (
    AchievedResultFactory,
    ObjectiveFactory,
    PlannedResultFactory,
    ProgrammeFactory,
    ToolboxDocumentFactory,
    png_upload,
)
from tests.html import content_blocks, headings, parse, text_of
from tests.seed import seed_programme_blocks

pytestmark = pytest.mark.django_db

DUTCH_URL = "/programmas/risicos-en-verantwoordelijkheden/"
ENGLISH_URL = "/en/programmes/risicos-en-verantwoordelijkheden/"
FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "risicos-en-verantwoordelijkheden.json"
LETTER_NL = "Brief van minister Plasterk aan de Kamers, 9 november 2015"
LETTER_EN = "Letter from Minister Plasterk to both Chambers of Parliament, 9 November 2015"


def fixture_field(model: str, field: str) -> list:
    objects = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return [obj["fields"][field] for obj in objects if obj["model"] == model]


class TestSeedProgrammeInDutch:
    def test_every_block_of_the_seed_page_is_on_the_page_in_the_seeds_order(
        self, client, seed_programme
    ):
        page = parse(client.get(DUTCH_URL))
        expected = [
            block
            for block in seed_programme_blocks()
            # The seed names the image by its alternative text; without the image file there
            # is nothing to show (the text waits in the data for when an editor uploads it).
            if block != "Afbeelding bij het programma Risico's en verantwoordelijkheden"
        ]
        # The minister's letter, named in the achieved results, is listed as a record.
        expected.append(LETTER_NL)
        assert content_blocks(page) == expected

    def test_the_headings_are_the_seeds_and_in_order(self, client, seed_programme):
        page = parse(client.get(DUTCH_URL))
        assert headings(page) == [
            (1, "Risico's en verantwoordelijkheden"),
            (2, "Doel van het programma"),
            (2, "Verbinding met BZK-portefeuille"),
            (2, "Resultaten"),
            (3, "Geplande resultaten"),
            (3, "Behaalde resultaten"),
            (2, "Overige documenten"),
        ]

    def test_the_page_is_in_dutch(self, client, seed_programme):
        response = client.get(DUTCH_URL)
        assert parse(response).html["lang"] == "nl"
        assert response["Content-Language"] == "nl"

    def test_the_skip_link_is_the_first_thing_to_focus_and_leads_to_the_content(
        self, client, seed_programme
    ):
        page = parse(client.get(DUTCH_URL))
        first = page.body.find(["a", "button", "input", "select", "textarea"])
        assert text_of(first) == "Naar de inhoud"
        target = first["href"].removeprefix("#")
        assert page.find(id=target).name == "main"

    def test_the_breadcrumb_is_a_labelled_navigation_starting_at_home(self, client, seed_programme):
        page = parse(client.get(DUTCH_URL))
        breadcrumb = page.find("nav", class_="breadcrumb")
        label = page.find(id=breadcrumb["aria-labelledby"])
        assert text_of(label) == "U bevindt zich hier:"
        first_step = breadcrumb.find("ol").find("a")
        assert (first_step["href"], text_of(first_step)) == ("/", "Home")

    def test_the_introduction_keeps_its_list(self, client, seed_programme):
        page = parse(client.get(DUTCH_URL))
        items = page.select(".programme-introduction ul > li")
        assert len(items) == 5
        assert text_of(items[0]).startswith("onnodige kosten voor de samenleving")

    def test_objectives_are_a_numbered_list(self, client, seed_programme):
        page = parse(client.get(DUTCH_URL))
        objectives = page.select("ol.objectives > li")
        assert [text_of(li.strong) for li in objectives] == [
            "Inzicht",
            "Goede praktijken",
            "Draagvlak",
            "Visie",
        ]

    def test_documents_without_a_file_say_they_are_not_digitally_available(
        self, client, seed_programme
    ):
        page = parse(client.get(DUTCH_URL))
        documents = page.select("li.document")
        assert len(documents) == 3
        for document in documents:
            assert document.find("a") is None
            assert "niet digitaal beschikbaar" in text_of(document)

    def test_without_an_image_no_image_is_rendered(self, client, seed_programme):
        page = parse(client.get(DUTCH_URL))
        assert page.find("img") is None
        assert page.find("figure") is None

    def test_an_anonymous_visitor_gets_no_cookie(self, client, seed_programme):
        response = client.get(DUTCH_URL)
        assert not response.cookies


class TestSeedProgrammeInEnglish:
    def test_the_page_is_in_english_with_english_headings(self, client, seed_programme):
        response = client.get(ENGLISH_URL)
        page = parse(response)
        assert page.html["lang"] == "en"
        assert headings(page) == [
            (1, "Risks and responsibilities"),
            (2, "Aim of the programme"),
            (2, "Connection with the BZK portfolio"),
            (2, "Results"),
            (3, "Planned results"),
            (3, "Achieved results"),
            (2, "Other documents"),
        ]
        assert text_of(page.select_one(".skip-link")) == "Skip to content"
        assert text_of(page.select_one("#breadcrumb-label")) == "You are here:"

    def test_it_has_the_same_blocks_as_the_dutch_page_in_english(self, client, seed_programme):
        dutch = content_blocks(parse(client.get(DUTCH_URL)))
        english = content_blocks(parse(client.get(ENGLISH_URL)))
        assert len(english) == len(dutch)
        assert english[-1] == LETTER_EN
        for text in fixture_field("programmes.plannedresult", "text_en"):
            assert text in english
        for text in fixture_field("programmes.achievedresult", "text_en"):
            assert text in english
        shared = set(dutch) & set(english)
        # Only proper names may read the same in both languages.
        assert shared <= {"Home"}


class TestLanguages:
    @pytest.mark.parametrize(
        ("url", "other_url", "other_language"),
        [(DUTCH_URL, ENGLISH_URL, "en"), (ENGLISH_URL, DUTCH_URL, "nl")],
    )
    def test_the_language_switch_is_a_plain_link_to_the_same_page(
        self, client, seed_programme, url, other_url, other_language
    ):
        response = client.get(url)
        page = parse(response)
        switch = page.find("nav", class_="language-switch")
        link = switch.find("a")
        assert link["href"] == other_url
        assert link["hreflang"] == other_language == link["lang"]
        assert switch.find("form") is None
        assert not response.cookies

    @pytest.mark.parametrize("url", [DUTCH_URL, ENGLISH_URL])
    def test_both_pages_name_each_other_as_alternates(self, client, seed_programme, url):
        page = parse(client.get(url))
        alternates = {
            link["hreflang"]: link["href"] for link in page.select('link[rel="alternate"]')
        }
        assert alternates == {
            "nl": "http://testserver" + DUTCH_URL,
            "en": "http://testserver" + ENGLISH_URL,
            "x-default": "http://testserver" + DUTCH_URL,
        }

    def test_an_english_visitor_on_a_dutch_address_gets_dutch(self, client, seed_programme):
        response = client.get(DUTCH_URL, headers={"accept-language": "en"})
        assert response.status_code == 200
        assert parse(response).html["lang"] == "nl"

    def test_the_english_address_with_the_dutch_path_is_not_found(self, client, seed_programme):
        assert client.get("/en/programmas/risicos-en-verantwoordelijkheden/").status_code == 404


class TestVisibility:
    @pytest.mark.parametrize("prefix", ["/programmas/", "/en/programmes/"])
    def test_a_draft_is_not_found(self, client, prefix):
        programme = ProgrammeFactory(slug="concept")
        assert programme.status == Programme.Status.DRAFT
        assert client.get(f"{prefix}concept/").status_code == 404

    def test_a_scheduled_programme_is_not_found_until_its_time(self, client):
        ProgrammeFactory(
            slug="later",
            status=Programme.Status.PUBLISHED,
            published_at=timezone.now() + timezone.timedelta(minutes=5),
        )
        assert client.get("/programmas/later/").status_code == 404

    def test_an_unknown_programme_is_not_found(self, client, db):
        assert client.get("/programmas/bestaat-niet/").status_code == 404


class TestSections:
    def test_empty_sections_are_left_out(self, client):
        programme = ProgrammeFactory(
            published=True, bzk_portfolio_connection_nl="", intended_effect_nl=""
        )
        page = parse(client.get(programme.get_absolute_url()))
        assert headings(page) == [(1, programme.title_nl)]
        assert not page.main.select("section")

    def test_guides_and_knowledge_documents_have_their_own_section(self, client):
        programme = ProgrammeFactory(published=True)
        ToolboxDocumentFactory(programme=programme, title_nl="Handreiking risico's")
        page = parse(client.get(programme.get_absolute_url()))
        section = page.find(id="toolbox-heading").parent
        assert text_of(section.h2) == "Handreikingen en kennisdocumenten"
        assert text_of(section.select_one(".document-title")) == "Handreiking risico's"

    def test_a_document_with_a_file_links_to_its_download(self, client):
        document = ToolboxDocumentFactory(programme__published=True, with_pdf=True)
        page = parse(client.get(document.programme.get_absolute_url()))
        link = page.select_one("li.document a")
        assert link["href"] == document.public_url
        assert "PDF" in text_of(page.select_one("li.document .document-meta"))

    def test_a_document_elsewhere_links_there(self, client):
        document = ToolboxDocumentFactory(
            programme__published=True, external_url="https://zoek.officielebekendmakingen.nl/"
        )
        page = parse(client.get(document.programme.get_absolute_url()))
        link = page.select_one("li.document a")
        assert link["href"] == "https://zoek.officielebekendmakingen.nl/"
        assert "external" in link["rel"]

    def test_an_image_is_shown_with_its_alternative_text_and_caption(self, client):
        programme = ProgrammeFactory(
            published=True,
            image=png_upload(),
            image_alt_text_nl="Een vergadering",
            image_caption_nl="Slotconferentie",
        )
        page = parse(client.get(programme.get_absolute_url()))
        image = page.select_one("figure img")
        assert image["alt"] == "Een vergadering"
        assert (image["width"], image["height"]) == ("4", "3")
        assert text_of(page.select_one("figure figcaption")) == "Slotconferentie"
        response = client.get(image["src"])
        assert response.status_code == 200
        assert response["Content-Type"] == "image/webp"
        widths = [candidate.split()[1] for candidate in image["srcset"].split(", ")]
        assert widths == ["480w", "960w", "1440w"]

    def test_a_drafts_image_is_not_served(self, client):
        programme = ProgrammeFactory(image=png_upload(), image_alt_text_nl="Iets")
        assert client.get(f"/programmas/{programme.slug}/afbeelding/960/").status_code == 404


def page_queries(client, programme: Programme) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(programme.get_absolute_url()).status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_for_1_or_50_of_everything(client):
    small, large = ProgrammeFactory(published=True), ProgrammeFactory(published=True)
    for programme, count in ((small, 1), (large, 50)):
        for factory in (
            ObjectiveFactory,
            PlannedResultFactory,
            AchievedResultFactory,
            ToolboxDocumentFactory,
        ):
            factory.create_batch(count, programme=programme)
    # Rendered and stored the first time (see test_programme_page.py), read after that.
    page_queries(client, ProgrammeFactory(published=True))  # reads the site texts once
    assert page_queries(client, small) == page_queries(client, large) <= 10
    cache.clear()
    assert page_queries(client, small) == page_queries(client, large) <= 2


def test_dutch_text_shown_on_the_english_page_is_marked_as_dutch(client):
    programme = ProgrammeFactory(
        published=True, slug="half", title_en="Half translated", introduction_en=""
    )
    ObjectiveFactory(programme=programme, name_en="", name_nl="Inzicht")
    page = parse(client.get("/en/programmes/half/"))
    assert page.h1.get("lang") is None
    assert page.select_one(".programme-introduction")["lang"] == "nl"
    assert text_of(page.select_one(".programme-introduction")) == "Inleiding van het programma."
    assert page.select_one("ol.objectives strong")["lang"] == "nl"


def test_the_breadcrumb_leads_home_and_to_the_index_without_the_page_itself(client, seed_programme):
    page = parse(client.get(DUTCH_URL))
    steps = [(a["href"], text_of(a)) for a in page.select("nav.breadcrumb ol a")]
    assert steps == [("/", "Home"), ("/programmas/", "Programma's")]


def test_the_home_page_has_no_breadcrumb(client, seed_programme):
    assert parse(client.get("/")).select_one("nav.breadcrumb") is None


def test_the_index_has_one_search_box_its_own(client, seed_programme):
    page = parse(client.get("/programmas/"))
    assert page.select("header form[role=search]") == []
    (form,) = page.select("form[role=search]")
    assert form.find("input", attrs={"name": "q"}) is not None


@pytest.mark.parametrize("url", ["/", DUTCH_URL, "/over/", "/bestaat-niet/"])
def test_every_other_page_has_the_search_box_in_its_header(client, seed_programme, url):
    form = parse(client.get(url)).select_one("header form[role=search]")
    assert form["action"] == "/programmas/"
    label = form.find("label")
    assert form.find("input", id=label["for"])["name"] == "q"
