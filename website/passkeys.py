"""Passkeys (WebAuthn, django-otp-webauthn) as the second step of staff sign-in.

Signing in: the person types their name and password on the login page and logs in without a
code. When the password is right and they have a passkey, the sign-in form remembers that in
the session for a few minutes (``expect_passkey``) and the page offers their passkey. The
browser's ceremony then runs through ``SignInBegin`` and ``SignInComplete``: only that person's
passkeys are asked for, and a completed ceremony signs them in, verified, as a code would. The
password is never skipped (``OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN`` is off), and a failed
ceremony counts as a failed sign-in and sends them back to their password.

Registering: on the two-factor page (website/two_factor.py), after the password is asked again
(``allow_registration``); ``RegisterBegin`` and ``RegisterComplete`` name the passkey and write
the audit log.

The browser's part is the package's own scripts, loaded as files (the site's CSP allows no
inline script); they read their addresses from ``ceremony_config``.
"""

import json
import time

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp_webauthn import exceptions
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential
from django_otp_webauthn.views import (
    BeginCredentialAuthenticationView,
    BeginCredentialRegistrationView,
    CompleteCredentialAuthenticationView,
    CompleteCredentialRegistrationView,
)

from website import audit
from website.models import AuditEvent

SIGN_IN_KEY = "passkey_sign_in"
REGISTER_KEY = "passkey_registration"
# As long as the browser waits for a passkey (OTP_WEBAUTHN_TIMEOUT_SECONDS), and a little more.
WINDOW_SECONDS = 240
# The password was checked by this backend; the passkey only adds the second step.
FIRST_STEP_BACKEND = "django.contrib.auth.backends.ModelBackend"


def has_passkey(user) -> bool:
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


def expect_passkey(request: HttpRequest, user) -> None:
    """Note that ``user`` gave the right password in this session just now: for a few minutes
    their passkey may complete the sign-in. Bound to the password (its session hash), so that a
    changed password ends it."""
    request.session[SIGN_IN_KEY] = {
        "user": user.pk,
        "hash": user.get_session_auth_hash(),
        "until": time.time() + WINDOW_SECONDS,
    }


def awaiting_passkey(request: HttpRequest, *, take: bool = False):
    """The person whose passkey may complete the sign-in now, or None. ``take`` ends the wait:
    one ceremony per password."""
    state = request.session.pop(SIGN_IN_KEY, None) if take else request.session.get(SIGN_IN_KEY)
    if not state or state["until"] < time.time():
        return None
    user = get_user_model()._default_manager.filter(pk=state["user"], is_active=True).first()
    if user is None or not constant_time_compare(user.get_session_auth_hash(), state["hash"]):
        return None
    return user


def allow_registration(request: HttpRequest, name: str) -> None:
    """The signed-in person gave their password again: they may register a passkey, so named,
    for a few minutes."""
    request.session[REGISTER_KEY] = {
        "user": request.user.pk,
        "name": name,
        "until": time.time() + WINDOW_SECONDS,
    }


def registration_name(request: HttpRequest) -> str | None:
    """The name for the passkey the signed-in person may register now, or None."""
    state = request.session.get(REGISTER_KEY)
    if not state or state["until"] < time.time() or state["user"] != request.user.pk:
        return None
    return state["name"]


def ceremony_config(request: HttpRequest) -> dict:
    """What the package's scripts read from the page (``otp_webauthn_config``): our addresses."""
    return {
        "autocompleteLoginFieldSelector": None,
        "nextFieldSelector": "input[name='next']",
        "csrfToken": get_token(request),
        "beginAuthenticationUrl": reverse("admin:passkey_sign_in_begin"),
        "completeAuthenticationUrl": reverse("admin:passkey_sign_in_complete"),
        "beginRegistrationUrl": reverse("admin:passkey_register_begin"),
        "completeRegistrationUrl": reverse("admin:passkey_register_complete"),
    }


class PasskeyHelper(WebAuthnHelper):
    """The package's helper (OTP_WEBAUTHN_HELPER_CLASS), naming a new passkey as its owner
    asked."""

    def create_credential(self, user, response, parsed_credential, original_data):
        credential = super().create_credential(user, response, parsed_credential, original_data)
        credential.name = registration_name(self.request) or gettext("Passkey")
        return credential


class PasswordFirst(exceptions.OTPWebAuthnApiError):
    status_code = 403
    default_code = "password_first"
    default_detail = _("Enter your password first, then use your passkey.")


class JsonBody:
    """The package turns only a JSONDecodeError into its 400 ("Malformed request"): a body
    nested past the parser's recursion limit, a number of thousands of digits or bytes that are
    not UTF-8 reached the 500 page instead (issue 15). Now they are malformed too."""

    def _parse_request_data(self, request):
        try:
            return super()._parse_request_data(request)
        except (RecursionError, ValueError) as error:
            raise exceptions.MalformedRequest() from error


class SignInCeremony(JsonBody):
    """For the person whose password was right a moment ago, not someone already signed in."""

    take_waiting = False

    def initial(self, request, *args, **kwargs) -> None:
        self.waiting = awaiting_passkey(request, take=self.take_waiting)
        super().initial(request, *args, **kwargs)

    def get_user(self):
        return self.waiting

    def check_can_authenticate(self) -> None:
        if self.waiting is None:
            raise PasswordFirst()


class SignInBegin(SignInCeremony, BeginCredentialAuthenticationView):
    pass


class SignInComplete(SignInCeremony, CompleteCredentialAuthenticationView):
    take_waiting = True

    def complete_auth(self, device: WebAuthnCredential) -> None:
        # The package checked that the passkey is the waiting person's (CredentialUserMismatch).
        login(self.request, device.user, backend=FIRST_STEP_BACKEND)
        otp_login(self.request, device)

    def handle_exception(self, exc):
        if getattr(self, "waiting", None) is not None:
            # A passkey that does not sign in counts as a failed sign-in (audit log, django-axes).
            user_login_failed.send(
                sender=__name__,
                credentials={"username": self.waiting.get_username()},
                request=self.request,
            )
        return super().handle_exception(exc)


class RegisterCeremony(JsonBody):
    """For staff who may use the admin and just gave their password again."""

    admin_site = None

    def check_can_register(self) -> None:
        if not self.admin_site.has_permission(self.request) or not registration_name(self.request):
            raise PasswordFirst(detail=gettext("Enter your password again first."))


class RegisterBegin(RegisterCeremony, BeginCredentialRegistrationView):
    pass


class RegisterComplete(RegisterCeremony, CompleteCredentialRegistrationView):
    @transaction.atomic
    def post(self, *args, **kwargs) -> JsonResponse:
        response = super().post(*args, **kwargs)
        passkey = WebAuthnCredential.objects.get(
            pk=json.loads(response.content)["id"], user=self.request.user
        )
        del self.request.session[REGISTER_KEY]
        audit.record(
            AuditEvent.Action.DEVICE_ADDED,
            user=self.request.user,
            obj=passkey,
            detail=passkey.name,
            request=self.request,
        )
        messages.success(
            self.request,
            gettext("“%(name)s” is added; you can sign in with it from now on.")
            % {"name": passkey.name},
        )
        return response
