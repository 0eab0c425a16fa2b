"""Every kind of bad bundle is refused with a message that says what to fix, and changes nothing:
not the database, not media storage, and no file is left behind."""

import json
import os
import stat
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from archive.importer import import_bundle
from archive.models import ArchiveImport
from programmes.models import FormerSlug
from tests.bundles import EditableBundle, database_state, sha256, stored_files
from tests.factories import (
    ObjectiveFactory,
    ProgrammeFactory,
    ToolboxDocumentFactory,
    pdf_bytes,
    png_upload,
)

pytestmark = pytest.mark.django_db

SLUG = "vitaal-bestuur"
DOCUMENT = f"programmes/{SLUG}.json"


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def bundle(tmp_path) -> EditableBundle:
    programme = ProgrammeFactory(
        published=True,
        slug=SLUG,
        image=png_upload(),
        image_alt_text_nl="Een kaart",
    )
    ObjectiveFactory.create_batch(3, programme=programme)
    ToolboxDocumentFactory(
        programme=programme, file=SimpleUploadedFile("rapport.pdf", pdf_bytes(pages=2))
    )
    ToolboxDocumentFactory(programme=programme, kind="other")
    return EditableBundle.export(tmp_path / "bundle")


def refused(path, *expected: str) -> list[str]:
    """Import ``path``; assert it is refused with each expected text and changes nothing."""
    before = (database_state(), stored_files())
    report = import_bundle(path)
    messages = [str(problem) for problem in report.problems]
    assert report.outcome == ArchiveImport.Outcome.REFUSED, messages
    for text in expected:
        assert any(text in message for message in messages), (text, messages)
    assert (database_state(), stored_files()) == before
    return messages


def change(bundle: EditableBundle, edit) -> None:
    document = bundle.programme(SLUG)
    edit(document)
    bundle.save_programme(SLUG, document)


class TestJson:
    def test_malformed_json(self, bundle):
        bundle.write(DOCUMENT, b'{"slug": "vitaal-bestuur",', resign=True)
        refused(bundle.folder, f"{DOCUMENT}: This is not valid JSON: Expecting property name")

    def test_invalid_utf8(self, bundle):
        bundle.write(DOCUMENT, bundle.read(DOCUMENT).replace(b"Programma", b"Progr\xe0mma"))
        refused(bundle.folder, f"{DOCUMENT}: The file is not valid UTF-8 (at byte")

    def test_another_encoding(self, bundle):
        text = bundle.read(DOCUMENT).decode().replace("Programma", "Programmaé")
        bundle.write(DOCUMENT, text.encode("utf-16"))
        refused(bundle.folder, f"{DOCUMENT}: The file is not valid UTF-8")

    def test_a_byte_order_mark(self, bundle):
        bundle.write(DOCUMENT, b"\xef\xbb\xbf" + bundle.read(DOCUMENT))
        refused(bundle.folder, "byte order mark")

    def test_a_key_twice_in_one_object(self, bundle):
        bundle.write(
            DOCUMENT, bundle.read(DOCUMENT).replace(b'"slug":', b'"slug": "x", "slug":', 1)
        )
        refused(bundle.folder, "The key slug appears twice in one object.")

    def test_not_a_number_json_allows(self, bundle):
        bundle.write(
            DOCUMENT, bundle.read(DOCUMENT).replace(b'"start_year": 2011', b'"start_year": NaN')
        )
        refused(bundle.folder, "NaN is not a number JSON allows")

    def test_a_document_that_is_not_an_object(self, bundle):
        bundle.write(DOCUMENT, b"[1, 2, 3]")
        refused(bundle.folder, f"{DOCUMENT}: This must be an object.")


