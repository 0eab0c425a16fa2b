"""Archive bundles: export and import round trips, upserts, dry runs, the log and the commands."""

import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation

from archive.exporter import export_bundle
from archive.importer import import_bundle
from archive.models import ArchiveImport
from programmes.models import Objective, Programme
from tests.bundles import (
    EditableBundle,
    database_state,
    folder_contents,
    stored_files,
    without_export_time,
)
from tests.factories import (
    AchievedResultFactory,
    ObjectiveFactory,
    PlannedResultFactory,
    ProgrammeFactory,
    ToolboxDocumentFactory,
    pdf_bytes,
    png_upload,
)
from tests.html import content_blocks, parse

pytestmark = pytest.mark.django_db

SEED = "risicos-en-verantwoordelijkheden"


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def rich_programme():
    """A programme with every kind of content: parts, an image and documents of each sort."""
    programme = ProgrammeFactory(
        published=True,
        slug="vitaal-bestuur",
        image=png_upload("kaart.png", (8, 6)),
        image_alt_text_nl="Een kaart",
        image_alt_text_en="A map",
    )
    ObjectiveFactory.create_batch(3, programme=programme)
    PlannedResultFactory.create_batch(2, programme=programme)
    AchievedResultFactory(programme=programme, heading_nl="Kop", heading_en="Heading")
    ToolboxDocumentFactory(
        programme=programme,
        title_nl="Eindrapport",
        file=SimpleUploadedFile("eindrapport.pdf", pdf_bytes(pages=3)),
    )
    ToolboxDocumentFactory(
        programme=programme,
        title_nl="Cijfers",
        kind="other",
        file=SimpleUploadedFile("cijfers.csv", b"jaar;aantal\n2015;7\n"),
    )
    ToolboxDocumentFactory(
        programme=programme, title_nl="Elders", external_url="https://www.rijksoverheid.nl/x"
    )
    ToolboxDocumentFactory(programme=programme, title_nl="Alleen op papier", kind="other")
    programme.slug = "vitaal-bestuur"
    return programme


def empty_the_archive() -> None:
    Programme.objects.all().delete()
    assert not Programme.objects.exists()


def page_text(client, url: str) -> list[str]:
    return content_blocks(parse(client.get(url)))


class TestRoundTrip:
    def test_export_import_export_gives_the_same_bundle(
        self, tmp_path, seed_programme, rich_programme
    ):
        first = tmp_path / "first"
        export_bundle(first)
        empty_the_archive()
        report = import_bundle(first)
        assert report.succeeded, report.problems
        assert report.count("create") == 2
        second = tmp_path / "second"
        export_bundle(second)
        assert without_export_time(folder_contents(first)) == without_export_time(
            folder_contents(second)
        )

    def test_the_imported_programme_has_the_same_pages(
        self, client, tmp_path, seed_programme, rich_programme
    ):
        urls = [f"/programmas/{SEED}/", f"/en/programmes/{SEED}/", "/programmas/vitaal-bestuur/"]
        before = [page_text(client, url) for url in urls]
        export_bundle(tmp_path / "bundle")
        empty_the_archive()
        import_bundle(tmp_path / "bundle")
        assert [page_text(client, url) for url in urls] == before
        image = parse(client.get("/programmas/vitaal-bestuur/")).select_one("figure img")
        assert client.get(image["src"]).status_code == 200
        assert (image["width"], image["height"]) == ("8", "6")

    def test_files_come_back_with_their_checksums_under_new_names(self, tmp_path, rich_programme):
        original = {
            d.key: (d.sha256, d.file.name) for d in rich_programme.documents.exclude(file="")
        }
        export_bundle(tmp_path / "bundle")
        empty_the_archive()
        import_bundle(tmp_path / "bundle")
        programme = Programme.objects.get(slug="vitaal-bestuur")
        for document in programme.documents.exclude(file=""):
            sha256, old_name = original[document.key]
            assert document.sha256 == sha256
            assert document.file.name != old_name
            assert document.file.name.startswith("toolbox/documents/")
            assert stored_files()[document.file.name] == sha256
        assert programme.documents.get(title_nl="Eindrapport").page_count == 3

    def test_a_zip_export_is_deterministic(self, tmp_path, rich_programme):
        export_bundle(tmp_path / "a.zip", as_zip=True)
        export_bundle(tmp_path / "b.zip", as_zip=True)
        import zipfile

        with zipfile.ZipFile(tmp_path / "a.zip") as a, zipfile.ZipFile(tmp_path / "b.zip") as b:
            names = a.namelist()
            assert names == b.namelist()
            for name in names:
                if name != "manifest.json":
                    assert a.read(name) == b.read(name)

    def test_a_zip_imports_like_a_folder(self, tmp_path, rich_programme):
        export_bundle(tmp_path / "bundle.zip", as_zip=True)
        empty_the_archive()
        report = import_bundle(tmp_path / "bundle.zip")
        assert report.succeeded, report.problems
        assert Programme.objects.get(slug="vitaal-bestuur").documents.count() == 4


