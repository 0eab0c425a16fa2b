"""The frame of every public page: the main navigation with the current section marked, the
header's one search box, and each page's meta description taken from its own text."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from tests.factories import ExhibitionFactory
from tests.html import parse, text_of
from website.models import SitePage, SiteSettings
from website.outage import unavailable
from website.templatetags.meta import meta_description
from website.templatetags.navigation import current_state

pytestmark = pytest.mark.django_db

SEED = "risicos-en-verantwoordelijkheden"
NAV = {
    "nl": [
        ("/programmas/", "Programma's"),
        ("/tentoonstellingen/", "Tentoonstellingen"),
        ("/documenten/", "Documenten"),
        ("/over/", "Over het geheugen"),
    ],
    "en": [
        ("/en/programmes/", "Programmes"),
        ("/en/exhibitions/", "Exhibitions"),
        ("/en/documents/", "Documents"),
        ("/en/about/", "About the memory"),
    ],
}

# (address, language, the link marked as current, its aria-current) for every public page type.
PAGES = [
    ("/", "nl", None, None),
    ("/programmas/", "nl", "/programmas/", "page"),
    ("/programmas/?q=risico", "nl", "/programmas/", "page"),
    (f"/programmas/{SEED}/", "nl", "/programmas/", "true"),
    ("/tentoonstellingen/", "nl", "/tentoonstellingen/", "page"),
    ("/tentoonstellingen/lokale-democratie/", "nl", "/tentoonstellingen/", "true"),
    ("/documenten/", "nl", "/documenten/", "page"),
    ("/over/", "nl", "/over/", "page"),
    ("/privacy/", "nl", None, None),
    ("/toegankelijkheid/", "nl", None, None),
    ("/cookies/", "nl", None, None),
    ("/bestaat-niet/", "nl", None, None),
    ("/en/", "en", None, None),
    ("/en/programmes/", "en", "/en/programmes/", "page"),
    (f"/en/programmes/{SEED}/", "en", "/en/programmes/", "true"),
    ("/en/exhibitions/", "en", "/en/exhibitions/", "page"),
    ("/en/exhibitions/lokale-democratie/", "en", "/en/exhibitions/", "true"),
    ("/en/documents/", "en", "/en/documents/", "page"),
    ("/en/about/", "en", "/en/about/", "page"),
    ("/en/cookies/", "en", None, None),
    ("/en/does-not-exist/", "en", None, None),
]


@pytest.fixture
def site(seed_programme):
    ExhibitionFactory(published=True, slug="lokale-democratie")


def main_nav(client, address: str):
    response = client.get(address)
    assert response.status_code in (200, 404), response.status_code
    return parse(response).select_one("header nav#main-nav")


class TestTheMainNavigation:
    @pytest.mark.parametrize(("address", "language", "current", "state"), PAGES)
    def test_is_on_every_page_with_the_current_section_marked(
        self, client, site, address, language, current, state
    ):
        nav = main_nav(client, address)
        links = nav.select("ul#main-nav-list > li > a")
        assert [(a["href"], text_of(a)) for a in links] == NAV[language]
        marked = {a["href"]: a["aria-current"] for a in links if a.has_attr("aria-current")}
        assert marked == ({current: state} if current else {})

    def test_is_a_labelled_navigation_with_a_disclosure_button_for_scripts(self, client, site):
        nav = main_nav(client, "/")
        assert nav["aria-label"] == "Hoofdmenu"
        button = nav.find("button")
        assert (button["type"], text_of(button)) == ("button", "Menu")
        assert button["aria-controls"] == "main-nav-list"
        assert button["aria-expanded"] == "false"
        # Without JavaScript the button stays away and the links are plain links.
        assert button.has_attr("hidden")
        assert nav.find(id="main-nav-list") is not None

    def test_its_script_is_a_deferred_file_of_the_site_itself(self, client, site):
        page = parse(client.get("/en/"))
        (script,) = [s for s in page.find_all("script") if "navigation" in s.get("src", "")]
        assert script["src"].startswith("/static/js/navigation")
        assert script.has_attr("defer")
        assert not script.string

    def test_the_page_for_an_unreachable_database_has_it_without_scripts(self, rf):
        page = parse(unavailable(rf.get("/en/"), "en"))
        nav = page.select_one("header nav#main-nav")
        assert [a["href"] for a in nav.select("a")] == [href for href, _ in NAV["en"]]
        assert nav.select("[aria-current]") == []
        assert page.find("script") is None

    @pytest.mark.parametrize(
        ("path", "url", "state"),
        [
            ("/programmas/", "/programmas/", "page"),
            ("/programmas/iets/", "/programmas/", "true"),
            ("/programmas-oud/", "/programmas/", None),
            ("/en/programmes/", "/programmas/", None),
            ("/en/", "/en/", "page"),
            ("/en/about/", "/en/", None),
            ("/over/", "", None),
        ],
    )
    def test_marks_a_page_and_what_lies_under_it_but_no_root(self, path, url, state):
        assert current_state(path, url) == state


class TestTheHeaderSearch:
    def test_is_on_pages_without_a_search_form_of_their_own(self, client, site):
        form = parse(client.get("/over/")).select_one(".site-header form[role=search]")
        assert (form["action"], form["method"]) == ("/programmas/", "get")

    def test_a_page_with_its_own_search_form_can_leave_it_out(self, rf):
        template = Template(
            '{% extends "base.html" %}{% block header_search %}{% endblock %}'
            "{% block content %}<h1>Zoeken</h1>{% endblock %}"
        )
        request = RequestFactory().get("/programmas/")
        html = template.render(Context({"request": request}))
        assert 'role="search"' not in html
        assert 'id="main-nav"' in html


class TestTheSideColumn:
    def test_a_page_opts_in_and_the_column_follows_the_header_of_the_content(self, rf):
        template = Template(
            '{% extends "base.html" %}{% block main_class %} layout--with-aside{% endblock %}'
            "{% block content_header %}<h1>Titel</h1>{% endblock %}"
            '{% block aside %}<nav class="layout__aside" aria-label="Op deze pagina"></nav>'
            "{% endblock %}{% block content %}<p>Tekst</p>{% endblock %}"
        )
        html = template.render(Context({"request": rf.get("/programmas/x/")}))
        main = parse_html(html).main
        assert main["class"] == ["container", "layout--with-aside"]
        assert [child.name for child in main.find_all(recursive=False)] == ["h1", "nav", "p"]

    def test_other_pages_are_as_before(self, client, site):
        main = parse(client.get("/over/")).main
        assert main["class"] == ["container"]


def parse_html(html: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def description_of(client, address: str) -> str:
    meta = parse(client.get(address)).select("head meta[name=description]")
    assert len(meta) == 1, meta
    return meta[0]["content"]


def without_ellipsis(description: str) -> str:
    return description.removesuffix("…")


class TestMetaDescriptions:
    def test_the_home_page_describes_itself_with_its_introduction(self, client, site):
        description = description_of(client, "/")
        introduction = text_of(parse(client.get("/")).select_one(".site-introduction"))
        assert 50 < len(description) <= 160
        assert introduction.startswith(without_ellipsis(description))

    def test_without_an_introduction_the_home_page_still_has_one(self, client, site):
        SiteSettings.objects.filter(pk=1).update(introduction_nl="", introduction_en="")
        assert description_of(client, "/en/") == (
            "The public archive of completed policy programmes of the Ministry of the Interior "
            "and Kingdom Relations."
        )

    @pytest.mark.parametrize(
        "address", ["/over/", "/privacy/", "/toegankelijkheid/", "/en/about/", "/en/privacy/"]
    )
    def test_a_site_page_is_described_by_its_own_text(self, client, site, address):
        description = description_of(client, address)
        body = text_of(parse(client.get(address)).select_one("main article > div"))
        assert 50 < len(description) <= 160
        assert body.startswith(without_ellipsis(description))

    def test_a_site_page_follows_its_edited_text(self, client, site):
        SitePage.objects.filter(key="about").update(
            body_nl="<h2>Wat</h2><p>Een archief van &amp; over <em>BZK</em>.</p>"
        )
        assert description_of(client, "/over/") == "Wat Een archief van & over BZK."

    @pytest.mark.parametrize(
        ("address", "selector"),
        [
            ("/cookies/", "main h1 + p"),
            ("/en/cookies/", "main h1 + p"),
            ("/tentoonstellingen/", "main h1 + p"),
            ("/en/exhibitions/", "main h1 + p"),
            ("/bestaat-niet/", "main h1 + p"),
            ("/en/does-not-exist/", "main h1 + p"),
        ],
    )
    def test_other_pages_are_described_by_their_opening_paragraph(
        self, client, site, address, selector
    ):
        paragraph = parse(client.get(address)).select_one(selector).get_text()
        assert description_of(client, address) == " ".join(paragraph.split())


class TestTheMetaDescriptionFilter:
    def test_takes_the_text_of_rich_text_with_a_space_between_blocks(self):
        assert meta_description("<h2>Doel</h2><p>Een <strong>beter</strong> bestuur.</p>") == (
            "Doel Een beter bestuur."
        )

    def test_comes_escaped_for_an_attribute(self):
        assert meta_description('<p>"Risico\'s" &amp; regels</p>') == (
            "&quot;Risico&#x27;s&quot; &amp; regels"
        )

    def test_cuts_a_long_text_between_words(self):
        text = "woord " * 60
        description = meta_description(text)
        assert len(description) <= 160
        assert description.endswith("woord…")

    def test_gives_nothing_for_nothing(self):
        assert meta_description(None) == ""
        assert meta_description("<p> </p>") == ""


class TestTheExhibitionsIndex:
    def test_without_exhibitions_it_says_what_they_will_be_and_links_to_the_programmes(
        self, client, seed_programme
    ):
        page = parse(client.get("/en/exhibitions/"))
        notice = page.select_one("main .notice")
        assert "timeline" in text_of(notice)
        assert notice.select_one('a[href="/en/programmes/"]') is not None
        assert page.select_one("main .programme-list") is None

    def test_with_an_exhibition_it_lists_it_instead(self, client, site):
        page = parse(client.get("/tentoonstellingen/"))
        assert page.select_one("main .notice") is None
        assert page.select_one('main a[href="/tentoonstellingen/lokale-democratie/"]') is not None
