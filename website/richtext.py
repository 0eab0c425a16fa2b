"""Rich text as editors write it: a small allow-list of HTML, sanitised on every write.

``RichTextField`` sanitises what goes into the database on every path the ORM writes by:
``save()``, ``queryset.update()``, ``bulk_create()``/``bulk_update()`` and raw saves
(``loaddata``, which skips ``pre_save``). So what is stored is safe, and the ``rich_text``
template filter places it as it is instead of sanitising on every render. Only SQL written by
hand (or an ``update()`` with a database expression, which Django never hands to the field)
goes around it; nothing in the site does either.
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
    """Stored rich text, ready to place in a page: it was sanitised when it was written."""
    return mark_safe(html or "")  # noqa: S308 - RichTextField sanitises on every write


class RichTextField(models.TextField):
    """A TextField holding sanitised HTML."""

    def get_db_prep_save(self, value, connection):
        # Every write goes through here, raw saves and update() included; lookups do not (a
        # search for "<b>" is not rewritten). Sanitising is idempotent, so a value pre_save
        # cleaned is only checked again.
        if isinstance(value, str):
            value = sanitise_html(value)
        return super().get_db_prep_save(value, connection)

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


def sanitise_stored(model: type[models.Model], *, batch_size: int = 500) -> int:
    """Sanitise every rich-text value already stored in ``model``'s table, drafts included,
    ``batch_size`` rows at a time; returns how many rows changed.

    For data migrations (pass the historical model): rows written before ``RichTextField``
    sanitised every write were made safe only on output, which the ``rich_text`` filter no
    longer does. Only rows whose text changes are written, without signals: what sanitising
    removes was never shown.
    """
    names = [
        field.attname for field in model._meta.concrete_fields if isinstance(field, RichTextField)
    ]
    if not names:
        return 0
    rows = model._base_manager.order_by("pk")
    changed, last = 0, None
    while True:
        batch = rows if last is None else rows.filter(pk__gt=last)
        batch = list(batch.values_list("pk", *names)[:batch_size])
        if not batch:
            return changed
        for pk, *values in batch:
            clean = {
                name: sanitise_html(value)
                for name, value in zip(names, values, strict=True)
                if value and sanitise_html(value) != value
            }
            if clean:
                model._base_manager.filter(pk=pk).update(**clean)
                changed += 1
        last = batch[-1][0]
