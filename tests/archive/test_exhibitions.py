"""Exhibitions in archive bundles: they travel with their curator, timeline items, files and
references, are checked as thoroughly as programmes before anything is written, and bundles
made before exhibitions were part of the format still import unchanged."""

import io
import json
import tempfile
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db.models import CharField
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from archive.exhibition_mapping import (
    comparable_exhibition,
    exhibition_document,
    with_exhibition_content,
)
from archive.exporter import ExportError, export_bundle
from archive.importer import EXHIBITION, PROGRAMME, import_bundle, iter_plans
from archive.models import ArchiveImport
from exhibitions.models import Curator, Exhibition, TimelineItem
from programmes.models import Programme
from publishing.models import ArchiveRevision
from tests.archive.test_properties import mutations
from tests.bundles import (
    EditableBundle,
    database_state,
    folder_contents,
    sha256,
    stored_files,
    without_export_time,
)
from tests.factories import (
    CuratorFactory,
    ExhibitionFactory,
    ProgrammeFactory,
    TimelineItemFactory,
    ToolboxDocumentFactory,
    UserFactory,
    pdf_bytes,
    png_upload,
)
from tests.html import parse, text_of

pytestmark = pytest.mark.django_db

SLUG = "lokale-democratie"
DOCUMENT = f"exhibitions/{SLUG}.json"
# Real bytes, as small as the site's checks allow: an MP4 starts with an ftyp box, WebVTT with
# its name.
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(16)
CAPTIONS_NL = b"WEBVTT\n\n00:00.000 --> 00:02.000\nGoedemiddag.\n"
CAPTIONS_EN = b"WEBVTT\n\n00:00.000 --> 00:02.000\nGood afternoon.\n"
# Item positions in the exported document (the timeline is in date order).
PHOTO, FILM, REPORT = 0, 1, 2


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def programmes():
    """Two programmes an exhibition can refer to; the first has a report with a file."""
    first = ProgrammeFactory(published=True, slug="vitaal-bestuur")
    ToolboxDocumentFactory(
        programme=first,
        key="eindrapport",
        title_nl="Eindrapport",
        file=SimpleUploadedFile("eindrapport.pdf", pdf_bytes(pages=2)),
    )
    second = ProgrammeFactory(published=True, slug="democratie-in-actie")
    return first, second


@pytest.fixture
def exhibition(programmes) -> Exhibition:
    """An exhibition with every kind of content: a curator, related programmes, a photo, a
    film with captions in both languages and a transcript, a report from a programme, and the
    film as its opening item."""
    first, second = programmes
    exhibition = ExhibitionFactory(
        published=True,
        slug=SLUG,
        title_nl="Lokale democratie na 1945",
        title_en="Local democracy after 1945",
        curator=CuratorFactory(name="A. de Vries"),
    )
    exhibition.related_programmes.set([first, second])
    TimelineItemFactory(
        exhibition=exhibition,
        slug="raadhuis",
        kind="photo",
        date="1951-05-01",
        date_precision="month",
        image=png_upload("raadhuis.png", (6, 4)),
        image_alt_text_nl="Een raadhuis",
        image_alt_text_en="A town hall",
        image_caption_nl="Het raadhuis in 1951",
        image_caption_en="The town hall in 1951",
    )
    film = TimelineItemFactory(
        exhibition=exhibition,
        slug="toespraak",
        kind="film",
        date="1975-03-12",
        video=SimpleUploadedFile("toespraak.mp4", MP4),
        captions_nl=SimpleUploadedFile("nl.vtt", CAPTIONS_NL),
        captions_en=SimpleUploadedFile("en.vtt", CAPTIONS_EN),
        transcript_nl="<p>Goedemiddag.</p>",
        transcript_en="<p>Good afternoon.</p>",
    )
    TimelineItemFactory(
        exhibition=exhibition,
        slug="eindrapport",
        kind="report",
        date="2015-01-01",
        date_precision="year",
        end_date="2018-12-31",
        document=first.documents.get(key="eindrapport"),
        image_is_decorative=True,
    )
    exhibition.opening_item = film
    exhibition.save()
    return exhibition


def empty_the_archive() -> None:
    Exhibition.objects.all().delete()
    Curator.objects.all().delete()
    Programme.objects.all().delete()


