"""The history and compare pages of the admin in Chromium: no WCAG 2.1 A/AA violation axe-core
can find, nothing the Content-Security-Policy blocks, and the changed words of an objective
marked."""

from reversion.models import Version

from programmes.models import Programme
from tests.browser.conftest import BROWSER, axe_violations
from tests.browser.test_admin import sign_in
from tests.bzkmemory.test_admin_dutch import SEED, change_an_objective

pytestmark = BROWSER


def test_history_and_compare_pages_are_accessible_and_show_the_change(visit, seed, axe_source):
    programme = Programme.objects.get(slug=SEED)
    change_an_objective(programme, " Met een nieuwe zin.")
    sign_in(visit.page)

    visit.page.goto(f"/admin/programmes/programme/{programme.pk}/history/")
    assert visit.page.locator(".history-versions tbody tr").count() == 2
    assert axe_violations(visit.page, axe_source) == []

    visit.page.click("input[type=submit]")
    visit.page.wait_for_url("**/history/compare/**")
    inserted = visit.page.locator(".history-section ins").first.inner_text()
    assert inserted.strip() == "Met een nieuwe zin."
    assert axe_violations(visit.page, axe_source) == []
    # The visit fixture fails the test on anything the Content-Security-Policy blocks.
    versions = Version.objects.get_for_object(programme).count()
    assert versions == 2
