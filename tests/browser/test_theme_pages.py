"""Theme pages in Chromium: WCAG 2.1 AA with axe-core on the theme page and the index of themes,
in Dutch and English, and nothing that scrolls sideways at 320 pixels."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from tests.browser.conftest import BROWSER, axe_violations
from tests.browser.test_layout import SCROLLS_SIDEWAYS
from tests.factories import ExhibitionFactory, ProgrammeFactory, ThemeFactory

pytestmark = BROWSER

PAGES = [("nl", "index"), ("en", "index"), ("nl", "detail"), ("en", "detail")]


def address(language: str, name: str) -> str:
    kwargs = {"slug": "lokale-democratie"} if name == "detail" else {}
    with translation.override(language):
        return reverse(f"themes:{name}", kwargs=kwargs)


@pytest.fixture
def theme(live_server):
    ContentType.objects.clear_cache()  # a flush between committing tests renumbers them
    theme = ThemeFactory(
        slug="lokale-democratie",
        name_nl="Lokale democratie",
        name_en="Local democracy",
        description_nl="Hoe gemeenten en inwoners samen besluiten, van de Gemeentewet tot nu.",
        description_en="How municipalities and residents decide together.",
    )
    for programme in ProgrammeFactory.create_batch(3, published=True):
        programme.themes.add(theme)
    long_title = ProgrammeFactory(
        published=True,
        title_nl="Programma Versterking Verantwoordelijkheidsverdelingsvraagstukken Gemeenten",
    )
    long_title.themes.add(theme)
    ExhibitionFactory(published=True).themes.add(theme)
    # Only in English in part: the Dutch fallback is marked with its language.
    ThemeFactory(name_en="").programmes.add(ProgrammeFactory(published=True))
    return theme


@pytest.mark.parametrize(("language", "name"), PAGES)
def test_no_wcag_a_or_aa_violations(page, theme, axe_source, language, name):
    response = page.goto(address(language, name))
    assert response.status == 200
    assert page.get_attribute("html", "lang") == language
    assert axe_violations(page, axe_source) == []


@pytest.mark.parametrize(("language", "name"), PAGES)
def test_nothing_scrolls_sideways_at_320_pixels(browser, live_server, theme, language, name):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    try:
        narrow = context.new_page()
        assert narrow.goto(address(language, name)).status == 200
        assert not narrow.evaluate(SCROLLS_SIDEWAYS)
    finally:
        context.close()
