"""What the schema.org JSON-LD of every public page shares: the ministry that publishes and holds
the archive, the website it is part of, and the data block that carries it in a page's head."""

import json

from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from website.public_urls import absolute_url

MINISTRY_URL = "https://www.rijksoverheid.nl/ministeries/ministerie-van-binnenlandse-zaken-en-koninkrijksrelaties"
# As in Django's json_script: nothing in the data can close the script element.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def ministry() -> dict:
    return {
        "@type": ["GovernmentOrganization", "ArchiveOrganization"],
        "name": gettext("Ministry of the Interior and Kingdom Relations"),
        "url": MINISTRY_URL,
    }


def website(request: HttpRequest) -> dict:
    return {
        "@type": "WebSite",
        "name": gettext("The memory of BZK"),
        "url": absolute_url(reverse("home"), request),
    }


def json_ld_script(value: dict) -> SafeString:
    """A JSON-LD data block for the page's head."""
    data = json.dumps(value, ensure_ascii=False)
    # A data block is never run, so CSP does not apply to it and it needs no nonce: the page
    # stays the same for every visitor and can be cached whole.
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(data.translate(JSON_ESCAPES)),  # noqa: S308 - escaped just above
    )
