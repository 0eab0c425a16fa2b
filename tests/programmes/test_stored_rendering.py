"""A programme's page is rendered when it changes and kept (programmes/rendering.py): a page no
cache holds is then a lookup. Every kind of write renders it again, in Dutch and English, when
the transaction commits; a stored page that is not current is never shown."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from programmes import rendering
from programmes.models import Objective, Programme, ProgrammeRendering
from publishing import changes, drafts, review, services
from tests.factories import (
    AchievedResultFactory,
    ObjectiveFactory,
    PlannedResultFactory,
    ProgrammeFactory,
    ThemeFactory,
    ToolboxDocumentFactory,
    png_upload,
)

pytestmark = pytest.mark.django_db


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
def programme(commits):
    def make():
        programme = ProgrammeFactory(published=True, slug="inzicht", title_en="Insight")
        ObjectiveFactory(programme=programme)
        return programme

    return commits(make)


def stored(programme: Programme, language: str) -> str:
    return ProgrammeRendering.objects.get(programme=programme, language=language).parts


def page(client, path: str) -> str:
    cache.clear()
    return client.get(path).content.decode()


def test_a_programme_written_has_its_page_stored_in_dutch_and_english(programme):
    assert "Insight" in stored(programme, "en")
    assert programme.title_nl in stored(programme, "nl")


def test_the_stored_page_is_the_page_rendered_live(client, programme):
    for path in ("/programmas/inzicht/", "/en/programmes/inzicht/"):
        from_store = page(client, path)
        rendering.forget([programme.pk])
        assert page(client, path) == from_store  # rendered live (and stored again)


def test_the_admins_preview_and_the_public_page_show_the_same_body(admin_client, programme):
    preview = admin_client.get(f"/admin/programmes/programme/{programme.pk}/preview/")
    assert preview.status_code == 200
    public = page(admin_client, "/programmas/inzicht/")
    start = public.index('<main id="content"')
    assert public[start : public.index("</main>")] in preview.content.decode()


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda p: setattr(p, "title_en", "Changed") or p.save(), id="save"),
        pytest.param(lambda p: ObjectiveFactory(programme=p, name_en="Changed"), id="objective"),
        pytest.param(
            lambda p: PlannedResultFactory(programme=p, text_en="Changed"), id="planned-result"
        ),
        pytest.param(
            lambda p: AchievedResultFactory(programme=p, text_en="Changed"), id="achieved-result"
        ),
        pytest.param(
            lambda p: ToolboxDocumentFactory(programme=p, title_en="Changed"), id="document"
        ),
        pytest.param(lambda p: p.themes.add(ThemeFactory(name_en="Changed")), id="theme-attached"),
        pytest.param(
            lambda p: ThemeFactory(name_en="Changed").programmes.add(p), id="theme-reverse"
        ),
        pytest.param(
            lambda p: setattr(p, "provenance_en", "<p>Changed</p>") or p.save(), id="provenance"
        ),
        pytest.param(
            lambda p: [
                setattr(p, "image", png_upload()),
                setattr(p, "image_is_decorative", True),
                setattr(p, "image_caption_en", "Changed"),
                p.save(),
            ],
            id="image",
        ),
    ],
)
def test_every_write_to_the_programme_or_its_parts_renders_its_page_again(
    client, commits, programme, write
):
    commits(lambda: write(Programme.objects.get(pk=programme.pk)))
    assert "Changed" in stored(programme, "en")
    assert "Changed" in page(client, "/en/programmes/inzicht/")


def test_a_changed_part_renders_the_dutch_page_too(client, commits, programme):
    objective = Objective.objects.get(programme=programme)
    objective.name_nl = "Gewijzigd"
    commits(objective.save)
    assert "Gewijzigd" in stored(programme, "nl")
    commits(objective.delete)
    assert "Gewijzigd" not in stored(programme, "nl")


def test_a_rename_stores_the_page_at_its_new_address(client, commits, programme):
    commits(lambda: services.rename(item=programme, slug="nieuw-inzicht"))
    assert "/programmas/nieuw-inzicht/" in stored(programme, "nl")
    assert "/en/programmes/nieuw-inzicht/" in page(client, "/en/programmes/nieuw-inzicht/")
    assert client.get("/programmas/inzicht/").status_code == 301


def test_a_bulk_write_removes_the_stored_pages_and_the_first_visit_stores_them(
    client, commits, programme
):
    # An import renders nothing: its programmes' stored pages go, in its transaction.
    def bulk():
        with transaction.atomic(), changes.search_refresh_deferred():
            for number in range(3):
                ObjectiveFactory(programme=programme, name_nl=f"Doel {number}")
            programme.title_nl = "Massaal gewijzigd"
            programme.save()

    with CaptureQueriesContext(connection) as queries:
        commits(bulk)
    assert not ProgrammeRendering.objects.filter(programme=programme).exists()
    deletes = [q for q in queries if "DELETE" in q["sql"] and "rendering" in q["sql"]]
    assert len(deletes) == 1
    assert "Doel 2" in page(client, "/programmas/inzicht/")
    assert "Massaal gewijzigd" in stored(programme, "nl")


def test_a_rolled_back_bulk_write_keeps_the_stored_pages(client, commits, programme):
    before = stored(programme, "nl")

    def failing():
        with transaction.atomic(), changes.search_refresh_deferred():
            ObjectiveFactory(programme=programme, name_nl="Teruggedraaid")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        commits(failing)
    assert stored(programme, "nl") == before
    assert "Teruggedraaid" not in page(client, "/programmas/inzicht/")


def test_an_applied_draft_and_a_scheduled_publication_render_the_page(client, commits, programme):
    draft, _mapping = drafts.start_draft(programme)
    draft.title_en = "From the draft"
    draft.save()
    commits(lambda: drafts.apply_draft(draft))
    assert "From the draft" in stored(programme, "en")

    draft, _mapping = drafts.start_draft(programme)
    draft.title_en = "Scheduled"
    draft.scheduled_for = timezone.now() - timedelta(minutes=1)
    draft.save()
    commits(lambda: review.publish_due_drafts([Programme]))
    assert "Scheduled" in page(client, "/en/programmes/inzicht/")


def test_a_rolled_back_write_leaves_the_stored_page_as_it_was(client, commits, programme):
    before = stored(programme, "en")

    def failing():
        with transaction.atomic():
            Programme.objects.filter(pk=programme.pk).update(title_en="Rolled back")
            changes.touch(Programme, [programme.pk])
            raise RuntimeError

    with pytest.raises(RuntimeError):
        commits(failing)
    assert stored(programme, "en") == before
    assert "Rolled back" not in page(client, "/en/programmes/inzicht/")


def test_an_update_that_moves_the_last_change_is_never_shown_stale(client, programme):
    # queryset.update() sends no signal, so nothing renders the page after it; the stored page
    # is then out of date by its stamp and the page is rendered live. (An update that leaves
    # updated_at as it was is not a supported way to change what a page shows: the page cache
    # would keep the old page as well.)
    Programme.objects.filter(pk=programme.pk).update(
        title_en="Updated in bulk", updated_at=timezone.now()
    )
    assert "Updated in bulk" in page(client, "/en/programmes/inzicht/")
    assert "Updated in bulk" in stored(programme, "en")  # and stored for the next time


def test_a_deploy_that_changes_the_code_renders_stored_pages_again(client, programme, monkeypatch):
    parts = rendering.unpack(stored(programme, "nl"))
    parts["content"] = "old code"
    ProgrammeRendering.objects.filter(programme=programme).update(parts=rendering.pack(parts))
    assert "old code" in page(client, "/programmas/inzicht/")  # the stamp still matches
    monkeypatch.setattr(rendering, "code_version", lambda: "another-version")
    assert "old code" not in page(client, "/programmas/inzicht/")


def test_the_site_introduction_follows_the_site_texts_without_rendering_programmes(
    client, programme
):
    from website.models import SiteSettings

    site = SiteSettings.objects.current()
    site.introduction_nl = "<p>Welkom in het archief.</p>"
    site.save()
    stored_before = stored(programme, "nl")
    assert "Welkom in het archief." in page(client, "/programmas/inzicht/")
    assert stored(programme, "nl") == stored_before


def test_a_draft_of_a_published_programme_has_no_stored_page(commits, programme):
    draft, _mapping = commits(lambda: drafts.start_draft(programme))
    assert not ProgrammeRendering.objects.filter(programme=draft).exists()


def test_without_a_known_address_the_first_visit_stores_the_page(client, settings, commits):
    settings.PUBLIC_BASE_URL = ""
    programme = commits(lambda: ProgrammeFactory(published=True, slug="later"))
    assert not ProgrammeRendering.objects.filter(programme=programme).exists()
    page(client, "/programmas/later/")
    assert ProgrammeRendering.objects.filter(programme=programme, language="nl").exists()
    programme.title_nl = "Later gewijzigd"
    commits(programme.save)  # rendered again for the address it was visited at
    assert "Later gewijzigd" in stored(programme, "nl")
