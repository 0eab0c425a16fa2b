"""Small pieces the security libraries are configured with, and the security headers that
Django does not set by itself."""

from collections.abc import Callable
from urllib.parse import urlsplit

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import NoReverseMatch, reverse

from website.analytics import anonymise_ip, client_ip


def client_ip_for_axes(request: HttpRequest) -> str:
    """django-axes counts failures per client address, read only through trusted proxies."""
    return client_ip(request) or ""


class AddressLockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler that also locks out an address as a whole.

    Besides AXES_FAILURE_LIMIT failures for one user name from one address, an address with
    AXES_ADDRESS_FAILURE_LIMIT failures across all user names within the cool-off (password
    spraying: a few guesses for each of many names) is locked out for every name.

    Not a second entry in AXES_LOCKOUT_PARAMETERS: axes holds every entry to the one
    AXES_FAILURE_LIMIT, and a successful sign-in would clear every failure of its address, so
    that one known password would reset the count of all the names tried from there.
    """

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        limit = get_failure_limit(request, credentials)
        address_limit = settings.AXES_ADDRESS_FAILURE_LIMIT
        # The address is counted only while the name itself is not locked out yet.
        if failures < limit and 0 < address_limit <= self.address_failures(request):
            return limit
        return failures

    @staticmethod
    def address_failures(request: HttpRequest) -> int:
        """Failures from the request's address within the cool-off, whatever the user name."""
        recent = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        )
        return recent.aggregate(total=Sum("failures_since_start"))["total"] or 0


def rate_limit_key(group: str, request: HttpRequest) -> str:
    """The network django-ratelimit counts a request for (website/rate_limits.py): the client's
    address read only through trusted proxies, shortened to its /24 (IPv4) or /48 (IPv6): a
    script does not get a fresh budget by moving to a neighbouring address. Requests without
    a readable address share one budget."""
    return anonymise_ip(client_ip(request), ipv4_prefix=24) or "unknown"


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
