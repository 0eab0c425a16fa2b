from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.encoding import iri_to_uri
from django.utils.translation import get_language, get_language_info

from website import analytics
from website.consent import consent_of
from website.public_urls import configured_base


def language_alternates(request: HttpRequest) -> dict:
    """This page in every language (language switch, hreflang links), and its canonical URL."""
    if getattr(request, "resolver_match", None) is None:
        return {}
    origin = configured_base() or f"{request.scheme}://{request.get_host()}"
    alternates, canonical = _alternates(request.path, get_language(), origin)
    return {"language_alternates": alternates, "canonical_url": canonical}


@lru_cache(maxsize=4096)
def _alternates(path: str, current: str, origin: str) -> tuple[tuple[dict, ...], str]:
    # Kept for the pages asked for lately: finding an address in the other language resolves
    # it and reverses it again, a good part of a page that is not cached. The answer depends
    # only on these three (and the address table, fixed while the process runs).
    alternates = []
    for code, _name in settings.LANGUAGES:
        translated = translate_url(path, code)
        alternates.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": iri_to_uri(origin + translated),
                "path": translated,
                "is_current": code == current,
            }
        )
    return tuple(alternates), iri_to_uri(origin + path)


@receiver(setting_changed, dispatch_uid="website-alternates-setting-changed")
def _forget_alternates(**kwargs) -> None:
    _alternates.cache_clear()


def consent(request: HttpRequest) -> dict:
    """Whether to ask for consent and whether this visitor's pages load the analytics script."""
    state = consent_of(request)
    return {
        "consent": state,
        "analytics_configured": analytics.is_configured(),
        "analytics_active": analytics.is_active(request),
    }
