"""Health checks for load balancers and orchestrators; never counted, never logged."""

import json
import time

from django.conf import settings
from django.core.cache import cache
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
    """The database(s) and the cache answer; 503 with what failed otherwise."""
    checks = {alias: _database(alias) for alias in settings.DATABASES}
    checks["cache"] = _cache()
    healthy = all(result == "ok" for result in checks.values())
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
    try:
        if isinstance(cache, ResilientRedisCache) or isinstance(
            getattr(cache, "_wrapped", None), ResilientRedisCache
        ):
            # The resilient cache hides outages from pages; here they must show.
            cache._cache.get_client(write=True).ping()
        else:
            key = f"readyz:{time.monotonic_ns()}"
            cache.set(key, 1, 5)
            if cache.get(key) != 1:
                return "error: the cache did not keep a value"
    except Exception as error:
        return f"error: {type(error).__name__}"
    return "ok"
