"""Themes in the admin: Eindredacteuren manage them, Redacteuren see them and attach them to
programmes and exhibitions on those items' forms (through the draft and its review)."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from programmes.models import Programme
from tests.factories import ExhibitionFactory, ProgrammeFactory, ThemeFactory, UserFactory
from tests.html import form_values, parse, text_of
from themes.models import Theme

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/themes/theme/"
ADD = "/admin/themes/theme/add/"


def member_of(group: str, name: str) -> Client:
    user = UserFactory(username=name, first_name=name.capitalize(), is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def redacteur() -> Client:
    return member_of("Redacteur", "rosa")


@pytest.fixture
def eindredacteur() -> Client:
    return member_of("Eindredacteur", "erik")


def programme_change(programme: Programme) -> str:
    return reverse("admin:programmes_programme_change", args=[programme.pk])


def press(client: Client, url: str, form_id: str, button: str, **changes):
    page = parse(client.get(url))
    values = form_values(page, form_id)
    values.update(changes)
    values[button] = "1"
    return client.post(url, values, follow=True)


class TestEindredacteurManagesThemes:
    def test_adds_a_theme_in_both_languages_with_the_slug_from_the_dutch_name(self, eindredacteur):
        page = parse(eindredacteur.get(ADD))
        labels = [text_of(label) for label in page.select("form label")]
        assert "Naam (Nederlands):" in labels or any("Naam (Nederlands)" in x for x in labels)
        # The slug follows the Dutch name as it is typed (Django's prepopulated fields).
        prepopulated = page.select_one("#id_slug")
        assert "id_name_nl" in (prepopulated.get("data-prepopulated-fields") or "") or (
            "name_nl" in str(page)
        )
        response = eindredacteur.post(
            ADD,
            {
                "name_nl": "Lokale democratie",
                "name_en": "Local democracy",
                "slug": "lokale-democratie",
                "description_nl": "Hoe gemeenten besluiten.",
                "description_en": "How municipalities decide.",
            },
        )
        assert response.status_code == 302
        theme = Theme.objects.get(slug="lokale-democratie")
        assert (theme.name_nl, theme.name_en) == ("Lokale democratie", "Local democracy")

    def test_the_list_shows_name_slug_and_how_many_items_carry_each_theme(self, eindredacteur):
        theme = ThemeFactory(name_nl="Wonen", slug="wonen")
        for programme in ProgrammeFactory.create_batch(2, published=True):
            programme.themes.add(theme)
        ExhibitionFactory(published=True).themes.add(theme)
        page = parse(eindredacteur.get(CHANGELIST))
        row = page.select_one("#result_list tbody tr")
        cells = [text_of(cell) for cell in row.select("th, td")]
        assert "Wonen" in cells
        assert "wonen" in cells
        assert cells[-2:] == ["2", "1"]

    def test_searches_themes_by_name_in_either_language(self, eindredacteur):
        ThemeFactory(name_nl="Wonen", name_en="Housing")
        ThemeFactory(name_nl="Veiligheid", name_en="Safety")
        page = parse(eindredacteur.get(CHANGELIST, {"q": "housing"}))
        assert [text_of(a) for a in page.select("#result_list tbody th a")] == ["Wonen"]

    def test_a_rename_in_the_admin_shows_on_the_programme_page_at_once(self, eindredacteur):
        theme = ThemeFactory(name_nl="Wonen", slug="wonen")
        programme = ProgrammeFactory(published=True, slug="bouwen")
        programme.themes.add(theme)
        assert "Wonen" in Client().get("/programmas/bouwen/").content.decode()
        url = reverse("admin:themes_theme_change", args=[theme.pk])
        response = press(eindredacteur, url, "theme_form", "_save", name_nl="Bouwen en wonen")
        assert response.status_code == 200
        assert "Bouwen en wonen" in Client().get("/programmas/bouwen/").content.decode()

    def test_deletes_a_theme_and_the_items_no_longer_carry_it(self, eindredacteur):
        theme = ThemeFactory(name_nl="Wonen", slug="wonen")
        programme = ProgrammeFactory(published=True, slug="bouwen")
        programme.themes.add(theme)
        url = reverse("admin:themes_theme_delete", args=[theme.pk])
        eindredacteur.post(url, {"post": "yes"})
        assert not Theme.objects.exists()
        assert not programme.themes.exists()
        assert "Wonen" not in Client().get("/programmas/bouwen/").content.decode()

    def test_the_history_of_a_theme_is_kept(self, eindredacteur):
        theme = ThemeFactory()
        url = reverse("admin:themes_theme_change", args=[theme.pk])
        press(eindredacteur, url, "theme_form", "_save", name_nl="Nieuwe naam")
        history = eindredacteur.get(reverse("admin:themes_theme_history", args=[theme.pk]))
        assert history.status_code == 200


class TestRedacteurSeesAndAttachesThemes:
    def test_sees_the_themes_but_cannot_add_change_or_delete_them(self, redacteur):
        theme = ThemeFactory()
        assert redacteur.get(CHANGELIST).status_code == 200
        assert redacteur.get(ADD).status_code == 403
        change = reverse("admin:themes_theme_change", args=[theme.pk])
        page = parse(redacteur.get(change))
        assert page.select_one("input[name=name_nl]") is None  # read only
        assert redacteur.post(change, {"name_nl": "Anders", "slug": theme.slug}).status_code == 403
        delete = reverse("admin:themes_theme_delete", args=[theme.pk])
        assert redacteur.post(delete, {"post": "yes"}).status_code == 403
        assert Theme.objects.get(pk=theme.pk).name_nl == theme.name_nl

    def test_attaches_themes_on_the_programme_form_with_checkboxes(self, redacteur):
        theme = ThemeFactory(name_nl="Wonen")
        programme = ProgrammeFactory(slug="bouwen")
        page = parse(redacteur.get(programme_change(programme)))
        boxes = page.select("input[type=checkbox][name=themes]")
        # Themes are few: one labelled checkbox each, in a fieldset named by its legend; no
        # script needed.
        assert [box["value"] for box in boxes] == [str(theme.pk)]
        assert text_of(page.find("label", attrs={"for": boxes[0]["id"]})) == "Wonen"
        assert boxes[0].find_parent("fieldset").legend is not None
        response = press(
            redacteur,
            programme_change(programme),
            "programme_form",
            "_continue",
            themes=[str(theme.pk)],
        )
        assert response.status_code == 200
        assert list(Programme.with_drafts.get(pk=programme.pk).themes.all()) == [theme]

    def test_attaches_themes_on_the_exhibition_form(self, redacteur):
        theme = ThemeFactory(name_nl="Wonen")
        exhibition = ExhibitionFactory()
        url = reverse("admin:exhibitions_exhibition_change", args=[exhibition.pk])
        page = parse(redacteur.get(url))
        assert page.select_one("input[type=checkbox][name=themes]") is not None
        press(redacteur, url, "exhibition_form", "_continue", themes=[str(theme.pk)])
        assert list(exhibition.themes.all()) == [theme]


class TestThemesGoThroughTheDraft:
    def test_themes_attached_in_a_draft_arrive_when_it_is_published(self):
        from publishing.drafts import apply_draft, start_draft

        wonen, veiligheid = ThemeFactory(), ThemeFactory()
        live = ProgrammeFactory(published=True)
        live.themes.add(wonen)
        draft, _mapping = start_draft(live)
        assert list(draft.themes.all()) == [wonen]
        draft.themes.set([veiligheid])
        assert list(live.themes.all()) == [wonen]  # visitors still see the published ones
        published = apply_draft(draft)
        assert published.pk == live.pk
        assert list(published.themes.all()) == [veiligheid]
        assert list(veiligheid.programmes.all()) == [live]
