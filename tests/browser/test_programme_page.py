"""The seed programme page in Chromium: accessible, no sideways scrolling, "On this page" beside
the text on a wide screen and above it on a narrow one, reachable by keyboard, and shorter."""

import pytest

from tests.browser.conftest import BROWSER, axe_violations

pytestmark = BROWSER

DUTCH_URL = "/programmas/risicos-en-verantwoordelijkheden/"
ENGLISH_URL = "/en/programmes/risicos-en-verantwoordelijkheden/"
# document.documentElement.scrollHeight of the Dutch seed page before it had "On this page",
# the facts panel and the side column (issue 16; consent banner shown, as here).
HEIGHT_BEFORE = {1280: 4358, 375: 7892}


@pytest.fixture
def tab(browser, live_server, seed):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("url", [DUTCH_URL, ENGLISH_URL])
def test_axe_finds_no_violations(tab, axe_source, url):
    tab.goto(url)
    assert axe_violations(tab, axe_source) == []


@pytest.mark.parametrize("url", [DUTCH_URL, ENGLISH_URL])
def test_nothing_scrolls_sideways_at_320_pixels(tab, url):
    tab.set_viewport_size({"width": 320, "height": 640})
    tab.goto(url)
    assert tab.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    # The title's long word breaks at a soft hyphen, inside the heading's box.
    assert tab.evaluate("() => { const h = document.querySelector('h1'); "
                        "return h.scrollWidth <= h.clientWidth; }")  # fmt: skip


def boxes(tab) -> tuple[dict, dict]:
    return (
        tab.locator("nav.on-this-page").bounding_box(),
        tab.locator(".programme-introduction").bounding_box(),
    )


def test_on_this_page_is_beside_the_text_on_a_wide_screen(tab):
    tab.goto(DUTCH_URL)
    nav, text = boxes(tab)
    beside = nav["x"] >= text["x"] + text["width"] or nav["x"] + nav["width"] <= text["x"]
    assert beside
    assert nav["y"] < text["y"] + text["height"]


def test_on_this_page_is_above_the_text_on_a_narrow_screen(tab):
    tab.set_viewport_size({"width": 375, "height": 667})
    tab.goto(DUTCH_URL)
    nav, text = boxes(tab)
    assert nav["y"] + nav["height"] <= text["y"]


def test_following_a_link_by_keyboard_brings_its_section_into_view(tab):
    tab.set_viewport_size({"width": 375, "height": 667})
    tab.goto(DUTCH_URL)
    link = tab.locator("nav.on-this-page a", has_text="Resultaten")
    link.focus()
    tab.keyboard.press("Enter")
    tab.wait_for_function("() => location.hash === '#resultaten'")
    top = tab.evaluate("() => document.getElementById('resultaten').getBoundingClientRect().top")
    assert 0 <= top < 100
    # The next Tab continues from the section, not from the list.
    tab.keyboard.press("Tab")
    focused = tab.evaluate(
        "() => document.getElementById('resultaten').compareDocumentPosition(document.activeElement)"
    )
    assert focused & 4 or focused & 16  # following the section, or inside it


@pytest.mark.parametrize("width", [1280, 375])
def test_the_pages_height_is_measured_and_bounded(tab, width):
    tab.set_viewport_size({"width": width, "height": 900})
    tab.goto(DUTCH_URL)
    height = tab.evaluate("document.documentElement.scrollHeight")
    print(f"programme page at {width} px: {height} px high (before: {HEIGHT_BEFORE[width]} px)")
    if width == 1280:
        # The list and the facts are beside the text, which has not grown but for the
        # provenance note at its end: about the height of the former facts line and the
        # note together more than before, no more.
        assert height < HEIGHT_BEFORE[width] + 700
