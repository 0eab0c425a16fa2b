"""The main navigation, the header and the consent banner as a visitor meets them in Chromium:
by keyboard at 1280 and 375 pixels, without JavaScript, and on a phone's first screen."""

import pytest

from tests.browser.conftest import BROWSER, Visit, axe_violations
from tests.browser.pages import SEED
from tests.browser.test_keyboard import focused, tab_until
from tests.browser.test_layout import SCROLLS_SIDEWAYS

pytestmark = BROWSER

PHONE = {"width": 375, "height": 667}
NARROWEST = {"width": 320, "height": 640}
NAV_LINKS = {
    "nl": ["Programma's", "Tentoonstellingen", "Documenten", "Over het geheugen"],
    "en": ["Programmes", "Exhibitions", "Documents", "About the memory"],
}


def nav_link_texts(page) -> list[str]:
    return [text.strip() for text in page.locator("#main-nav-list a").all_inner_texts()]


class TestWithTheKeyboard:
    def test_at_1280_every_link_is_in_the_tab_order_and_there_is_no_menu_button(self, page, seed):
        page.goto("/")
        assert not page.locator(".main-nav__toggle").is_visible()
        expected = NAV_LINKS["nl"]
        first = tab_until(page, lambda element: element["text"] == expected[0])
        reached = [first["text"]]
        for _ in expected[1:]:
            page.keyboard.press("Tab")
            reached.append(focused(page)["text"])
        assert reached == expected

    def test_at_375_the_menu_button_opens_and_escape_closes_it(self, page, seed):
        page.set_viewport_size(PHONE)
        page.goto("/")
        button = page.locator(".main-nav__toggle")
        links = page.locator("#main-nav-list a")
        assert button.is_visible()
        assert button.get_attribute("aria-controls") == "main-nav-list"
        assert button.get_attribute("aria-expanded") == "false"
        assert not links.first.is_visible()

        element = tab_until(page, lambda element: element["text"] == "Menu")
        assert element["tag"] == "button"
        page.keyboard.press("Enter")
        assert button.get_attribute("aria-expanded") == "true"
        assert all(links.nth(i).is_visible() for i in range(links.count()))
        reached = []
        for _ in range(links.count()):
            page.keyboard.press("Tab")
            reached.append(focused(page)["text"])
        assert reached == NAV_LINKS["nl"]

        page.keyboard.press("Escape")
        assert button.get_attribute("aria-expanded") == "false"
        assert not links.first.is_visible()
        assert focused(page)["text"] == "Menu"

    def test_at_375_a_link_in_the_menu_leads_to_its_page(self, page, seed):
        page.set_viewport_size(PHONE)
        page.goto("/")
        page.get_by_role("button", name="Menu").click()
        page.locator("#main-nav").get_by_role("link", name="Tentoonstellingen").click()
        page.wait_for_url("**/tentoonstellingen/")
        assert page.locator("h1").inner_text() == "Tentoonstellingen"

    def test_the_open_menu_has_no_wcag_violations(self, page, seed, axe_source):
        page.set_viewport_size(PHONE)
        page.goto("/en/")
        page.get_by_role("button", name="Menu").click()
        assert axe_violations(page, axe_source) == []


@pytest.mark.parametrize(
    ("address", "link", "state"),
    [
        ("/programmas/", "Programma's", "page"),
        (f"/programmas/{SEED}/", "Programma's", "true"),
        ("/tentoonstellingen/", "Tentoonstellingen", "page"),
        ("/over/", "Over het geheugen", "page"),
        ("/en/programmes/", "Programmes", "page"),
        (f"/en/programmes/{SEED}/", "Programmes", "true"),
        ("/en/exhibitions/", "Exhibitions", "page"),
        ("/en/about/", "About the memory", "page"),
    ],
)
def test_the_current_section_is_marked(page, seed, address, link, state):
    page.goto(address)
    current = page.locator("#main-nav a[aria-current]")
    assert current.count() == 1
    assert current.inner_text() == link
    assert current.get_attribute("aria-current") == state


@pytest.mark.parametrize("language", ["nl", "en"])
def test_without_javascript_every_link_is_shown_at_375(browser, live_server, seed, language):
    visit = Visit(browser, live_server, java_script_enabled=False)
    try:
        page = visit.page
        page.set_viewport_size(PHONE)
        page.goto("/" if language == "nl" else "/en/")
        assert not page.locator(".main-nav__toggle").is_visible()
        links = page.locator("#main-nav-list a")
        assert all(links.nth(i).is_visible() for i in range(links.count()))
        assert nav_link_texts(page) == NAV_LINKS[language]
        assert not page.evaluate(SCROLLS_SIDEWAYS)
        page.locator("#main-nav").get_by_role("link", name=NAV_LINKS[language][3]).click()
        page.wait_for_url("**/about/" if language == "en" else "**/over/")
    finally:
        visit.close()


class TestOnAPhone:
    @pytest.mark.parametrize(
        "address", ["/", f"/programmas/{SEED}/", "/en/", "/tentoonstellingen/"]
    )
    def test_the_consent_banner_takes_at_most_a_quarter_of_the_first_screen(
        self, page, seed, address
    ):
        page.set_viewport_size(PHONE)
        page.goto(address)
        box = page.locator("#consent-banner").bounding_box()
        assert box["height"] / PHONE["height"] <= 0.25, box

    @pytest.mark.parametrize("address", ["/cookies/", "/en/cookies/"])
    def test_cookie_settings_buttons_and_names_stay_readable(self, page, seed, address):
        page.set_viewport_size(PHONE)
        page.goto(address)
        lines = page.evaluate(
            """() => [...document.querySelectorAll('.cookie-group__choices button')].map(b => {
                const style = getComputedStyle(b);
                const inner = b.clientHeight - parseFloat(style.paddingTop)
                    - parseFloat(style.paddingBottom);
                return Math.round(inner / parseFloat(style.lineHeight));
            })"""
        )
        assert lines
        assert max(lines) <= 2, lines
        # Each cookie's name on one line: never broken in the middle.
        rects = page.evaluate(
            """() => [...document.querySelectorAll('.cookie-table code')].map(c =>
                c.getClientRects().length)"""
        )
        assert rects
        assert set(rects) == {1}, rects
        assert not page.evaluate(SCROLLS_SIDEWAYS)

    def test_a_long_word_in_the_title_stays_inside_the_page_at_320(self, page, seed):
        page.set_viewport_size(NARROWEST)
        page.goto(f"/programmas/{SEED}/")
        heading = page.locator("h1")
        width = heading.evaluate("h => [h.scrollWidth, h.clientWidth]")
        assert width[0] <= width[1], width
        assert not page.evaluate(SCROLLS_SIDEWAYS)


def test_the_header_reads_as_the_ministrys_archive(page, seed):
    page.goto("/")
    wordmark = page.locator(".site-name")
    assert wordmark.locator(".site-name__title").inner_text() == "Het geheugen van BZK"
    assert wordmark.locator(".site-name__ministry").inner_text() == (
        "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"
    )
    background = page.locator(".site-header").evaluate("h => getComputedStyle(h).backgroundColor")
    assert background == "rgb(21, 66, 115)"  # #154273
    assert page.get_by_role("search").is_visible()