def as_stored(exhibition: Exhibition) -> dict:
    """Everything an exhibition holds, field by field, with the content of its files; without
    what belongs to one site only (ids, stored file names, times of the last change)."""
    exhibition = Exhibition.objects.get(pk=exhibition.pk)
    skipped = {"id", "created_at", "updated_at", "version", "search_text", "search_vector"}
    state = {
        field.name: getattr(exhibition, field.attname)
        for field in Exhibition._meta.concrete_fields
        if field.name not in skipped and not field.is_relation
    }
    state["curator"] = (
        exhibition.curator.name,
        exhibition.curator.role_nl,
        exhibition.curator.role_en,
    )
    state["opening_item"] = exhibition.opening_item.slug
    state["related_programmes"] = sorted(
        exhibition.related_programmes.values_list("slug", flat=True)
    )
    state["items"] = [item_as_stored(item) for item in exhibition.items.all()]
    return state


def item_as_stored(item: TimelineItem) -> dict:
    state = {}
    for field in TimelineItem._meta.concrete_fields:
        if field.name in {"id", "exhibition"}:
            continue
        value = getattr(item, field.name)
        if field.name == "document":
            value = value and (value.programme.slug, value.key)
        elif hasattr(value, "storage"):  # a file: its bytes, whatever it is called
            value = value and default_storage.open(value.name, "rb").read()
        elif value is None and isinstance(field, CharField):
            value = ""  # an empty translation is null or "", the same to the site
        state[field.name] = value
    return state


def revision() -> int:
    return ArchiveRevision.objects.get().number


class TestRoundTrip:
    def test_an_exhibition_comes_back_field_by_field_with_its_files(self, tmp_path, exhibition):
        before = as_stored(exhibition)
        export_bundle(tmp_path / "bundle")
        empty_the_archive()

        report = import_bundle(tmp_path / "bundle")

        assert report.succeeded, report.problems
        assert (report.count("create", PROGRAMME), report.count("create", EXHIBITION)) == (2, 1)
        assert as_stored(Exhibition.objects.get(slug=SLUG)) == before

    def test_the_bundle_holds_a_document_per_exhibition_and_its_files_by_slug(
        self, tmp_path, exhibition
    ):
        bundle = EditableBundle.export(tmp_path / "bundle")
        assert bundle.manifest()["exhibitions"] == [
            {"path": DOCUMENT, "sha256": sha256(bundle.read(DOCUMENT))}
        ]
        document = bundle.exhibition(SLUG)
        assert document["curator"] == {
            "name": "A. de Vries",
            "role_nl": "oud-minister van Binnenlandse Zaken",
            "role_en": "former Minister of the Interior",
        }
        assert document["related_programmes"] == ["democratie-in-actie", "vitaal-bestuur"]
        assert document["opening_item"] == "toespraak"
        film = document["items"][FILM]
        assert film["video"] == {
            "path": f"files/exhibitions/{SLUG}/toespraak/video.mp4",
            "size": len(MP4),
            "content_type": "video/mp4",
            "sha256": sha256(MP4),
        }
        assert film["captions_nl"]["path"] == f"files/exhibitions/{SLUG}/toespraak/captions-nl.vtt"
        assert film["captions_en"]["content_type"] == "text/vtt"
        assert bundle.read(film["captions_en"]["path"]) == CAPTIONS_EN
        assert document["items"][REPORT]["document"] == {
            "programme": "vitaal-bestuur",
            "key": "eindrapport",
        }
        assert document["items"][PHOTO]["image"]["content_type"] == "image/png"

    def test_export_import_export_gives_the_same_bundle(self, tmp_path, exhibition):
        export_bundle(tmp_path / "first")
        empty_the_archive()
        assert import_bundle(tmp_path / "first").succeeded
        export_bundle(tmp_path / "second")
        assert without_export_time(folder_contents(tmp_path / "first")) == without_export_time(
            folder_contents(tmp_path / "second")
        )

    def test_a_zip_export_is_deterministic_and_imports_like_a_folder(self, tmp_path, exhibition):
        export_bundle(tmp_path / "a.zip", as_zip=True)
        export_bundle(tmp_path / "b.zip", as_zip=True)
        import zipfile

        with zipfile.ZipFile(tmp_path / "a.zip") as a, zipfile.ZipFile(tmp_path / "b.zip") as b:
            assert a.namelist() == b.namelist()
            assert all(a.read(n) == b.read(n) for n in a.namelist() if n != "manifest.json")
        before = as_stored(exhibition)
        empty_the_archive()
        assert import_bundle(tmp_path / "a.zip").succeeded
        assert as_stored(Exhibition.objects.get(slug=SLUG)) == before

    def test_the_imported_exhibition_has_its_pages(self, client, tmp_path, exhibition):
        export_bundle(tmp_path / "bundle")
        empty_the_archive()
        import_bundle(tmp_path / "bundle")
        page = client.get(Exhibition.objects.get(slug=SLUG).get_absolute_url())
        assert page.status_code == 200
        assert "Local democracy after 1945" in page.content.decode()

    def test_an_import_counts_as_one_change_of_the_archive(self, tmp_path, exhibition):
        export_bundle(tmp_path / "bundle")
        empty_the_archive()
        before = revision()
        assert import_bundle(tmp_path / "bundle").succeeded
        assert revision() == before + 1


