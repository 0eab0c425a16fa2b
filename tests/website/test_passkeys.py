"""Passkeys as the second step of staff sign-in (website/passkeys.py), through the pages as drawn
and the JSON ceremonies their script calls, answered by a passkey authenticator in Python
(tests/webauthn.py). Two-factor sign-in is on, as in production."""

import datetime
import json

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from tests.factories import UserFactory, authenticator_code
from tests.html import form_values, parse, text_of
from tests.webauthn import SoftAuthenticator, b64url
from website.env import passkey_origins
from website.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def required(settings):
    settings.OTP_REQUIRED = True
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = ["https://localhost"]


@pytest.fixture
def staff():
    return UserFactory(username="redacteur", is_staff=True, is_superuser=True)


@pytest.fixture
def phone(staff):
    return TOTPDevice.objects.create(user=staff, name="telefoon", confirmed=True)


def fill_in(client: Client, url: str, form_id: str, **typed: str):
    """Submit a form as the page draws it, with ``typed`` in fields the page shows."""
    values = form_values(parse(client.get(url)), form_id)
    missing = set(typed) - set(values)
    assert not missing, f"the page shows no field {missing}"
    return client.post(url, {**values, **typed}, REMOTE_ADDR="198.51.100.7")


def ceremony(client: Client, name: str, answer=None):
    """One step of a ceremony as the package's script takes it: JSON in, JSON out."""
    body = json.dumps(answer) if answer is not None else ""
    return client.post(
        reverse(f"admin:{name}"), body, content_type="application/json", HTTP_ACCEPT="*/*"
    )


def sign_in_with_code(client: Client, device: TOTPDevice) -> None:
    response = fill_in(
        client,
        LOGIN,
        "login-form",
        username=device.user.username,
        password=PASSWORD,
        otp_token=authenticator_code(device),
    )
    assert response.status_code == 302


def register(client: Client, authenticator: SoftAuthenticator, name: str = "Laptop"):
    """Add a passkey through the two-factor pages and the registration ceremony."""
    added = fill_in(
        client,
        reverse("admin:two_factor_passkey_add"),
        "two-factor-form",
        password=PASSWORD,
        name=name,
    )
    assert added["Location"] == reverse("admin:two_factor_passkey_register")
    options = ceremony(client, "passkey_register_begin").json()
    return ceremony(client, "passkey_register_complete", authenticator.create(options))


@pytest.fixture
def enrolled(client, staff, phone):
    """Staff with an authenticator app and a passkey, signed out again."""
    authenticator = SoftAuthenticator()
    sign_in_with_code(client, phone)
    assert register(client, authenticator).status_code == 200
    client.logout()
    return authenticator


def password_step(client: Client):
    """Name and password typed in, the code left empty."""
    return fill_in(client, LOGIN, "login-form", username="redacteur", password=PASSWORD)


