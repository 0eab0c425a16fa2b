"""When the database cannot be reached: the last good copy of a page, or a 503, never a 500.

A PostgreSQL restart or failover takes seconds, and a visitor should not see an error page for
it. Whatever layer meets the database first while serving a request (the freshness query of a
cached page, a view, the session of a signed-in editor, a consent lookup in a template) raises,
and Django hands every exception that no layer answered to the 500 handler while it is still
being handled. So the one place to catch them all is that handler, ``server_error`` here
(``handler500`` in bzkmemory/urls.py):

- a public page whose last copy is in the page cache is answered with it: 200, with
  ``Cache-Control: no-store`` so that nobody keeps a copy that may be out of date
  (stale-if-error, website/page_cache.py);
- anything else gets the 503 page in the visitor's language with ``Retry-After``, rendered
  without a request, so without context processors and without any database access.

Other errors get the ordinary 500 page. With DEBUG on, Django shows its traceback page instead
of calling the handler at all, as for any error.
"""

import logging
import sys
import time

from django.conf import settings
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from website import page_cache, views

logger = logging.getLogger(__name__)

# What a database that cannot be reached raises (refused, shutting down, connection broken).
UNREACHABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
WARN_EVERY_SECONDS = 10
_last_warning = 0.0

_PLAIN_503 = (
    "<!DOCTYPE html><html lang=nl><title>Even niet bereikbaar</title>"
    "<h1>Het archief is even niet bereikbaar</h1><p>Probeer het over een minuut opnieuw.</p>"
)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 handler: for a database that cannot be reached, the last good copy or a 503."""
    error = sys.exception()
    if not is_unreachable_database(error):
        return views.server_error(request)
    _warn(error)
    language = _language(request)
    response = page_cache.last_good_copy(request, language) or unavailable(request, language)
    # Logged above, at most every few seconds; otherwise Django logs a traceback for each
    # request of the outage (its own mark for a response already logged).
    response._has_been_logged = True
    return response


def is_unreachable_database(error: BaseException | None) -> bool:
    """Whether ``error``, or an error it arose from, says the database cannot be reached."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, UNREACHABLE):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def unavailable(request: HttpRequest, language: str) -> HttpResponse:
    """503 Service Unavailable in the site's style and the visitor's language."""
    try:
        with translation.override(language):
            # No request: context processors (consent, the language switch) may read the
            # database, and the page needs none of them.
            body = render_to_string("503.html")
    except Exception:
        logger.exception("The 503 page itself could not be rendered")
        body = _PLAIN_503
    response = HttpResponse(body, status=503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Language"] = language
    return response


def _language(request: HttpRequest) -> str:
    # LocaleMiddleware's choice; from the address if the failure came before it ran.
    return (
        getattr(request, "LANGUAGE_CODE", None)
        or translation.get_language_from_path(request.path_info)
        or settings.LANGUAGE_CODE
    )


def _warn(error: BaseException) -> None:
    global _last_warning
    now = time.monotonic()
    if now - _last_warning > WARN_EVERY_SECONDS:
        _last_warning = now
        logger.warning(
            "Database unreachable (%s: %s): serving last good copies of cached pages, "
            "503 for the rest",
            type(error).__name__,
            str(error).strip().splitlines()[0] if str(error).strip() else "",
            exc_info=error,
        )