class TestRepeatedImports:
    def test_importing_the_same_bundle_again_changes_nothing(self, tmp_path, exhibition):
        export_bundle(tmp_path / "bundle")
        before = (database_state(), stored_files(), revision())
        report = import_bundle(tmp_path / "bundle")
        assert report.succeeded, report.problems
        assert report.count("unchanged", EXHIBITION) == 1
        assert "unchanged  exhibition lokale-democratie" in list(iter_plans(report))
        assert (database_state(), stored_files(), revision()) == before

    def test_a_changed_bundle_updates_in_place_and_removes_items_it_no_longer_holds(
        self, tmp_path, exhibition
    ):
        bundle = EditableBundle.export(tmp_path / "bundle")
        document = bundle.exhibition(SLUG)
        document["title_en"] = "Local democracy, revised"
        document["related_programmes"] = ["vitaal-bestuur"]
        del document["items"][REPORT]
        bundle.save_exhibition(SLUG, document)
        film = exhibition.items.get(slug="toespraak")
        files_before = stored_files()

        report = import_bundle(bundle.folder)

        assert report.succeeded, report.problems
        assert (report.count("update", EXHIBITION), report.removed_of(EXHIBITION)) == (1, 1)
        exhibition.refresh_from_db()
        assert exhibition.title_en == "Local democracy, revised"
        assert list(exhibition.related_programmes.values_list("slug", flat=True)) == [
            "vitaal-bestuur"
        ]
        assert sorted(exhibition.items.values_list("slug", flat=True)) == ["raadhuis", "toespraak"]
        # Unchanged files are not stored again; the item is the same row.
        assert exhibition.items.get(slug="toespraak").video.name == film.video.name
        assert stored_files() == files_before

    def test_a_replaced_file_is_stored_anew_and_the_old_one_kept_for_the_history(
        self, tmp_path, exhibition
    ):
        bundle = EditableBundle.export(tmp_path / "bundle")
        document = bundle.exhibition(SLUG)
        entry = document["items"][FILM]["captions_en"]
        replaced = CAPTIONS_EN.replace(b"Good afternoon", b"Good day")
        bundle.write(entry["path"], replaced, resign=False)
        entry.update(size=len(replaced), sha256=sha256(replaced))
        bundle.save_exhibition(SLUG, document)
        old = exhibition.items.get(slug="toespraak").captions_en.name

        assert import_bundle(bundle.folder).succeeded

        new = TimelineItem.objects.get(slug="toespraak").captions_en.name
        assert new != old
        assert stored_files()[new] == sha256(replaced)
        assert old in stored_files()

    def test_the_curator_is_found_by_name(self, tmp_path, exhibition):
        bundle = EditableBundle.export(tmp_path / "bundle")
        document = bundle.exhibition(SLUG)
        other = CuratorFactory(name="B. Jansen", role_en="")
        document["curator"] = {"name": "B. Jansen", "role_nl": "oud-burgemeester", "role_en": ""}
        bundle.save_exhibition(SLUG, document)

        assert import_bundle(bundle.folder).succeeded

        exhibition.refresh_from_db()
        assert exhibition.curator == other
        other.refresh_from_db()
        assert other.role_nl == "oud-burgemeester"  # the bundle's role
        assert Curator.objects.filter(name="A. de Vries").exists()  # left alone

    def test_exhibitions_not_in_the_bundle_are_left_alone(self, tmp_path, exhibition):
        ExhibitionFactory(slug="elders")
        EditableBundle.export(tmp_path / "bundle", exhibitions=(SLUG,))
        Exhibition.objects.filter(slug=SLUG).delete()
        assert import_bundle(tmp_path / "bundle").succeeded
        assert set(Exhibition.objects.values_list("slug", flat=True)) == {SLUG, "elders"}

    def test_an_import_is_one_version_in_the_history_with_the_items_as_imported(
        self, tmp_path, exhibition
    ):
        from reversion.models import Version

        bundle = EditableBundle.export(tmp_path / "bundle")
        document = bundle.exhibition(SLUG)
        document["items"][PHOTO]["title_nl"] = "Het raadhuis, herzien"
        bundle.save_exhibition(SLUG, document)

        assert import_bundle(bundle.folder).succeeded

        version = Version.objects.get_for_object(exhibition.items.get(slug="raadhuis"))[0]
        assert version.field_dict["title_nl"] == "Het raadhuis, herzien"
        assert version.revision.comment == "Geïmporteerd uit bundle"  # the site's language


