"""The documents index and a document's page in Chromium: WCAG 2.1 AA with axe-core in both
languages (with results, filters and a form error), the filter form by keyboard alone, and
nothing scrolling sideways at 320 pixels."""

import datetime

import pytest

from tests.browser.conftest import BROWSER, axe_violations
from tests.browser.test_keyboard import focused, tab_until
from tests.browser.test_layout import SCROLLS_SIDEWAYS
from tests.factories import ProgrammeFactory, ToolboxDocumentFactory

pytestmark = BROWSER

SEED = "risicos-en-verantwoordelijkheden"
LETTER = f"{SEED}/brief-van-minister-plasterk-aan-de-kamers-9-november-2015"

PAGES = [
    ("nl", "/documenten/"),
    ("en", "/en/documents/"),
    ("nl", "/documenten/?q=plan&kind=plan_of_approach&available=no"),
    ("en", "/en/documents/?q=letter&year=2015"),
    ("nl", "/documenten/?kind=onbekend"),
    ("nl", "/documenten/?page=2"),
    ("nl", f"/documenten/{LETTER}/over/"),
    ("en", f"/en/documents/{LETTER}/about/"),
    ("nl", "/documenten/programma-met-bestanden/rapport/over/"),
    ("en", "/en/documents/programma-met-bestanden/rapport/about/"),
]


@pytest.fixture
def documents(seed):
    programme = ProgrammeFactory(published=True, slug="programma-met-bestanden")
    ToolboxDocumentFactory(
        programme=programme,
        key="rapport",
        title_nl="Rapport met een heel lang woord: verantwoordelijkheidsverdelingsvraagstukken",
        description_nl="Een rapport.",
        publication_date=datetime.date(2014, 5, 1),
        with_pdf=True,
    )
    ToolboxDocumentFactory(programme=programme, external_url="https://example.org/elders.pdf")
    ToolboxDocumentFactory.create_batch(20, programme=programme)


@pytest.mark.parametrize(("language", "address"), PAGES)
def test_no_accessibility_violations(page, axe_source, documents, language, address):
    response = page.goto(address)
    assert response.status < 400
    assert page.get_attribute("html", "lang") == language
    assert axe_violations(page, axe_source) == []


def test_filtering_with_the_keyboard_alone(page, documents):
    page.goto("/documenten/")
    tab_until(page, lambda element: element["name"] == "q")
    page.keyboard.type("plasterk")
    tab_until(page, lambda element: element["name"] == "kind")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # letter to parliament
    assert page.evaluate("document.activeElement.value") == "parliamentary_letter"
    button = tab_until(
        page,
        lambda element: (
            element["tag"] == "button"
            and page.evaluate("document.activeElement.closest('.documents-form') !== null")
        ),
    )
    assert button["outline"] != "none"
    page.keyboard.press("Enter")
    page.wait_for_url("**kind=parliamentary_letter**")
    assert page.locator(".document-list__item").count() == 1
    link = tab_until(page, lambda element: element["href"] == f"/documenten/{LETTER}/over/")
    assert link["text"].startswith("Brief van minister Plasterk")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/documenten/{LETTER}/over/")
    assert focused(page)["tag"] == "body"


def test_the_filters_work_without_javascript(browser, live_server, documents):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/en/documents/")
    page.select_option("select[name=available]", "yes")
    page.click(".documents-form button[type=submit]")
    page.wait_for_url("**available=yes**")
    assert page.locator(".document-list__item").count() == 2
    context.close()


@pytest.mark.parametrize(
    "address",
    ["/documenten/", "/documenten/?q=rapport", "/documenten/programma-met-bestanden/rapport/over/"],
)
def test_nothing_scrolls_sideways_at_320_pixels(browser, live_server, documents, address):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(address)
    assert not page.evaluate(SCROLLS_SIDEWAYS)
    context.close()
