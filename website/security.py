"""Small pieces the security libraries are configured with, and the security headers that
Django does not set by itself."""

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import NoReverseMatch, reverse

from website.analytics import client_ip


def client_ip_for_axes(request: HttpRequest) -> str:
    """django-axes counts failures per client address, read only through trusted proxies."""
    return client_ip(request) or ""


# Powerful browser features the site does not use, refused on every page. The admin's sign-in
# and its device pages use passkeys (WebAuthn, website/passkeys.py): only there may this site's
# own pages ask for them.
_REFUSED_FEATURES = (
    "accelerometer",
    "bluetooth",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
    "browsing-topics",
)
_PASSKEYS = ("publickey-credentials-create", "publickey-credentials-get")
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (*_REFUSED_FEATURES, *_PASSKEYS))
ADMIN_PERMISSIONS_POLICY = ", ".join(
    [*(f"{feature}=()" for feature in _REFUSED_FEATURES), *(f"{p}=(self)" for p in _PASSKEYS)]
)


def _in_the_admin(request: HttpRequest) -> bool:
    try:
        return request.path.startswith(reverse("admin:index"))
    except NoReverseMatch:
        return False


class SecurityHeadersMiddleware:
    """The security headers Django does not set itself, on every response, static files too
    (so it sits before whitenoise): ``Permissions-Policy`` and
    ``Cross-Origin-Resource-Policy: same-origin``. Static files served for a CDN on another
    host (an absolute STATIC_URL) say ``cross-origin`` instead, or the pages could not use them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        static = urlsplit(settings.STATIC_URL)
        self.static_elsewhere = static.path if static.netloc else None

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        admin = _in_the_admin(request)
        response.headers.setdefault(
            "Permissions-Policy", ADMIN_PERMISSIONS_POLICY if admin else PERMISSIONS_POLICY
        )
        shared = self.static_elsewhere and request.path.startswith(self.static_elsewhere)
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", "cross-origin" if shared else "same-origin"
        )
        return response