class TestFields:
    def test_a_nul_character_in_a_text(self, bundle):
        change(bundle, lambda d: d["objectives"][1].update(description_en="nul\u0000byte"))
        refused(
            bundle.folder,
            f"{DOCUMENT}: objectives[1].description_en: Text may not contain NUL characters.",
        )

    def test_a_nul_character_in_a_field_name(self, bundle):
        change(bundle, lambda d: d.update({"bad\u0000key": 1}))
        refused(bundle.folder, "This field is not part of the format.")
        assert "\x00" not in ArchiveImport.objects.latest("started_at").report

    def test_a_wrong_type(self, bundle):
        change(bundle, lambda d: d.update(start_year="2011"))
        refused(bundle.folder, f"{DOCUMENT}: start_year: This must be a whole number.")

    def test_a_wrong_type_deep_inside(self, bundle):
        change(bundle, lambda d: d["objectives"][2].update(name_nl=42))
        refused(bundle.folder, f"{DOCUMENT}: objectives[2].name_nl: This must be text.")

    def test_a_missing_required_field(self, bundle):
        change(bundle, lambda d: d.pop("summary_nl"))
        refused(bundle.folder, f"{DOCUMENT}: summary_nl: This field is missing.")

    def test_an_empty_required_text(self, bundle):
        change(bundle, lambda d: d["objectives"][2].update(name_nl=""))
        refused(bundle.folder, f"{DOCUMENT}: objectives[2].name_nl: This may not be empty.")

    def test_an_unknown_field(self, bundle):
        change(bundle, lambda d: d["objectives"][0].update(colour="blauw"))
        refused(
            bundle.folder,
            f"{DOCUMENT}: objectives[0].colour: This field is not part of the format.",
        )

    def test_an_over_long_string(self, bundle):
        change(bundle, lambda d: d.update(title_nl="x" * 201))
        refused(
            bundle.folder,
            f"{DOCUMENT}: title_nl: This is 201 characters long; at most 200 are allowed.",
        )

    def test_a_slug_that_is_not_a_slug(self, bundle):
        change(bundle, lambda d: d.update(slug="vitaal bestuur!"))
        refused(
            bundle.folder, f"{DOCUMENT}: slug: This must be a slug (only letters, digits, hyphens"
        )

    def test_a_slug_that_does_not_match_its_file(self, bundle):
        change(bundle, lambda d: d.update(slug="iets-anders"))
        refused(
            bundle.folder, f"{DOCUMENT}: slug: The slug must match the file name (vitaal-bestuur)."
        )

    def test_a_period_that_starts_after_it_ends(self, bundle):
        change(bundle, lambda d: d.update(start_year=2016, end_year=2015))
        refused(
            bundle.folder, f"{DOCUMENT}: end_year: The end year cannot be before the start year."
        )

    def test_a_year_before_the_ministry(self, bundle):
        change(bundle, lambda d: d.update(start_year=1700))
        refused(bundle.folder, f"{DOCUMENT}: start_year: This must be at least 1798.")

    def test_an_unknown_status(self, bundle):
        change(bundle, lambda d: d.update(status="archived"))
        refused(
            bundle.folder, f"{DOCUMENT}: status: This must be one of: draft, published, withdrawn."
        )

    def test_a_published_programme_without_a_publication_time(self, bundle):
        change(bundle, lambda d: d.update(published_at=None))
        refused(bundle.folder, f"{DOCUMENT}")

    def test_a_date_that_does_not_exist(self, bundle):
        change(bundle, lambda d: d["documents"][1].update(publication_date="2015-02-30"))
        refused(
            bundle.folder,
            f"{DOCUMENT}: documents[1].publication_date: This is not a date that exists",
        )

    def test_an_image_without_alternative_text(self, bundle):
        change(bundle, lambda d: d.update(image_alt_text_nl=""))
        refused(bundle.folder, f"{DOCUMENT}: image_alt_text")

    def test_a_document_with_a_file_and_an_external_address(self, bundle):
        change(bundle, lambda d: d["documents"][0].update(external_url="https://example.org/"))
        refused(
            bundle.folder,
            f"{DOCUMENT}: documents[0].external_url: A document has a file or an external address, not both.",
        )

    def test_a_document_key_used_twice(self, bundle):
        change(bundle, lambda d: d["documents"][1].update(key=d["documents"][0]["key"]))
        refused(bundle.folder, f"{DOCUMENT}: documents[1].key: The key")

    def test_a_former_address_of_another_programme(self, bundle):
        other = ProgrammeFactory(slug="ander")
        FormerSlug.objects.create(programme=other, slug="oud-adres")
        change(bundle, lambda d: d.update(former_slugs=["oud-adres"]))
        refused(
            bundle.folder,
            f"{DOCUMENT}: former_slugs[0]: The address oud-adres belongs to another programme here.",
        )

    def test_all_problems_are_reported_at_once(self, bundle):
        def many(document):
            document.update(start_year="x", title_nl="")
            document["objectives"][0].pop("name_nl")

        change(bundle, many)
        messages = refused(bundle.folder, "start_year", "title_nl", "objectives[0].name_nl")
        assert len(messages) == 3


