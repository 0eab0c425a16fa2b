"""An exhibition page is rendered when the exhibition changes and kept, so that a page no cache
holds is a lookup (exhibitions/rendering.py). It shows much that is not its own (related
programmes, cited documents, curator, themes), so a stored page is only used under the archive
change stamp it was rendered under: whatever is written anywhere, the page never shows it stale."""

import datetime

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from exhibitions import rendering
from exhibitions.models import Exhibition, ExhibitionRendering, TimelineItem
from programmes.models import Programme
from publishing import changes, services
from tests.factories import (
    CuratorFactory,
    ExhibitionFactory,
    ProgrammeFactory,
    ThemeFactory,
    TimelineItemFactory,
    ToolboxDocumentFactory,
)
from themes import services as theme_services

pytestmark = pytest.mark.django_db

PATH = "/tentoonstellingen/lokale-democratie/"
PATH_EN = "/en/exhibitions/lokale-democratie/"


@pytest.fixture(autouse=True)
def site_address(settings):
    # Pages are rendered after a write only where the site's address is known, as in production.
    settings.PUBLIC_BASE_URL = "http://testserver"


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Run what waits for the commit, as a real commit would."""

    def run(write):
        with django_capture_on_commit_callbacks(execute=True):
            return write()

    return run


@pytest.fixture
def exhibition(commits):
    def make():
        programme = ProgrammeFactory(published=True, title_nl="Gerelateerd", slug="gerelateerd")
        document = ToolboxDocumentFactory(programme=programme, title_nl="Het rapport")
        exhibition = ExhibitionFactory(
            published=True,
            slug="lokale-democratie",
            title_en="Local democracy",
            curator=CuratorFactory(name="Ann Curator"),
        )
        TimelineItemFactory(exhibition=exhibition, title_nl="Gemeentewet", document=document)
        exhibition.related_programmes.add(programme)
        exhibition.themes.add(ThemeFactory(name_nl="Bestuur", slug="bestuur"))
        return exhibition

    return commits(make)


def stored(exhibition: Exhibition, language: str = "nl") -> ExhibitionRendering:
    return ExhibitionRendering.objects.get(exhibition=exhibition, language=language)


def page(client, path: str = PATH) -> str:
    cache.clear()
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def served_from_store(client, exhibition: Exhibition, path: str = PATH) -> bool:
    """Whether the page is the stored one: a marker put into the stored row shows."""
    row = stored(exhibition, "en" if path.startswith("/en/") else "nl")
    parts = rendering.unpack(row.parts)
    parts["content"] = parts["content"].replace("</article>", "<!--from-the-store--></article>")
    ExhibitionRendering.objects.filter(pk=row.pk).update(parts=rendering.pack(parts))
    return "<!--from-the-store-->" in page(client, path)


def test_a_written_exhibition_has_its_page_stored_in_dutch_and_english(exhibition):
    assert "Local democracy" in stored(exhibition, "en").parts
    assert "Gemeentewet" in stored(exhibition, "nl").parts


def test_a_page_never_seen_before_comes_from_the_store(client, exhibition):
    assert served_from_store(client, exhibition)
    assert served_from_store(client, exhibition, PATH_EN)


def test_the_stored_page_is_the_page_rendered_live(client, exhibition):
    for path in (PATH, PATH_EN):
        from_store = page(client, path)
        rendering.forget([exhibition.pk])
        assert page(client, path) == from_store  # rendered live (and stored again)
        assert served_from_store(client, exhibition, path)


def test_the_admins_preview_and_the_public_page_show_the_same_body(admin_client, exhibition):
    preview = admin_client.get(f"/admin/exhibitions/exhibition/{exhibition.pk}/preview/")
    assert preview.status_code == 200
    public = page(admin_client)
    start = public.index('<main id="content"')
    assert public[start : public.index("</main>")] in preview.content.decode()


def rename_related_programme(exhibition):
    programme = exhibition.related_programmes.get()
    programme.title_nl = "Gewijzigd"
    programme.save()


def change_related_period(exhibition):
    programme = exhibition.related_programmes.get()
    programme.start_year, programme.end_year = 1971, 1979
    programme.save()


def rename_document(exhibition):
    document = TimelineItem.objects.get(exhibition=exhibition).document
    document.title_nl = "Gewijzigd"
    document.save()


def rename_curator(exhibition):
    curator = Exhibition.objects.get(pk=exhibition.pk).curator
    curator.name = "Gewijzigd"
    curator.save()


def rename_theme(exhibition):
    theme = exhibition.themes.get()
    theme.name_nl = "Gewijzigd"
    theme_services.theme_save(theme=theme)


def retitle_item(exhibition):
    TimelineItemFactory(exhibition=exhibition, title_nl="Gewijzigd")


def withdraw_related_programme(exhibition):
    programme = ProgrammeFactory(published=True, title_nl="Gewijzigd")
    exhibition.related_programmes.add(programme)


@pytest.mark.parametrize(
    "write",
    [
        rename_related_programme,
        change_related_period,
        rename_document,
        rename_curator,
        rename_theme,
        retitle_item,
        withdraw_related_programme,
    ],
)
@pytest.mark.parametrize("on_commit", [True, False], ids=["after-commit", "commit-not-run"])
def test_a_write_to_anything_the_page_shows_is_never_served_stale(
    client, commits, exhibition, write, on_commit
):
    # Also when what runs after the commit did not run (a crash, a failed render): the stored
    # page is then out of date by its stamp and rendered live.
    commits(lambda: write(exhibition)) if on_commit else write(exhibition)
    shown = page(client) + page(client, PATH_EN)
    expected = "1971" if write is change_related_period else "Gewijzigd"
    assert expected in shown


def test_a_change_of_the_period_of_an_item_moves_it_on_the_timeline(client, commits, exhibition):
    item = TimelineItem.objects.get(exhibition=exhibition)
    item.date = datetime.date(1903, 1, 1)
    commits(item.save)
    assert "1900" in page(client)
    assert "1900" in stored(exhibition).parts


@pytest.mark.parametrize("change", ["unpublish", "withdraw"])
def test_a_related_programme_no_longer_public_leaves_the_page(client, commits, exhibition, change):
    programme = exhibition.related_programmes.get()
    assert "Gerelateerd" in page(client)
    commits(lambda: getattr(services, change)(item=programme))
    assert "Gerelateerd" not in page(client)


def test_a_related_programme_whose_publication_time_comes_joins_the_page(
    client, commits, exhibition, time_machine
):
    later = timezone.now() + datetime.timedelta(hours=1)
    scheduled = commits(lambda: ProgrammeFactory(title_nl="Gepland", slug="gepland"))
    commits(lambda: services.publish(item=scheduled, at=later))
    commits(lambda: exhibition.related_programmes.add(scheduled))
    assert "Gepland" not in page(client)
    assert served_from_store(client, exhibition)
    time_machine.move_to(later + datetime.timedelta(minutes=1))
    assert "Gepland" in page(client)  # nothing was written, yet the stored page is not used


def test_the_exhibition_withdrawn_answers_410_not_its_stored_page(client, commits, exhibition):
    commits(lambda: services.withdraw(item=Exhibition.objects.get(pk=exhibition.pk)))
    cache.clear()
    assert client.get(PATH).status_code == 410


def test_a_rolled_back_write_leaves_page_and_store_as_they_were(client, commits, exhibition):
    before = stored(exhibition).parts

    def failing():
        with transaction.atomic():
            Programme.objects.filter(title_nl="Gerelateerd").update(title_nl="Teruggedraaid")
            changes.touch(Programme, Programme.objects.values_list("pk", flat=True))
            raise RuntimeError

    with pytest.raises(RuntimeError):
        commits(failing)
    assert stored(exhibition).parts == before
    assert "Teruggedraaid" not in page(client)
    assert served_from_store(client, exhibition)


def test_a_draft_of_a_published_exhibition_has_no_stored_page(commits, exhibition):
    from publishing import drafts

    draft, _mapping = commits(lambda: drafts.start_draft(Exhibition.objects.get(pk=exhibition.pk)))
    assert not ExhibitionRendering.objects.filter(exhibition=draft).exists()


def test_a_bulk_write_removes_the_stored_page_and_the_first_visit_stores_it(
    client, commits, exhibition
):
    def bulk():
        with transaction.atomic(), changes.search_refresh_deferred():
            TimelineItemFactory(exhibition=exhibition, title_nl="Ingevoerd")

    commits(bulk)
    assert not ExhibitionRendering.objects.filter(exhibition=exhibition).exists()
    assert "Ingevoerd" in page(client)
    assert "Ingevoerd" in stored(exhibition).parts
    assert served_from_store(client, exhibition)
