"""The theme pages as visitors read them: a theme with the public programmes and exhibitions
filed under it, and the index of themes in use; cached, and fresh after every change."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from programmes.models import Programme
from tests.factories import ExhibitionFactory, ProgrammeFactory, ThemeFactory
from tests.html import parse, text_of
from themes.services import theme_delete, theme_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def theme():
    return ThemeFactory(
        slug="lokale-democratie",
        name_nl="Lokale democratie",
        name_en="Local democracy",
        description_nl="Hoe gemeenten en inwoners samen besluiten.",
        description_en="How municipalities and residents decide together.",
    )


def filed(theme, **values) -> Programme:
    programme = ProgrammeFactory(published=True, **values)
    programme.themes.add(theme)
    return programme


def theme_url() -> str:
    return reverse("themes:detail", kwargs={"slug": "lokale-democratie"})


def index_url() -> str:
    return reverse("themes:index")


def titles(response) -> list[str]:
    return [text_of(h) for h in parse(response).select("main h3")]


class TestAddresses:
    # Needs the Dutch catalogue's "themes/" → "themas/" (bzkmemory/locale).
    def test_the_theme_page_is_under_themas_in_dutch_and_themes_in_english(self, theme):
        with translation.override("nl"):
            assert theme.get_absolute_url() == "/themas/lokale-democratie/"
            assert reverse("themes:index") == "/themas/"
        with translation.override("en"):
            assert theme.get_absolute_url() == "/en/themes/lokale-democratie/"
            assert reverse("themes:index") == "/en/themes/"


class TestThemePage:
    def test_it_lists_the_public_programmes_and_exhibitions_filed_under_the_theme(
        self, client, theme
    ):
        filed(theme, title_nl="Agenda Lokale Democratie", start_year=2016, end_year=2018)
        exhibition = ExhibitionFactory(published=True, title_nl="Gemeenten na 1945")
        exhibition.themes.add(theme)
        ProgrammeFactory(published=True, title_nl="Zonder thema")
        response = client.get(theme.get_absolute_url())
        assert response.status_code == 200
        page = parse(response)
        assert text_of(page.select_one("h1")) == "Lokale democratie"
        assert "Hoe gemeenten en inwoners samen besluiten." in text_of(page.select_one("main"))
        assert titles(response) == ["Agenda Lokale Democratie", "Gemeenten na 1945"]
        assert "2016–2018" in text_of(page.select_one("main")) or "2016" in text_of(
            page.select_one("main")
        )

    def test_drafts_withdrawn_and_scheduled_items_are_not_listed(self, client, theme):
        filed(theme, title_nl="Openbaar")
        draft = ProgrammeFactory(title_nl="Concept")
        draft.themes.add(theme)
        later = ProgrammeFactory(
            title_nl="Later",
            status="published",
            published_at=timezone.now() + timezone.timedelta(days=1),
        )
        later.themes.add(theme)
        withdrawn = ProgrammeFactory(
            title_nl="Ingetrokken",
            status="withdrawn",
            published_at=timezone.now(),
            withdrawn_at=timezone.now(),
        )
        withdrawn.themes.add(theme)
        assert titles(client.get(theme.get_absolute_url())) == ["Openbaar"]

    def test_the_meta_description_is_the_themes_description(self, client, theme):
        filed(theme)
        page = parse(client.get(theme.get_absolute_url()))
        meta = page.select_one('meta[name="description"]')
        assert meta["content"] == "Hoe gemeenten en inwoners samen besluiten."

    def test_in_english_it_reads_the_english_name_and_description(self, client, theme):
        filed(theme)
        page = parse(client.get("/en/themes/lokale-democratie/"))
        assert text_of(page.select_one("h1")) == "Local democracy"
        assert page.select_one("html")["lang"] == "en"
        meta = page.select_one('meta[name="description"]')
        assert meta["content"] == "How municipalities and residents decide together."

    def test_an_unknown_slug_is_not_found(self, client):
        assert client.get("/themas/bestaat-niet/").status_code == 404

    def test_a_theme_with_nothing_public_is_not_found(self, client, theme):
        # Nothing links to it, and an empty page would be a "soft 404" to search engines.
        ProgrammeFactory(title_nl="Concept").themes.add(theme)
        assert client.get(theme.get_absolute_url()).status_code == 404


class TestThemeIndex:
    def test_it_lists_the_themes_in_use_with_their_counts(self, client, theme):
        filed(theme)
        filed(theme)
        ExhibitionFactory(published=True).themes.add(theme)
        unused = ThemeFactory(name_nl="Ongebruikt")
        ProgrammeFactory().themes.add(unused)  # a draft only
        page = parse(client.get(index_url()))
        items = page.select("main .theme-list li")
        assert [text_of(item.select_one("h2")) for item in items] == ["Lokale democratie"]
        assert "2 programma" in text_of(items[0]) or "2 programme" in text_of(items[0])
        assert items[0].select_one("a")["href"] == theme_url()

    def test_without_themes_in_use_it_says_so(self, client):
        response = client.get(index_url())
        assert response.status_code == 200
        assert not parse(response).select("main .theme-list")


class TestFreshness:
    def test_a_renamed_theme_shows_at_once_on_its_page_and_the_index(self, client, theme):
        filed(theme)
        assert "Lokale democratie" in text_of(parse(client.get(theme_url())))
        assert "Lokale democratie" in text_of(parse(client.get(index_url())))
        theme.name_nl = "Democratie dichtbij"
        theme_save(theme=theme)
        page = parse(client.get(theme_url()))
        assert text_of(page.select_one("h1")) == "Democratie dichtbij"
        assert "Democratie dichtbij" in text_of(parse(client.get(index_url())))

    def test_a_renamed_theme_shows_at_once_on_the_programme_page(self, client, theme):
        programme = filed(theme, slug="agenda")
        assert client.get("/programmas/agenda/").status_code == 200  # cached now
        theme.name_nl = "Democratie dichtbij"
        theme_save(theme=theme)
        response = client.get("/programmas/agenda/")
        # The page (its JSON-LD at least) names the theme by its new name.
        assert "Democratie dichtbij" in response.content.decode()
        programme.refresh_from_db()

    def test_a_deleted_theme_leaves_the_programme_page_at_once(self, client, theme):
        filed(theme, slug="agenda")
        assert "Lokale democratie" in client.get("/programmas/agenda/").content.decode()
        theme_delete(theme=theme)
        assert "Lokale democratie" not in client.get("/programmas/agenda/").content.decode()
        assert client.get(theme_url()).status_code == 404

    def test_a_changed_programme_shows_at_once_on_the_theme_page(self, client, theme):
        programme = filed(theme, title_nl="Oude titel")
        assert titles(client.get(theme.get_absolute_url())) == ["Oude titel"]
        programme.title_nl = "Nieuwe titel"
        programme.save()
        assert titles(client.get(theme.get_absolute_url())) == ["Nieuwe titel"]

    def test_a_programme_filed_under_the_theme_shows_at_once(self, client, theme):
        filed(theme, title_nl="Eerste")
        assert titles(client.get(theme.get_absolute_url())) == ["Eerste"]
        second = ProgrammeFactory(published=True, title_nl="Tweede")
        second.themes.add(theme)
        second.save()  # as every write path does (the admin, a draft's publication, an import)
        assert titles(client.get(theme.get_absolute_url())) == ["Eerste", "Tweede"]

    def test_a_cached_theme_page_costs_only_its_freshness_checks(
        self, client, theme, django_assert_max_num_queries
    ):
        filed(theme)
        assert client.get(theme.get_absolute_url()).status_code == 200
        with django_assert_max_num_queries(2):
            assert client.get(theme.get_absolute_url()).status_code == 200
        assert client.get(index_url()).status_code == 200
        with django_assert_max_num_queries(2):
            assert client.get(index_url()).status_code == 200


def cost(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("page", ["theme", "index"])
def test_the_theme_pages_cost_the_same_for_3_or_60_programmes(client, theme, page):
    url = theme_url() if page == "theme" else index_url()
    for _ in range(3):
        filed(theme)
    ExhibitionFactory(published=True).themes.add(theme)
    small = cost(client, url)
    for _ in range(57):
        filed(theme)
    for _ in range(5):
        other = ThemeFactory()
        filed(other)
    large = cost(client, url)
    assert small == large
    assert large <= 6