class TestManifest:
    def test_a_checksum_that_does_not_match(self, bundle):
        bundle.write(
            DOCUMENT, bundle.read(DOCUMENT).replace(b"Programma", b"Programme"), resign=False
        )
        refused(
            bundle.folder,
            "manifest.json: programmes[0].sha256: The checksum of programmes/vitaal-bestuur.json does not match",
        )

    def test_the_same_programme_twice(self, bundle):
        manifest = bundle.manifest()
        manifest["programmes"].append(dict(manifest["programmes"][0]))
        bundle.save_manifest(manifest)
        refused(
            bundle.folder,
            "manifest.json: programmes[1].path: programmes/vitaal-bestuur.json is listed twice.",
        )

    def test_a_programme_document_that_is_missing(self, bundle):
        bundle.remove(DOCUMENT)
        refused(bundle.folder, "programmes/vitaal-bestuur.json is not in the bundle.")

    def test_a_newer_format_version(self, bundle):
        manifest = bundle.manifest()
        manifest.update(format_version=2, new_field=True)
        bundle.save_manifest(manifest)
        messages = refused(
            bundle.folder,
            "This bundle has format version 2, made by a newer version of this site; this site reads format version 1.",
        )
        assert len(messages) == 1

    def test_no_manifest(self, bundle):
        bundle.remove("manifest.json")
        refused(bundle.folder, "The bundle has no manifest.json.")

    def test_a_manifest_without_programmes(self, bundle):
        manifest = bundle.manifest()
        manifest["programmes"] = []
        bundle.save_manifest(manifest)
        refused(bundle.folder, "manifest.json: programmes: This list needs at least 1 item(s).")

    def test_an_empty_folder(self, tmp_path):
        (tmp_path / "leeg").mkdir()
        refused(tmp_path / "leeg", "The bundle is empty.")

    def test_an_empty_zip(self, tmp_path):
        with zipfile.ZipFile(tmp_path / "leeg.zip", "w"):
            pass
        refused(tmp_path / "leeg.zip", "The bundle is empty.")

    def test_a_zip_asking_for_a_newer_zip_version(self, bundle, tmp_path):
        # Found by the damaged-byte property test: the "version needed to extract" of an entry.
        target = bundle.zip(tmp_path / "nieuwer.zip")
        data = bytearray(target.read_bytes())
        central = data.index(b"PK\x01\x02")
        data[central + 6] = 64  # version 6.4
        target.write_bytes(bytes(data))
        (message,) = refused(target)
        assert message.startswith("nieuwer.zip: The zip file cannot be read: zip file version 6.4")

    def test_something_that_is_not_a_bundle(self, tmp_path):
        (tmp_path / "rapport.pdf").write_bytes(pdf_bytes())
        refused(tmp_path / "rapport.pdf", "This is neither a folder nor a .zip file.")
        refused(tmp_path / "bestaat-niet.zip", "There is no bundle at this path.")


