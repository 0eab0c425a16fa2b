"""The site's own pages: about, privacy and cookies, accessibility; editable in both languages."""

import itertools

import pytest

from tests.html import parse, text_of
from tests.seed import seed_blocks
from website.models import SitePage

pytestmark = pytest.mark.django_db

PAGES = [
    ("/over/", "/en/about/", "Over het geheugen van BZK", "About The memory of BZK"),
    ("/privacy/", "/en/privacy/", "Privacy en Cookies", "Privacy and cookies"),
    ("/toegankelijkheid/", "/en/accessibility/", "Toegankelijkheid", "Accessibility"),
]


@pytest.mark.parametrize(("dutch", "english", "dutch_title", "english_title"), PAGES)
def test_each_page_exists_in_both_languages(client, dutch, english, dutch_title, english_title):
    assert text_of(parse(client.get(dutch)).h1) == dutch_title
    page = parse(client.get(english))
    assert text_of(page.h1) == english_title
    assert page.html["lang"] == "en"


@pytest.mark.parametrize("address", ["/", "/programmas/", "/bestaat-niet/", "/toegankelijkheid/"])
def test_every_footer_links_to_all_three(client, address):
    footer = parse(client.get(address)).find("footer")
    links = {link["href"] for link in footer.find_all("a")}
    assert {"/over/", "/privacy/", "/toegankelijkheid/"} <= links


def test_the_privacy_page_starts_from_the_original_cookie_text(client):
    cookie_text = next(block for block in seed_blocks() if block.startswith("Voor een optimale"))
    first_paragraph = parse(client.get("/privacy/")).select_one("main article div p")
    assert text_of(first_paragraph) == cookie_text
    for promise in ("Matomo", "geanonimiseerd", "maximaal een half jaar"):
        assert promise in cookie_text


def test_the_accessibility_statement_names_the_standard_and_how_to_report(client):
    text = text_of(parse(client.get("/toegankelijkheid/")).main)
    assert "WCAG" in text
    assert "2.1" in text
    assert "EN 301 549" in text
    assert "Een probleem melden" in text


def test_the_headings_of_a_site_page_are_in_order(client):
    levels = [
        int(h.name[1]) for h in parse(client.get("/toegankelijkheid/")).main.select("h1,h2,h3,h4")
    ]
    assert levels[0] == 1
    assert all(later - earlier <= 1 for earlier, later in itertools.pairwise(levels))


def test_an_editor_changes_a_page_in_the_admin(admin_client, client):
    page = SitePage.objects.get(key="privacy")
    url = f"/admin/website/sitepage/{page.pk}/change/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            "title_nl": "Privacy",
            "title_en": "Privacy",
            "body_nl": "<p>Nieuwe tekst.</p><script>x()</script>",
            "body_en": "<p>New text.</p>",
        },
    )
    assert response.status_code == 302
    main = parse(client.get("/privacy/")).main
    assert text_of(main.h1) == "Privacy"
    assert "Nieuwe tekst." in text_of(main)
    assert main.find("script") is None


def test_pages_cannot_be_added_or_deleted(admin_client):
    page = SitePage.objects.get(key="about")
    assert admin_client.get("/admin/website/sitepage/add/").status_code == 403
    assert admin_client.get(f"/admin/website/sitepage/{page.pk}/delete/").status_code == 403


def test_an_english_page_without_english_text_shows_dutch_marked_as_dutch(client):
    SitePage.objects.filter(key="about").update(body_en="")
    body = parse(client.get("/en/about/")).select_one("main article div")
    assert body["lang"] == "nl"
    assert "Het geheugen van BZK biedt informatie" in text_of(body)
