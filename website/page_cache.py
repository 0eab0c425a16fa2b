"""Whole public pages, cached per language and per consent variant, and answered conditionally.

A public page is the same for every visitor who sees the same language and the same consent
state: it holds no CSRF token, no CSP nonce and nothing about the visitor. So the rendered
page is cached under a key made of its origin and address, its language and the visitor's
consent variant, together with a *stamp* of the content it shows (the programme's and the site
texts' last-change times); any change to that content changes the stamp, so a copy made under
another stamp is never served as current. The stamp makes the ETag too, and Django's
ConditionalGetMiddleware answers 304 Not Modified when the visitor has it.

Pages are kept gzip-compressed, as whitenoise keeps the static files: a visitor whose browser
accepts gzip (nearly all) gets the compressed bytes, a fifth of the size, without compressing
anything per request; others get them decompressed. Compression is safe here (BREACH needs a
secret on the page, and these pages hold none).

Each page has one entry: its last good copy and the stamp it was made under. It is served as
current only while the stamp matches; otherwise it is rendered afresh and replaced. The entry
outlives its freshness (``PAGE_CACHE_STALE_SECONDS``, a week by default) for one purpose: when
the database cannot be reached, ``last_good_copy`` answers with it (stale-if-error,
website/outage.py) instead of an error page.

The cache is never required: when it fails (Redis gone), pages are rendered as if it were empty.

With a shared cache (Redis), each worker also keeps the pages it served last in its own memory
(``PAGE_CACHE_LOCAL_BYTES``, least recently used first out), each with its stamp: a page asked
for again under the same stamp is then sent without a round trip to Redis. It is the same test
of the same stamp, so a local copy is never more stale than Redis's; when the content changes,
the stamp does, and the copy is passed over and replaced.
"""

import gzip
import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import setting_changed
from django.db.utils import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.regex_helper import _lazy_re_compile
from django.utils.translation import get_language

from website import analytics
from website.consent import consent_of
from website.public_urls import configured_base

logger = logging.getLogger(__name__)

# Pages with a query string (searches, later pages of the index) are an open-ended set of
# addresses anyone can multiply: their copies are kept a day, not the whole stale period.
QUERY_TIMEOUT = 24 * 60 * 60
# Raised when what a cached page looks like changes (templates, stylesheet names, the entry).
FORMAT = "4"
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
    key = _key(request, get_language(), consent_variant(request))
    # The tag names this form of the content: the page's identity and the stamp together.
    tag = hashlib.sha256(f"{key}|{stamp}".encode()).hexdigest()[:32]
    cacheable = request.method in ("GET", "HEAD")
    entry = _current(key, stamp) if cacheable else None
    if entry is not None:
        response, compressed, plain = HttpResponse(), entry[1], None
    else:
        response = render()
        if not (cacheable and response.status_code == 200 and not response.streaming):
            return response
        plain = response.content
        compressed = gzip.compress(plain, compresslevel=6, mtime=0)
        timeout = QUERY_TIMEOUT if request.GET else settings.PAGE_CACHE_STALE_SECONDS
        try:
            cache.set(key, (stamp, compressed), timeout)
        except Exception:
            logger.warning("Page cache unavailable (writing)", exc_info=True)
        _local.put(key, (stamp, compressed))
    if _fill(request, response, compressed, plain):
        # Each form of the page has a tag of its own, as RFC 9110 asks.
        response.headers["ETag"] = f'"{tag}-gz"'
    else:
        response.headers["ETag"] = f'"{tag}"'
    if last_modified:
        response.headers["Last-Modified"] = http_date(last_modified.timestamp())
    # Browsers may keep it, but ask each time (and get 304 when nothing changed).
    patch_cache_control(response, no_cache=True)
    patch_vary_headers(response, VARY)
    return response


