"""The admin's rich-text editor: django-prose-editor (ProseMirror and Tiptap), set up for the
site's allow-list and its Content-Security-Policy.

Without JavaScript it stays a textarea of HTML. Whatever it sends is sanitised on save
(website.richtext), so the editor is a convenience, not a safeguard.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from django_prose_editor.widgets import AdminProseEditorWidget, prose_editor_admin_media
from js_asset import ImportMap, Media, Script

from website.richtext import EDITOR_EXTENSIONS, HEADING_LEVELS

# Our own preset (static/js/prose-editor.js) instead of the package's: it builds the editor
# without Tiptap's injected <style> element, which the CSP (style-src 'self') would block;
# static/css/prose-editor.css carries those rules instead.
PRESET = "bzkmemory"
# The project names the link tool's list by this URL name (bzkmemory/urls.py); without it the
# link tool asks for an address only.
LINK_TARGETS_URL_NAME = "rich_text_link_targets"


def _labels() -> dict[str, object]:
    """The editor's words in the active language: the admin's JavaScript catalogue only holds
    Django's own, so the script reads them from its textarea."""
    return {
        "toolbar": gettext("Text formatting"),
        "paragraph": gettext("Paragraph"),
        "headings": {
            str(level): gettext("Heading %(level)s") % {"level": level} for level in HEADING_LEVELS
        },
        "bold": gettext("Bold"),
        "italic": gettext("Italic"),
        "bulletList": gettext("Bulleted list"),
        "orderedList": gettext("Numbered list"),
        "link": gettext("Link"),
        "unlink": gettext("Remove link"),
        "undo": gettext("Undo"),
        "redo": gettext("Redo"),
        "linkDialog": gettext("Link to"),
        "search": gettext("Programme, exhibition or document"),
        "searchHelp": gettext("Type part of a title, then choose with the arrow keys and Enter."),
        "external": gettext("Or an external address"),
        "externalHelp": gettext("Starts with https://"),
        "externalInvalid": gettext("An external address starts with https://."),
        "apply": gettext("Insert link"),
        "cancel": gettext("Cancel"),
        "searching": gettext("Searching…"),
        "noResults": gettext("Nothing found."),
        "failed": gettext("The list could not be loaded; you can still type an address."),
        "notPublic": gettext("not public yet"),
    }


def _link_targets_url() -> str:
    try:
        return reverse(LINK_TARGETS_URL_NAME)
    except NoReverseMatch:
        return ""


class RichTextWidget(AdminProseEditorWidget):
    """A textarea that static/js/prose-editor.js turns into a ProseMirror editor offering
    exactly the elements website.richtext keeps."""

    def __init__(self, attrs: dict | None = None) -> None:
        # The class "rich-text" keeps static/js/admin-form.js's plain-field handling off it.
        super().__init__(
            {"class": "rich-text", "rows": 8, **(attrs or {})},
            config={"extensions": EDITOR_EXTENSIONS},
            preset=PRESET,
        )

    @property
    def media(self) -> Media:
        return prose_editor_admin_media + Media(
            importmap=ImportMap({"bzkmemory/link-picker": "js/prose-editor-links.js"}),
            js=[Script("js/prose-editor.js", type="module")],
            # Named with the package's own so that ours comes after them and wins.
            css={
                "all": [
                    "django_prose_editor/editor.css",
                    "django_prose_editor/overrides.css",
                    "css/prose-editor.css",
                ]
            },
        )

    def get_config(self) -> dict[str, object]:
        return super().get_config() | {"labels": _labels(), "linkTargets": _link_targets_url()}
