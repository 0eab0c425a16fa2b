"""The site's absolute addresses: from ``PUBLIC_BASE_URL`` when it is set, else from the request.

Canonical links, hreflang, Open Graph, JSON-LD, the sitemap, robots.txt, OAI-PMH, MDTO, open
data and e-mails all carry absolute addresses. Built from the request, they would repeat
whatever ``Host`` header a client sent that Django's host check lets through (it ignores the
port, and takes ``example.org.`` for ``example.org``), and a cached page would hand those links
to later visitors. Production requires ``PUBLIC_BASE_URL`` (website/env.py), so there every
absolute address comes from configuration; development without it uses the request.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest


class NoBaseURL(Exception):
    """An absolute address is needed, and neither a request nor PUBLIC_BASE_URL gives one."""


def configured_base() -> str:
    """``PUBLIC_BASE_URL`` without a trailing slash, or "" when it is not set."""
    return settings.PUBLIC_BASE_URL.rstrip("/")


def absolute_url(path: str, request: HttpRequest | None = None, base_url: str = "") -> str:
    """The public address of ``path`` (which starts with "/"): on ``base_url`` if given, else
    on PUBLIC_BASE_URL, else on the request's scheme and host."""
    base = base_url.rstrip("/") or configured_base()
    if base:
        return base + path
    if request is not None:
        return request.build_absolute_uri(path)
    raise NoBaseURL("Set PUBLIC_BASE_URL (or pass --base-url) to write public addresses.")


def site_parts(request: HttpRequest) -> tuple[str, str]:
    """The scheme and host (with port) the site's addresses use."""
    base = configured_base()
    if base:
        parts = urlsplit(base)
        return parts.scheme, parts.netloc
    return request.scheme, request.get_host()
