from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def lang_attr(obj: object, field: str) -> SafeString | str:
    """` lang="nl"` when a translated field shows its Dutch fallback on a page in another language.

    Screen readers then pronounce the passage in the language it is written in.
    """
    current = get_language() or settings.LANGUAGE_CODE
    if getattr(obj, f"{field}_{current}", None):
        return ""
    fallback = settings.MODELTRANSLATION_FALLBACK_LANGUAGES[0]
    if fallback != current and getattr(obj, f"{field}_{fallback}", None):
        return format_html(' lang="{}"', fallback)
    return ""
