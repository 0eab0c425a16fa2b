"""A page's meta description, taken from its own text."""

import html
import re

from django import template
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString

register = template.Library()

# Search engines show about this many characters; a longer text is cut at a word.
LENGTH = 160
# Where one block of rich text ends and the next begins: a space, so that words do not join.
BLOCK_END = re.compile(r"(</(?:p|li|h[1-6]|div|blockquote|dd|dt|td|th)\s*>|<br\s*/?>)", re.I)


@register.filter
def meta_description(text: object, length: int = LENGTH) -> SafeString:
    """Plain text for ``<meta name="description">`` from (rich) text: tags and entities undone,
    white space joined, at most ``length`` characters, cut between words with an ellipsis.

    The result comes escaped, ready for an attribute, also from ``{% filter %}`` (whose output
    Django does not escape)."""
    spaced = BLOCK_END.sub(r"\1 ", str(text or ""))
    plain = re.sub(r"\s+", " ", html.unescape(strip_tags(spaced))).strip()
    if len(plain) > length:
        cut = plain[: length - 1]
        if " " in cut:
            cut = cut.rsplit(" ", 1)[0]
        plain = cut.rstrip(" ,;:.–-") + "…"
    return escape(plain)
