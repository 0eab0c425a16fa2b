"""Privacy-first statistics with Matomo: the one module that knows about analytics.

With ``MATOMO_URL``, ``MATOMO_SITE_ID`` and ``MATOMO_TOKEN_AUTH`` set, and only for a visitor
who accepted statistics (and whose browser sends no Do Not Track or Global Privacy Control
signal), pages load a small script of our own that reports page views and document downloads
to ``/analytics/hit/`` on this site. That endpoint anonymises the visitor's IP address and
forwards the hit to Matomo's HTTP Tracking API from our server, so the full address never
leaves it. Forwarding runs off the request path with a short timeout: a slow or absent Matomo
never slows a page. Without configuration there is no analytics code, cookie or request at all.
"""

import ipaddress
import json
import logging
import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
)
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from website import rate_limits
from website.consent import consent_of, is_same_origin

logger = logging.getLogger(__name__)

VISITOR_COOKIE = "bzk_stats_id"
VISITOR_COOKIE_AGE = 183 * 24 * 60 * 60  # half a year, as the privacy page promises
MAX_BODY_BYTES = 4096
FIELD_LIMITS = {"url": 2000, "title": 500, "referrer": 2000, "download": 2000}
HEADER_LIMITS = {"ua": 500, "lang": 100}
# At most this many hits wait for Matomo at once; beyond that they are dropped (and logged).
MAX_PENDING = 64


def is_configured() -> bool:
    return bool(settings.MATOMO_URL and settings.MATOMO_SITE_ID and settings.MATOMO_TOKEN_AUTH)


def is_active(request: HttpRequest) -> bool:
    """Whether this visitor's pages count: analytics configured and statistics accepted."""
    return is_configured() and consent_of(request).statistics_allowed


# IP addresses ----------------------------------------------------------------------------


def anonymise_ip(address: str | None, *, ipv4_prefix: int = 16) -> str | None:
    """IPv4 with its last two octets zeroed, IPv6 with its last 80 bits zeroed; None if invalid.

    An IPv4 address mapped into IPv6 (::ffff:a.b.c.d) is treated as the IPv4 address it is.
    ``ipv4_prefix=24`` keeps three octets, for the limits on scripts (website/rate_limits.py).
    """
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    prefix = ipv4_prefix if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)


