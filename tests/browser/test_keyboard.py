"""Everything a visitor needs works with a keyboard alone, and focus is always visible."""

from tests.browser.conftest import BROWSER
from tests.browser.pages import SEED

pytestmark = BROWSER

MAX_TABS = 40


def focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {
                tag: el.tagName.toLowerCase(), id: el.id, text: el.textContent.trim(),
                href: el.getAttribute('href'), name: el.getAttribute('name'),
                outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
            };
        }"""
    )


def tab_until(page, matches) -> dict:
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        element = focused(page)
        if matches(element):
            return element
    raise AssertionError(f"Not reached with {MAX_TABS} presses of Tab")


def test_the_skip_link_comes_first_and_moves_focus_to_the_content(page, seed):
    page.goto("/programmas/")
    page.keyboard.press("Tab")
    first = focused(page)
    assert (first["tag"], first["text"]) == ("a", "Naar de inhoud")
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "content"
    # The next Tab continues inside the content, not back in the header.
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "q"
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_search_from_the_header_with_the_keyboard(page, seed):
    page.goto("/")
    tab_until(page, lambda element: element["id"] == "site-search-q")
    page.keyboard.type("regelreflex")
    page.keyboard.press("Enter")
    page.wait_for_url("**/programmas/?q=regelreflex")
    assert "1 programma gevonden" in page.locator(".result-count").inner_text()
    link = tab_until(page, lambda element: element["href"] == f"/programmas/{SEED}/")
    assert link["text"] == "Risico's en verantwoordelijkheden"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/programmas/{SEED}/")


def test_filtering_by_decade_with_the_keyboard(page, seed):
    page.goto("/programmas/")
    tab_until(page, lambda element: element["name"] == "decade")
    page.keyboard.press("ArrowDown")  # the first decade after "alle decennia"
    tab_until(
        page,
        lambda element: (
            element["tag"] == "button"
            and element["text"] == "Zoeken"
            and page.evaluate("document.activeElement.closest('.index-form') !== null")
        ),
    )
    page.keyboard.press("Enter")
    page.wait_for_url("**decade=2010**")
    assert page.locator(".programme-list__item").count() == 1


def test_the_language_switch_keeps_the_visitor_on_the_programme(page, seed):
    page.goto(f"/programmas/{SEED}/")
    tab_until(page, lambda element: element["text"] == "English")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/en/programmes/{SEED}/")
    assert page.get_attribute("html", "lang") == "en"
    # Long words in the title carry soft hyphens (programmes/templatetags/hyphenation.py).
    assert page.locator("h1").inner_text().replace("\u00ad", "") == "Risks and responsibilities"


def test_every_focusable_element_shows_where_the_focus_is(page, seed):
    page.goto(f"/programmas/{SEED}/")
    seen = 0
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        element = focused(page)
        if element["tag"] == "body":
            break
        assert element["outline"] != "none", element
        assert element["outlineWidth"] >= 2, element
        seen += 1
    assert seen >= 8
