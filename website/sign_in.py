"""The admin's sign-in form with two-factor sign-in (django-otp): the fields a person fills in,
in Dutch and English, and the code checked against the right device.

The login page (templates/admin/login.html) draws every field this form has: the code field
always, the choice of device once the password is right and the person has more than one
device. There is nothing to choose when the code itself tells: six digits are a code from the
person's authenticator app (if they have one), ten digits one of their recovery codes
(website/two_factor.py).

Someone with a passkey leaves the code empty: once their password is right the page offers
their passkey instead (website/passkeys.py), and still takes a code from their app.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_otp import devices_for_user
from django_otp.forms import OTPAuthenticationForm
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from website import passkeys

# Recovery codes are this many digits (website/two_factor.py); authenticator codes six.
RECOVERY_DIGITS = 10


class SignInForm(OTPAuthenticationForm):
    otp_error_messages = {
        **OTPAuthenticationForm.otp_error_messages,
        "token_required": _("Enter the code from your authenticator app."),
        "invalid_token": _("That code is not right. Enter the code your app shows now."),
        "device_required": _("Choose the device whose code you enter."),
        "not_interactive": _("This device shows its codes by itself; enter the code it shows."),
        "n_failed_attempts": ngettext_lazy(
            "Codes are refused for a while after %(failure_count)d wrong code; try again soon.",
            "Codes are refused for a while after %(failure_count)d wrong codes; try again soon.",
            "failure_count",
        ),
        "verification_not_allowed": _("Codes cannot be checked just now; try again soon."),
        "passkey_or_token": _(
            "Your password is right. Now use your passkey, or enter a code from your app."
        ),
    }
    # Set once the password is right and the person's passkey may complete the sign-in.
    passkey_ready = False

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        token = self.fields["otp_token"]
        token.label = _("Code")
        token.help_text = _(
            "The six digits your authenticator app shows for this site, or one of your "
            "recovery codes."
        )
        token.widget = forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autocapitalize": "off",
                "spellcheck": "false",
                "maxlength": "16",
            }
        )
        self.fields["otp_device"].label = _("Device")

    @staticmethod
    def device_choices(user) -> list[tuple[str, str]]:
        # A passkey has no code to type: it is offered by its own button, never in this choice.
        typed = [
            (device.persistent_id, device.name)
            for device in devices_for_user(user)
            if not isinstance(device, WebAuthnCredential)
        ]
        return [("", _("Choose a device")), *typed]

    @property
    def has_device_choice(self) -> bool:
        """Whether the page offers a choice of device: the person is known and has several."""
        return self.get_user() is not None and len(self.fields["otp_device"].widget.choices) > 2

    @property
    def passkey_config(self) -> dict:
        """What the page's passkey script needs (website/passkeys.py)."""
        return passkeys.ceremony_config(self.request)

    def clean_otp_token(self) -> str:
        # Recovery codes are shown in groups of five digits; spaces are nobody's mistake.
        return "".join(self.cleaned_data.get("otp_token", "").split()).replace("-", "")

    def clean_otp(self, user) -> None:
        try:
            super().clean_otp(user)
        except forms.ValidationError as error:
            if getattr(error, "code", None) != "token_required" or not passkeys.has_passkey(user):
                raise
            passkeys.expect_passkey(self.request, user)
            self.passkey_ready = True
            raise forms.ValidationError(
                self.otp_error_messages["passkey_or_token"], code="passkey_or_token"
            ) from None

    def _chosen_device(self, user):
        device = super()._chosen_device(user)
        if device is not None or self.cleaned_data.get("otp_device"):
            return device
        token = self.cleaned_data.get("otp_token", "")
        kind = StaticDevice if len(token) == RECOVERY_DIGITS else TOTPDevice
        candidates = [
            device
            for device in devices_for_user(user, confirmed=True, for_verify=True)
            if isinstance(device, kind)
        ]
        return candidates[0] if len(candidates) == 1 else None