class TestFiles:
    def file_entry(self, bundle: EditableBundle) -> dict:
        return bundle.programme(SLUG)["documents"][0]["file"]

    def test_a_file_missing_from_the_bundle(self, bundle):
        bundle.remove(self.file_entry(bundle)["path"])
        refused(
            bundle.folder, f"{DOCUMENT}: documents[0].file.path: files/vitaal-bestuur/documents/"
        )

    def test_a_file_no_entry_names(self, bundle):
        bundle.write("files/vitaal-bestuur/documents/extra.pdf", pdf_bytes(), resign=False)
        refused(
            bundle.folder,
            "files/vitaal-bestuur/documents/extra.pdf: No entry of the bundle names this file.",
        )

    def test_a_stray_file_anywhere(self, bundle):
        bundle.write("leesmij.txt", b"hallo", resign=False)
        refused(bundle.folder, "leesmij.txt: No entry of the bundle names this file.")

    def test_a_file_whose_checksum_does_not_match(self, bundle):
        entry = self.file_entry(bundle)
        data = bytearray(bundle.read(entry["path"]))
        data[-10] ^= 0xFF
        bundle.write(entry["path"], bytes(data), resign=False)
        refused(
            bundle.folder,
            f"{DOCUMENT}: documents[0].file.sha256: The file's SHA-256 checksum does not match",
        )

    def test_a_file_whose_size_does_not_match(self, bundle):
        entry = self.file_entry(bundle)
        bundle.write(entry["path"], bundle.read(entry["path"]) + b"\n", resign=False)
        refused(bundle.folder, f"{DOCUMENT}: documents[0].file.size: The file is")

    def test_a_pdf_that_is_really_html(self, bundle):
        bundle.replace_file(SLUG, 0, b"<!DOCTYPE html><html><script>alert(1)</script></html>")
        refused(
            bundle.folder,
            f"{DOCUMENT}: documents[0].file.content_type: The file is stated to be application/pdf, but its content is text/html.",
        )

    def test_a_type_that_is_not_allowed(self, bundle):
        elf = b"\x7fELF\x02\x01\x01" + b"\x00" * 100
        bundle.replace_file(SLUG, 0, elf)

        def declare(document):
            document["documents"][0]["file"]["content_type"] = "application/x-executable"

        change(bundle, declare)
        refused(bundle.folder, f"{DOCUMENT}: documents[0].file.content_type: This must be one of:")

    def test_an_image_that_is_not_an_image(self, bundle):
        document = bundle.programme(SLUG)
        path = document["image"]["path"]
        data = b"\x89PNG\r\n\x1a\n" + b"not really an image" * 10
        bundle.write(path, data, resign=False)
        document["image"].update(size=len(data), sha256=sha256(data))
        bundle.save_programme(SLUG, document)
        refused(bundle.folder, f"{DOCUMENT}: image.path: The image cannot be read")

    def test_one_file_named_twice(self, bundle):
        def twice(document):
            document["documents"][1]["file"] = dict(document["documents"][0]["file"])

        change(bundle, twice)
        refused(bundle.folder, f"{DOCUMENT}: documents[1].file.path: ")

    @pytest.mark.parametrize(
        "path", ["files/../../etc/passwd", "/etc/passwd", "files\\vitaal\\x.pdf", "files/./x.pdf"]
    )
    def test_a_path_that_leaves_the_bundle_in_a_document(self, bundle, path):
        change(bundle, lambda d: d["documents"][0]["file"].update(path=path))
        refused(bundle.folder, f"{DOCUMENT}: documents[0].file.path: This must be")


def zip_with(bundle: EditableBundle, target, entries: dict) -> object:
    """The bundle as a zip, plus raw entries (ZipInfo or name -> bytes)."""
    path = bundle.zip(target)
    with zipfile.ZipFile(path, "a") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


