"""The programme index's search in Chromium: accessible with results and facets in Dutch and
English, usable with the keyboard alone, one search box, no sideways scrolling at 320 pixels."""

import pytest

from tests.browser.conftest import BROWSER, axe_violations
from tests.browser.test_keyboard import focused, tab_until
from tests.factories import ThemeFactory, ToolboxDocumentFactory

pytestmark = BROWSER


@pytest.fixture
def archive(seed):
    from programmes.models import Programme

    programme = Programme.objects.get(slug="risicos-en-verantwoordelijkheden")
    theme = ThemeFactory(slug="risicobeleid", name_nl="Risicobeleid", name_en="Risk policy")
    programme.themes.add(theme)
    programme.responsible_unit_nl = "Directie Bestuur en Financiën"
    programme.save()
    ToolboxDocumentFactory(
        programme=programme,
        title_nl="Notitie over de regelreflex",
        title_en="Note on the risk-regulation reflex",
        kind="knowledge_document",
        position=1000,
    )
    return programme


@pytest.mark.parametrize(
    "address",
    [
        "/programmas/?q=regelreflex&theme=risicobeleid#results",
        "/en/programmes/?q=risk-regulation+reflex&theme=risicobeleid",
    ],
)
def test_a_search_with_results_and_facets_has_no_violations(page, archive, axe_source, address):
    page.goto(address)
    assert page.locator(".search-excerpt mark").count() >= 1
    assert page.locator(".index-results__documents").count() == 1
    assert page.locator(".search-form fieldset").count() >= 3
    assert axe_violations(page, axe_source) == []


def test_the_facets_with_the_keyboard_alone(page, archive):
    page.goto("/programmas/?q=regelreflex")
    box = tab_until(page, lambda element: element["name"] == "theme")
    assert box["tag"] == "input"
    page.keyboard.press("Space")
    assert page.locator('input[name="theme"]').is_checked()
    tab_until(page, lambda element: element["tag"] == "button" and element["text"] != "Zoeken")
    page.keyboard.press("Enter")
    page.wait_for_url("**/programmas/?q=regelreflex&theme=risicobeleid*#results")
    assert page.locator('input[name="theme"]').is_checked()
    assert "1 programma gevonden" in page.locator(".result-count").inner_text()
    # The address leads to the results: the next Tab is in them, not back at the top.
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('results').contains(document.activeElement)")
    assert focused(page)["tag"] == "a"


def test_the_index_has_one_search_box(page, archive):
    for address in ("/programmas/", "/en/programmes/?q=risk"):
        page.goto(address)
        assert page.locator('input[type="search"]').count() == 1
        assert page.locator('[role="search"]').count() == 1


@pytest.mark.parametrize("address", ["/programmas/?q=regelreflex", "/en/programmes/?q=risk"])
def test_no_sideways_scrolling_at_320_pixels(page, archive, address):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(address)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
