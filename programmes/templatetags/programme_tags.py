from dataclasses import dataclass

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from programmes.models import Programme
from programmes.structured_data import programme_json_ld
from publishing.structured_data import json_ld_script
from website.public_urls import absolute_url

register = template.Library()

# Stands for the site's introduction in a stored page (programmes/rendering.py), which puts the
# current one in its place on each request: the site's texts change without the programme.
# A comment, because no editor's text can hold one: rich text loses comments when it is
# sanitised and plain text is escaped.
SITE_INTRODUCTION = "<!--bzk:site-introduction-->"


class SiteIntroductionPlaceholder:
    """What a stored page is rendered with instead of the site's settings."""


@register.simple_tag
def site_introduction(site_settings) -> SafeString:
    """The site's introduction as the programme page shows it (or its placeholder)."""
    if isinstance(site_settings, SiteIntroductionPlaceholder):
        return mark_safe(SITE_INTRODUCTION)  # noqa: S308 - a constant
    return render_to_string("programmes/site_introduction.html", {"site_settings": site_settings})


@register.simple_tag(takes_context=True)
def programme_image_url(context: template.Context, programme: Programme, width: int) -> str:
    """The absolute address of the programme's image at ``width`` (as in its JSON-LD)."""
    path = reverse("programmes:image", kwargs={"slug": programme.slug, "width": width})
    return absolute_url(path, context.get("request"))


@register.simple_tag(takes_context=True)
def programme_structured_data(context: template.Context, programme) -> SafeString:
    return json_ld_script(programme_json_ld(programme, context["request"]))


@dataclass(frozen=True)
class Section:
    """A part of the programme page: ``key`` names the template's part; a part with a
    ``heading`` is a section the "On this page" list links to, by ``id``."""

    key: str
    heading: str = ""
    id: str = ""


class Sections(list):
    @property
    def linked(self) -> list[Section]:
        """The sections with a heading: what the "On this page" list links to."""
        return [section for section in self if section.heading]


@register.simple_tag
def programme_sections(programme: Programme) -> Sections:
    """The parts the programme page shows, in order: only those with something in them.

    One list for both the page and its "On this page" list, so that the list names exactly the
    sections there are. Each section's id is its heading in the page's language, as an address
    fragment (#resultaten), made unique; reads only what ``with_page_content()`` fetched.
    """
    objectives = [programme.objectives.all(), programme.plan_documents]
    portfolio = [_text(programme.bzk_portfolio_connection)]
    parts = [
        ("objectives", _("Aim of the programme"), objectives),
        ("portfolio", _("Connection with the BZK portfolio"), portfolio),
        ("image", "", [programme.image]),
        ("results", _("Results"), [
            programme.planned_results.all(),
            _text(programme.intended_effect),
            programme.achieved_results.all(),
        ]),
        ("toolbox", _("Guides and knowledge documents"), [programme.toolbox_documents]),
        ("other-documents", _("Other documents"), [programme.other_documents]),
        ("provenance", _("Provenance"), [_text(programme.provenance)]),
    ]  # fmt: skip
    sections, ids = Sections(), set()
    for key, heading, contents in parts:
        if not any(contents):
            continue
        section_id = ""
        if heading:
            section_id = base = slugify(heading) or key
            number = 1
            while section_id in ids:
                number += 1
                section_id = f"{base}-{number}"
            ids.add(section_id)
        sections.append(Section(key, heading, section_id))
    return sections


def _text(html: str) -> bool:
    return bool(strip_tags(html or "").strip())
