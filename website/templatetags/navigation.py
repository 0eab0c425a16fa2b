"""The main navigation's marking of where the visitor is (templates/includes/main_nav.html)."""

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

PAGE = mark_safe(' aria-current="page"')
SECTION = mark_safe(' aria-current="true"')


def current_state(path: str, url: str) -> str | None:
    """ "page" when ``path`` is the address ``url`` names, "true" when it lies inside it (a
    programme under the programmes), else None. A root ("/", "/en/") holds no section."""
    if not url:
        return None
    if path == url:
        return "page"
    roots = {"/", *(f"/{code}/" for code, _name in settings.LANGUAGES)}
    if url not in roots and url.endswith("/") and path.startswith(url):
        return "true"
    return None


@register.simple_tag(takes_context=True)
def aria_current(context: template.Context, url: str) -> SafeString:
    """` aria-current="page"` on the link to this very page, ` aria-current="true"` on the link
    to the section this page belongs to; nothing without a request (the 503 page)."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return mark_safe("")
    state = current_state(request.path, url)
    return {"page": PAGE, "true": SECTION}.get(state, mark_safe(""))