class TestRegistering:
    def test_a_passkey_is_added_after_the_password_and_audited(self, client, staff, phone):
        sign_in_with_code(client, phone)
        overview = parse(client.get(reverse("admin:two_factor")))
        assert overview.select_one(f"a[href='{reverse('admin:two_factor_passkey_add')}']")
        fill_in(
            client,
            reverse("admin:two_factor_passkey_add"),
            "two-factor-form",
            password=PASSWORD,
            name="Werklaptop",
        )
        page = parse(client.get(reverse("admin:two_factor_passkey_register")))
        config = json.loads(page.select_one("#otp_webauthn_config").string)
        assert config["beginRegistrationUrl"] == reverse("admin:passkey_register_begin")
        scripts = [script["src"] for script in page.select("script[src]")]
        assert any(src.endswith("otp_webauthn_register.js") for src in scripts)
        assert page.select_one("template#passkey-registration-available-template")

        authenticator = SoftAuthenticator()
        options = ceremony(client, "passkey_register_begin").json()
        assert options["rp"] == {"id": "localhost", "name": "Het geheugen van BZK"}
        response = ceremony(client, "passkey_register_complete", authenticator.create(options))

        assert response.status_code == 200
        passkey = WebAuthnCredential.objects.get(user=staff)
        assert passkey.name == "Werklaptop"
        event = AuditEvent.objects.get(action=AuditEvent.Action.DEVICE_ADDED)
        assert (event.user, event.detail) == (staff, "Werklaptop")
        overview = parse(client.get(reverse("admin:two_factor")))
        assert "Werklaptop" in text_of(overview.select_one("ul.passkeys"))

    def test_without_the_password_again_no_passkey_is_made(self, client, staff, phone):
        sign_in_with_code(client, phone)
        refused = fill_in(
            client, reverse("admin:two_factor_passkey_add"), "two-factor-form", password="fout"
        )
        assert refused.status_code == 200
        response = ceremony(client, "passkey_register_begin")
        assert response.status_code == 403
        assert response.json()["code"] == "password_first"
        page = client.get(reverse("admin:two_factor_passkey_register"))
        assert page["Location"] == reverse("admin:two_factor_passkey_add")

    def test_a_session_without_the_second_step_cannot_register(self, client, staff, phone):
        client.force_login(staff)
        assert ceremony(client, "passkey_register_begin").status_code == 403
        assert not WebAuthnCredential.objects.exists()

    def test_the_password_again_is_good_for_one_passkey(self, client, staff, phone):
        sign_in_with_code(client, phone)
        assert register(client, SoftAuthenticator()).status_code == 200
        assert ceremony(client, "passkey_register_begin").status_code == 403


class TestSigningIn:
    def test_the_login_page_without_a_password_offers_no_passkey(self, client, staff):
        page = parse(client.get(LOGIN))
        assert page.select_one("#otp_webauthn_config") is None
        assert page.select_one("#login-form input[name=otp_token]")

    def test_after_the_password_the_page_offers_the_passkey(self, client, enrolled):
        page = parse(password_step(client))
        assert "Uw wachtwoord klopt" in text_of(page) or "Your password is right" in text_of(page)
        template = page.select_one("template#passkey-verification-available-template")
        assert template.select_one("button#passkey-verification-button[type=button]")
        config = json.loads(page.select_one("#otp_webauthn_config").string)
        assert config["beginAuthenticationUrl"] == reverse("admin:passkey_sign_in_begin")
        assert page.select_one("#login-form input[name=otp_token]")
        assert client.get("/admin/").status_code == 302

    def test_the_passkey_completes_the_sign_in(self, client, staff, enrolled):
        password_step(client)
        options = ceremony(client, "passkey_sign_in_begin").json()
        assert [c["id"] for c in options["allowCredentials"]] == [b64url(enrolled.credential_id)]
        response = ceremony(client, "passkey_sign_in_complete", enrolled.get(options))
        assert response.status_code == 200
        assert response.json()["redirect_url"] == "/admin/"
        assert client.get("/admin/").status_code == 200
        assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGGED_IN, user=staff).exists()

    def test_with_a_passkey_a_code_still_works(self, client, enrolled, phone):
        page = parse(password_step(client))
        assert page.select_one("select[name=otp_device]") is None
        # The app's next code: the one the fixture signed in with is never taken twice.
        with time_machine.travel(datetime.timedelta(seconds=30)):
            response = fill_in(
                client,
                LOGIN,
                "login-form",
                username="redacteur",
                password=PASSWORD,
                otp_token=authenticator_code(phone),
            )
        assert response.status_code == 302
        assert client.get("/admin/").status_code == 200

    def test_without_the_password_a_passkey_is_no_way_in(self, client, enrolled):
        response = ceremony(client, "passkey_sign_in_begin")
        assert response.status_code == 403
        assert response.json()["code"] == "password_first"
        assert client.get("/admin/").status_code == 302

    def test_a_passkey_for_another_origin_is_refused_and_the_password_asked_again(
        self, client, staff, enrolled
    ):
        password_step(client)
        options = ceremony(client, "passkey_sign_in_begin").json()
        enrolled.origin = "https://geheugen-van-bzk.example"
        response = ceremony(client, "passkey_sign_in_complete", enrolled.get(options))
        assert response.status_code >= 400
        assert client.get("/admin/").status_code == 302
        assert ceremony(client, "passkey_sign_in_begin").status_code == 403
        assert AuditEvent.objects.filter(
            action=AuditEvent.Action.LOGIN_FAILED, username="redacteur"
        ).exists()

    def test_another_persons_passkey_is_no_way_in(self, staff, enrolled):
        other = UserFactory(username="ander", is_staff=True)
        theirs = Client()
        sign_in_with_code(theirs, TOTPDevice.objects.create(user=other, name="app", confirmed=True))
        assert register(theirs, SoftAuthenticator()).status_code == 200
        theirs.logout()
        fill_in(theirs, LOGIN, "login-form", username="ander", password=PASSWORD)
        options = ceremony(theirs, "passkey_sign_in_begin").json()
        # The staff member's passkey answers the question put to "ander".
        response = ceremony(theirs, "passkey_sign_in_complete", enrolled.get(options))
        assert response.status_code >= 400
        assert theirs.get("/admin/").status_code == 302

    def test_the_wait_for_the_passkey_ends(self, client, enrolled):
        password_step(client)
        with time_machine.travel(datetime.timedelta(minutes=5)):
            assert ceremony(client, "passkey_sign_in_begin").status_code == 403

    def test_a_changed_password_ends_the_wait(self, client, staff, enrolled):
        password_step(client)
        staff.set_password("een heel ander wachtwoord")
        staff.save()
        assert ceremony(client, "passkey_sign_in_begin").status_code == 403


