"""Staff manage their own two-factor sign-in in the admin (*Tweestapsverificatie*): add an
authenticator app from a QR code drawn on our server (or its key typed by hand), confirmed with
a first code, make single-use recovery codes for when the phone is lost, and register or remove
a passkey (the browser's part is in website/passkeys.py).

Each asks for the password again: whoever finds an open session cannot add their own device.
New staff get their first device from an administrator (``manage.py enrol_totp``), because in
production the admin is only reachable with a code. Every step goes to the audit log.
"""

import secrets
from base64 import b32encode

import segno
from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from website import audit, passkeys
from website.models import AuditEvent
from website.sign_in import RECOVERY_DIGITS

RECOVERY_DEVICE = "herstelcodes"
RECOVERY_CODES = 10
SESSION_KEY = "two_factor_pending_device"


class PasswordAgainForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Asked again, so that nobody else can change how you sign in."),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."), code="wrong_password")
        return password


class AddAuthenticatorForm(PasswordAgainForm):
    name = forms.CharField(
        label=_("Name of the device"),
        max_length=64,
        initial=_("Phone"),
        help_text=_("So that you can tell your devices apart when you sign in."),
    )


class AddPasskeyForm(PasswordAgainForm):
    name = forms.CharField(
        label=_("Name of the passkey"),
        max_length=64,
        initial=_("Passkey"),
        help_text=_("Where it is kept, such as “laptop” or “security key”, to tell them apart."),
    )


