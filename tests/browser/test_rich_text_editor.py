"""The admin's rich-text editor (django-prose-editor) in Chromium, under the site's CSP: an
editor formats text, links to another programme with the keyboard, and saves safe HTML."""

import pytest

from programmes.models import Programme
from tests.browser.conftest import BROWSER, axe_violations
from tests.browser.test_admin import FOCUS_AT_END, sign_in
from tests.factories import ProgrammeFactory

pytestmark = BROWSER

# Every violation of the page's CSP, as the browser reports it to the page itself.
RECORD_CSP_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def editor_of(page, field: str):
    return page.locator(f".prose-editor:has(#id_{field}) .ProseMirror")


@pytest.fixture
def programmes():
    target = ProgrammeFactory(
        published=True, title_nl="Digitale overheid", slug="digitale-overheid"
    )
    edited = ProgrammeFactory(introduction_nl="<p>Het programma begon in 2011.</p>")
    return edited, target


def test_an_editor_formats_links_and_saves_safe_html(visit, programmes, axe_source):
    edited, target = programmes
    page = visit.page
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    sign_in(page)
    page.goto(f"/admin/programmes/programme/{edited.pk}/change/")
    editor = editor_of(page, "introduction_nl")
    editor.wait_for()
    assert not page.locator("#id_introduction_nl").is_visible()
    assert editor.get_attribute("aria-labelledby")
    assert axe_violations(page, axe_source) == []

    # Bold text in a new paragraph, with the keyboard shortcut.
    editor.evaluate(FOCUS_AT_END)
    page.keyboard.press("Enter")
    page.keyboard.press("Control+b")
    page.keyboard.type("Vette tekst")
    page.keyboard.press("Control+b")
    # The toolbar offers what the sanitiser keeps (website/richtext.py), and nothing else.
    toolbar = page.locator(".prose-editor:has(#id_introduction_nl) [role=toolbar]")
    assert toolbar.locator("button:visible").evaluate_all(
        "buttons => buttons.map(button => button.dataset.name)"
    ) == [
        "paragraph",
        "heading2",
        "heading3",
        "heading4",
        "bulletList",
        "orderedList",
        "bold",
        "italic",
        "link",
        "undo",
        "redo",
    ]
    # A bulleted list from the toolbar.
    page.keyboard.press("Enter")
    toolbar.locator("[data-name=bulletList]").click()
    page.keyboard.type("Eerste punt")
    page.keyboard.press("Enter")
    page.keyboard.type("Zie ook")
    page.keyboard.press("Shift+Home")
    # On a busy machine the editor may still be applying the keys: the link goes on the selection.
    page.wait_for_function("() => window.getSelection().toString() === 'Zie ook'")

    # The link tool: search by title, choose with the arrow keys and Enter.
    toolbar.locator("[data-name=link]").click()
    dialog = page.locator("dialog.link-picker")
    search = dialog.locator("[role=combobox]")
    assert search.evaluate("element => element === document.activeElement")
    search.type("Digitale")
    option = dialog.locator("[role=option]", has_text="Digitale overheid")
    option.wait_for()
    assert axe_violations(page, axe_source) == []
    search.press("ArrowDown")
    assert search.get_attribute("aria-activedescendant") == option.get_attribute("id")
    search.press("Enter")
    dialog.wait_for(state="detached")
    assert editor.locator('a[href="/programmas/digitale-overheid/"]').inner_text() == "Zie ook"

    # Hidden by the language switch and shown again, it still writes into its field.
    page.locator(".language-switch button[data-language=en]").click()
    assert not editor.is_visible()
    page.locator(".language-switch button[data-language=nl]").click()
    editor.evaluate(FOCUS_AT_END)
    page.keyboard.type(".")

    page.click("input[name=_save]")
    page.wait_for_url("**/admin/programmes/programme/**")
    html = Programme.objects.get(pk=edited.pk).introduction_nl
    assert html.startswith("<p>Het programma begon in 2011.</p>")
    assert "<p><strong>Vette tekst</strong></p>" in html
    assert "<ul><li><p>Eerste punt</p></li>" in html
    assert f'<a href="{target.get_absolute_url()}" rel="noopener noreferrer">Zie ook</a>.' in html
    assert target.get_absolute_url() == "/programmas/digitale-overheid/"

    assert page.evaluate("window.cspViolations") == []
    assert not [line for line in console if "Content Security Policy" in line], console


def test_an_external_address_must_be_https(visit, programmes):
    edited, _target = programmes
    page = visit.page
    sign_in(page)
    page.goto(f"/admin/programmes/programme/{edited.pk}/change/")
    editor = editor_of(page, "introduction_nl")
    editor.evaluate(FOCUS_AT_END)
    page.keyboard.press("Shift+Home")
    page.keyboard.press("Control+k")
    dialog = page.locator("dialog.link-picker")
    address = dialog.locator("input[type=url]")
    address.fill("javascript:alert(1)")
    address.press("Enter")
    assert address.get_attribute("aria-invalid") == "true"
    assert dialog.locator(".link-picker__problem").is_visible()
    address.fill("https://www.rijksoverheid.nl/")
    address.press("Enter")
    dialog.wait_for(state="detached")
    assert editor.locator('a[href="https://www.rijksoverheid.nl/"]').count() == 1