class TestDryRun:
    def test_it_reports_what_would_happen_and_writes_nothing(self, tmp_path, exhibition):
        export_bundle(tmp_path / "bundle")
        empty_the_archive()
        before = (database_state(), stored_files(), revision())

        report = import_bundle(tmp_path / "bundle", dry_run=True)

        assert report.succeeded, report.problems
        assert report.record.outcome == ArchiveImport.Outcome.CHECKED
        assert report.count("create", EXHIBITION) == 1
        assert "create  exhibition lokale-democratie" in list(iter_plans(report))
        assert "Exhibitions that would be created: 1, updated: 0, unchanged: 0" in report.summary()
        assert (database_state(), stored_files(), revision()) == before

    def test_the_command_prints_each_exhibition(self, tmp_path, exhibition):
        export_bundle(tmp_path / "bundle")
        out = StringIO()
        call_command("import_archive", str(tmp_path / "bundle"), dry_run=True, stdout=out)
        assert "unchanged  exhibition lokale-democratie" in out.getvalue()
        assert "Exhibitions that would be created: 0, updated: 0, unchanged: 1" in out.getvalue()


class TestBundlesWithoutExhibitions:
    def test_a_bundle_without_exhibitions_has_the_manifest_of_before(self, tmp_path, exhibition):
        bundle = EditableBundle.export(tmp_path / "bundle", "vitaal-bestuur")
        assert set(bundle.manifest()) == {
            "format",
            "format_version",
            "exported_at",
            "source_site",
            "programmes",
        }
        assert bundle.manifest()["format_version"] == 1
        assert not (tmp_path / "bundle" / "exhibitions").exists()

    def test_it_imports_as_before_and_leaves_exhibitions_alone(self, tmp_path, exhibition):
        EditableBundle.export(tmp_path / "bundle", "vitaal-bestuur", "democratie-in-actie")
        Programme.objects.filter(slug="democratie-in-actie").delete()
        before = as_stored(exhibition)
        before["related_programmes"] = ["vitaal-bestuur"]  # the deletion took it away

        report = import_bundle(tmp_path / "bundle")

        assert report.succeeded, report.problems
        assert [plan.kind for plan in report.plans] == [PROGRAMME, PROGRAMME]
        assert "Exhibitions" not in report.summary()
        assert as_stored(exhibition) == before


