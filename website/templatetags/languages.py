from django import template
from django.conf import settings
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

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


def shows_fallback(obj: object, field: str) -> bool:
    """Whether this translated field shows its Dutch text on a page in another language."""
    current = get_language() or settings.LANGUAGE_CODE
    fallback = settings.MODELTRANSLATION_FALLBACK_LANGUAGES[0]
    if fallback == current or _has_text(getattr(obj, f"{field}_{current}", None)):
        return False
    return _has_text(getattr(obj, f"{field}_{fallback}", None))


def _has_text(value: object) -> bool:
    return bool(value and strip_tags(str(value)).strip())


@register.simple_tag
def dutch_only(obj: object, field: str) -> SafeString | str:
    """A short notice, in the page's language, before a block that is shown in Dutch because
    its translation is missing (the block itself carries ``lang="nl"``, see ``lang_attr``)."""
    if not shows_fallback(obj, field):
        return ""
    return format_html(
        '<p class="dutch-only">{}</p>',
        _("This part is not available in English; it follows in Dutch."),
    )
