"""Whole public pages, cached per language and per consent variant, and answered conditionally.

A public page is the same for every visitor who sees the same language and the same consent
state: it holds no CSRF token, no CSP nonce and nothing about the visitor. So the rendered
page is cached under a key made of its origin and address, the visitor's consent variant and a
*stamp* of the content it shows (the programme's and the site texts' last-change times); any
change to that content changes the stamp, so a stale page is never served. The same stamp makes
the ETag, and Django's ConditionalGetMiddleware answers 304 Not Modified when the visitor has it.

Pages are kept gzip-compressed, as whitenoise keeps the static files: a visitor whose browser
accepts gzip (nearly all) gets the compressed bytes, a fifth of the size, without compressing
anything per request; others get them decompressed. Compression is safe here (BREACH needs a
secret on the page, and these pages hold none).

The cache is never required: when it fails (Redis gone), pages are rendered as if it were empty.
"""

import gzip
import hashlib
import logging
from collections.abc import Callable
from datetime import datetime

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.regex_helper import _lazy_re_compile
from django.utils.translation import get_language

from website import analytics
from website.consent import consent_of

logger = logging.getLogger(__name__)

TIMEOUT = 24 * 60 * 60
# Raised when what a cached page looks like changes (templates, stylesheet names).
FORMAT = "2"
ACCEPTS_GZIP = _lazy_re_compile(r"\bgzip\b")


def consent_variant(request: HttpRequest) -> str:
    """The ways a page differs by visitor: asking, counting, or neither (and whether
    statistics are configured at all, which the banner mentions)."""
    configured = "m" if analytics.is_configured() else "-"
    if consent_of(request).choice_needed:
        return f"ask{configured}"
    if analytics.is_active(request):
        return "count"
    return "quiet"


def stamp_of(*moments: datetime | None, extra: str = "") -> str:
    return ":".join([*(f"{m.timestamp():.6f}" if m else "-" for m in moments), extra])


def cached_page(
    request: HttpRequest,
    *,
    stamp: str,
    last_modified: datetime | None,
    render: Callable[[], HttpResponse],
) -> HttpResponse:
    """The page from the cache, or ``render()``ed and cached (200 responses only)."""
    variant = consent_variant(request)
    # The origin too: a page's canonical link, hreflang, Open Graph and JSON-LD addresses are
    # absolute, made from the request, and Django's host check ignores the port. Without it one
    # request with "Host: site:31337" would give every later visitor links to that port.
    origin = request.build_absolute_uri("/")
    identity = f"{FORMAT}|{origin}|{request.get_full_path()}|{get_language()}|{variant}|{stamp}"
    digest = hashlib.sha256(identity.encode()).hexdigest()
    key = f"page:{digest}"
    cacheable = request.method in ("GET", "HEAD")
    compressed = plain = None
    if cacheable:
        try:
            compressed = cache.get(key)
        except Exception:
            logger.warning("Page cache unavailable (reading)", exc_info=True)
    if compressed is None:
        response = render()
        if not (cacheable and response.status_code == 200 and not response.streaming):
            return response
        plain = response.content
        compressed = gzip.compress(plain, compresslevel=6, mtime=0)
        try:
            cache.set(key, compressed, TIMEOUT)
        except Exception:
            logger.warning("Page cache unavailable (writing)", exc_info=True)
    else:
        response = HttpResponse()
    if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        response.content = compressed
        response.headers["Content-Encoding"] = "gzip"
        # Each form of the page has a tag of its own, as RFC 9110 asks.
        response.headers["ETag"] = f'"{digest[:32]}-gz"'
    else:
        response.content = plain if plain is not None else gzip.decompress(compressed)
        response.headers["ETag"] = f'"{digest[:32]}"'
    if last_modified:
        response.headers["Last-Modified"] = http_date(last_modified.timestamp())
    # Browsers may keep it, but ask each time (and get 304 when nothing changed).
    patch_cache_control(response, no_cache=True)
    patch_vary_headers(response, ("Cookie", "DNT", "Sec-GPC", "Accept-Encoding"))
    return response