class TestRepeatedImports:
    def test_importing_the_same_bundle_again_changes_nothing(self, tmp_path, rich_programme):
        export_bundle(tmp_path / "bundle")
        before = (database_state(), stored_files())
        report = import_bundle(tmp_path / "bundle")
        assert report.count("unchanged") == 1
        assert (database_state(), stored_files()) == before

    def test_a_changed_bundle_updates_in_place_and_removes_what_it_no_longer_holds(
        self, tmp_path, rich_programme
    ):
        bundle = EditableBundle.export(tmp_path / "bundle")
        document = bundle.programme("vitaal-bestuur")
        document["title_en"] = "Vital governance, revised"
        document["objectives"] = document["objectives"][:1]
        removed_key = document["documents"][0]["key"]
        removed_file = rich_programme.documents.get(key=removed_key).file.name
        bundle.remove(document["documents"][0]["file"]["path"])
        document["documents"] = document["documents"][1:]
        bundle.save_programme("vitaal-bestuur", document)

        report = import_bundle(bundle.folder)
        assert report.succeeded, report.problems
        assert (report.count("update"), report.removed) == (1, 3)
        programme = Programme.objects.get(slug="vitaal-bestuur")
        assert programme.pk == rich_programme.pk
        assert programme.title_en == "Vital governance, revised"
        assert programme.objectives.count() == 1
        assert not programme.documents.filter(key=removed_key).exists()
        # Kept for the history: an earlier version of the programme still names it.
        assert removed_file in stored_files()
        assert [d.position for d in programme.documents.all()] == [1, 2, 3]

    def test_reordered_documents_keep_their_files(self, tmp_path, rich_programme):
        bundle = EditableBundle.export(tmp_path / "bundle")
        document = bundle.programme("vitaal-bestuur")
        document["documents"].reverse()
        bundle.save_programme("vitaal-bestuur", document)
        files_before = stored_files()
        report = import_bundle(bundle.folder)
        assert report.succeeded, report.problems
        keys = [entry["key"] for entry in document["documents"]]
        assert list(rich_programme.documents.values_list("key", flat=True)) == keys
        assert stored_files() == files_before

    def test_a_replaced_file_is_stored_anew_and_the_old_one_kept_for_the_history(
        self, tmp_path, rich_programme
    ):
        bundle = EditableBundle.export(tmp_path / "bundle")
        old = rich_programme.documents.get(title_nl="Eindrapport")
        index = [e["key"] for e in bundle.programme("vitaal-bestuur")["documents"]].index(old.key)
        bundle.replace_file("vitaal-bestuur", index, pdf_bytes(pages=5))
        report = import_bundle(bundle.folder)
        assert report.succeeded, report.problems
        new = rich_programme.documents.get(pk=old.pk)
        assert new.page_count == 5
        assert new.file.name != old.file.name
        assert old.file.name in stored_files()

    def test_programmes_not_in_the_bundle_are_left_alone(
        self, tmp_path, seed_programme, rich_programme
    ):
        EditableBundle.export(tmp_path / "bundle", "vitaal-bestuur")
        seed_before = page_text_of(seed_programme)
        import_bundle(tmp_path / "bundle")
        assert page_text_of(Programme.objects.get(slug=SEED)) == seed_before

    def test_search_finds_what_was_imported(self, client, tmp_path, rich_programme):
        bundle = EditableBundle.export(tmp_path / "bundle")
        document = bundle.programme("vitaal-bestuur")
        document["planned_results"][0]["text_nl"] = "een gloednieuw zoekwoord"
        bundle.save_programme("vitaal-bestuur", document)
        import_bundle(bundle.folder)
        response = client.get("/programmas/", {"q": "gloednieuw"})
        assert "vitaal-bestuur" in response.content.decode()

    def test_two_programmes_with_the_same_file_get_their_own_copies(self, tmp_path, rich_programme):
        bundle = EditableBundle.export(tmp_path / "bundle")
        document = bundle.programme("vitaal-bestuur")
        twin = json.loads(json.dumps(document))
        twin["slug"] = "tweeling"
        for entry in twin["documents"]:
            if entry["file"]:
                source = entry["file"]["path"]
                entry["file"]["path"] = source.replace("vitaal-bestuur", "tweeling")
                bundle.write(entry["file"]["path"], bundle.read(source), resign=False)
        twin["image"] = None
        bundle.save_programme("tweeling", twin, resign=False)
        manifest = bundle.manifest()
        manifest["programmes"].append({"path": "programmes/tweeling.json", "sha256": "0" * 64})
        bundle.save_manifest(manifest)
        bundle.resign()
        report = import_bundle(bundle.folder)
        assert report.succeeded, report.problems
        names = [
            d.file.name for d in Programme.objects.get(slug="tweeling").documents.exclude(file="")
        ]
        originals = [d.file.name for d in rich_programme.documents.exclude(file="")]
        assert not set(names) & set(originals)


