"""Staff sign in with two-factor sign-in as in production: in Chromium, typing into the login
page as drawn, with secure cookies; the page passes axe-core and the Content-Security-Policy."""

from base64 import b32decode

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import BROWSER, axe_violations
from tests.factories import authenticator_code

pytestmark = BROWSER

PASSWORD = "paarse olifant fietst door Zwolle"


@pytest.fixture
def production_sign_in(settings):
    """What production settings make of sign-in (bzkmemory/settings/production.py)."""
    settings.OTP_REQUIRED = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True


@pytest.fixture
def editor(production_sign_in):
    return get_user_model().objects.create_user(
        "redacteur", "r@example.org", PASSWORD, is_staff=True, is_superuser=True
    )


def test_an_editor_signs_in_with_a_code_typed_into_the_page(visit, editor, axe_source):
    device = TOTPDevice.objects.create(user=editor, name="telefoon", confirmed=True)
    page = visit.page
    page.goto("/admin/login/?next=/admin/")
    assert axe_violations(page, axe_source) == []
    page.get_by_label("Gebruikersnaam").fill("redacteur")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    field = page.get_by_label("Code")
    assert field.get_attribute("autocomplete") == "one-time-code"
    field.fill(authenticator_code(device))
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/admin/")
    assert page.get_by_role("heading", name="Beheer").is_visible()
    assert visit.cookies()["sessionid"]
    assert all(
        c["secure"] for c in visit.context.cookies() if c["name"] in {"sessionid", "csrftoken"}
    )


def test_a_wrong_code_says_so_and_keeps_the_editor_out(visit, editor):
    device = TOTPDevice.objects.create(user=editor, name="telefoon", confirmed=True)
    page = visit.page
    page.goto("/admin/login/")
    page.get_by_label("Gebruikersnaam").fill("redacteur")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_label("Code").fill(f"{(int(authenticator_code(device)) + 1) % 1_000_000:06d}")
    page.get_by_role("button", name="Aanmelden").click()
    assert page.get_by_text("Die code klopt niet.").is_visible()
    page.goto("/admin/")
    assert "/admin/login/" in page.url


def test_with_two_devices_the_editor_chooses_one_after_the_password(visit, editor, axe_source):
    TOTPDevice.objects.create(user=editor, name="telefoon", confirmed=True)
    tablet = TOTPDevice.objects.create(user=editor, name="tablet", confirmed=True)
    page = visit.page
    page.goto("/admin/login/")
    assert page.get_by_label("Apparaat").count() == 0
    page.get_by_label("Gebruikersnaam").fill("redacteur")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_label("Code").fill(authenticator_code(tablet))
    page.get_by_role("button", name="Aanmelden").click()
    assert page.get_by_text("Kies het apparaat waarvan u de code invoert.").is_visible()
    assert axe_violations(page, axe_source) == []
    page.get_by_label("Apparaat").select_option(label="tablet")
    page.get_by_label("Code").fill(authenticator_code(tablet))
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/admin/")


def code_for_key(key_text: str) -> str:
    """What an authenticator app shows for a key typed in by hand."""
    return f"{totp(b32decode(key_text.replace(' ', ''))):06d}"


def test_an_editor_adds_an_app_and_later_signs_in_with_a_recovery_code(visit, editor, axe_source):
    phone = TOTPDevice.objects.create(user=editor, name="telefoon", confirmed=True)
    page = visit.page
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Gebruikersnaam").fill("redacteur")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_label("Code").fill(authenticator_code(phone))
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/admin/")

    page.get_by_role("link", name="Tweestapsverificatie").click()
    assert axe_violations(page, axe_source) == []
    page.get_by_role("link", name="Authenticator-app toevoegen").click()
    page.get_by_label("Uw wachtwoord").fill(PASSWORD)
    page.get_by_label("Naam van het apparaat").fill("Tablet")
    page.get_by_role("button", name="Volgende").click()
    assert page.locator("svg.qr-code").is_visible()
    assert axe_violations(page, axe_source) == []
    key = page.locator("#two-factor-key").inner_text()
    page.get_by_label("Code").fill(code_for_key(key))
    page.get_by_role("button", name="Bevestigen").click()
    assert page.get_by_text("“Tablet” is toegevoegd").is_visible()

    page.get_by_role("link", name="Nieuwe herstelcodes maken").click()
    page.get_by_label("Uw wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Nieuwe herstelcodes maken").click()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert axe_violations(page, axe_source) == []

    page.get_by_role("button", name="Afmelden").click()
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Gebruikersnaam").fill("redacteur")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/admin/")
