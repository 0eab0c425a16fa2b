import pytest

from tests.factories import ProgrammeFactory
from tests.html import headings, parse, text_of
from website.models import SiteSettings

pytestmark = pytest.mark.django_db


def test_the_home_page_introduces_the_site_and_lists_published_programmes(client):
    published = ProgrammeFactory(
        published=True, title_nl="Risico's", start_year=2011, end_year=2015
    )
    ProgrammeFactory(title_nl="Nog in concept")
    page = parse(client.get("/"))
    assert headings(page)[0] == (1, "Het geheugen van BZK")
    assert text_of(page.select_one(".site-introduction")).startswith(
        "Het geheugen van BZK biedt informatie over afgeronde beleidsprogramma's"
    )
    items = page.select(".programme-list__item")
    assert len(items) == 1
    link = items[0].find("a")
    assert (text_of(link), link["href"]) == ("Risico's", published.get_absolute_url())
    assert "2011–2015" in text_of(items[0])


def test_the_english_home_page_links_to_english_pages(client):
    ProgrammeFactory(published=True, slug="risico", title_en="Risks")
    page = parse(client.get("/en/"))
    assert page.html["lang"] == "en"
    assert headings(page)[0] == (1, "The memory of BZK")
    link = page.select_one(".programme-list__item a")
    assert (text_of(link), link["href"]) == ("Risks", "/en/programmes/risico/")
    assert text_of(page.select_one(".site-introduction")).startswith("The memory of BZK offers")


def test_without_programmes_the_home_page_says_so(client):
    page = parse(client.get("/"))
    assert "Er zijn nog geen programma's gepubliceerd." in text_of(page.main)


def test_an_editor_changes_the_site_introduction_in_the_admin(admin_client, client):
    response = admin_client.get("/admin/website/sitesettings/")
    assert response.status_code == 302
    change_url = response["Location"]
    response = admin_client.post(
        change_url,
        {"introduction_nl": "<p>Nieuwe introductie.</p>", "introduction_en": "<p>New.</p>"},
    )
    assert response.status_code == 302
    assert text_of(parse(client.get("/")).select_one(".site-introduction")) == "Nieuwe introductie."
    assert SiteSettings.objects.count() == 1


def test_site_settings_cannot_be_added_or_deleted(admin_client):
    assert admin_client.get("/admin/website/sitesettings/add/").status_code == 403
    assert admin_client.get("/admin/website/sitesettings/1/delete/").status_code == 403


@pytest.mark.parametrize(
    ("url", "heading"),
    [("/bestaat-niet/", "Pagina niet gevonden"), ("/en/does-not-exist/", "Page not found")],
)
def test_a_missing_page_is_answered_in_the_sites_style_and_language(client, url, heading):
    response = client.get(url)
    assert response.status_code == 404
    page = parse(response)
    assert text_of(page.h1) == heading
    assert page.select_one(".site-header") is not None