def page_text_of(programme: Programme) -> str:
    from archive.programme_mapping import programme_document, with_archive_content

    return json.dumps(
        programme_document(with_archive_content(Programme.objects.filter(pk=programme.pk)).get())
    )


class TestDryRun:
    def test_it_reports_what_would_happen_and_writes_nothing(
        self, tmp_path, seed_programme, rich_programme
    ):
        bundle = EditableBundle.export(tmp_path / "bundle")
        document = bundle.programme("vitaal-bestuur")
        document["objectives"] = []
        bundle.save_programme("vitaal-bestuur", document)
        Programme.objects.filter(slug=SEED).delete()
        before = (database_state(), stored_files())
        report = import_bundle(bundle.folder, dry_run=True)
        assert report.succeeded
        assert (report.count("create"), report.count("update"), report.removed) == (1, 1, 3)
        assert (database_state(), stored_files()) == before
        assert report.record.outcome == ArchiveImport.Outcome.CHECKED

    def test_the_command_prints_each_programme(self, tmp_path, rich_programme):
        EditableBundle.export(tmp_path / "bundle")
        out = StringIO()
        call_command("import_archive", str(tmp_path / "bundle"), dry_run=True, stdout=out)
        assert "unchanged  vitaal-bestuur" in out.getvalue()
        assert "Programmes that would be created: 0, updated: 0, unchanged: 1" in out.getvalue()


class TestTheLog:
    def test_every_import_is_recorded(self, tmp_path, rich_programme):
        export_bundle(tmp_path / "bundle.zip", as_zip=True)
        empty_the_archive()
        report = import_bundle(tmp_path / "bundle.zip")
        record = report.record
        assert record.outcome == ArchiveImport.Outcome.IMPORTED
        assert (record.created, record.updated, record.unchanged) == (1, 0, 0)
        import hashlib

        assert (
            record.bundle_sha256
            == hashlib.sha256((tmp_path / "bundle.zip").read_bytes()).hexdigest()
        )
        assert record.source == ArchiveImport.Source.COMMAND
        assert record.finished_at >= record.started_at

    def test_a_refused_import_is_recorded_with_its_problems(self, tmp_path, rich_programme):
        bundle = EditableBundle.export(tmp_path / "bundle")
        bundle.write("manifest.json", b"{nope", resign=False)
        report = import_bundle(bundle.folder)
        assert report.record.outcome == ArchiveImport.Outcome.REFUSED
        assert "manifest.json: This is not valid JSON" in report.record.report


