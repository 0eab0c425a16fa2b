"""The public site as a visitor first sees it, at a phone's width and a laptop's.

Each page is opened as a new visitor would (the consent banner shown) and then as one who has
chosen (the banner gone); both must fit the width. With ``PUBLIC_SCREENSHOTS_DIR`` set (`make
screenshots`), the chosen state is saved there (docs/screenshots/, shown in README.md).
"""

import os
from pathlib import Path

import pytest

from tests.browser.conftest import BROWSER

pytestmark = BROWSER

PAGES = {
    "home": "/",
    "index-with-results": "/programmas/?q=risico",
    "programme": "/programmas/risicos-en-verantwoordelijkheden/",
    "documents": "/documenten/",
    "exhibitions": "/tentoonstellingen/",
}
WIDTHS = {"375": (375, 667), "1280": (1280, 800)}
SCROLLS_SIDEWAYS = (
    "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_each_page_fits_and_is_pictured(browser, live_server, seed, name, width):
    columns, rows = WIDTHS[width]
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": columns, "height": rows}
    )
    try:
        page = context.new_page()
        response = page.goto(PAGES[name])
        assert response.status == 200
        assert not page.evaluate(SCROLLS_SIDEWAYS)
        if page.locator(".consent-banner").count():
            page.get_by_role("button", name="Weigeren").first.click()
            page.locator(".consent-notice").wait_for()  # the choice is saved
            page.goto(PAGES[name])
        assert page.locator(".consent-banner").count() == 0
        assert not page.evaluate(SCROLLS_SIDEWAYS)
        folder = os.environ.get("PUBLIC_SCREENSHOTS_DIR")
        if folder:
            target = Path(folder)
            target.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(target / f"{name}-{width}.png"), full_page=width == "1280")
    finally:
        context.close()
