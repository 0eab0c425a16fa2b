"""Signing in to the admin: lockouts, sessions, redirects, two-factor codes, passwords."""

import datetime

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory, authenticator_code
from tests.html import form_values, parse, text_of
from website.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
LOGIN = "/admin/login/"


@pytest.fixture
def staff():
    return UserFactory(username="redacteur", is_staff=True, is_superuser=True)


def sign_in(client: Client, password: str = PASSWORD, *, address: str = "198.51.100.7", **extra):
    return client.post(
        LOGIN,
        {"username": "redacteur", "password": password, "next": "/admin/", **extra},
        REMOTE_ADDR=address,
    )


class TestLockout:
    def test_five_failures_lock_the_name_and_address_out_with_429(self, client, staff, settings):
        for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
            assert sign_in(client, "wrong").status_code == 200
        assert sign_in(client, "wrong").status_code == 429
        response = sign_in(client)
        assert response.status_code == 429
        assert "Te vaak mislukt aangemeld" in response.content.decode()
        assert not response.wsgi_request.user.is_authenticated

    def test_the_lockout_ends_after_the_cool_off(self, client, staff, settings):
        start = datetime.datetime(2026, 11, 29, 12, 0, tzinfo=datetime.UTC)
        with time_machine.travel(start, tick=False):
            for _attempt in range(settings.AXES_FAILURE_LIMIT):
                sign_in(client, "wrong")
            assert sign_in(client).status_code == 429
        later = start + settings.AXES_COOLOFF_TIME + datetime.timedelta(seconds=1)
        with time_machine.travel(later, tick=False):
            response = sign_in(client)
        assert response.status_code == 302
        assert response["Location"] == "/admin/"

    def test_another_address_is_not_locked_out(self, client, staff, settings):
        for _attempt in range(settings.AXES_FAILURE_LIMIT):
            sign_in(client, "wrong", address="198.51.100.7")
        assert sign_in(Client(), address="203.0.113.9").status_code == 302

    def test_a_forged_forwarded_address_does_not_escape_the_lockout(self, client, staff, settings):
        settings.TRUSTED_PROXIES = []
        for number in range(settings.AXES_FAILURE_LIMIT):
            client.post(
                LOGIN,
                {"username": "redacteur", "password": "wrong"},
                REMOTE_ADDR="198.51.100.7",
                headers={"X-Forwarded-For": f"10.0.0.{number}"},
            )
        response = client.post(
            LOGIN,
            {"username": "redacteur", "password": PASSWORD},
            REMOTE_ADDR="198.51.100.7",
            headers={"X-Forwarded-For": "10.9.9.9"},
        )
        assert response.status_code == 429

    def test_failures_and_lockouts_are_in_the_audit_log(self, client, staff, settings):
        for _attempt in range(settings.AXES_FAILURE_LIMIT):
            sign_in(client, "wrong")
        failures = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED)
        assert failures.count() == settings.AXES_FAILURE_LIMIT
        assert {event.username for event in failures} == {"redacteur"}
        assert {event.ip_address for event in failures} == {"198.51.0.0"}
        assert AuditEvent.objects.filter(action=AuditEvent.Action.LOCKED_OUT).exists()


class TestSessions:
    def test_the_session_key_changes_on_sign_in(self, client, staff):
        session = client.session
        session["visited"] = True
        session.save()
        before = session.session_key
        sign_in(client)
        assert client.session.session_key != before
        assert client.session["_auth_user_id"] == str(staff.pk)

    @pytest.mark.parametrize(
        "target", ["https://evil.example/", "//evil.example/", "/\\evil.example"]
    )
    def test_next_never_leads_to_another_site(self, client, staff, target):
        response = client.post(
            f"{LOGIN}?next={target}",
            {"username": "redacteur", "password": PASSWORD, "next": target},
        )
        assert response.status_code == 302
        assert response["Location"] == "/admin/"

    def test_sign_in_cookies_are_http_only_and_same_site_lax(self, client, staff):
        page = client.get(LOGIN)
        assert page.cookies["csrftoken"]["samesite"] == "Lax"
        response = sign_in(client)
        session = response.cookies["sessionid"]
        assert session["httponly"]
        assert session["samesite"] == "Lax"


