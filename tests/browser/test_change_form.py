"""The change form fits the work: one language switch, parts that fold and move, a slug that
follows the title (website/admin_form.py, static/js/admin-form.js)."""

import re
import time

from programmes.models import Objective, Programme
from tests.browser.conftest import BROWSER, axe_violations
from tests.browser.test_admin import sign_in
from tests.factories import ExhibitionFactory, TimelineItemFactory

pytestmark = BROWSER

SEED = "risicos-en-verantwoordelijkheden"
SEED_OBJECTIVES = ["Inzicht", "Goede praktijken", "Draagvlak", "Visie"]


def open_seed_programme(page) -> None:
    sign_in(page)
    programme = Programme.objects.get(slug=SEED)
    page.goto(f"/admin/programmes/programme/{programme.pk}/change/")


def objective_titles(page) -> list[str]:
    return page.locator(
        "#objectives-group .collapsible-row:not(.empty-form) .inline_label"
    ).all_inner_texts()


def save_and_continue(page) -> int:
    """Saves the form and answers the primary key of the programme the form edits now."""
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state()
    assert not page.locator(".errornote").count(), page.locator(".errorlist").all_inner_texts()
    return int(re.search(r"/programme/(\d+)/change/", page.url)[1])


def announced(page, expected: str) -> str:
    """What the live region says, once it says ``expected`` (it says each move in turn)."""
    deadline = time.monotonic() + 5
    text = ""
    while expected not in text and time.monotonic() < deadline:
        text = page.locator(".admin-form-live").inner_text()
        time.sleep(0.05)
    return text


def saved_objectives(programme_pk: int) -> list[str]:
    """The objectives as saved: of the draft, where saving a published programme made one."""
    draft = Programme.with_drafts.filter(draft_of_id=programme_pk).first()
    return list(
        Objective.objects.filter(programme_id=draft.pk if draft else programme_pk)
        .order_by("position")
        .values_list("name_nl", flat=True)
    )


