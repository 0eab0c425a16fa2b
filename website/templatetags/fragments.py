"""Parts of the site's frame rendered once per language and kept in this process's memory.

``{% fragment "footer" %}…{% endfragment %}`` renders its contents the first time it is met in
each language and places that text every time after. Every public page carries the same header
and footer, and rendering their dozens of translated strings, addresses and static file names
anew for each page was a good share of a page nobody had asked for before. Only for contents
that depend on nothing but the active language (``translate``, ``url`` without page values,
``static``): the address table, the catalogues and the static files' names are fixed while a
process runs (a deploy starts new ones); a changed setting (tests) starts the memo afresh.
"""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

_rendered: dict[tuple[str, str | None], SafeString] = {}


class FragmentNode(template.Node):
    def __init__(self, name: str, nodelist: template.NodeList) -> None:
        self.name = name
        self.nodelist = nodelist

    def render(self, context: template.Context) -> SafeString:
        key = (self.name, get_language())
        found = _rendered.get(key)
        if found is None:
            found = _rendered[key] = mark_safe(self.nodelist.render(context))  # noqa: S308 - rendered by the template engine, escaped there
        return found


@register.tag
def fragment(parser: template.base.Parser, token: template.base.Token) -> FragmentNode:
    """``{% fragment "name" %}…{% endfragment %}``: see the module's text."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError('Usage: {% fragment "name" %}…{% endfragment %}')
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(bits[1][1:-1], nodelist)


@receiver(setting_changed, dispatch_uid="website-fragments-setting-changed")
def _forget(**kwargs) -> None:
    _rendered.clear()
