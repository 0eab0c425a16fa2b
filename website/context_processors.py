from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

from website import analytics
from website.consent import consent_of
from website.public_urls import absolute_url


def language_alternates(request: HttpRequest) -> dict:
    """This page in every language (language switch, hreflang links), and its canonical URL."""
    if getattr(request, "resolver_match", None) is None:
        return {}
    current = get_language()
    alternates = []
    for code, _name in settings.LANGUAGES:
        path = translate_url(request.path, code)
        alternates.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": absolute_url(path, request),
                "path": path,
                "is_current": code == current,
            }
        )
    return {
        "language_alternates": alternates,
        "canonical_url": absolute_url(request.path, request),
    }


def consent(request: HttpRequest) -> dict:
    """Whether to ask for consent and whether this visitor's pages load the analytics script."""
    state = consent_of(request)
    return {
        "consent": state,
        "analytics_configured": analytics.is_configured(),
        "analytics_active": analytics.is_active(request),
    }
