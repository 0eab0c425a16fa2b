"""The history of an item in the admin, told in the editors' words (website/history.py): the
seed and an import are its first version, two versions compare field by field and part by part
with the changed words marked, and an old version can be restored from the history page."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from reversion.models import Version

from programmes.models import Objective, Programme
from tests.bzkmemory.test_admin_dutch import SEED, change_an_objective
from tests.factories import ObjectiveFactory, ProgrammeFactory
from tests.html import form_values, parse, text_of
from website.history import word_diff

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor() -> Client:
    user = get_user_model().objects.create_superuser("beheerder", "b@example.org", "x" * 20)
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(user)
    return client


def versions_of(programme: Programme) -> list[Version]:
    """Newest first, as the history page lists them."""
    return list(Version.objects.get_for_object(programme).order_by("-pk"))


def history(programme: Programme) -> str:
    return f"/admin/programmes/programme/{programme.pk}/history/"


def test_words_that_changed_are_marked():
    assert word_diff("De box is verspreid.", "De doos is verspreid onder alle gemeenten.") == (
        "De <del>box</del><ins>doos</ins> is verspreid<ins> onder alle gemeenten</ins>."
    )
    assert word_diff("a <b>", "a <b> c") == "a &lt;b&gt;<ins> c</ins>"
    assert word_diff("", "") == '<span class="history-empty">(leeg)</span>'


def test_the_seed_is_the_first_version_in_the_history(editor):
    call_command("load_seed", verbosity=0)
    programme = Programme.objects.get(slug=SEED)
    change_an_objective(programme)

    first = versions_of(programme)[-1]
    assert first.revision.comment == "Geladen uit de startgegevens"
    rows = parse(editor.get(history(programme))).select(".history-versions tbody tr")
    assert len(rows) == 2
    assert "Geladen uit de startgegevens" in text_of(rows[-1])
    assert "(de site zelf)" in text_of(rows[-1])


def test_a_changed_objective_shows_its_changed_words(editor):
    call_command("load_seed", verbosity=0)
    programme = Programme.objects.get(slug=SEED)
    objective = change_an_objective(programme, " Met een extra zin.")
    newer, older = versions_of(programme)[:2]

    page = parse(
        editor.get(f"{history(programme)}compare/?version_id1={older.pk}&version_id2={newer.pk}")
    )

    sections = page.select(".history-section")
    assert [text_of(s.h2) for s in sections] == ["Doelstellingen"]
    assert text_of(sections[0].h3) == f"{objective.name} (gewijzigd)"
    assert [text_of(dt) for dt in sections[0].select("dt")] == ["Beschrijving (Nederlands)"]
    assert text_of(sections[0].select_one("ins")) == "Met een extra zin."
    shown = text_of(page.select_one("#content"))
    for internal in ("search", "zoek", "versienummer", "None", "loaded", "laatst gewijzigd"):
        assert internal not in shown.lower().replace("zoekindex", "")
    assert page.select("[style]") == []


def test_the_first_version_is_restored_from_the_history_page(editor):
    call_command("load_seed", verbosity=0)
    programme = Programme.objects.get(slug=SEED)
    objective = programme.objectives.order_by("position").first()
    original = objective.description_nl
    change_an_objective(programme, " Later toegevoegd.")
    ObjectiveFactory(programme=programme, position=99, name_nl="Nieuw doel")

    history_page = parse(editor.get(history(programme)))
    restore = history_page.select(".history-versions tbody tr")[-1].select_one("a")["href"]
    page = parse(editor.get(restore))
    response = editor.post(restore, form_values(page, "programme_form"))

    assert response.status_code == 302, response.content.decode()[:2000]
    objective.refresh_from_db()
    assert objective.description_nl == original
    assert not Objective.objects.filter(name_nl="Nieuw doel").exists()
    assert versions_of(programme)[0].revision.comment.startswith("Teruggezet naar de versie van")


def test_the_admin_log_names_fields_as_the_form_does(editor):
    programme = ProgrammeFactory()
    objective = ObjectiveFactory(programme=programme, position=1)
    change = f"/admin/programmes/programme/{programme.pk}/change/"
    values = form_values(parse(editor.get(change)), "programme_form")
    prefix = next(
        key for key, value in values.items() if key.endswith("-id") and value == str(objective.pk)
    ).rsplit("-", 1)[0]
    values[f"{prefix}-description_nl"] += " Aangevuld."
    values["summary_nl"] = "Een nieuwe samenvatting."

    response = editor.post(change, {**values, "_continue": "1"})

    assert response.status_code == 302, response.content.decode()[:2000]
    message = LogEntry.objects.latest("pk").get_change_message()
    assert "Samenvatting (Nederlands)" in message
    assert "Beschrijving (Nederlands)" in message
    assert "loaded" not in message.lower()
    assert "[nl]" not in message
    comment = versions_of(programme)[0].revision.comment
    assert "Samenvatting (Nederlands)" in comment


def test_an_import_is_the_first_version_of_a_new_programme(tmp_path, editor):
    from archive.exporter import export_bundle
    from archive.importer import import_bundle

    call_command("load_seed", verbosity=0)
    export_bundle(tmp_path / "bundle")
    Programme.objects.all().delete()
    Version.objects.all().delete()

    assert import_bundle(tmp_path / "bundle").succeeded
    programme = Programme.objects.get(slug=SEED)
    [version] = versions_of(programme)
    assert version.revision.comment.startswith("Geïmporteerd uit")
    row = parse(editor.get(history(programme))).select_one(".history-versions tbody tr")
    assert "Geïmporteerd uit" in text_of(row)