def client_ip(request: HttpRequest) -> str | None:
    """The visitor's address: X-Forwarded-For is believed only from a trusted proxy.

    Walking X-Forwarded-For from the right, trusted proxies are skipped; the first address that
    is not one of them is the client.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if not _is_trusted_proxy(remote):
        return remote or None
    hops = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        if not _is_trusted_proxy(hop):
            return hop
    return remote or None


def _is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in _trusted_networks(tuple(settings.TRUSTED_PROXIES)))


@cache
def _trusted_networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


# The endpoint ----------------------------------------------------------------------------


@never_cache
@csrf_exempt  # visitors have no CSRF cookie; is_same_origin guards instead
@require_POST
def hit(request: HttpRequest) -> HttpResponse:
    """Receive a page view or download from our own script and pass it on to Matomo."""
    if not is_configured():
        return HttpResponseNotFound()
    if not is_same_origin(request):
        return HttpResponseForbidden("Cross-site hits are refused.")
    if not consent_of(request).statistics_allowed:
        return HttpResponseForbidden("No consent for statistics.")
    try:
        data = _parse_hit(request)
    except ValueError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    # Counted once the hit would go to Matomo: a script forging Origin is held to a pace too.
    refused = rate_limits.refusal(
        request, "analytics", per_minute=settings.ANALYTICS_HITS_PER_MINUTE
    )
    if refused is not None:
        return refused

    visitor = request.COOKIES.get(VISITOR_COOKIE, "")
    if not (len(visitor) == 16 and all(c in "0123456789abcdef" for c in visitor)):
        visitor = secrets.token_hex(8)
    forward(tracking_parameters(request, data, visitor))
    response = HttpResponse(status=204)
    response.set_cookie(
        VISITOR_COOKIE,
        visitor,
        max_age=VISITOR_COOKIE_AGE,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response


def _parse_hit(request: HttpRequest) -> dict[str, str]:
    if len(request.body) > MAX_BODY_BYTES:
        raise ValueError("The hit is too large.")
    try:
        data = json.loads(request.body.decode("utf-8"))
    # A few thousand nested brackets exceed the parser's recursion limit: bad input like any other.
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ValueError("The hit is not valid JSON.") from None
    if not isinstance(data, dict) or set(data) - set(FIELD_LIMITS):
        raise ValueError("The hit must be an object with only url, title, referrer, download.")
    for field, value in data.items():
        if not isinstance(value, str) or len(value) > FIELD_LIMITS[field] or "\x00" in value:
            raise ValueError(f"{field} must be a text of at most {FIELD_LIMITS[field]} characters.")
    for field in ("url", "download"):
        if field in data and not _is_our_address(request, data[field]):
            raise ValueError(f"{field} must be an address on this website.")
    if "url" not in data:
        raise ValueError("url is required.")
    if "referrer" in data and urlsplit(data["referrer"]).scheme not in {"http", "https", ""}:
        raise ValueError("referrer must be a web address.")
    return data


def _is_our_address(request: HttpRequest, url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"http", "https"} and parts.netloc == request.get_host()


def tracking_parameters(request: HttpRequest, data: dict[str, str], visitor: str) -> dict:
    """The Matomo Tracking API request for this hit (documented at developer.matomo.org)."""
    parameters = {
        "idsite": settings.MATOMO_SITE_ID,
        "rec": "1",
        "apiv": "1",
        "send_image": "0",
        "url": data["url"],
        "action_name": data.get("title", ""),
        "urlref": data.get("referrer", ""),
        "_id": visitor,
        "rand": secrets.token_hex(8),
        "ua": request.headers.get("User-Agent", "")[: HEADER_LIMITS["ua"]],
        "lang": request.headers.get("Accept-Language", "")[: HEADER_LIMITS["lang"]],
        "token_auth": settings.MATOMO_TOKEN_AUTH,
    }
    anonymised = anonymise_ip(client_ip(request))
    if anonymised:
        parameters["cip"] = anonymised
    if "download" in data:
        parameters["download"] = data["download"]
    return parameters


def forget_visitor(response: HttpResponse) -> None:
    """Remove the statistics cookie from the visitor's browser (on withdrawing consent)."""
    response.delete_cookie(VISITOR_COOKIE, samesite="Lax")


# Forwarding ------------------------------------------------------------------------------

_pending = threading.BoundedSemaphore(MAX_PENDING)


@cache
def _forwarder() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=2, thread_name_prefix="matomo")


def forward(parameters: dict) -> bool:
    """Hand a hit to a background thread; False (and a log line) if too many are waiting."""
    if not _pending.acquire(blocking=False):
        logger.warning("Matomo hit dropped: %d hits are still waiting for Matomo", MAX_PENDING)
        return False
    future = _forwarder().submit(send_to_matomo, parameters)
    future.add_done_callback(lambda _future: _pending.release())
    return True


def send_to_matomo(parameters: dict) -> bool:
    """POST one hit to matomo.php; failures are logged, never raised."""
    endpoint = settings.MATOMO_URL.rstrip("/") + "/matomo.php"
    body = urllib.parse.urlencode(parameters).encode()
    request = urllib.request.Request(  # noqa: S310 - MATOMO_URL is operator configuration
        endpoint,
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.MATOMO_TIMEOUT_SECONDS) as answer:  # noqa: S310
            answer.read(1024)
            ok = 200 <= answer.status < 300
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        logger.warning("Matomo did not take a hit: %s", error)
        return False
    if not ok:
        logger.warning("Matomo answered %s to a hit", answer.status)
    return ok