class TestUnsafeBundles:
    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("../../etc/passwd", "Entry names may not contain '..'"),
            ("files/../../../etc/cron.d/x", "Entry names may not contain '..'"),
            ("/etc/passwd", "Entry names must be relative, not absolute."),
            ("files\\..\\..\\evil.pdf", "Entry names may not contain backslashes."),
            ("C:/Windows/evil.pdf", "Entry names must be relative, not absolute."),
        ],
    )
    def test_path_traversal_in_a_zip(self, bundle, tmp_path, name, expected):
        refused(zip_with(bundle, tmp_path / "b.zip", {name: b"x"}), expected)

    def test_a_symlink_in_a_zip(self, bundle, tmp_path):
        link = zipfile.ZipInfo("files/vitaal-bestuur/link")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        refused(
            zip_with(bundle, tmp_path / "b.zip", {link: "/etc/passwd"}),
            "Symbolic links are not accepted.",
        )

    def test_a_symlink_in_a_folder(self, bundle):
        os.symlink("/etc/passwd", bundle.folder / "files" / "passwd")
        refused(bundle.folder, "files/passwd: Symbolic links are not accepted.")

    def test_a_bundle_that_is_a_symlink(self, bundle, tmp_path):
        os.symlink(bundle.folder, tmp_path / "link")
        refused(tmp_path / "link", "The bundle may not be a symbolic link.")

    def test_a_zip_bomb(self, bundle, tmp_path):
        target = bundle.zip(tmp_path / "bomb.zip")
        with zipfile.ZipFile(target, "a", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("files/vitaal-bestuur/bomb.txt", b"\0" * (64 * 1024 * 1024))
        assert target.stat().st_size < 1024 * 1024
        refused(target, "to 1 accepted (a zip bomb?)")

    def test_too_much_in_total(self, bundle, tmp_path, settings):
        settings.ARCHIVE_MAX_TOTAL_BYTES = 1000
        refused(bundle.zip(tmp_path / "b.zip"), "at most 1000 are accepted")

    def test_a_zip_with_thousands_of_entries(self, bundle, tmp_path):
        target = bundle.zip(tmp_path / "many.zip")
        with zipfile.ZipFile(target, "a") as archive:
            for number in range(25_001):
                archive.writestr(f"files/x/{number}", b"")
        refused(target, "entries; at most 25000 are accepted.")

    def test_an_encrypted_entry(self, bundle, tmp_path):
        target = bundle.zip(tmp_path / "b.zip")
        with zipfile.ZipFile(target, "a") as archive:
            info = zipfile.ZipInfo("files/vitaal-bestuur/secret.txt")
            archive.writestr(info, b"x")
        data = bytearray(target.read_bytes())
        # Set the "encrypted" flag of the last entry in its central directory record.
        position = data.rfind(b"PK\x01\x02")
        data[position + 8] |= 0x1
        target.write_bytes(bytes(data))
        refused(target, "Encrypted entries are not accepted.")

    def test_a_damaged_zip(self, bundle, tmp_path):
        target = bundle.zip(tmp_path / "b.zip")
        data = bytearray(target.read_bytes())
        data[100:200] = b"\0" * 100
        target.write_bytes(bytes(data))
        refused(target)


def test_a_refused_import_leaves_no_file_in_storage(bundle, tmp_path):
    bundle.replace_file(SLUG, 0, pdf_bytes(pages=4))
    change(bundle, lambda d: d.update(end_year=1000))
    before = stored_files()
    import_bundle(bundle.zip(tmp_path / "b.zip"))
    assert stored_files() == before


def test_json_paths_name_the_programme_file(bundle):
    change(bundle, lambda d: d["documents"][1].update(kind="brochure"))
    messages = refused(bundle.folder)
    assert messages == [
        "programmes/vitaal-bestuur.json: documents[1].kind: This must be one of: "
        "plan_of_approach, guide, knowledge_document, parliamentary_letter, other."
    ]
    json.dumps(messages)