def test_parts_start_folded_and_open_on_request(visit, seed):
    open_seed_programme(visit.page)
    first = visit.page.locator("#objectives-0")
    toggle = first.locator(".collapsible-row__toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not visit.page.locator("#id_objectives-0-name_nl").is_visible()
    toggle.focus()
    visit.page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert visit.page.locator("#id_objectives-0-name_nl").is_visible()
    # The buttons set the position: its field is out of sight, and still sent.
    assert not visit.page.locator("#id_objectives-0-position").is_visible()


def test_objectives_move_with_the_keyboard_and_the_order_is_saved(visit, seed):
    open_seed_programme(visit.page)
    page = visit.page
    down = page.locator("#objectives-0 .collapsible-row__move--down")
    assert "Inzicht" in down.get_attribute("aria-label")
    assert page.locator("#objectives-0 .collapsible-row__move--up").is_disabled()
    down.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    assert objective_titles(page) == ["Goede praktijken", "Draagvlak", "Inzicht", "Visie"]
    # The focus stays on the button that moved, and the move is said out loud.
    assert page.evaluate("document.activeElement.closest('.collapsible-row').id") == "objectives-0"
    said = announced(page, " 3 ")
    assert "Inzicht" in said
    assert " 3 " in said
    assert page.input_value("#id_objectives-0-position") == "3"
    assert page.input_value("#id_objectives-1-position") == "1"

    pk = save_and_continue(page)
    assert saved_objectives(pk) == ["Goede praktijken", "Draagvlak", "Inzicht", "Visie"]
    assert objective_titles(page) == ["Goede praktijken", "Draagvlak", "Inzicht", "Visie"]


def test_objectives_move_by_drag_and_drop(visit, seed):
    open_seed_programme(visit.page)
    page = visit.page
    page.locator("#objectives-group").scroll_into_view_if_needed()
    handle = page.locator("#objectives-3 .collapsible-row__handle").bounding_box()
    target = page.locator("#objectives-0 .collapsible-row__header").bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(target["x"] + 40, target["y"] + 2, steps=8)
    page.mouse.up()
    assert objective_titles(page) == ["Visie", "Inzicht", "Goede praktijken", "Draagvlak"]
    assert page.input_value("#id_objectives-3-position") == "1"

    pk = save_and_continue(page)
    assert saved_objectives(pk) == ["Visie", "Inzicht", "Goede praktijken", "Draagvlak"]


def test_a_new_objective_comes_last(visit, seed):
    open_seed_programme(visit.page)
    page = visit.page
    page.locator("#objectives-group .add-row a").click()
    new = page.locator("#objectives-4")
    assert new.locator(".collapsible-row__toggle").get_attribute("aria-expanded") == "true"
    assert page.input_value("#id_objectives-4-position") == "5"
    # Ready to type the name in.
    assert page.evaluate("document.activeElement.id") == "id_objectives-4-name_nl"
    page.keyboard.type("Verankering")
    page.fill("#id_objectives-4-description_nl", "De visie landt in het werk.")
    assert new.locator(".inline_label").inner_text() == "Verankering"

    pk = save_and_continue(page)
    assert saved_objectives(pk) == [*SEED_OBJECTIVES, "Verankering"]


def test_the_slug_follows_the_dutch_title_of_a_new_programme(visit, seed):
    sign_in(visit.page)
    visit.page.goto("/admin/programmes/programme/add/")
    visit.page.locator("#id_title_nl").click()
    visit.page.keyboard.type("Vitaal bestuur")
    assert visit.page.input_value("#id_slug") == "vitaal-bestuur"


def test_one_switch_shows_every_field_of_one_language(visit, seed):
    open_seed_programme(visit.page)
    page = visit.page
    dutch = page.locator(".language-switch button[data-language=nl]")
    english = page.locator(".language-switch button[data-language=en]")
    assert dutch.get_attribute("aria-pressed") == "true"
    assert page.locator("#id_title_nl").is_visible()
    assert not page.locator("#id_title_en").is_visible()
    assert page.locator(".field-introduction_nl").is_visible()
    assert not page.locator(".field-introduction_en").is_visible()
    # Without the script both would be there, each labelled with its language.
    assert "Nederlands" in page.locator("label[for=id_title_nl]").inner_text()
    assert "Engels" in page.locator("label[for=id_title_en]").inner_text()

    english.click()
    assert english.get_attribute("aria-pressed") == "true"
    assert dutch.get_attribute("aria-pressed") == "false"
    assert page.input_value("#id_title_en") == "Risks and responsibilities"
    assert not page.locator("#id_title_nl").is_visible()
    assert page.locator(".field-introduction_en").is_visible()
    assert not page.locator(".field-introduction_nl").is_visible()
    page.locator("#objectives-0 .collapsible-row__toggle").click()
    assert page.input_value("#id_objectives-0-name_en") == "Insight"
    assert page.locator("#id_objectives-0-name_en").is_visible()
    assert not page.locator("#id_objectives-0-name_nl").is_visible()

    # An English text left empty is pointed out, and counted on the switch.
    page.fill("#id_title_en", "")
    assert page.locator(".field-title_en .translation-missing").is_visible()
    assert re.search(r"\d", english.inner_text())

    # The choice holds for the rest of the visit.
    page.reload()
    assert (
        page.locator(".language-switch button[data-language=en]").get_attribute("aria-pressed")
        == "true"
    )


def test_an_error_in_the_hidden_language_is_shown(visit, seed):
    open_seed_programme(visit.page)
    page = visit.page
    page.locator(".language-switch button[data-language=en]").click()
    page.evaluate("document.getElementById('id_title_nl').value = ''")
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state()
    assert page.locator(".errornote").count()
    assert (
        page.locator(".language-switch button[data-language=nl]").get_attribute("aria-pressed")
        == "true"
    )
    assert page.locator("#id_title_nl").is_visible()


def test_the_change_form_is_accessible(visit, seed, axe_source):
    open_seed_programme(visit.page)
    # The rich-text editors' toolbars are part of the form, and checked with it.
    visit.page.locator(".prose-menubar").first.wait_for()
    visit.page.locator("#objectives-0 .collapsible-row__toggle").click()
    assert axe_violations(visit.page, axe_source) == []
    visit.page.locator(".language-switch button[data-language=en]").click()
    assert axe_violations(visit.page, axe_source) == []
    # The visit fixture fails the test on any script error or anything CSP blocks.


def test_timeline_items_fold_but_keep_their_order_by_date(visit, seed):
    exhibition = ExhibitionFactory()
    TimelineItemFactory.create_batch(2, exhibition=exhibition)
    sign_in(visit.page)
    visit.page.goto(f"/admin/exhibitions/exhibition/{exhibition.pk}/change/")
    toggle = visit.page.locator("#items-0 .collapsible-row__toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not visit.page.locator("#items-0 .collapsible-row__move--up").count()
    toggle.click()
    assert visit.page.locator("#id_items-0-title_nl").is_visible()
