"""The editors' admin works in a real browser under the site's Content-Security-Policy."""

from django.contrib.auth import get_user_model

from programmes.models import Programme
from publishing.drafts import draft_of
from tests.browser.conftest import BROWSER

pytestmark = BROWSER

PASSWORD = "a long enough passphrase"
# The caret at the end of a rich-text field: Tiptap keeps its editor on the editable element,
# and focuses in the next animation frame.
FOCUS_AT_END = """element => new Promise(done => {
  element.editor.commands.focus("end");
  requestAnimationFrame(() => requestAnimationFrame(done));
})"""


def sign_in(page) -> None:
    get_user_model().objects.create_superuser("redacteur", "r@example.org", PASSWORD)
    page.goto("/admin/login/")
    page.fill("#id_username", "redacteur")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def test_the_language_switch_works_and_nothing_is_blocked(visit, seed):
    sign_in(visit.page)
    programme = Programme.objects.get(slug="risicos-en-verantwoordelijkheden")
    visit.page.goto(f"/admin/programmes/programme/{programme.pk}/change/")
    english_title = visit.page.locator("#id_title_en")
    assert not english_title.is_visible()
    visit.page.locator(".language-switch button[data-language=en]").click()
    assert english_title.is_visible()
    assert english_title.input_value() == "Risks and responsibilities"
    # The visit fixture fails the test on any script error or anything CSP blocks.


def test_an_editor_saves_a_change_in_the_browser_as_a_draft_of_the_live_page(visit, seed):
    sign_in(visit.page)
    programme = Programme.objects.get(slug="risicos-en-verantwoordelijkheden")
    visit.page.goto(f"/admin/programmes/programme/{programme.pk}/change/")
    visit.page.locator(".language-switch button[data-language=en]").click()
    visit.page.fill("#id_title_en", "Risks and responsibilities (edited)")
    visit.page.click("input[name=_save]")
    visit.page.wait_for_url("**/admin/programmes/programme/")
    assert draft_of(programme).title_en == "Risks and responsibilities (edited)"
    # Visitors keep reading the published version until the draft is published.
    visit.page.goto("/en/programmes/risicos-en-verantwoordelijkheden/")
    # Long words in the title carry soft hyphens (programmes/templatetags/hyphenation.py).
    assert (
        visit.page.locator("h1").inner_text().replace("\u00ad", "") == "Risks and responsibilities"
    )


def test_the_rich_text_editor_writes_safe_html(visit, seed):
    sign_in(visit.page)
    programme = Programme.objects.get(slug="risicos-en-verantwoordelijkheden")
    visit.page.goto(f"/admin/programmes/programme/{programme.pk}/change/")
    area = visit.page.locator(".prose-editor:has(#id_introduction_nl) .ProseMirror")
    assert area.is_visible()
    area.evaluate(FOCUS_AT_END)
    visit.page.keyboard.press("Enter")
    visit.page.keyboard.type("Nieuwe alinea")
    visit.page.keyboard.press("Shift+Home")
    visit.page.locator(".prose-editor:has(#id_introduction_nl) [data-name=bold]").click()
    visit.page.click("input[name=_save]")
    visit.page.wait_for_url("**/admin/programmes/programme/")
    # The seed programme is published: the change goes into the draft of its next version.
    saved = draft_of(programme) or Programme.objects.get(pk=programme.pk)
    assert "<p><strong>Nieuwe alinea</strong></p>" in saved.introduction_nl
    assert saved.introduction_nl.startswith("<p>Het programma Risico")
