import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from programmes.structured_data import programme_json_ld

register = template.Library()

# As in Django's json_script: nothing in the data can close the script element.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def programme_structured_data(context: template.Context, programme) -> SafeString:
    return json_ld_script(programme_json_ld(programme, context["request"]))


def json_ld_script(value: dict) -> SafeString:
    """A JSON-LD data block for the page's head."""
    data = json.dumps(value, ensure_ascii=False)
    # A data block is never run, so CSP does not apply to it and it needs no nonce: the page
    # stays the same for every visitor and can be cached whole.
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(data.translate(JSON_ESCAPES)),  # noqa: S308 - escaped just above
    )
