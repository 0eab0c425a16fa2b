"""The public page types, each in Dutch and English, with what a test needs to reach them."""

from programmes.models import Programme
from publishing.services import publish, withdraw
from tests.factories import ProgrammeFactory

SEED = "risicos-en-verantwoordelijkheden"
WITHDRAWN = "ingetrokken-programma"

PAGE_TYPES = {
    "home": ("/", "/en/"),
    "index": ("/programmas/", "/en/programmes/"),
    "search results": ("/programmas/?q=risico", "/en/programmes/?q=responsibilities"),
    "filtered index with an error": ("/programmas/?year_from=2020&year_to=2010", None),
    "programme": (f"/programmas/{SEED}/", f"/en/programmes/{SEED}/"),
    "about": ("/over/", "/en/about/"),
    "privacy": ("/privacy/", "/en/privacy/"),
    "accessibility statement": ("/toegankelijkheid/", "/en/accessibility/"),
    "not found (404)": ("/bestaat-niet/", "/en/does-not-exist/"),
    "withdrawn (410)": (f"/programmas/{WITHDRAWN}/", f"/en/programmes/{WITHDRAWN}/"),
}


def every_page() -> list[tuple[str, str, str]]:
    """(page type, language, address) for every page type in both languages."""
    pages = []
    for kind, (dutch, english) in PAGE_TYPES.items():
        pages.append((kind, "nl", dutch))
        if english:
            pages.append((kind, "en", english))
    return pages


def create_withdrawn_programme() -> Programme:
    programme = ProgrammeFactory(slug=WITHDRAWN, title_nl="Ingetrokken", title_en="Withdrawn")
    publish(item=programme)
    return withdraw(item=programme)