class TestTwoFactor:
    """Through the login page as it is drawn: only the fields it shows are filled in."""

    @pytest.fixture
    def required(self, settings):
        settings.OTP_REQUIRED = True

    def fill_in(self, client: Client, page, **typed: str):
        """Submit the login form as drawn, with ``typed`` in the fields the page shows."""
        values = form_values(page, "login-form")
        missing = set(typed) - set(values)
        assert not missing, f"the page shows no field {missing}"
        return client.post(LOGIN, {**values, **typed}, REMOTE_ADDR="198.51.100.7")

    def test_the_login_page_asks_for_the_code(self, client, staff, required):
        page = parse(client.get(LOGIN))
        code = page.select_one("#login-form input[name=otp_token]")
        assert code["autocomplete"] == "one-time-code"
        assert code["inputmode"] == "numeric"
        label = page.select_one("label[for=id_otp_token]")
        assert text_of(label) == "Code:"
        assert page.select_one("#" + code["aria-describedby"]).get_text(strip=True)
        assert page.select_one("#login-form select[name=otp_device]") is None

    def test_with_the_right_code_typed_in_staff_get_in(self, client, staff, required):
        device = TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
        response = self.fill_in(
            client,
            parse(client.get(LOGIN)),
            username="redacteur",
            password=PASSWORD,
            otp_token=authenticator_code(device),
        )
        assert response.status_code == 302
        assert client.get("/admin/").status_code == 200

    def test_without_a_code_staff_do_not_get_in_and_are_asked_for_it(self, client, staff, required):
        TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
        response = self.fill_in(
            client, parse(client.get(LOGIN)), username="redacteur", password=PASSWORD
        )
        assert response.status_code == 200
        assert "Voer de code uit uw authenticator-app in." in text_of(parse(response))
        assert client.get("/admin/").status_code == 302

    def test_a_session_signed_in_without_a_code_is_not_enough(self, client, staff, required):
        client.force_login(staff)
        assert client.get("/admin/").status_code == 302

    def test_a_wrong_code_is_refused(self, client, staff, required):
        device = TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
        wrong = f"{(int(authenticator_code(device)) + 1) % 1_000_000:06d}"
        response = self.fill_in(
            client,
            parse(client.get(LOGIN)),
            username="redacteur",
            password=PASSWORD,
            otp_token=wrong,
        )
        assert "Die code klopt niet" in text_of(parse(response))
        assert client.get("/admin/").status_code == 302

    def test_with_two_devices_the_page_then_offers_the_choice(self, client, staff, required):
        TOTPDevice.objects.create(user=staff, name="telefoon", confirmed=True)
        tablet = TOTPDevice.objects.create(user=staff, name="tablet", confirmed=True)
        first = self.fill_in(
            client,
            parse(client.get(LOGIN)),
            username="redacteur",
            password=PASSWORD,
            otp_token=authenticator_code(tablet),
        )
        page = parse(first)
        assert "Kies het apparaat waarvan u de code invoert." in text_of(page)
        choices = [o.get_text() for o in page.select("select[name=otp_device] option")]
        assert choices[1:] == ["telefoon", "tablet"]
        response = self.fill_in(
            client, page, otp_device=tablet.persistent_id, otp_token=authenticator_code(tablet)
        )
        assert response.status_code == 302
        assert client.get("/admin/").status_code == 200

    def test_the_code_of_another_persons_device_is_no_way_in(self, client, staff, required):
        TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
        other = TOTPDevice.objects.create(
            user=UserFactory(is_staff=True), name="ander", confirmed=True
        )
        response = client.post(
            LOGIN,
            {
                "username": "redacteur",
                "password": PASSWORD,
                "otp_device": other.persistent_id,
                "otp_token": authenticator_code(other),
            },
        )
        assert response.status_code == 200
        assert client.get("/admin/").status_code == 302

    def test_enrolling_a_device_prints_its_key(self, staff):
        from io import StringIO

        out = StringIO()
        call_command("enrol_totp", "redacteur", stdout=out)
        device = TOTPDevice.objects.get(user=staff)
        assert device.confirmed
        assert "otpauth://totp/" in out.getvalue()
        with pytest.raises(CommandError, match="has a device already"):
            call_command("enrol_totp", "redacteur", stdout=StringIO())
        call_command("enrol_totp", "redacteur", replace=True, stdout=StringIO())
        assert TOTPDevice.objects.filter(user=staff).count() == 1

    def test_only_staff_can_be_enrolled(self):
        UserFactory(username="bezoeker")
        with pytest.raises(CommandError, match="not a staff member"):
            call_command("enrol_totp", "bezoeker")


@pytest.mark.parametrize("password", ["kort", "password1234", "123456789012", "redacteur123456"])
def test_weak_passwords_are_refused(password):
    user = UserFactory.build(username="redacteur123456")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_uncommon_password_is_accepted():
    validate_password("paarse olifant fietst door Zwolle", UserFactory.build())
