"""What a visitor has agreed to, and how a choice is recorded. The one place consent is decided.

Built on django-cookie-consent's models, cookie and processor. Its own accept/decline views are
not used: they are CSRF-exempt upstream. Ours are too, by necessity, because a visitor has no
cookie at all before choosing (so no CSRF token cookie either); instead every choice must come
from a page of this site, which browsers tell us in the Origin and Sec-Fetch-Site headers.
"""

from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlsplit

from cookie_consent.models import CookieGroup
from cookie_consent.processor import CookiesProcessor
from cookie_consent.util import get_cookie_groups, get_cookie_value_from_request
from django.http import HttpRequest, HttpResponseBase

STATISTICS = "statistics"


def sends_privacy_signal(request: HttpRequest) -> bool:
    """Do Not Track or Global Privacy Control: a standing refusal of statistics."""
    return request.headers.get("DNT") == "1" or request.headers.get("Sec-GPC") == "1"


def is_same_origin(request: HttpRequest) -> bool:
    """Whether a POST was sent by a page of this site, by what the browser says about it.

    Browsers send Sec-Fetch-Site with every request (and Origin with every POST); a request
    that carries neither is not from a browser page and is refused too.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.headers.get("Origin")
    if origin is None or origin == "null":
        return False
    parts = urlsplit(origin)
    return (parts.scheme, parts.netloc) == (request.scheme, request.get_host())


@dataclass
class Consent:
    """One visitor's consent, read once per request."""

    request: HttpRequest

    @cached_property
    def privacy_signal(self) -> bool:
        return sends_privacy_signal(self.request)

    @cached_property
    def statistics_choice(self) -> bool | None:
        """True if accepted, False if declined, None if the visitor has not chosen yet."""
        return choice_for(self.request, STATISTICS)

    @property
    def statistics_allowed(self) -> bool:
        return not self.privacy_signal and self.statistics_choice is True

    @property
    def choice_needed(self) -> bool:
        """Whether to ask: not yet chosen, and the browser has not refused already."""
        return not self.privacy_signal and self.statistics_choice is None


def consent_of(request: HttpRequest) -> Consent:
    if not hasattr(request, "_consent"):
        request._consent = Consent(request)
    return request._consent


def choice_for(request: HttpRequest, varname: str) -> bool | None:
    """The visitor's choice for one group: True, False, or None when not made."""
    return get_cookie_value_from_request(request, varname)


def optional_groups(varname: str = "") -> list[CookieGroup]:
    """The groups a visitor can accept or decline (all of them, or the one named)."""
    return list(get_cookie_groups(varname))


def record_choice(
    request: HttpRequest, response: HttpResponseBase, *, accept: bool, groups: list[CookieGroup]
) -> None:
    """Store the choice in the consent cookie on ``response`` and in the consent log.

    Declining deletes the group's cookies from the visitor's browser. A browser that sends a
    privacy signal is never recorded as accepting.
    """
    action = "accept" if accept and not sends_privacy_signal(request) else "decline"
    CookiesProcessor(request, response).process(groups, action=action)
