"""Health checks for load balancers and orchestrators; never counted, never logged."""

import json
import time

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache

from website.cache import ResilientRedisCache


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """The process answers."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """200 while the site can serve: the database(s) answer. A cache that does not answer is
    reported ("degraded: ..." with its cause) but does not make it 503: pages are then rendered
    afresh, and with one shared Redis a 503 would take every server out of rotation at once."""
    checks = {alias: _database(alias) for alias in settings.DATABASES}
    healthy = all(result == "ok" for result in checks.values())
    checks["cache"] = _cache()
    return HttpResponse(
        json.dumps(checks, sort_keys=True) + "\n",
        status=200 if healthy else 503,
        content_type="application/json",
    )


def _database(alias: str) -> str:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        connections[alias].close_if_unusable_or_obsolete()
        return f"error: {type(error).__name__}"
    return "ok"


def _cache() -> str:
    # The backend itself: `django.core.cache.cache` is a proxy, never an instance of it.
    cache = caches["default"]
    try:
        if isinstance(cache, ResilientRedisCache):
            # The resilient cache hides outages from pages; here they must show, with the cause.
            cache._cache.get_client(write=True).ping()
        else:
            key = f"readyz:{time.monotonic_ns()}"
            cache.set(key, 1, 5)
            if cache.get(key) != 1:
                return "degraded: the cache did not keep a value"
    except Exception as error:
        # The real cause (refused, timed out, ...), without the address it was sent to.
        return f"degraded: {type(error).__name__}"
    return "ok"