def last_good_copy(request: HttpRequest, language: str) -> HttpResponse | None:
    """The page as it was last rendered for this visitor's variant, whatever its stamp, or
    None: for when the database cannot be reached, so it asks nothing of the database.

    ``Cache-Control: no-store`` and no validators: the copy may be out of date, so neither the
    browser nor a proxy may keep it, and it never answers a conditional request with 304.
    """
    if request.method not in ("GET", "HEAD"):
        return None
    try:
        variant = consent_variant(request)
    except (OperationalError, InterfaceError):
        # A visitor with a consent cookie whose groups cannot be read: the variant that neither
        # asks nor counts, so no choice is assumed that the visitor may not have made.
        variant = "quiet"
    key = _key(request, language, variant)
    entry = _read(key) or _local.get(key)
    if entry is None:
        return None
    response = HttpResponse()
    _fill(request, response, entry[1], None)
    patch_cache_control(response, no_store=True)
    patch_vary_headers(response, VARY)
    return response


VARY = ("Cookie", "DNT", "Sec-GPC", "Accept-Encoding")


def _key(request: HttpRequest, language: str, variant: str) -> str:
    # A page's canonical link, hreflang, Open Graph and JSON-LD addresses are absolute. With
    # PUBLIC_BASE_URL (production) they come from it, and every host Django lets through
    # shares one copy, so varying the port cannot fill the cache either. Without it they come
    # from the request, and Django's host check ignores the port: the request's origin is
    # then part of the key, or one request with "Host: site:31337" would give every later
    # visitor links to that port.
    origin = configured_base() or request.build_absolute_uri("/")
    identity = f"{FORMAT}|{origin}|{request.get_full_path()}|{language}|{variant}"
    return f"page:{hashlib.sha256(identity.encode()).hexdigest()}"


class _LocalCopies:
    """Entries ``(stamp, gzipped page)`` this process served lately, by key, up to
    ``PAGE_CACHE_LOCAL_BYTES`` of pages; off when the page cache is this process's memory."""

    def __init__(self) -> None:
        self._entries: OrderedDict[str, tuple[str, bytes]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()  # a development server's threads share it
        self._enabled: bool | None = None

    def get(self, key: str) -> tuple[str, bytes] | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: tuple[str, bytes]) -> None:
        limit = settings.PAGE_CACHE_LOCAL_BYTES
        if not self.enabled or len(entry[1]) > limit // 8:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            self._bytes += len(entry[1]) - (len(old[1]) if old else 0)
            self._entries[key] = entry
            while self._bytes > limit:
                _key, (_stamp, page) = self._entries.popitem(last=False)
                self._bytes -= len(page)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0
            self._enabled = None

    @property
    def enabled(self) -> bool:
        if self._enabled is None:
            self._enabled = settings.PAGE_CACHE_LOCAL_BYTES > 0 and not isinstance(
                caches["default"], LocMemCache
            )
        return self._enabled


_local = _LocalCopies()


@receiver(setting_changed)
def _settings_changed(*, setting: str, **kwargs) -> None:
    if setting in ("CACHES", "PAGE_CACHE_LOCAL_BYTES"):
        _local.clear()


def _current(key: str, stamp: str) -> tuple[str, bytes] | None:
    """The entry made under ``stamp``, from this process's copies or else the cache; or None."""
    entry = _local.get(key)
    if entry is not None and entry[0] == stamp:
        return entry
    entry = _read(key)
    if entry is None or entry[0] != stamp:
        return None
    _local.put(key, entry)
    return entry


def _read(key: str) -> tuple[str, bytes] | None:
    """The entry ``(stamp, gzipped page)``, or None when there is none or the cache fails."""
    try:
        return cache.get(key)
    except Exception:
        logger.warning("Page cache unavailable (reading)", exc_info=True)
        return None


def _fill(
    request: HttpRequest, response: HttpResponse, compressed: bytes, plain: bytes | None
) -> bool:
    """Give ``response`` the page, compressed if the visitor accepts gzip (then True)."""
    if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        response.content = compressed
        response.headers["Content-Encoding"] = "gzip"
        return True
    response.content = plain if plain is not None else gzip.decompress(compressed)
    return False