class TestExport:
    def test_everything_without_options(self, tmp_path, exhibition):
        out = StringIO()
        call_command("export_archive", str(tmp_path / "all"), stdout=out)
        manifest = json.loads((tmp_path / "all" / "manifest.json").read_text())
        assert len(manifest["programmes"]) == 2
        assert [e["path"] for e in manifest["exhibitions"]] == [DOCUMENT]
        assert "Exported 1 exhibitions" in out.getvalue()

    def test_only_named_programmes_means_no_exhibitions(self, tmp_path, exhibition):
        call_command("export_archive", str(tmp_path / "b"), programme=["vitaal-bestuur"])
        assert "exhibitions" not in json.loads((tmp_path / "b" / "manifest.json").read_text())

    def test_only_named_exhibitions_means_no_programmes(self, tmp_path, exhibition):
        ExhibitionFactory(slug="een-andere")
        call_command("export_archive", str(tmp_path / "b"), exhibition=[SLUG], stdout=StringIO())
        manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
        assert (manifest["programmes"], [e["path"] for e in manifest["exhibitions"]]) == (
            [],
            [DOCUMENT],
        )

    def test_an_exhibition_alone_imports_where_its_programmes_are(self, tmp_path, exhibition):
        export_bundle(tmp_path / "bundle", exhibition_slugs=[SLUG])
        before = as_stored(exhibition)
        Exhibition.objects.all().delete()
        report = import_bundle(tmp_path / "bundle")
        assert report.succeeded, report.problems
        assert as_stored(Exhibition.objects.get(slug=SLUG)) == before

    def test_both_named_exports_both(self, tmp_path, exhibition):
        export_bundle(tmp_path / "b", slugs=["vitaal-bestuur"], exhibition_slugs=[SLUG])
        manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
        assert (len(manifest["programmes"]), len(manifest["exhibitions"])) == (1, 1)

    def test_an_unknown_exhibition_is_an_error(self, tmp_path, exhibition):
        with pytest.raises(CommandError, match="No exhibition with the slug"):
            call_command("export_archive", str(tmp_path / "x"), exhibition=["bestaat-niet"])
        assert not (tmp_path / "x").exists()

    def test_a_file_missing_from_storage_stops_the_export(self, tmp_path, exhibition):
        default_storage.delete(exhibition.items.get(slug="toespraak").captions_nl.name)
        with pytest.raises(ExportError, match="is missing from storage"):
            export_bundle(tmp_path / "x")
        assert not (tmp_path / "x").exists()


# Bad input ------------------------------------------------------------------------------------


@pytest.fixture
def bundle(tmp_path, exhibition) -> EditableBundle:
    return EditableBundle.export(tmp_path / "bundle")


def refused(path, *expected: str) -> list[str]:
    """Import ``path``; assert it is refused with each expected text and changes nothing."""
    before = (database_state(), stored_files(), revision())
    report = import_bundle(path)
    messages = [str(problem) for problem in report.problems]
    assert report.outcome == ArchiveImport.Outcome.REFUSED, messages
    for text in expected:
        assert any(text in message for message in messages), (text, messages)
    assert (database_state(), stored_files(), revision()) == before
    return messages


def change(bundle: EditableBundle, edit) -> None:
    document = bundle.exhibition(SLUG)
    edit(document)
    bundle.save_exhibition(SLUG, document)


def replace_item_file(bundle: EditableBundle, index: int, field: str, data: bytes, **declared):
    """Other bytes in an item's file, with their size and checksum stated unless given."""
    document = bundle.exhibition(SLUG)
    entry = document["items"][index][field]
    bundle.write(entry["path"], data, resign=False)
    entry.update({"size": len(data), "sha256": sha256(data), **declared})
    bundle.save_exhibition(SLUG, document)


