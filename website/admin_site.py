"""The admin site: two-factor sign-in (TOTP, django-otp) when ``OTP_REQUIRED`` is on.

Production settings turn it on. Then only staff who signed in with a code from an enrolled
device (``manage.py enrol_totp USERNAME``) reach the admin; the form is website/sign_in.py,
drawn by templates/admin/login.html. A passkey can take the code's place (website/passkeys.py).
"""

from functools import partial

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog

from website import passkeys, two_factor
from website.sign_in import SignInForm


class BzkAdminSite(admin.AdminSite):
    site_header = _("The memory of BZK: management")
    site_title = _("The memory of BZK")
    index_title = _("Management")

    @property
    def login_form(self) -> type[AuthenticationForm]:
        return SignInForm if settings.OTP_REQUIRED else AuthenticationForm

    def get_urls(self):
        # Each person's own two-factor sign-in (website/two_factor.py), for every staff member.
        own = [
            ("two-factor/", two_factor.overview, "two_factor"),
            ("two-factor/add/", two_factor.add_authenticator, "two_factor_add"),
            ("two-factor/confirm/", two_factor.confirm_authenticator, "two_factor_confirm"),
            ("two-factor/recovery-codes/", two_factor.recovery_codes, "two_factor_recovery"),
            ("two-factor/passkey/add/", two_factor.add_passkey, "two_factor_passkey_add"),
            (
                "two-factor/passkey/register/",
                two_factor.register_passkey,
                "two_factor_passkey_register",
            ),
            (
                "two-factor/passkey/<int:pk>/remove/",
                two_factor.remove_passkey,
                "two_factor_passkey_remove",
            ),
        ]
        # The browser's passkey ceremonies answer its scripts in JSON and check who may use
        # them themselves: registering needs admin access, signing in the password just given.
        ceremonies = [
            ("passkey/register/begin/", passkeys.RegisterBegin, "passkey_register_begin"),
            ("passkey/register/complete/", passkeys.RegisterComplete, "passkey_register_complete"),
        ]
        sign_in = [
            ("passkey/sign-in/begin/", passkeys.SignInBegin, "passkey_sign_in_begin"),
            ("passkey/sign-in/complete/", passkeys.SignInComplete, "passkey_sign_in_complete"),
        ]
        return [
            *(
                path(route, self.admin_view(partial(view, admin_site=self)), name=name)
                for route, view, name in own
            ),
            *(
                path(route, view.as_view(admin_site=self), name=name)
                for route, view, name in ceremonies
            ),
            *(path(route, view.as_view(), name=name) for route, view, name in sign_in),
            # The texts of the package's scripts, in the page's language.
            path(
                "passkey/jsi18n/",
                JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
                name="passkey_jsi18n",
            ),
            *super().get_urls(),
        ]

    def has_permission(self, request: HttpRequest) -> bool:
        if not super().has_permission(request):
            return False
        return not settings.OTP_REQUIRED or request.user.is_verified()
