from django import template
from django.utils.safestring import SafeString

from website.richtext import render_rich_text

register = template.Library()


@register.filter
def rich_text(html: str | None) -> SafeString:
    """Editors' rich text, sanitised, ready to place in a page."""
    return render_rich_text(html)