class TestReferences:
    def test_an_unknown_related_programme(self, bundle):
        change(bundle, lambda d: d["related_programmes"].append("bestaat-niet"))
        refused(
            bundle.folder,
            f"{DOCUMENT}: related_programmes[2]: There is no programme bestaat-niet, neither in "
            "the bundle nor on this site.",
        )

    def test_a_related_programme_in_the_bundle_need_not_be_on_the_site(self, bundle):
        Exhibition.objects.all().delete()
        Programme.objects.filter(slug="democratie-in-actie").delete()
        assert import_bundle(bundle.folder).succeeded
        assert Exhibition.objects.get().related_programmes.count() == 2

    def test_an_unknown_document(self, bundle):
        change(bundle, lambda d: d["items"][REPORT]["document"].update(key="onbekend"))
        refused(
            bundle.folder,
            f"{DOCUMENT}: items[2].document: There is no document onbekend of the programme "
            "vitaal-bestuur, neither in the bundle nor on this site.",
        )

    def test_a_document_the_bundles_programme_no_longer_holds(self, bundle):
        # On the site it still exists, but this import would remove it.
        programme = bundle.programme("vitaal-bestuur")
        bundle.remove(programme["documents"][0]["file"]["path"])
        programme["documents"] = []
        bundle.save_programme("vitaal-bestuur", programme)
        refused(bundle.folder, f"{DOCUMENT}: items[2].document: There is no document eindrapport")

    def test_a_document_of_a_programme_only_on_the_site(self, tmp_path, exhibition):
        EditableBundle.export(tmp_path / "bundle", exhibitions=(SLUG,))
        assert import_bundle(tmp_path / "bundle").succeeded

    def test_an_opening_item_that_is_not_in_the_exhibition(self, bundle):
        ExhibitionFactory(slug="elders")
        change(bundle, lambda d: d.update(opening_item="elders-item"))
        refused(
            bundle.folder,
            f"{DOCUMENT}: opening_item: The opening item must be an item of this exhibition.",
        )

    def test_one_curator_name_with_two_roles(self, bundle, tmp_path):
        other = ExhibitionFactory(slug="tweede", curator=CuratorFactory(name="C. Bakker"))
        EditableBundle.export(tmp_path / "second", exhibitions=("tweede",))
        document = json.loads((tmp_path / "second" / "exhibitions" / "tweede.json").read_text())
        document["curator"]["name"] = "A. de Vries"
        document["curator"]["role_nl"] = "oud-burgemeester"
        bundle.save_exhibition("tweede", document, resign=False)
        manifest = bundle.manifest()
        manifest["exhibitions"].append({"path": "exhibitions/tweede.json", "sha256": "0" * 64})
        bundle.save_manifest(manifest)
        bundle.resign()
        assert other.pk
        refused(
            bundle.folder,
            "exhibitions/tweede.json: curator: The curator A. de Vries has another role in "
            f"{DOCUMENT}",
        )


class TestItems:
    def test_a_video_without_captions(self, bundle):
        film = bundle.exhibition(SLUG)["items"][FILM]
        bundle.remove(film["captions_nl"]["path"])
        change(bundle, lambda d: d["items"][FILM].update(captions_nl=None))
        refused(bundle.folder, f"{DOCUMENT}: items[1]: A video needs captions and a transcript.")

    def test_a_video_without_a_transcript(self, bundle):
        change(bundle, lambda d: d["items"][FILM].update(transcript_nl=""))
        refused(bundle.folder, f"{DOCUMENT}: items[1].video: A video needs captions")

    def test_a_disguised_video(self, bundle):
        replace_item_file(bundle, FILM, "video", b"<html><script>alert(1)</script></html>")
        refused(
            bundle.folder,
            f"{DOCUMENT}: items[1].video.content_type: The file is stated to be video/mp4, but "
            "its content is text/html.",
        )

    def test_captions_that_are_not_webvtt(self, bundle):
        srt = b"1\n00:00:00,000 --> 00:00:02,000\nGoedemiddag.\n"
        replace_item_file(bundle, FILM, "captions_nl", srt)
        refused(
            bundle.folder,
            f"{DOCUMENT}: items[1].captions_nl.content_type: The file is stated to be text/vtt, "
            "but its content is text/plain.",
        )

    def test_an_image_that_is_a_video(self, bundle):
        replace_item_file(bundle, PHOTO, "image", MP4)
        refused(
            bundle.folder,
            f"{DOCUMENT}: items[0].image.content_type: The file is stated to be image/png, but "
            "its content is video/mp4.",
        )

    def test_a_checksum_mismatch(self, bundle):
        film = bundle.exhibition(SLUG)["items"][FILM]
        bundle.write(film["video"]["path"], MP4[:-1] + b"\x01", resign=False)
        refused(
            bundle.folder,
            f"{DOCUMENT}: items[1].video.sha256: The file's SHA-256 checksum does not match",
        )

    def test_a_missing_file(self, bundle):
        bundle.remove(bundle.exhibition(SLUG)["items"][PHOTO]["image"]["path"])
        refused(bundle.folder, f"{DOCUMENT}: items[0].image.path: files/exhibitions/{SLUG}/")

    def test_a_file_no_entry_names(self, bundle):
        bundle.write(f"files/exhibitions/{SLUG}/extra/video.mp4", MP4, resign=False)
        refused(bundle.folder, f"files/exhibitions/{SLUG}/extra/video.mp4: No entry of the bundle")

    def test_duplicate_item_slugs(self, bundle):
        change(bundle, lambda d: d["items"][REPORT].update(slug="raadhuis"))
        refused(
            bundle.folder,
            f"{DOCUMENT}: items[2].slug: Each item needs its own address in the exhibition.",
        )

    def test_an_image_without_alternative_text(self, bundle):
        change(bundle, lambda d: d["items"][PHOTO].update(image_alt_text_nl=""))
        refused(
            bundle.folder,
            f"{DOCUMENT}: items[0].image_alt_text_nl: Describe the image for visitors who "
            "cannot see it.",
        )

    def test_a_period_that_ends_before_it_starts(self, bundle):
        change(bundle, lambda d: d["items"][REPORT].update(end_date="2014-01-01"))
        refused(bundle.folder, f"{DOCUMENT}: items[2].end_date: The end date cannot be before")

    def test_a_date_that_does_not_exist(self, bundle):
        change(bundle, lambda d: d["items"][PHOTO].update(date="1951-02-30"))
        refused(bundle.folder, f"{DOCUMENT}: items[0].date: This is not a date that exists.")

    def test_html_the_site_would_store_differently(self, bundle):
        change(bundle, lambda d: d["items"][FILM].update(transcript_en="<script>x</script>"))
        refused(bundle.folder, f"{DOCUMENT}: items[1].transcript_en: This HTML is not in the form")


