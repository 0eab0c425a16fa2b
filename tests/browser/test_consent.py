"""Consent and statistics as a visitor meets them, every request and cookie recorded."""

import time

import pytest

from tests.browser.conftest import BROWSER, Visit
from tests.factories import ToolboxDocumentFactory

pytestmark = BROWSER

SEED = "/programmas/risicos-en-verantwoordelijkheden/"
HIT = "/analytics/hit/"


@pytest.fixture
def site(seed, fake_matomo):
    return fake_matomo


def banner_visible(page) -> bool:
    return page.locator("#consent-banner").count() == 1


def no_reload_marker(page) -> None:
    page.evaluate("window.stillTheSamePage = true")


def was_not_reloaded(page) -> bool:
    return page.evaluate("window.stillTheSamePage === true")


def test_first_visit_asks_and_sends_nothing(visit, site):
    visit.page.goto(SEED)
    assert banner_visible(visit.page)
    buttons = visit.page.locator("#consent-banner button")
    boxes = [buttons.nth(i).bounding_box() for i in range(2)]
    assert [buttons.nth(i).inner_text() for i in range(2)] == ["Accepteren", "Weigeren"]
    assert (boxes[0]["width"], boxes[0]["height"]) == (boxes[1]["width"], boxes[1]["height"])
    styles = [
        buttons.nth(i).evaluate(
            "b => [getComputedStyle(b).backgroundColor, getComputedStyle(b).fontSize]"
        )
        for i in range(2)
    ]
    assert styles[0] == styles[1]
    visit.page.goto("/over/")
    assert visit.requests_to(HIT) == []
    assert visit.requests_to("analytics.js") == []
    assert visit.cookies() == {}
    assert site.hits == []


def test_declining_hides_the_banner_without_reload_and_for_good(visit, site):
    visit.page.goto(SEED)
    no_reload_marker(visit.page)
    visit.page.get_by_role("button", name="Weigeren").click()
    visit.page.get_by_role("status").wait_for()
    assert not banner_visible(visit.page)
    assert was_not_reloaded(visit.page)
    assert "opgeslagen" in visit.page.get_by_role("status").inner_text()
    assert visit.cookies() == {"cookie_consent": "statistics=-1"}
    visit.page.goto("/programmas/")
    assert not banner_visible(visit.page)
    time.sleep(0.3)
    assert visit.requests_to(HIT) == []
    assert site.hits == []


def test_accepting_counts_page_views_and_downloads_with_an_anonymised_address(visit, site):
    document = ToolboxDocumentFactory(programme__published=True, with_pdf=True, title_nl="Rapport")
    visit.page.goto(document.programme.get_absolute_url())
    no_reload_marker(visit.page)
    visit.page.get_by_role("button", name="Accepteren").click()
    (hit,) = site.wait_for_hits(1)
    assert was_not_reloaded(visit.page)
    assert not banner_visible(visit.page)
    assert hit.parameters["url"].endswith(document.programme.get_absolute_url())
    assert hit.parameters["cip"] == "127.0.0.0"
    assert "127.0.0.1" not in hit.raw
    assert hit.parameters["token_auth"] == "test-token-not-secret"
    assert visit.wait_for_cookie("bzk_stats_id") == hit.parameters["_id"]

    # The next page counts too, from the start, with the same anonymous visitor id.
    visit.page.goto(SEED)
    hits = site.wait_for_hits(2)
    assert hits[1].parameters["url"].endswith(SEED)
    assert hits[1].parameters["_id"] == hit.parameters["_id"]

    visit.page.goto(document.programme.get_absolute_url())
    site.wait_for_hits(3)
    visit.page.get_by_role("link", name="Rapport").click()
    hits = site.wait_for_hits(4)
    assert hits[3].parameters["download"].endswith(document.public_url)
    assert all("127.0.0.1" not in received.raw for received in hits)


def test_withdrawing_on_the_settings_page_deletes_the_cookie_and_stops_the_counting(visit, site):
    visit.page.goto(SEED)
    visit.page.get_by_role("button", name="Accepteren").click()
    site.wait_for_hits(1)
    visit.wait_for_cookie("bzk_stats_id")

    visit.page.goto("/cookies/")
    site.wait_for_hits(2)
    visit.page.get_by_role("button", name="Toestemming voor statistieken intrekken").click()
    visit.page.wait_for_url("**/cookies/")
    assert "Uw keuze: geweigerd." in visit.page.inner_text("main")
    assert visit.cookies() == {"cookie_consent": "statistics=-1"}

    counted = len(site.hits)
    for address in (SEED, "/programmas/", "/"):
        visit.page.goto(address)
        assert visit.page.locator('script[src*="analytics"]').count() == 0
    time.sleep(0.3)
    assert len(site.hits) == counted


@pytest.mark.parametrize(
    ("button", "expected"), [("Weigeren", "statistics=-1"), ("Accepteren", "statistics=")]
)
def test_without_javascript_the_choice_works_as_a_plain_form(
    browser, live_server, site, button, expected
):
    visit = Visit(browser, live_server, java_script_enabled=False)
    try:
        visit.page.goto(SEED)
        visit.page.get_by_role("button", name=button).click()
        visit.page.wait_for_load_state()
        assert visit.page.url.endswith(SEED)
        assert not banner_visible(visit.page)
        assert visit.cookies()["cookie_consent"].startswith(expected)
        title = visit.page.locator("h1").inner_text().replace("\u00ad", "")  # soft hyphens
        assert title == "Risico's en verantwoordelijkheden"
        assert site.hits == []
    finally:
        visit.close()


def test_a_browser_that_asks_not_to_be_tracked_is_not_asked_or_counted(browser, live_server, site):
    visit = Visit(browser, live_server, extra_http_headers={"Sec-GPC": "1"})
    try:
        visit.page.goto(SEED)
        assert not banner_visible(visit.page)
        visit.page.goto("/cookies/")
        assert "Global Privacy Control" in visit.page.inner_text("main")
        time.sleep(0.2)
        assert visit.requests_to(HIT) == []
        assert visit.cookies() == {}
    finally:
        visit.close()
