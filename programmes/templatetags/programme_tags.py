from django import template
from django.utils.safestring import SafeString

from programmes.structured_data import programme_json_ld
from publishing.structured_data import json_ld_script

register = template.Library()


@register.simple_tag(takes_context=True)
def programme_structured_data(context: template.Context, programme) -> SafeString:
    return json_ld_script(programme_json_ld(programme, context["request"]))
