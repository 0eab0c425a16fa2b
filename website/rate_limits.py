"""Limits for scripts: how often one network may record a consent choice or send a statistics
hit, counted with django-ratelimit.

Both endpoints take POSTs without a CSRF token (a visitor has none before choosing), so a
script that forges the Origin header could otherwise add consent-log rows, or have hits
forwarded to Matomo, as fast as it likes. Beyond the limit per minute the answer is 429 with
``Retry-After``. Only what costs is counted: a request refused anyway (another site, no
consent, a malformed body) changes nothing and does not use up the visitor's budget.

The counters live in the default cache, Redis when ``REDIS_URL`` is set. A limit must never
take the site down with its cache: without a cache the request is let through.
"""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage
from redis.exceptions import RedisError

# By dotted path, which django-ratelimit imports on first use: the client's address is read in
# website.analytics, whose own endpoint this module limits.
KEY = "website.security.rate_limit_key"


def refusal(request: HttpRequest, group: str, *, per_minute: int) -> HttpResponse | None:
    """Count this request against its network's budget for ``group``: None while it is within
    ``per_minute`` (0 switches the limit off), otherwise the 429 answer to send instead."""
    if per_minute <= 0:
        return None
    try:
        usage = get_usage(request, group=group, key=KEY, rate=f"{per_minute}/m", increment=True)
    except (RedisError, OSError):
        # ResilientRedisCache (website/cache.py) answers without Redis (incr() with the
        # ValueError django-ratelimit reads as "no count", so RATELIMIT_FAIL_OPEN applies); a
        # cache backend that raises anyway must not turn a limit into an error page either.
        return None
    if usage is None or not usage["should_limit"]:
        return None
    return HttpResponse(
        _("Too many requests from your network. Please try again in a minute."),
        status=429,
        content_type="text/plain; charset=utf-8",
        # The first second of the next counting window (time_left is 0 in the window's last).
        headers={"Retry-After": str(usage["time_left"] + 1)},
    )
