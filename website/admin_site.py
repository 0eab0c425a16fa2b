"""The admin site: two-factor sign-in (TOTP, django-otp) when ``OTP_REQUIRED`` is on.

Production settings turn it on. Then only staff who signed in with a code from an enrolled
device (``manage.py enrol_totp USERNAME``) reach the admin; the form is website/sign_in.py,
drawn by templates/admin/login.html.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from website.sign_in import SignInForm


class BzkAdminSite(admin.AdminSite):
    site_header = _("The memory of BZK: management")
    site_title = _("The memory of BZK")
    index_title = _("Management")

    @property
    def login_form(self) -> type[AuthenticationForm]:
        return SignInForm if settings.OTP_REQUIRED else AuthenticationForm

    def has_permission(self, request: HttpRequest) -> bool:
        if not super().has_permission(request):
            return False
        return not settings.OTP_REQUIRED or request.user.is_verified()
