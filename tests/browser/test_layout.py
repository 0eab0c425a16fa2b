"""Reflow (WCAG 1.4.10) and text resizing (1.4.4): no horizontal scrolling, nothing cut off."""

import pytest

from tests.browser.conftest import BROWSER
from tests.browser.pages import create_withdrawn_programme, every_page

pytestmark = BROWSER

SCROLLS_SIDEWAYS = (
    "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
)


@pytest.fixture
def narrow_page(browser, live_server, seed):
    create_withdrawn_programme()
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(("kind", "language", "address"), every_page())
def test_nothing_scrolls_sideways_at_320_pixels(narrow_page, kind, language, address):
    narrow_page.goto(address)
    assert not narrow_page.evaluate(SCROLLS_SIDEWAYS)


@pytest.mark.parametrize(
    "address", ["/cookies/", "/en/cookies/", "/tentoonstellingen/", "/en/exhibitions/"]
)
def test_nor_do_the_cookie_settings_and_the_exhibitions(narrow_page, address):
    narrow_page.goto(address)
    assert not narrow_page.evaluate(SCROLLS_SIDEWAYS)


@pytest.mark.parametrize(
    "address", ["/", "/programmas/?q=risico", "/programmas/risicos-en-verantwoordelijkheden/"]
)
def test_text_at_200_percent_still_fits(narrow_page, address):
    # 200% text on a 640 pixel window: as a visitor zooming text only on a small laptop.
    narrow_page.set_viewport_size({"width": 640, "height": 800})
    narrow_page.goto(address)
    # Through the CSS object model, which the site's Content-Security-Policy allows.
    narrow_page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert not narrow_page.evaluate(SCROLLS_SIDEWAYS)
