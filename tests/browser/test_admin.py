"""The editors' admin works in a real browser under the site's Content-Security-Policy."""

from django.contrib.auth import get_user_model

from programmes.models import Programme
from tests.browser.conftest import BROWSER

pytestmark = BROWSER

PASSWORD = "a long enough passphrase"


def sign_in(page) -> None:
    get_user_model().objects.create_superuser("redacteur", "r@example.org", PASSWORD)
    page.goto("/admin/login/")
    page.fill("#id_username", "redacteur")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def test_the_language_tabs_work_and_nothing_is_blocked(visit, seed):
    sign_in(visit.page)
    programme = Programme.objects.get(slug="risicos-en-verantwoordelijkheden")
    visit.page.goto(f"/admin/programmes/programme/{programme.pk}/change/")
    tabs = visit.page.locator(".ui-tabs-nav")
    assert tabs.count() > 10
    english_title = visit.page.locator("#id_title_en")
    assert not english_title.is_visible()
    visit.page.locator(".ui-tabs-nav a", has_text="EN").first.click()
    assert english_title.is_visible()
    assert english_title.input_value() == "Risks and responsibilities"
    # The visit fixture fails the test on any script error or anything CSP blocks.


def test_an_editor_saves_a_change_in_the_browser(visit, seed):
    sign_in(visit.page)
    programme = Programme.objects.get(slug="risicos-en-verantwoordelijkheden")
    visit.page.goto(f"/admin/programmes/programme/{programme.pk}/change/")
    visit.page.locator(".ui-tabs-nav a", has_text="EN").first.click()
    visit.page.fill("#id_title_en", "Risks and responsibilities (edited)")
    visit.page.click("input[name=_save]")
    visit.page.wait_for_url("**/admin/programmes/programme/")
    programme.refresh_from_db()
    assert programme.title_en == "Risks and responsibilities (edited)"
    visit.page.goto("/en/programmes/risicos-en-verantwoordelijkheden/")
    assert visit.page.locator("h1").inner_text() == "Risks and responsibilities (edited)"


def test_the_rich_text_editor_writes_safe_html(visit, seed):
    sign_in(visit.page)
    programme = Programme.objects.get(slug="risicos-en-verantwoordelijkheden")
    visit.page.goto(f"/admin/programmes/programme/{programme.pk}/change/")
    area = visit.page.locator(".rich-text-editor__area").first
    assert area.is_visible()
    area.click()
    visit.page.keyboard.press("Control+End")
    visit.page.keyboard.press("Enter")
    visit.page.keyboard.type("Nieuwe alinea")
    visit.page.keyboard.press("Shift+Home")
    visit.page.locator(".rich-text-editor__button--bold").first.click()
    visit.page.click("input[name=_save]")
    visit.page.wait_for_url("**/admin/programmes/programme/")
    programme.refresh_from_db()
    assert (
        "<b>Nieuwe alinea</b>" in programme.introduction_nl
        or "<strong>Nieuwe alinea</strong>" in programme.introduction_nl
    )
    assert programme.introduction_nl.startswith("<p>Het programma Risico")