class TestCommands:
    def test_import_reports_problems_and_fails(self, tmp_path, rich_programme):
        bundle = EditableBundle.export(tmp_path / "bundle")
        document = bundle.programme("vitaal-bestuur")
        document["objectives"][1]["name_nl"] = ""
        bundle.save_programme("vitaal-bestuur", document)
        err = StringIO()
        with pytest.raises(CommandError, match="nothing was imported"):
            call_command("import_archive", str(bundle.folder), stderr=err)
        assert (
            "programmes/vitaal-bestuur.json: objectives[1].name_nl: This may not be empty."
            in err.getvalue()
        )

    def test_export_of_one_programme(self, tmp_path, seed_programme, rich_programme):
        out = StringIO()
        call_command("export_archive", str(tmp_path / "one"), programme=[SEED], stdout=out)
        assert "Exported 1 programmes" in out.getvalue()
        assert sorted((tmp_path / "one" / "programmes").iterdir())[0].name == f"{SEED}.json"

    def test_export_of_an_unknown_programme_is_an_error(self, tmp_path, seed_programme):
        with pytest.raises(CommandError, match="No programme with the slug"):
            call_command("export_archive", str(tmp_path / "x"), programme=["bestaat-niet"])
        assert not (tmp_path / "x").exists()

    def test_export_does_not_overwrite(self, tmp_path, seed_programme):
        (tmp_path / "full").mkdir()
        (tmp_path / "full" / "iets.txt").write_text("x")
        with pytest.raises(CommandError, match="is not an empty folder"):
            call_command("export_archive", str(tmp_path / "full"))
        (tmp_path / "b.zip").write_bytes(b"x")
        with pytest.raises(CommandError, match="exists already"):
            call_command("export_archive", str(tmp_path / "b.zip"), zip=True)
        assert (tmp_path / "b.zip").read_bytes() == b"x"

    def test_progress_is_plain_lines_when_not_on_a_terminal(self, tmp_path):
        ProgrammeFactory.create_batch(25, published=True)
        export_bundle(tmp_path / "bundle")
        empty_the_archive()
        err = StringIO()
        call_command("import_archive", str(tmp_path / "bundle"), stderr=err, stdout=StringIO())
        lines = err.getvalue().splitlines()
        assert "checking: 1/25" in lines
        assert "importing: 25/25" in lines

    def test_loaddata_still_works_after_an_import(self, tmp_path, seed_programme):
        export_bundle(tmp_path / "bundle")
        import_bundle(tmp_path / "bundle")
        call_command("loaddata", "risicos-en-verantwoordelijkheden", verbosity=0)
        assert Objective.objects.filter(programme__slug=SEED).count() == 4


def test_an_import_is_one_version_in_the_history_and_can_be_undone(tmp_path, rich_programme):
    from reversion.models import Version

    bundle = EditableBundle.export(tmp_path / "bundle")
    document = bundle.programme("vitaal-bestuur")
    old_title = document["title_nl"]
    removed = rich_programme.documents.get(title_nl="Eindrapport")
    bundle.remove(next(e["file"]["path"] for e in document["documents"] if e["key"] == removed.key))
    document["documents"] = [e for e in document["documents"] if e["key"] != removed.key]
    document["title_nl"] = "Na de import"
    bundle.save_programme("vitaal-bestuur", document)
    import reversion

    with reversion.create_revision():
        rich_programme.refresh_from_db()
        rich_programme.save()  # the state before the import, as a version
    before = Version.objects.get_for_object(rich_programme)[0]

    assert import_bundle(bundle.folder).succeeded
    latest = Version.objects.get_for_object(rich_programme)[0]
    assert latest.revision.comment == "Geïmporteerd uit bundle"  # written in the site's language

    before.revision.revert(delete=True)
    rich_programme.refresh_from_db()
    assert rich_programme.title_nl == old_title
    restored = rich_programme.documents.get(key=removed.key)
    assert restored.file.name in stored_files()
