"""The editors' cycle in Chromium, through the pages as drawn, with production's sign-in (a code
typed into the login page): a Redacteur changes the live seed programme while visitors keep
the published text, submits it; an Eindredacteur sends it back with a comment; the Redacteur
changes it and submits again; the Eindredacteur publishes, and the page, the OAI record and the
sitemap follow. Scheduled changes arrive on time; an earlier version is restored from history.
Every page on the way passes axe-core, and the Content-Security-Policy blocks nothing.
"""

import datetime
import os
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from programmes.models import Programme
from tests.browser.conftest import BROWSER, Visit, axe_violations
from tests.factories import authenticator_code

pytestmark = BROWSER

PASSWORD = "paarse olifant fietst door Zwolle"
SLUG = "risicos-en-verantwoordelijkheden"
PUBLIC = f"/programmas/{SLUG}/"
NEW_TITLE = "Risico's en verantwoordelijkheden, herzien"


@pytest.fixture
def production_sign_in(settings):
    settings.OTP_REQUIRED = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True


def staff(username: str, role: str) -> TOTPDevice:
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", PASSWORD, is_staff=True, first_name=username.title()
    )
    user.groups.add(Group.objects.get(name=role))
    return TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)


def signed_in(browser, live_server, device: TOTPDevice) -> Visit:
    visit = Visit(browser, live_server)
    page = visit.page
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Gebruikersnaam").fill(device.user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_label("Code").fill(authenticator_code(device))
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/admin/")
    return visit


def snapshot(page, name: str) -> None:
    """For docs/EDITORS.md: `make screenshots` keeps a picture of this step."""
    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


def shows(page, text: str) -> bool:
    """Whether the page, once loaded, shows this text (waits for it a while)."""
    page.get_by_text(text).first.wait_for(timeout=5000)
    return True


def bar(page):
    return page.locator(".publication-bar")


def open_programme(page) -> None:
    page.goto(reverse("admin:programmes_programme_changelist"))
    page.get_by_role("link", name="Risico's en verantwoordelijkheden", exact=True).click()
    bar(page).wait_for()
    # The rich-text editors have drawn their toolbars (axe checks them too).
    page.locator(".prose-menubar").first.wait_for()


def public_title(visit: Visit) -> str:
    visit.page.goto(PUBLIC)
    # Without the soft hyphens that long words in titles carry (programmes/templatetags).
    return visit.page.locator("h1").inner_text().replace("\u00ad", "")


@pytest.fixture
def team(production_sign_in, seed, browser, live_server):
    rosa, erik = staff("rosa", "Redacteur"), staff("erik", "Eindredacteur")
    visits = {
        "rosa": signed_in(browser, live_server, rosa),
        "erik": signed_in(browser, live_server, erik),
        "visitor": Visit(browser, live_server),
    }
    yield visits
    for visit in visits.values():
        visit.close()


def test_a_change_to_a_live_programme_goes_through_review_before_visitors_see_it(team, axe_source):
    rosa, erik, visitor = team["rosa"].page, team["erik"].page, team["visitor"]
    original = public_title(visitor)

    # The Redacteur changes the title of the live programme and saves: a draft.
    open_programme(rosa)
    assert axe_violations(rosa, axe_source) == []
    rosa.locator("input[name=title_nl]").fill("Risico's en verantwoordelijkheid")
    bar(rosa).get_by_role("button", name="Opslaan").click()
    assert "concept met wijzigingen" in bar(rosa).inner_text()
    snapshot(rosa, "editors-1-draft")
    assert bar(rosa).get_by_role("button", name="Publiceren").count() == 0
    assert public_title(visitor) == original
    assert public_title(visitor) == original  # and from the page cache

    bar(rosa).get_by_label("Toelichting bij de beoordeling").fill("Titel ingekort.")
    bar(rosa).get_by_role("button", name="Ter beoordeling aanbieden").click()
    assert shows(rosa, "Ter beoordeling aangeboden.")

    # The Eindredacteur finds it in the list, compares, and sends it back with a comment.
    erik.get_by_role("link", name="Ter beoordeling").first.click()
    assert axe_violations(erik, axe_source) == []
    snapshot(erik, "editors-2-review-list")
    row = erik.get_by_role("row", name="Risico's en verantwoordelijkheid")
    assert "Rosa" in row.inner_text()
    assert "Titel ingekort." in row.inner_text()
    row.get_by_role("link").click()
    bar(erik).get_by_role("link", name="Vergelijken met de gepubliceerde versie").click()
    assert erik.locator("del").first.inner_text().strip() == "verantwoordelijkheden"
    assert axe_violations(erik, axe_source) == []
    snapshot(erik, "editors-3-compare")
    erik.get_by_role("link", name="Terug naar het formulier").click()
    bar(erik).get_by_label("Toelichting bij de beoordeling").fill("Liever de volledige titel.")
    bar(erik).get_by_role("button", name="Terugsturen met de toelichting").click()
    assert shows(erik, "Teruggestuurd naar de auteur.")

    # The Redacteur reads the comment on the form, changes the text and submits again.
    open_programme(rosa)
    assert "Liever de volledige titel." in bar(rosa).inner_text()
    snapshot(rosa, "editors-4-sent-back")
    rosa.locator("input[name=title_nl]").fill(NEW_TITLE)
    bar(rosa).get_by_role("button", name="Ter beoordeling aanbieden").click()
    assert public_title(visitor) == original

    # The Eindredacteur publishes: the page, the OAI record and the sitemap follow.
    open_programme(erik)
    bar(erik).get_by_role("button", name="Wijzigingen publiceren").click()
    assert shows(erik, "Gepubliceerd.")
    assert bar(erik).locator(".publication-bar__state").inner_text().endswith("Live")
    snapshot(erik, "editors-5-published")
    assert public_title(visitor) == NEW_TITLE
    record = visitor.page.request.get(
        "/oai/?verb=GetRecord&metadataPrefix=oai_dc"
        f"&identifier=oai:geheugenvanbzk.nl:programme/{SLUG}"
    )
    assert NEW_TITLE in record.text()
    sitemap = visitor.page.request.get("/sitemap.xml").text()
    assert f"{PUBLIC}</loc>" in sitemap
    assert timezone.localdate().isoformat() in sitemap