class TestSchema:
    def test_a_missing_field(self, bundle):
        change(bundle, lambda d: d["items"][PHOTO].pop("date_precision"))
        refused(bundle.folder, f"{DOCUMENT}: items[0].date_precision: This field is missing.")

    def test_a_field_that_is_not_part_of_the_format(self, bundle):
        change(bundle, lambda d: d.update(visitors=12))
        refused(bundle.folder, f"{DOCUMENT}: visitors: This field is not part of the format.")

    def test_an_unknown_kind(self, bundle):
        change(bundle, lambda d: d["items"][PHOTO].update(kind="podcast"))
        refused(
            bundle.folder,
            f"{DOCUMENT}: items[0].kind: This must be one of: text, report, photo, film, interview.",
        )

    def test_a_video_of_another_type(self, bundle):
        change(bundle, lambda d: d["items"][FILM]["video"].update(content_type="video/ogg"))
        refused(bundle.folder, f"{DOCUMENT}: items[1].video.content_type: This must be one of:")

    def test_an_empty_dutch_title(self, bundle):
        change(bundle, lambda d: d.update(title_nl=""))
        refused(bundle.folder, f"{DOCUMENT}: title_nl: This may not be empty.")

    def test_a_slug_that_is_not_the_file_name(self, bundle):
        change(bundle, lambda d: d.update(slug="anders"))
        refused(bundle.folder, f"{DOCUMENT}: slug: The slug must match the file name")

    def test_malformed_json(self, bundle):
        bundle.write(DOCUMENT, b'{"slug": "lokale-democratie",')
        refused(bundle.folder, f"{DOCUMENT}: This is not valid JSON")

    def test_a_manifest_entry_outside_exhibitions(self, bundle):
        manifest = bundle.manifest()
        manifest["exhibitions"][0]["path"] = "elders/lokale-democratie.json"
        bundle.save_manifest(manifest)
        refused(bundle.folder, "manifest.json: exhibitions[0].path: This must be")

    def test_a_changed_exhibition_document(self, bundle):
        bundle.write(DOCUMENT, bundle.read(DOCUMENT).replace(b"1945", b"1946"), resign=False)
        refused(
            bundle.folder,
            f"manifest.json: exhibitions[0].sha256: The checksum of {DOCUMENT} does not match",
        )

    def test_a_manifest_with_nothing_in_it(self, bundle):
        manifest = bundle.manifest()
        manifest["programmes"] = []
        manifest["exhibitions"] = []
        bundle.save_manifest(manifest)
        refused(bundle.folder, "manifest.json: programmes: This list needs at least 1 item(s).")


