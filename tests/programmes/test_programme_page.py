"""The programme page's aids to the reader: "On this page", the facts panel, headings that
hyphenate, the provenance note ("Verantwoording"), its descriptions and its query budget."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from programmes.templatetags.hyphenation import break_points, hyphenate
from tests.factories import ProgrammeFactory, ThemeFactory, ToolboxDocumentFactory
from tests.html import parse, text_of

pytestmark = pytest.mark.django_db

DUTCH_URL = "/programmas/risicos-en-verantwoordelijkheden/"
ENGLISH_URL = "/en/programmes/risicos-en-verantwoordelijkheden/"


def on_this_page(page) -> list[tuple[str, str]]:
    nav = page.select_one("nav.on-this-page")
    return [(a["href"], text_of(a)) for a in nav.select("a")]


def section_headings(page) -> list:
    """The h2 of each section of the text (not the list's own heading)."""
    return [h2 for h2 in page.main.find_all("h2") if h2.find_parent("nav") is None]


def facts(page) -> dict[str, str]:
    panel = page.select_one("dl.programme-facts")
    return {text_of(dt): text_of(dt.find_next_sibling("dd")) for dt in panel.find_all("dt")}


def theme_pages_exist() -> bool:
    try:
        reverse("themes:detail", kwargs={"slug": "x"})
    except NoReverseMatch:
        return False
    return True


class TestOnThisPage:
    def test_it_is_a_labelled_navigation_listing_every_section_in_order(
        self, client, seed_programme
    ):
        page = parse(client.get(DUTCH_URL))
        nav = page.select_one("main nav.on-this-page")
        assert text_of(page.find(id=nav["aria-labelledby"])) == "Op deze pagina"
        assert on_this_page(page) == [
            ("#doel-van-het-programma", "Doel van het programma"),
            ("#verbinding-met-bzk-portefeuille", "Verbinding met BZK-portefeuille"),
            ("#resultaten", "Resultaten"),
            ("#overige-documenten", "Overige documenten"),
            ("#verantwoording", "Verantwoording"),
        ]

    @pytest.mark.parametrize("url", [DUTCH_URL, ENGLISH_URL])
    def test_each_link_leads_to_the_section_of_a_heading_and_every_heading_is_linked(
        self, client, seed_programme, url
    ):
        page = parse(client.get(url))
        targets = [page.find(id=href.removeprefix("#")) for href, _text in on_this_page(page)]
        assert all(target is not None and target.name == "section" for target in targets)
        assert [target.h2 for target in targets] == section_headings(page)
        assert [text_of(target.h2) for target in targets] == [t for _h, t in on_this_page(page)]

    @pytest.mark.parametrize("url", [DUTCH_URL, ENGLISH_URL])
    def test_every_id_on_the_page_is_unique(self, client, seed_programme, url):
        ids = [element["id"] for element in parse(client.get(url)).find_all(id=True)]
        assert len(ids) == len(set(ids))

    def test_the_english_page_has_english_addresses_for_its_sections(self, client, seed_programme):
        hrefs = [href for href, _text in on_this_page(parse(client.get(ENGLISH_URL)))]
        assert hrefs == [
            "#aim-of-the-programme",
            "#connection-with-the-bzk-portfolio",
            "#results",
            "#other-documents",
            "#provenance",
        ]

    def test_a_programme_without_sections_has_no_list(self, client):
        programme = ProgrammeFactory(
            published=True, bzk_portfolio_connection_nl="", intended_effect_nl=""
        )
        assert parse(client.get(programme.get_absolute_url())).select_one(".on-this-page") is None


class TestFacts:
    def test_the_seeds_facts(self, client, seed_programme):
        assert facts(parse(client.get(DUTCH_URL))) == {
            "Periode": "2011–2015",
            "Verantwoordelijk onderdeel": "Niet bekend",
            "Status": "Afgerond",
            "Documenten": "3 documenten, waarvan 0 digitaal beschikbaar",
        }

    def test_the_seeds_facts_in_english(self, client, seed_programme):
        assert facts(parse(client.get(ENGLISH_URL))) == {
            "Period": "2011–2015",
            "Responsible unit": "Not known",
            "Status": "Completed",
            "Documents": "3 documents, 0 of them digitally available",
        }

    def test_documents_with_a_file_or_an_address_are_digitally_available(self, client):
        programme = ProgrammeFactory(published=True, responsible_unit_nl="Directie Bestuur")
        ToolboxDocumentFactory(programme=programme, with_pdf=True)
        ToolboxDocumentFactory(programme=programme, external_url="https://www.example.org/")
        ToolboxDocumentFactory(programme=programme)
        found = facts(parse(client.get(programme.get_absolute_url())))
        assert found["Documenten"] == "3 documenten, waarvan 2 digitaal beschikbaar"
        assert found["Verantwoordelijk onderdeel"] == "Directie Bestuur"

    def test_a_programme_without_documents_says_so(self, client):
        programme = ProgrammeFactory(published=True)
        assert facts(parse(client.get(programme.get_absolute_url())))["Documenten"] == "Geen"

    def test_themes_are_shown_only_when_the_programme_has_some(self, client, seed_programme):
        assert "Thema's" not in facts(parse(client.get(DUTCH_URL)))

    @pytest.mark.skipif(not theme_pages_exist(), reason="theme pages are not there yet")
    def test_themes_link_to_their_pages(self, client):
        programme = ProgrammeFactory(published=True)
        democracy = ThemeFactory(name_nl="Lokale democratie", slug="lokale-democratie")
        safety = ThemeFactory(name_nl="Veiligheid", slug="veiligheid")
        programme.themes.add(safety, democracy)
        panel = parse(client.get(programme.get_absolute_url())).select_one("dl.programme-facts")
        links = [(a["href"], text_of(a)) for a in panel.select("a")]
        assert links == [
            (democracy.get_absolute_url(), "Lokale democratie"),
            (safety.get_absolute_url(), "Veiligheid"),
        ]


class TestProvenance:
    @pytest.mark.parametrize(
        ("url", "heading", "words"),
        [
            (DUTCH_URL, "Verantwoording", "de periode 2011–2015"),
            (ENGLISH_URL, "Provenance", "the period 2011–2015"),
        ],
    )
    def test_it_is_the_last_section_of_the_seed_page(
        self, client, seed_programme, url, heading, words
    ):
        page = parse(client.get(url))
        last = page.select("main section")[-1]
        assert text_of(last.h2) == heading
        assert words in text_of(last)
        assert last.has_attr("data-archive-addition")

    def test_without_provenance_there_is_no_such_section(self, client):
        programme = ProgrammeFactory(published=True, provenance_nl="<p> </p>")
        page = parse(client.get(programme.get_absolute_url()))
        assert "Verantwoording" not in [text_of(h2) for h2 in section_headings(page)]

    def test_a_dutch_only_provenance_is_marked_dutch_on_the_english_page(self, client):
        programme = ProgrammeFactory(published=True, provenance_nl="<p>Uit het archief.</p>")
        page = parse(client.get(f"/en/programmes/{programme.slug}/"))
        note = page.select_one(".programme-provenance")
        assert note["lang"] == "nl"
        assert text_of(note) == "Uit het archief."


class TestHyphenation:
    def test_the_title_may_break_only_between_parts_of_its_long_word(self, client, seed_programme):
        content = client.get(DUTCH_URL).content.decode()
        assert "Risico&#x27;s en ver&shy;antwoorde&shy;lijk&shy;heden</h1>" in content
        assert "responsi&shy;bilities" in client.get(ENGLISH_URL).content.decode()

    def test_the_title_reads_as_before_and_the_page_title_has_no_soft_hyphens(
        self, client, seed_programme
    ):
        page = parse(client.get(DUTCH_URL))
        assert text_of(page.h1) == "Risico's en verantwoordelijkheden"
        assert "\u00ad" not in page.title.string

    @pytest.mark.parametrize(
        ("word", "language", "parts"),
        [
            ("verantwoordelijkheden", "nl", ["ver", "antwoorde", "lijk", "heden"]),
            ("Handreikingen", "nl", ["Handrei", "kingen"]),
            ("ontwikkeling", "nl", ["ont", "wikke", "ling"]),
            ("gemeentelijke", "nl", ["ge", "meente", "lijke"]),
            ("geestelijke", "nl", ["geeste", "lijke"]),
            ("onderscheid", "nl", ["onder", "scheid"]),
            ("kennisdocumenten", "nl", ["kennisdocumenten"]),
            ("responsibilities", "en", ["responsi", "bilities"]),
            ("administration", "en", ["administra", "tion"]),
            ("programma", "nl", ["programma"]),
        ],
    )
    def test_break_points_are_only_where_the_word_may_break(self, word, language, parts):
        points = break_points(word, language)
        assert [word[a:b] for a, b in zip([0, *points], [*points, None], strict=True)] == parts

    def test_it_escapes_the_text(self):
        assert hyphenate("<b>verantwoordelijkheid</b>", "nl") == (
            "&lt;b&gt;ver&shy;antwoorde&shy;lijk&shy;heid&lt;/b&gt;"
        )

    def test_a_language_it_does_not_know_gets_no_soft_hyphens(self):
        assert hyphenate("verantwoordelijkheden", "fy") == "verantwoordelijkheden"


class TestDescriptions:
    def test_meta_and_open_graph_descriptions_are_the_programmes_summary(
        self, client, seed_programme
    ):
        page = parse(client.get(DUTCH_URL))
        description = page.find("meta", attrs={"name": "description"})["content"]
        # The summary's first 160 characters or so, cut between words.
        assert seed_programme.summary_nl.startswith(description.removesuffix("…"))
        assert len(description) <= 160
        assert page.find("meta", property="og:description")["content"] == description

    def test_a_long_summary_is_cut_between_words(self, client):
        programme = ProgrammeFactory(published=True, summary_nl="Een zin. " * 40)
        page = parse(client.get(programme.get_absolute_url()))
        description = page.find("meta", attrs={"name": "description"})["content"]
        assert len(description) <= 160
        assert description.endswith("…")


def page_queries(client, programme) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(programme.get_absolute_url()).status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_for_1_or_40_documents_with_themes(client):
    small, large = ProgrammeFactory(published=True), ProgrammeFactory(published=True)
    themes = ThemeFactory.create_batch(3)
    for programme, count in ((small, 1), (large, 40)):
        ToolboxDocumentFactory.create_batch(count, programme=programme, with_pdf=True)
        programme.themes.set(themes)
    # Rendered: the change check, the stored page (none yet), the programme, its four kinds of
    # parts, its themes, the site texts, and storing the page (savepoint, write, release).
    page_queries(client, ProgrammeFactory(published=True))  # reads the site texts once
    assert page_queries(client, small) == page_queries(client, large) <= 11
    cache.clear()
    # Stored: the change check and the stored page; the site texts are already known.
    assert page_queries(client, small) == page_queries(client, large) <= 2
