"""Staff register a passkey and sign in with it as in production: in Chromium, typing into the
pages as drawn, with secure cookies, the browser's own WebAuthn answering through a virtual
authenticator (the DevTools protocol's WebAuthn domain). The pages pass axe-core and nothing
is blocked by the Content-Security-Policy."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from tests.browser.conftest import BROWSER, axe_violations
from tests.factories import authenticator_code
from website.models import AuditEvent

pytestmark = BROWSER

PASSWORD = "paarse olifant fietst door Zwolle"
# The admin's home and the two-factor page exactly ("**/admin/" would match the login page's
# "?next=/admin/" too).
ADMIN = re.compile(r"^http://localhost:\d+/admin/$")
TWO_FACTOR = re.compile(r"^http://localhost:\d+/admin/two-factor/$")


def nl(text: str) -> str:
    """What the Dutch admin shows for ``text`` (its English until the catalogue has it)."""
    with translation.override("nl"):
        return translation.gettext(text)


@pytest.fixture
def production_sign_in(settings, live_server):
    """What production settings make of sign-in (bzkmemory/settings/production.py), with the
    live server as the passkeys' one origin."""
    settings.OTP_REQUIRED = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]


@pytest.fixture
def editor(production_sign_in):
    user = get_user_model().objects.create_user(
        "redacteur", "r@example.org", PASSWORD, is_staff=True, is_superuser=True
    )
    TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)
    return user


@pytest.fixture
def authenticator(visit):
    """A passkey authenticator built into the browser, as a laptop's or phone's is."""
    # Playwright wants its own page object, not the conftest's wrapper that runs it on its thread.
    session = visit.context.new_cdp_session(visit.page._target)
    session.send("WebAuthn.enable", {"enableUI": False})
    added = session.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return session, added["authenticatorId"]


@pytest.fixture
def console(visit) -> list[str]:
    messages: list[str] = []
    visit.page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    return messages


def type_password(page, username: str = "redacteur") -> None:
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)


def register_a_passkey(page, editor, axe_source: str | None = None) -> None:
    """Sign in with the app's code, then add a passkey on the two-factor page."""
    type_password(page)
    page.get_by_label("Code").fill(authenticator_code(TOTPDevice.objects.get(user=editor)))
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(ADMIN)
    page.get_by_role("link", name="Tweestapsverificatie").click()
    page.get_by_role("link", name=nl("Add a passkey")).click()
    if axe_source:
        assert axe_violations(page, axe_source) == []
    page.get_by_label("Uw wachtwoord").fill(PASSWORD)
    page.get_by_label(nl("Name of the passkey")).fill("Werklaptop")
    page.get_by_role("button", name="Volgende").click()
    button = page.get_by_role("button", name=nl("Make the passkey"))
    button.wait_for()
    if axe_source:
        assert axe_violations(page, axe_source) == []
    button.click()
    page.wait_for_url(TWO_FACTOR)
    page.get_by_role("button", name="Afmelden").click()


def test_an_editor_registers_a_passkey_and_signs_in_with_it(
    visit, editor, authenticator, console, axe_source
):
    page = visit.page
    session, authenticator_id = authenticator
    register_a_passkey(page, editor, axe_source)
    assert WebAuthnCredential.objects.get(user=editor).name == "Werklaptop"
    credentials = session.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    assert len(credentials["credentials"]) == 1

    type_password(page)
    page.get_by_role("button", name="Aanmelden").click()
    button = page.get_by_role("button", name=nl("Sign in with your passkey"))
    button.wait_for()
    assert axe_violations(page, axe_source) == []
    button.click()
    page.wait_for_url(ADMIN)
    assert page.get_by_role("heading", name="Beheer").is_visible()
    assert all(
        c["secure"] for c in visit.context.cookies() if c["name"] in {"sessionid", "csrftoken"}
    )
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DEVICE_ADDED).count() == 1

    page.get_by_role("link", name="Tweestapsverificatie").click()
    assert page.locator("ul.passkeys").get_by_text("Werklaptop").is_visible()
    assert axe_violations(page, axe_source) == []
    assert not [line for line in console if "Content Security Policy" in line], console


def test_a_passkey_answering_for_another_origin_does_not_get_in(
    visit, editor, authenticator, settings, console
):
    page = visit.page
    register_a_passkey(page, editor)
    # The site now expects its passkeys on another address: what this page's browser signs
    # names the wrong origin.
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = ["https://geheugenvanbzk.nl"]
    type_password(page)
    page.get_by_role("button", name="Aanmelden").click()
    page.get_by_role("button", name=nl("Sign in with your passkey")).click()
    status = page.locator("#passkey-verification-status-message")
    status.wait_for()
    page.wait_for_function(
        "() => document.getElementById('passkey-verification-status-message').textContent"
    )
    assert "/admin/login/" in page.url
    page.goto("/admin/")
    assert "/admin/login/" in page.url
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED).exists()
    assert not [line for line in console if "Content Security Policy" in line], console


def test_without_the_authenticator_the_passkey_is_no_way_in(visit, editor, authenticator, settings):
    page = visit.page
    session, authenticator_id = authenticator
    register_a_passkey(page, editor)
    session.send("WebAuthn.removeVirtualAuthenticator", {"authenticatorId": authenticator_id})
    settings.OTP_WEBAUTHN_TIMEOUT_SECONDS = 2
    type_password(page)
    page.get_by_role("button", name="Aanmelden").click()
    page.get_by_role("button", name=nl("Sign in with your passkey")).click()
    page.wait_for_function(
        "() => document.getElementById('passkey-verification-status-message').textContent",
        timeout=20_000,
    )
    page.goto("/admin/")
    assert "/admin/login/" in page.url
