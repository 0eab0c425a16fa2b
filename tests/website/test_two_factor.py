"""Staff set up their own two-factor sign-in in the admin, through the pages as drawn: an
authenticator app from a QR code (or its key), confirmed with a first code; recovery codes that
each work once at sign-in. The password is asked again for both; every step is audited."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory, authenticator_code
from tests.html import form_values, parse, text_of
from website.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def staff(client):
    user = UserFactory(username="redacteur", is_staff=True)
    client.force_login(user)
    return user


def submit(client, url: str, form_id: str = "two-factor-form", **typed):
    """Submit a form as the page draws it, with ``typed`` in its fields."""
    values = form_values(parse(client.get(url)), form_id)
    return client.post(url, {**values, **typed})


def test_the_admin_offers_each_person_their_own_two_factor_page(client, staff):
    home = parse(client.get(reverse("admin:index")))
    link = home.select_one(f"#user-tools a[href='{reverse('admin:two_factor')}']")
    assert text_of(link) == "Tweestapsverificatie"
    page = parse(client.get(reverse("admin:two_factor")))
    assert "Nog geen." in text_of(page)


def test_an_authenticator_is_added_from_its_qr_code_and_confirmed_with_a_first_code(client, staff):
    response = submit(client, reverse("admin:two_factor_add"), password=PASSWORD, name="Telefoon")
    assert response["Location"] == reverse("admin:two_factor_confirm")
    page = parse(client.get(reverse("admin:two_factor_confirm")))
    assert page.select_one("svg.qr-code title").get_text()
    key = page.select_one("#two-factor-key").get_text()
    device = TOTPDevice.objects.get(user=staff)
    assert not device.confirmed
    assert key.replace(" ", "") in device.config_url
    wrong = f"{(int(authenticator_code(device)) + 1) % 1_000_000:06d}"
    refused = submit(client, reverse("admin:two_factor_confirm"), code=wrong)
    assert "Die code klopt niet" in text_of(parse(refused))
    device.refresh_from_db()
    too_soon = submit(client, reverse("admin:two_factor_confirm"), code=authenticator_code(device))
    assert "worden codes een paar seconden geweigerd" in text_of(parse(too_soon))
    with time_machine.travel(datetime.timedelta(seconds=5)):
        device.refresh_from_db()
        confirmed = submit(
            client, reverse("admin:two_factor_confirm"), code=authenticator_code(device)
        )
    assert confirmed.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert device.name == "Telefoon"
    assert AuditEvent.objects.filter(action="device_added", user=staff).exists()


def test_the_password_is_asked_again(client, staff):
    response = submit(client, reverse("admin:two_factor_add"), password="niet het wachtwoord")
    assert response.status_code == 200
    assert "Dat is niet uw wachtwoord." in text_of(parse(response))
    assert not TOTPDevice.objects.exists()
    submit(client, reverse("admin:two_factor_recovery"), password="fout")
    assert not StaticDevice.objects.exists()


def test_recovery_codes_are_shown_once_and_replace_the_old_ones(client, staff):
    first = parse(submit(client, reverse("admin:two_factor_recovery"), password=PASSWORD))
    codes = [code.get_text() for code in first.select(".recovery-codes code")]
    assert len(codes) == len(set(codes)) == 10
    assert all(
        len(code.replace(" ", "")) == 10 and code.replace(" ", "").isdigit() for code in codes
    )
    again = parse(submit(client, reverse("admin:two_factor_recovery"), password=PASSWORD))
    newer = {code.get_text() for code in again.select(".recovery-codes code")}
    assert not newer & set(codes)
    assert StaticDevice.objects.get(user=staff).token_set.count() == 10
    assert "10 herstelcodes over." in text_of(parse(client.get(reverse("admin:two_factor"))))
    assert AuditEvent.objects.filter(action="recovery_codes", user=staff).count() == 2


class TestSigningInWithARecoveryCode:
    @pytest.fixture
    def codes(self, client, staff, settings):
        TOTPDevice.objects.create(user=staff, name="Telefoon", confirmed=True)
        page = parse(submit(client, reverse("admin:two_factor_recovery"), password=PASSWORD))
        client.logout()
        settings.OTP_REQUIRED = True
        return [code.get_text() for code in page.select(".recovery-codes code")]

    def sign_in(self, client, code: str):
        return submit(
            client,
            "/admin/login/",
            "login-form",
            username="redacteur",
            password=PASSWORD,
            otp_token=code,
        )

    def test_a_recovery_code_as_shown_signs_in_once(self, client, codes):
        assert self.sign_in(client, codes[0]).status_code == 302
        assert client.get("/admin/").status_code == 200
        client.logout()
        used = self.sign_in(client, codes[0])
        assert used.status_code == 200
        assert client.get("/admin/").status_code == 302
        # A wrong code holds codes back for a moment (django-otp's throttling).
        with time_machine.travel(datetime.timedelta(seconds=5)):
            assert self.sign_in(client, codes[1].replace(" ", "")).status_code == 302