class RemovePasskeyForm(PasswordAgainForm):
    def __init__(self, *args, passkey: WebAuthnCredential, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.passkey = passkey

    def clean(self) -> dict:
        # Recovery codes run out: without an app or another passkey, nobody could sign in.
        others = (
            TOTPDevice.objects.filter(user=self.user, confirmed=True).exists()
            or WebAuthnCredential.objects.filter(user=self.user, confirmed=True)
            .exclude(pk=self.passkey.pk)
            .exists()
        )
        if not others:
            raise forms.ValidationError(
                _(
                    "This passkey is your only way to sign in besides recovery codes. Add an "
                    "authenticator app or another passkey first."
                ),
                code="last_device",
            )
        return super().clean()


class FirstCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
        help_text=_("The six digits the app now shows for this site."),
    )

    def __init__(self, *args, device: TOTPDevice, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        allowed, _details = self.device.verify_is_allowed()
        if not allowed:
            # After a wrong code, django-otp refuses codes for a few seconds, doubling each time.
            raise forms.ValidationError(
                _("Codes are refused for a few seconds after a wrong one; try again soon."),
                code="throttled",
            )
        if not self.device.verify_token(code):
            raise forms.ValidationError(
                _("That code is not right. Enter the code your app shows now."), code="wrong"
            )
        return code


def qr_code(url: str) -> SafeString:
    """The address as a QR code in SVG, drawn here (nothing is sent to another service)."""
    svg = segno.make(url, error="m").svg_inline(
        scale=4,
        border=4,
        dark="#000",
        light="#fff",
        svgclass="qr-code",
        title=str(_("QR code to scan with your authenticator app")),
    )
    return mark_safe(svg)  # noqa: S308 - made by segno from our own address, no markup of users


def readable_key(device: TOTPDevice) -> str:
    """The key to type into an app by hand, in groups of four."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def _context(request: HttpRequest, admin_site, title: str, **extra) -> dict:
    return {**admin_site.each_context(request), "title": title, **extra}


@never_cache
def overview(request: HttpRequest, admin_site) -> HttpResponse:
    user = request.user
    recovery = StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE).first()
    context = _context(
        request,
        admin_site,
        _("Two-factor sign-in"),
        authenticators=TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk"),
        passkeys=WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("pk"),
        recovery_left=recovery.token_set.count() if recovery else None,
    )
    return TemplateResponse(request, "admin/two_factor/overview.html", context)


@never_cache
@sensitive_post_parameters("password")
def add_authenticator(request: HttpRequest, admin_site) -> HttpResponse:
    """Step 1: the password again and a name; a new, not yet confirmed device."""
    form = AddAuthenticatorForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
            device = TOTPDevice.objects.create(
                user=request.user, name=form.cleaned_data["name"], confirmed=False
            )
        request.session[SESSION_KEY] = device.pk
        return HttpResponseRedirect(reverse("admin:two_factor_confirm"))
    context = _context(request, admin_site, _("Add an authenticator app"), form=form)
    return TemplateResponse(request, "admin/two_factor/add.html", context)


@never_cache
def confirm_authenticator(request: HttpRequest, admin_site) -> HttpResponse:
    """Step 2: the QR code and the key; the first code confirms the device."""
    device = TOTPDevice.objects.filter(
        user=request.user, confirmed=False, pk=request.session.get(SESSION_KEY)
    ).first()
    if device is None:
        return HttpResponseRedirect(reverse("admin:two_factor"))
    form = FirstCodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            audit.record(
                AuditEvent.Action.DEVICE_ADDED,
                user=request.user,
                detail=device.name,
                request=request,
            )
        del request.session[SESSION_KEY]
        messages.success(
            request,
            _("“%(name)s” is added; sign in with its codes from now on.") % {"name": device.name},
        )
        return HttpResponseRedirect(reverse("admin:two_factor"))
    context = _context(
        request,
        admin_site,
        _("Add an authenticator app"),
        form=form,
        device=device,
        qr_code=qr_code(device.config_url),
        key=readable_key(device),
    )
    return TemplateResponse(request, "admin/two_factor/confirm.html", context)


@never_cache
@sensitive_post_parameters("password")
def add_passkey(request: HttpRequest, admin_site) -> HttpResponse:
    """Step 1: the password again and a name; step 2 is the browser's own question."""
    form = AddPasskeyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        passkeys.allow_registration(request, form.cleaned_data["name"])
        return HttpResponseRedirect(reverse("admin:two_factor_passkey_register"))
    context = _context(request, admin_site, _("Add a passkey"), form=form)
    return TemplateResponse(request, "admin/two_factor/passkey_add.html", context)


@never_cache
def register_passkey(request: HttpRequest, admin_site) -> HttpResponse:
    """Step 2: the button that asks the browser for a new passkey (passkeys.RegisterBegin)."""
    name = passkeys.registration_name(request)
    if name is None:
        return HttpResponseRedirect(reverse("admin:two_factor_passkey_add"))
    context = _context(
        request,
        admin_site,
        _("Add a passkey"),
        name=name,
        passkey_config=passkeys.ceremony_config(request),
    )
    return TemplateResponse(request, "admin/two_factor/passkey_register.html", context)


@never_cache
@sensitive_post_parameters("password")
def remove_passkey(request: HttpRequest, admin_site, pk: int) -> HttpResponse:
    passkey = get_object_or_404(WebAuthnCredential, pk=pk, user=request.user, confirmed=True)
    form = RemovePasskeyForm(request.POST or None, user=request.user, passkey=passkey)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            audit.record(
                AuditEvent.Action.DEVICE_REMOVED,
                user=request.user,
                obj=passkey,
                detail=passkey.name,
                request=request,
            )
            passkey.delete()
        messages.success(request, _("“%(name)s” is removed.") % {"name": passkey.name})
        return HttpResponseRedirect(reverse("admin:two_factor"))
    context = _context(request, admin_site, _("Remove a passkey"), form=form, passkey=passkey)
    return TemplateResponse(request, "admin/two_factor/passkey_remove.html", context)


@never_cache
@sensitive_post_parameters("password")
def recovery_codes(request: HttpRequest, admin_site) -> HttpResponse:
    """New recovery codes, shown once; the old ones stop working."""
    form = PasswordAgainForm(request.POST or None, user=request.user)
    codes: list[str] = []
    if request.method == "POST" and form.is_valid():
        codes = make_recovery_codes(request.user)
        audit.record(AuditEvent.Action.RECOVERY_CODES, user=request.user, request=request)
    context = _context(request, admin_site, _("Recovery codes"), form=form, codes=codes)
    return TemplateResponse(request, "admin/two_factor/recovery.html", context)


@transaction.atomic
def make_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with new ones: digits, so that a phone's number pad
    can type them; each works once."""
    StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE, confirmed=True)
    codes = []
    for _index in range(RECOVERY_CODES):
        code = "".join(secrets.choice("0123456789") for _digit in range(RECOVERY_DIGITS))
        StaticToken.objects.create(device=device, token=code)
        codes.append(f"{code[:5]} {code[5:]}")
    return codes