class TestRemoving:
    def test_a_passkey_is_removed_after_the_password_and_audited(self, client, staff, enrolled):
        password_step(client)
        options = ceremony(client, "passkey_sign_in_begin").json()
        ceremony(client, "passkey_sign_in_complete", enrolled.get(options))
        passkey = WebAuthnCredential.objects.get(user=staff)
        url = reverse("admin:two_factor_passkey_remove", args=[passkey.pk])
        overview = parse(client.get(reverse("admin:two_factor")))
        assert overview.select_one(f"ul.passkeys a[href='{url}']")
        assert fill_in(client, url, "two-factor-form", password="fout").status_code == 200
        assert WebAuthnCredential.objects.filter(pk=passkey.pk).exists()
        response = fill_in(client, url, "two-factor-form", password=PASSWORD)
        assert response["Location"] == reverse("admin:two_factor")
        assert not WebAuthnCredential.objects.filter(pk=passkey.pk).exists()
        event = AuditEvent.objects.get(action=AuditEvent.Action.DEVICE_REMOVED)
        assert (event.user, event.detail) == (staff, "Laptop")

    def test_the_only_second_step_is_not_removed(self, client, staff, enrolled):
        password_step(client)
        options = ceremony(client, "passkey_sign_in_begin").json()
        ceremony(client, "passkey_sign_in_complete", enrolled.get(options))
        TOTPDevice.objects.filter(user=staff).delete()
        passkey = WebAuthnCredential.objects.get(user=staff)
        url = reverse("admin:two_factor_passkey_remove", args=[passkey.pk])
        response = fill_in(client, url, "two-factor-form", password=PASSWORD)
        assert response.status_code == 200
        assert WebAuthnCredential.objects.filter(pk=passkey.pk).exists()

    def test_nobody_removes_another_persons_passkey(self, client, staff, enrolled):
        other = UserFactory(username="ander", is_staff=True)
        client.force_login(other)
        passkey = WebAuthnCredential.objects.get(user=staff)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("django.conf.settings.OTP_REQUIRED", False)
            url = reverse("admin:two_factor_passkey_remove", args=[passkey.pk])
            assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("hosts", "base", "expected"),
    [
        (
            ["geheugenvanbzk.nl", "www.geheugenvanbzk.nl"],
            "",
            ("geheugenvanbzk.nl", ["https://geheugenvanbzk.nl", "https://www.geheugenvanbzk.nl"]),
        ),
        (["10.0.0.1", ".example.nl", "*"], "", ("", [])),
        (
            ["10.0.0.1"],
            "https://geheugenvanbzk.nl",
            ("geheugenvanbzk.nl", ["https://geheugenvanbzk.nl"]),
        ),
    ],
)
def test_passkeys_belong_to_the_sites_own_domain(hosts, base, expected):
    assert passkey_origins(hosts, public_base_url=base) == expected
