"""A theme attached or detached by any route (the admin, an import, the shell) shows at once on
every cached page that names it: the programme page, the exhibition page and the index's facets."""

import pytest
from django.test import Client

from tests.factories import ExhibitionFactory, ProgrammeFactory, ThemeFactory
from tests.html import parse, text_of

pytestmark = pytest.mark.django_db


def page_text(address: str) -> str:
    return text_of(parse(Client().get(address)).find("main"))


def test_a_theme_attached_from_either_side_shows_on_the_cached_programme_page():
    programme = ProgrammeFactory(published=True, slug="gethematiseerd")
    theme = ThemeFactory(name_nl="Lokale democratie", slug="lokale-democratie")
    address = "/programmas/gethematiseerd/"
    assert "Lokale democratie" not in page_text(address)  # now cached without it

    theme.programmes.add(programme)
    assert "Lokale democratie" in page_text(address)

    programme.themes.remove(theme)
    assert "Lokale democratie" not in page_text(address)

    programme.themes.add(theme)
    assert "Lokale democratie" in page_text(address)
    theme.delete()
    assert "Lokale democratie" not in page_text(address)


def test_the_index_counts_a_theme_attached_outside_the_admin():
    programme = ProgrammeFactory(published=True)
    theme = ThemeFactory(name_nl="Openbaar bestuur", slug="openbaar-bestuur")
    assert "Openbaar bestuur (1)" not in page_text("/programmas/")
    programme.themes.add(theme)
    assert "Openbaar bestuur (1)" in page_text("/programmas/")


def test_a_theme_attached_to_an_exhibition_shows_in_its_structured_data():
    exhibition = ExhibitionFactory(published=True, slug="thematisch")
    theme = ThemeFactory(name_nl="Verkiezingen", slug="verkiezingen")
    address = "/tentoonstellingen/thematisch/"
    assert "Verkiezingen" not in Client().get(address).content.decode()
    exhibition.themes.add(theme)
    assert "Verkiezingen" in Client().get(address).content.decode()
