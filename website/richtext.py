"""Rich text as editors write it: a small allow-list of HTML, sanitised on every save.

What is stored is already safe; the ``rich_text`` template filter sanitises once more on output
so that rows written without ``save()`` (``loaddata`` saves raw rows) are safe too.
"""

import nh3
from django.db import models
from django.utils.safestring import SafeString, mark_safe
from modeltranslation.fields import TranslationFieldDescriptor

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "a", "strong", "em", "b", "i", "h2", "h3", "h4"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
HEADING_LEVELS = [2, 3, 4]

# What the admin's editor (django-prose-editor, website/widgets.py) offers: only what the
# sanitiser keeps, so that nothing an editor sees in the editor is lost on save. The page's own
# title is the h1, so headings start at h2. tests/website/test_richtext.py holds the two lists
# against each other.
EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": HEADING_LEVELS},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["https", "mailto"]},
    # Dutch and English texts: the browser's spelling check is welcome.
    "NoSpellCheck": False,
}


def sanitise_html(html: str) -> str:
    """Keep only the allowed tags, attributes and link schemes; drop everything else."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    ).strip()


def render_rich_text(html: str | None) -> SafeString:
    return mark_safe(sanitise_html(html or ""))  # noqa: S308 - sanitised by nh3 just above


class RichTextField(models.TextField):
    """A TextField holding sanitised HTML."""

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = sanitise_html(getattr(model_instance, self.attname) or "")
        # On a translated model the original field's attribute is modeltranslation's descriptor,
        # which would write into the active language's field; only per-language fields (and
        # untranslated ones) get the clean value back on the instance.
        if not isinstance(
            getattr(type(model_instance), self.attname, None), TranslationFieldDescriptor
        ):
            setattr(model_instance, self.attname, value)
        return value
