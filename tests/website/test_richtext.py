"""Rich text keeps the few tags editors need and nothing that could run or restyle a page."""

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.utils import translation
from django_prose_editor.config import allowlist_from_extensions

from tests.factories import ProgrammeFactory
from tests.html import parse
from website.models import SitePage, SiteSettings
from website.richtext import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    ALLOWED_URL_SCHEMES,
    EDITOR_EXTENSIONS,
    HEADING_LEVELS,
    sanitise_html,
)
from website.widgets import RichTextWidget


def parse_fragment(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


@pytest.mark.parametrize(
    "html",
    [
        "<p>Tekst met <strong>nadruk</strong>, <em>cursief</em> en een lijst:</p>"
        "<ul><li>een</li></ul><ol><li>twee</li></ol>",
        '<p><a href="https://www.rijksoverheid.nl/" rel="noopener noreferrer">link</a></p>',
        "<h3>Kop</h3><p>alinea<br>regel</p>",
    ],
)
def test_what_editors_write_is_kept(html):
    assert sanitise_html(html) == html


@pytest.mark.parametrize(
    ("html", "forbidden"),
    [
        ("<p>a</p><script>alert(1)</script>", "<script"),
        ('<p onclick="alert(1)">a</p>', "onclick"),
        ('<a href="javascript:alert(1)">a</a>', "javascript:"),
        ('<p style="color:red">a</p>', "style"),
        ("<style>body{display:none}</style><p>a</p>", "<style"),
        ('<iframe src="https://example.org"></iframe>', "<iframe"),
        ('<img src="x" onerror="alert(1)">', "<img"),
        ("<svg><script>alert(1)</script></svg>", "<svg"),
        ('<form action="https://example.org"><input></form>', "<form"),
    ],
)
def test_anything_else_is_removed(html, forbidden):
    assert forbidden not in sanitise_html(html)


@pytest.mark.django_db
def test_rich_text_is_sanitised_when_saved():
    programme = ProgrammeFactory(introduction_nl="<p>Inleiding</p><script>alert(1)</script>")
    programme.refresh_from_db()
    assert programme.introduction_nl == "<p>Inleiding</p>"


@pytest.mark.django_db
def test_rich_text_written_without_save_is_sanitised_on_the_page(client):
    programme = ProgrammeFactory(published=True)
    type(programme).objects.filter(pk=programme.pk).update(
        introduction_nl='<p>Inleiding</p><script>alert(1)</script><a href="javascript:x()">a</a>'
    )
    html = client.get(programme.get_absolute_url()).content.decode()
    assert "alert(1)" not in html
    assert "javascript:" not in html
    assert "<p>Inleiding</p>" in html


@pytest.mark.django_db
def test_the_site_introduction_is_sanitised_too():
    settings = SiteSettings.objects.current()
    settings.introduction_en = "<p>Hello</p><script>x</script>"
    settings.save()
    settings.refresh_from_db()
    assert settings.introduction_en == "<p>Hello</p>"


# The editor (django-prose-editor, website/widgets.py) offers only what the sanitiser keeps.


def test_the_editor_offers_only_what_the_sanitiser_keeps():
    allowed = allowlist_from_extensions(EDITOR_EXTENSIONS)
    # <b> and <i> are kept from older texts; the editor writes <strong> and <em>.
    assert allowed["tags"] == ALLOWED_TAGS - {"b", "i"}
    # rel is set by the sanitiser itself; an ordered list's start and type only come from
    # pasted HTML (the editor has no control for them), and the sanitiser drops them.
    assert allowed["attributes"]["a"] - {"rel"} <= ALLOWED_ATTRIBUTES["a"]
    assert set(allowed["attributes"]) <= {"a", "ol"}
    assert allowed["url_schemes"] <= ALLOWED_URL_SCHEMES


def test_internal_links_are_kept_as_paths():
    html = '<p><a href="/programmas/digitale-overheid/">Digitale overheid</a></p>'
    assert 'href="/programmas/digitale-overheid/"' in sanitise_html(html)


def test_the_widget_carries_its_configuration_and_words():
    with translation.override("nl"):
        html = RichTextWidget().render("introduction_nl", "<p>Tekst</p>", {"id": "id_x"})
    textarea = parse_fragment(html).select_one("textarea.rich-text")
    config = json.loads(textarea["data-django-prose-editor-bzkmemory"])
    assert config["extensions"]["Heading"] == {"levels": HEADING_LEVELS}
    assert "Table" not in config["extensions"]
    assert config["linkTargets"] == "/admin/link-targets/"
    assert set(config["labels"]) >= {"bold", "link", "search", "apply", "cancel"}
    assert textarea.text.strip() == "<p>Tekst</p>"


@pytest.mark.django_db
def test_the_change_form_loads_the_editor_with_the_pages_nonce(admin_client):
    programme = ProgrammeFactory()
    response = admin_client.get(f"/admin/programmes/programme/{programme.pk}/change/")
    page = parse(response)
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    importmap = page.select_one('script[type="importmap"]')
    assert importmap["nonce"] == nonce
    assert "django_prose_editor/editor.js" in importmap.string
    scripts = {script["src"]: script for script in page.select("script[type=module][src]")}
    assert scripts["/static/js/prose-editor.js"]["nonce"] == nonce
    assert page.select_one("#id_introduction_nl[data-django-prose-editor-bzkmemory]")
    assert page.select_one("#id_introduction_en[data-django-prose-editor-bzkmemory]")
    # Nothing the page needs comes from another host, and nothing is styled inline.
    assert not page.select("[style]")
    assert not page.select('link[href^="http"], script[src^="http"]')


@pytest.mark.django_db
def test_html_posted_through_the_admin_is_sanitised(admin_client):
    page = SitePage.objects.get(key="about")
    response = admin_client.post(
        f"/admin/website/sitepage/{page.pk}/change/",
        {
            "title_nl": "Over",
            "title_en": "About",
            "body_nl": '<p onclick="alert(1)" style="color:red">Over <strong>ons</strong></p>'
            "<script>alert(1)</script>"
            '<p><a href="/programmas/x/" onmouseover="x()">link</a></p>',
            "body_en": "<p>About</p>",
            "_save": "Save",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    assert page.body_nl == (
        "<p>Over <strong>ons</strong></p>"
        '<p><a href="/programmas/x/" rel="noopener noreferrer">link</a></p>'
    )
