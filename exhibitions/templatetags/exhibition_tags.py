from django import template
from django.utils.safestring import SafeString

from exhibitions.structured_data import exhibition_json_ld, timeline_item_json_ld
from publishing.structured_data import json_ld_script

register = template.Library()


@register.simple_tag(takes_context=True)
def exhibition_structured_data(context: template.Context, exhibition) -> SafeString:
    return json_ld_script(exhibition_json_ld(exhibition, context["request"]))


@register.simple_tag(takes_context=True)
def timeline_item_structured_data(context: template.Context, item) -> SafeString:
    return json_ld_script(timeline_item_json_ld(item, context["request"]))