def test_scheduled_changes_arrive_on_time_and_an_earlier_version_can_be_restored(team, axe_source):
    rosa, erik, visitor = team["rosa"].page, team["erik"].page, team["visitor"]
    original = public_title(visitor)
    open_programme(rosa)
    rosa.locator("input[name=title_nl]").fill(NEW_TITLE)
    with rosa.expect_navigation():
        bar(rosa).get_by_role("button", name="Ter beoordeling aanbieden").click()

    at = timezone.localtime() + datetime.timedelta(days=1)
    open_programme(erik)
    bar(erik).get_by_label("Publiceren op").fill(at.strftime("%Y-%m-%dT%H:%M"))
    bar(erik).get_by_role("button", name="Wijzigingen publiceren").click()
    assert "ingepland" in bar(erik).inner_text()
    call_command("publish_due_drafts")
    assert public_title(visitor) == original
    later = at + datetime.timedelta(minutes=1)
    with time_machine.travel(later):
        call_command("publish_due_drafts")
        assert public_title(visitor) == NEW_TITLE
        # The sitemap tells crawlers the page changed that day.
        sitemap = visitor.page.request.get("/sitemap.xml").text()
        entry = sitemap[sitemap.index(f"{PUBLIC}</loc>") :].split("</url>")[0]
        assert f"<lastmod>{later.date().isoformat()}</lastmod>" in entry

    # The version load_seed made is the first in the history; restoring it publishes it.
    erik.get_by_role("link", name="Geschiedenis").click()
    assert axe_violations(erik, axe_source) == []
    first = erik.get_by_role("row", name="Geladen uit de startgegevens")
    first.get_by_role("link", name="Terugzetten").click()
    assert erik.locator("input[name=title_nl]").input_value() == original
    with erik.expect_navigation():
        erik.locator("input[name=_save]").click()
    assert public_title(visitor) == original
    programme = Programme.objects.get(slug=SLUG)
    assert programme.title_nl == original


def test_an_archivaris_exports_the_programme_and_imports_it_back_checked_first(
    production_sign_in, seed, browser, live_server, axe_source, tmp_path
):
    archivist = signed_in(browser, live_server, staff("anna", "Archivaris"))
    page = archivist.page
    try:
        page.goto(reverse("admin:programmes_programme_changelist"))
        page.get_by_role("checkbox", name="Risico's en verantwoordelijkheden").check()
        page.get_by_role("combobox", name="Actie").select_option(
            label="Exporteren als archiefbundel (.zip)"
        )
        with page.expect_download() as download:
            page.get_by_role("button", name="Uitvoeren").click()
        bundle = tmp_path / "bundel.zip"
        download.value.save_as(str(bundle))

        page.goto(reverse("admin:archive_archiveimport_changelist"))
        page.get_by_role("link", name="Archiefbundel importeren").click()
        assert axe_violations(page, axe_source) == []
        # Something that is not a bundle is refused, with a reason, and nothing changes.
        broken = tmp_path / "kapot.zip"
        broken.write_bytes(b"dit is geen zip-bestand")
        page.get_by_label("Archiefbundel (.zip)").set_input_files(str(broken))
        page.get_by_role("button", name="Bundel controleren (proefrun)").click()
        assert page.locator(".archive-problems li").count() >= 1
        assert page.get_by_role("button", name="Importeren").count() == 0

        page.get_by_label("Archiefbundel (.zip)").set_input_files(str(bundle))
        page.get_by_role("button", name="Bundel controleren (proefrun)").click()
        assert page.locator(".archive-plan").is_visible()
        assert axe_violations(page, axe_source) == []
        page.get_by_role("button", name="Importeren").click()
        page.wait_for_load_state()
        assert Programme.objects.count() == 1
        assert Programme.objects.get().title_nl == "Risico's en verantwoordelijkheden"
    finally:
        archivist.close()
