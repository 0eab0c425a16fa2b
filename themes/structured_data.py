"""schema.org JSON-LD of a theme, for the ``about`` of the items filed under it."""

from django.http import HttpRequest

from themes.models import Theme
from website.public_urls import absolute_url


def theme_term(theme: Theme, request: HttpRequest | None) -> dict:
    """A theme as a DefinedTerm: its name in the page's language and its page's address."""
    return {
        "@type": "DefinedTerm",
        "name": theme.name,
        "url": absolute_url(theme.get_absolute_url(), request),
    }
