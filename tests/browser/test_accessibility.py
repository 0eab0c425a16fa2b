"""WCAG 2.1 AA, checked with axe-core in Chromium on every public page type in both languages."""

import pytest

from tests.browser.conftest import BROWSER, axe_violations
from tests.browser.pages import create_withdrawn_programme, every_page

pytestmark = BROWSER

EXPECTED_STATUS = {"not found (404)": 404, "withdrawn (410)": 410}


@pytest.fixture
def site(seed):
    create_withdrawn_programme()


@pytest.mark.parametrize(("kind", "language", "address"), every_page())
def test_no_wcag_a_or_aa_violations(page, site, axe_source, kind, language, address):
    response = page.goto(address)
    assert response.status == EXPECTED_STATUS.get(kind, 200)
    assert page.get_attribute("html", "lang") == language
    assert axe_violations(page, axe_source) == []


@pytest.mark.parametrize(
    ("language", "address"),
    [
        ("nl", "/cookies/"),
        ("en", "/en/cookies/"),
        ("nl", "/tentoonstellingen/"),
        ("en", "/en/exhibitions/"),
    ],
)
def test_nor_on_the_cookie_settings_or_an_empty_exhibitions_index(
    page, site, axe_source, language, address
):
    page.goto(address)
    assert page.get_attribute("html", "lang") == language
    assert axe_violations(page, axe_source) == []


def test_axe_does_find_violations_on_a_faulty_page(page, live_server, axe_source):
    # Proof that the check above can fail: a page with known faults.
    page.goto("/robots.txt")
    page.set_content(
        "<html><body><img src='/favicon.ico'><a href='/'></a>"
        "<p style='color:#bbb;background:#fff'>vaag</p><input type='text'></body></html>"
    )
    rules = {violation["rule"] for violation in axe_violations(page, axe_source)}
    assert {"html-has-lang", "image-alt", "link-name", "color-contrast", "label"} <= rules