def test_every_problem_is_reported_at_once(bundle):
    def edit(document):
        document["related_programmes"] = ["bestaat-niet"]
        document["opening_item"] = "nergens"
        document["items"][REPORT]["document"]["programme"] = "ook-niet"

    change(bundle, edit)
    replace_item_file(bundle, FILM, "video", b"GIF89a not a video")
    messages = refused(
        bundle.folder,
        "related_programmes[0]",
        "opening_item",
        "items[2].document",
    )
    # Files are checked only once the documents naming them are in order.
    assert len(messages) == 3


def test_a_bad_exhibition_keeps_the_programmes_of_its_bundle_out_too(bundle):
    programme = bundle.programme("vitaal-bestuur")
    programme["title_nl"] = "Een nieuwe titel"
    bundle.save_programme("vitaal-bestuur", programme)
    change(bundle, lambda d: d.update(opening_item="nergens"))
    refused(bundle.folder, f"{DOCUMENT}: opening_item")
    assert Programme.objects.get(slug="vitaal-bestuur").title_nl != "Een nieuwe titel"


def archivist_client(client):
    archivist = UserFactory(is_staff=True)
    archivist.groups.add(Group.objects.get(name="Archivaris"))
    client.force_login(archivist)
    return client


def test_the_admin_dry_run_lists_the_exhibition(client, tmp_path, exhibition):
    export_bundle(tmp_path / "bundle.zip", as_zip=True)
    empty_the_archive()
    client = archivist_client(client)
    data = (tmp_path / "bundle.zip").read_bytes()
    page = parse(
        client.post(
            reverse("admin:archive_import"),
            {"bundle": SimpleUploadedFile("bundle.zip", data, "application/zip")},
        )
    )
    plan = text_of(page.select_one(".archive-plan"))
    assert "vitaal-bestuur" in plan
    assert SLUG in plan
    token = page.select_one("input[name=token]")["value"]
    client.post(reverse("admin:archive_import"), {"token": token, "confirm": "1"})
    assert Exhibition.objects.get(slug=SLUG).items.count() == 3
    record = ArchiveImport.objects.filter(dry_run=False).get()
    assert (record.outcome, record.created) == ("imported", 3)


def test_an_archivist_exports_selected_exhibitions_from_their_list(client, exhibition):
    ExhibitionFactory(slug="niet-gekozen")
    client = archivist_client(client)
    changelist = reverse("admin:exhibitions_exhibition_changelist")
    page = parse(client.get(changelist))
    offered = [o["value"] for o in page.select("select[name=action] option") if o["value"]]
    assert offered == ["export_selected"]  # archivists read exhibitions and change nothing
    response = client.post(
        changelist, {"action": "export_selected", "_selected_action": [exhibition.pk]}
    )
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        names = archive.namelist()
    assert f"exhibitions/{SLUG}.json" in names
    assert not any(name.startswith(("programmes/", "exhibitions/niet-gekozen")) for name in names)
    change = reverse("admin:exhibitions_exhibition_change", args=[exhibition.pk])
    assert client.post(change, {"title_nl": "Anders"}).status_code == 403


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_mutated_exhibition_imports_exactly_or_changes_nothing(bundle, data):
    """Whatever is done to a valid exhibition document, it imports and exports back to the same
    content, or it is refused and nothing changed (as for programmes)."""
    with tempfile.TemporaryDirectory() as folder:
        copy = bundle.copy(Path(folder) / "bundle")
        kind, path, mutated = data.draw(mutations(bundle.exhibition(SLUG)))
        copy.save_exhibition(SLUG, mutated)
        before = (database_state(), stored_files(), revision())

        report = import_bundle(copy.folder)
        event(str(report.outcome))

        if report.outcome == ArchiveImport.Outcome.IMPORTED:
            exhibition = with_exhibition_content(Exhibition.objects.filter(slug=SLUG))
            exported = exhibition_document(exhibition.get())
            assert comparable_exhibition(exported) == comparable_exhibition(mutated), (kind, path)
            assert import_bundle(bundle.folder).succeeded  # back to the original
        else:
            assert report.outcome == ArchiveImport.Outcome.REFUSED, report.problems
            assert (database_state(), stored_files(), revision()) == before, (kind, path)
