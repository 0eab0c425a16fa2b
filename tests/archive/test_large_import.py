"""A bundle of many programmes is written in batches, each item a revision of its own
(archive/writing.py), and still keeps every promise of an import: one transaction, one change
of the archive, one entry in the import log, and a version in the history of every programme,
part, exhibition and item, with the import's comment and archivist, viewable in the admin.

Each test runs with the usual batch size and with batches of two over five programmes, so that
the last batch is a partial one."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection
from django.test import Client
from reversion.models import Revision, Version

from archive import importer, writing
from archive.exporter import export_bundle
from archive.importer import import_bundle
from archive.models import ArchiveImport
from archive.programme_import import ProgrammeDocuments
from exhibitions.models import Curator, Exhibition, TimelineItem
from programmes.models import Objective, PlannedResult, Programme
from publishing.models import ArchiveRevision
from tests.factories import (
    ExhibitionFactory,
    ObjectiveFactory,
    PlannedResultFactory,
    ProgrammeFactory,
    ThemeFactory,
    TimelineItemFactory,
    ToolboxDocumentFactory,
)
from tests.html import parse, text_of
from themes.models import Theme
from toolbox.models import ToolboxDocument

pytestmark = pytest.mark.django_db

# A word of its own in each programme's title, to find it by.
WORDS = ["aardbei", "bosbes", "citroen", "dadelpalm", "eikenhout"]
SLUGS = [f"programma-{word}" for word in WORDS]
LAST = SLUGS[-1]
COMMENT = "Geïmporteerd uit bundle"  # in the site's language


@pytest.fixture(params=[writing.WRITE_BATCH, 2], ids=["usual-batches", "batches-of-two"])
def batch_size(request, monkeypatch) -> int:
    monkeypatch.setattr(writing, "WRITE_BATCH", request.param)
    return request.param


@pytest.fixture
def bundle(tmp_path, batch_size):
    """Five programmes with parts, one with a theme, and an exhibition: exported, then gone
    from the site with every version of them."""
    theme = ThemeFactory(slug="wonen")
    for word, slug in zip(WORDS, SLUGS, strict=True):
        programme = ProgrammeFactory(published=True, slug=slug, title_nl=f"Programma {word}")
        ObjectiveFactory.create_batch(2, programme=programme)
        PlannedResultFactory(programme=programme)
        ToolboxDocumentFactory(programme=programme)
    Programme.objects.get(slug=SLUGS[0]).themes.add(theme)
    exhibition = ExhibitionFactory(published=True, slug="tentoonstelling")
    TimelineItemFactory.create_batch(2, exhibition=exhibition)
    exhibition.related_programmes.add(Programme.objects.get(slug=LAST))
    export_bundle(tmp_path / "bundle")
    Exhibition.objects.all().delete()
    Curator.objects.all().delete()
    Programme.objects.all().delete()
    Theme.objects.all().delete()
    Version.objects.all().delete()
    Revision.objects.all().delete()
    return tmp_path / "bundle"


@pytest.fixture
def archivist():
    return get_user_model().objects.create_superuser("archivaris", "a@example.org", "x" * 20)


def revision_number() -> int:
    return ArchiveRevision.objects.get_or_create(pk=ArchiveRevision.SINGLETON_PK)[0].number


def version_of(obj) -> Version:
    """The one version of ``obj`` in the history."""
    versions = list(Version.objects.get_for_object(obj))
    assert len(versions) == 1, f"{obj!r} has {len(versions)} versions"
    return versions[0]


def in_revision(revision: Revision) -> set[tuple[str, str]]:
    return {
        (ContentType.objects.get_for_id(version.content_type_id).model, version.object_id)
        for version in revision.version_set.all()
    }


def ids(model, **filters) -> set[tuple[str, str]]:
    name = model._meta.model_name
    return {(name, str(pk)) for pk in model.objects.filter(**filters).values_list("pk", flat=True)}


def test_every_programme_and_part_is_one_version_with_the_imports_comment_and_archivist(
    bundle, archivist
):
    before = revision_number()

    report = import_bundle(bundle, user=archivist)

    assert report.succeeded, report.problems
    assert revision_number() == before + 1
    assert ArchiveImport.objects.get().created == 6  # five programmes and the exhibition
    for slug in SLUGS:
        programme = Programme.objects.get(slug=slug)
        revision = version_of(programme).revision
        assert (revision.comment, revision.user) == (COMMENT, archivist)
        # A programme's version holds its parts, so that restoring it restores them.
        assert in_revision(revision) == {
            ("programme", str(programme.pk)),
            *ids(Objective, programme=programme),
            *ids(PlannedResult, programme=programme),
            *ids(ToolboxDocument, programme=programme),
        }
    for part in [*Objective.objects.all(), *ToolboxDocument.objects.all()]:
        assert version_of(part).revision.comment == COMMENT
    exhibition = Exhibition.objects.get()
    revision = version_of(exhibition).revision
    assert (revision.comment, revision.user) == (COMMENT, archivist)
    assert ids(TimelineItem) <= in_revision(revision)
    assert version_of(Theme.objects.get(slug="wonen")).revision.comment == COMMENT
    # Every version of the import is of the same moment.
    assert Revision.objects.values("date_created").distinct().count() == 1


def test_the_admins_history_shows_the_import_of_the_last_programme(bundle, archivist):
    assert import_bundle(bundle, user=archivist).succeeded
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(archivist)
    programme = Programme.objects.get(slug=LAST)

    page = parse(client.get(f"/admin/programmes/programme/{programme.pk}/history/"))

    rows = page.select(".history-versions tbody tr")
    assert len(rows) == 1
    assert COMMENT in text_of(rows[0])
    assert "archivaris" in text_of(rows[0])


def test_every_programme_is_found_by_the_search_after_the_last_batch(bundle, client):
    assert import_bundle(bundle).succeeded

    for word, slug in zip(WORDS, SLUGS, strict=True):
        page = client.get("/programmas/", {"q": word}).context["page"]
        assert [programme.slug for programme in page] == [slug]


def test_a_failure_in_the_last_programme_leaves_nothing_behind(bundle, monkeypatch):
    write = ProgrammeDocuments.write

    def fail_on_the_last(self, document, files, work):
        write(self, document, files, work)  # written, with its version, then it fails
        if document["slug"] == LAST:
            raise IntegrityError("the database refused the last programme")

    monkeypatch.setattr(ProgrammeDocuments, "write", fail_on_the_last)
    before = revision_number()

    report = import_bundle(bundle)

    assert report.outcome == ArchiveImport.Outcome.FAILED
    assert not Programme.objects.exists()
    assert not Theme.objects.exists()
    assert (Version.objects.count(), Revision.objects.count()) == (0, 0)
    assert revision_number() == before
    assert ArchiveImport.objects.get().outcome == ArchiveImport.Outcome.FAILED


def test_a_dry_run_writes_nothing_but_its_record(bundle):
    before = revision_number()

    report = import_bundle(bundle, dry_run=True)

    assert report.succeeded, report.problems
    assert report.count("create") == 6
    assert not Programme.objects.exists()
    assert (Version.objects.count(), Revision.objects.count()) == (0, 0)
    assert revision_number() == before
    assert ArchiveImport.objects.get().outcome == ArchiveImport.Outcome.CHECKED


def test_importing_the_same_bundle_again_writes_no_version(bundle):
    assert import_bundle(bundle).succeeded
    versions, before = Version.objects.count(), revision_number()

    report = import_bundle(bundle)

    assert report.count("unchanged") == 6
    assert (Version.objects.count(), revision_number()) == (versions, before)


def planner_statistics(table: str) -> float:
    """What the database's planner believes the table's row count is (0 without statistics)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            return max(cursor.fetchone()[0], 0)
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if not cursor.fetchone()[0]:
            return 0
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s LIMIT 1", [table])
        row = cursor.fetchone()
        return float(row[0].split()[0]) if row else 0


def test_a_large_import_leaves_fresh_statistics_for_the_next(bundle, monkeypatch):
    monkeypatch.setattr(importer, "FRESH_STATISTICS_FROM", 2)
    import_bundle(bundle)
    # (Inside the test's transaction nothing else could have counted the new rows.)
    assert planner_statistics("programmes_programme") == Programme.with_drafts.count() > 0
