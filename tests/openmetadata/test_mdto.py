"""MDTO records of programmes, documents and files: valid against the official schema, with the
values they promise, at their address and in archive exports."""

import datetime
import hashlib
import io
import zipfile
from datetime import UTC, timedelta
from functools import partial
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from lxml import etree

from archive.exporter import ExportError, export_bundle
from archive.importer import import_bundle
from openmetadata import mdto
from openmetadata.schemas import mdto_schema, validation_errors
from programmes.models import Programme
from publishing import services
from tests.bundles import folder_contents
from tests.conftest import SEED_SLUG
from tests.factories import (
    ExhibitionFactory,
    ProgrammeFactory,
    TimelineItemFactory,
    ToolboxDocumentFactory,
    pdf_bytes,
)
from toolbox.models import ToolboxDocument
from website.public_urls import absolute_url

pytestmark = pytest.mark.django_db

BASE = "https://geheugen.example.nl"
URL = partial(absolute_url, base_url=BASE)
NS = {"m": mdto.NAMESPACE}
EXAMPLES = Path(__file__).parents[1] / "data" / "schema_examples"


def texts(element: etree._Element, path: str) -> list[str]:
    return [found.text for found in element.xpath(path, namespaces=NS)]


def text(element: etree._Element, path: str) -> str:
    (found,) = texts(element, path)
    return found


def valid(record: etree._Element) -> etree._Element:
    """The record, after checking it against MDTO-XML1.0.1.xsd as the bytes we publish."""
    assert validation_errors(mdto_schema(), mdto.serialize(record)) == []
    return record


def programme_with_files() -> Programme:
    programme = ProgrammeFactory(published=True, slug="vitaal-bestuur")
    ToolboxDocumentFactory(
        programme=programme,
        title_nl="Eindrapport",
        file=SimpleUploadedFile("eindrapport.pdf", pdf_bytes(pages=2)),
        publication_date="2015-06-30",
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
    return programme


def pdf_with_header(version: bytes) -> bytes:
    data = pdf_bytes()
    assert data.startswith(b"%PDF-1.3")
    return data.replace(b"%PDF-1.3", b"%PDF-" + version, 1)


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


class TestTheSchemaCheck:
    def test_the_official_examples_are_valid(self):
        for name in ("mdto-voorbeeld-bestand.xml", "mdto-voorbeeld-serie-informatieobject.xml"):
            assert validation_errors(mdto_schema(), (EXAMPLES / name).read_bytes()) == []

    def test_a_record_without_a_required_element_is_reported(self, seed_programme):
        record = mdto.programme_record(seed_programme, absolute_url=URL)
        (valuation,) = record.xpath("//m:waardering", namespaces=NS)
        valuation.getparent().remove(valuation)
        errors = validation_errors(mdto_schema(), mdto.serialize(record))
        assert errors
        assert any("waardering" in error for error in errors)

    def test_elements_out_of_order_are_reported(self, seed_programme):
        record = mdto.programme_record(seed_programme, absolute_url=URL)
        (item,) = record
        name = item.find("m:naam", NS)
        item.remove(name)
        item.append(name)
        assert validation_errors(mdto_schema(), record)


class TestProgrammeRecord:
    def test_the_seed_programme_is_valid_and_identified(self, seed_programme, settings):
        record = valid(mdto.programme_record(seed_programme, absolute_url=URL))
        assert record.tag == f"{{{mdto.NAMESPACE}}}MDTO"
        assert record.get(f"{{{mdto.XSI}}}schemaLocation") == mdto.SCHEMA_LOCATION
        item = record[0]
        assert etree.QName(item).localname == "informatieobject"
        assert text(item, "m:identificatie/m:identificatieKenmerk") == (
            f"oai:geheugenvanbzk.nl:programme/{SEED_SLUG}"
        )
        assert text(item, "m:identificatie/m:identificatieBron") == settings.OAI_REPOSITORY_NAME
        assert text(item, "m:naam") == "Risico's en verantwoordelijkheden"
        assert text(item, "m:aggregatieniveau/m:begripLabel") == "Dossier"

    def test_the_archive_creator_is_the_ministry_by_its_tooi_identifier(self, seed_programme):
        item = mdto.programme_record(seed_programme, absolute_url=URL)[0]
        assert text(item, "m:archiefvormer/m:verwijzingNaam") == (
            "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"
        )
        assert text(item, "m:archiefvormer/m:verwijzingIdentificatie/m:identificatieKenmerk") == (
            "https://identifier.overheid.nl/tooi/id/ministerie/mnre1034"
        )
        assert text(item, "m:archiefvormer/m:verwijzingIdentificatie/m:identificatieBron") == "TOOI"

    def test_valuation_and_restrictions_come_from_settings(self, seed_programme, settings):
        item = mdto.programme_record(seed_programme, absolute_url=URL)[0]
        assert text(item, "m:waardering/m:begripCode") == "B"
        assert text(item, "m:waardering/m:begripLabel") == settings.MDTO_VALUATION_LABEL
        assert text(item, "m:beperkingGebruik/m:beperkingGebruikType/m:begripLabel") == (
            settings.MDTO_RESTRICTION_LABEL
        )
        settings.MDTO_VALUATION_CODE = "N"
        settings.MDTO_VALUATION_LABEL = "Nader te bepalen"
        settings.MDTO_RESTRICTION_LABEL = "Geen beperking"
        settings.MDTO_RESTRICTION_LIST = "Begrippenlijst Beperkingen MDTO"
        item = valid(mdto.programme_record(seed_programme, absolute_url=URL))[0]
        assert text(item, "m:waardering/m:begripCode") == "N"
        assert text(item, "m:waardering/m:begripLabel") == "Nader te bepalen"
        restriction = "m:beperkingGebruik/m:beperkingGebruikType"
        assert text(item, f"{restriction}/m:begripLabel") == "Geen beperking"
        assert text(item, f"{restriction}/m:begripBegrippenlijst/m:verwijzingNaam") == (
            "Begrippenlijst Beperkingen MDTO"
        )

    def test_period_languages_description_and_page(self, seed_programme):
        item = mdto.programme_record(seed_programme, absolute_url=URL)[0]
        assert text(item, "m:dekkingInTijd/m:dekkingInTijdBegindatum") == "2011"
        assert text(item, "m:dekkingInTijd/m:dekkingInTijdEinddatum") == "2015"
        assert texts(item, "m:taal") == ["nl", "en"]
        summary, introduction = texts(item, "m:omschrijving")
        assert summary == seed_programme.summary_nl
        assert introduction.startswith("Het programma Risico’s en Verantwoordelijkheden")
        assert "<" not in introduction
        assert texts(item, "m:raadpleeglocatie/m:raadpleeglocatieOnline") == [
            f"{BASE}/programmas/{SEED_SLUG}/"
        ]

    def test_it_names_every_document_as_a_part(self, seed_programme):
        item = mdto.programme_record(seed_programme, absolute_url=URL)[0]
        documents = list(seed_programme.documents.all())
        assert len(documents) == 3
        assert texts(item, "m:bevatOnderdeel/m:verwijzingNaam") == [d.title_nl for d in documents]
        assert texts(item, "m:bevatOnderdeel/m:verwijzingIdentificatie/m:identificatieKenmerk") == [
            f"oai:geheugenvanbzk.nl:document/{SEED_SLUG}/{d.key}" for d in documents
        ]

    def test_a_programme_without_documents_or_english_is_valid(self):
        programme = ProgrammeFactory(published=True, title_en="", start_year=1998, end_year=1998)
        item = valid(mdto.programme_record(programme, absolute_url=URL))[0]
        assert texts(item, "m:bevatOnderdeel") == []
        assert texts(item, "m:taal") == ["nl"]
        assert text(item, "m:dekkingInTijd/m:dekkingInTijdEinddatum") == "1998"

    def test_a_draft_is_not_said_to_be_online(self):
        item = valid(mdto.programme_record(ProgrammeFactory(), absolute_url=URL))[0]
        assert texts(item, "m:raadpleeglocatie") == []

    def test_the_record_is_dutch_whatever_the_language(self, seed_programme):
        with translation.override("en"):
            english = mdto.serialize(mdto.programme_record(seed_programme, absolute_url=URL))
        assert english == mdto.serialize(mdto.programme_record(seed_programme, absolute_url=URL))


class TestDocumentRecords:
    def test_the_seed_documents_are_valid_parts_without_files(self, seed_programme):
        for document in seed_programme.documents.all():
            item = valid(mdto.document_record(document, absolute_url=URL))[0]
            assert text(item, "m:identificatie/m:identificatieKenmerk") == (
                f"oai:geheugenvanbzk.nl:document/{SEED_SLUG}/{document.key}"
            )
            assert text(item, "m:aggregatieniveau/m:begripLabel") == "Archiefstuk"
            assert texts(
                item, "m:isOnderdeelVan/m:verwijzingIdentificatie/m:identificatieKenmerk"
            ) == [f"oai:geheugenvanbzk.nl:programme/{SEED_SLUG}"]
            assert texts(item, "m:heeftRepresentatie") == []
            assert texts(item, "m:taal") == ["nl"]
            with pytest.raises(mdto.NoFile):
                mdto.file_record(document, absolute_url=URL)

    def test_a_known_publication_date_is_a_publication_event(self, seed_programme):
        letter = seed_programme.documents.get(publication_date__isnull=False)
        item = mdto.document_record(letter, absolute_url=URL)[0]
        assert text(item, "m:event/m:eventType/m:begripLabel") == "Publicatie"
        assert text(item, "m:event/m:eventTijd") == "2015-11-09"
        assert texts(item, "m:omschrijving") == [letter.description_nl]
        undated = seed_programme.documents.filter(publication_date__isnull=True).first()
        assert texts(mdto.document_record(undated, absolute_url=URL)[0], "m:event") == []

    def test_a_document_with_a_file_points_at_its_bestand(self):
        programme = programme_with_files()
        report = programme.documents.get(title_nl="Eindrapport")
        item = valid(mdto.document_record(report, absolute_url=URL))[0]
        assert text(item, "m:heeftRepresentatie/m:verwijzingNaam") == "eindrapport.pdf"
        assert (
            text(item, "m:heeftRepresentatie/m:verwijzingIdentificatie/m:identificatieKenmerk")
            == f"oai:geheugenvanbzk.nl:document/vitaal-bestuur/{report.key}/bestand"
        )

    def test_external_and_paper_documents_have_no_bestand(self):
        programme = programme_with_files()
        external = programme.documents.get(title_nl="Elders")
        item = valid(mdto.document_record(external, absolute_url=URL))[0]
        assert texts(item, "m:heeftRepresentatie") == []
        assert texts(item, "m:raadpleeglocatie/m:raadpleeglocatieOnline") == [
            f"{BASE}/programmas/vitaal-bestuur/",
            "https://www.rijksoverheid.nl/x",
        ]
        paper = programme.documents.get(title_nl="Alleen op papier")
        assert (
            texts(valid(mdto.document_record(paper, absolute_url=URL))[0], "m:heeftRepresentatie")
            == []
        )
        for document in (external, paper):
            with pytest.raises(mdto.NoFile):
                mdto.file_record(document, absolute_url=URL)

    def test_every_record_of_a_programme_with_files_is_valid(self):
        programme = programme_with_files()
        valid(mdto.programme_record(programme, absolute_url=URL))
        for document in programme.documents.all():
            valid(mdto.document_record(document, absolute_url=URL))
            if document.file:
                valid(mdto.file_record(document, absolute_url=URL))


class TestFileRecord:
    def test_a_pdf(self):
        data = pdf_bytes(pages=2)
        document = ToolboxDocumentFactory(
            programme=ProgrammeFactory(published=True, slug="vitaal-bestuur"),
            title_nl="Eindrapport",
            file=SimpleUploadedFile("eindrapport.pdf", data),
        )
        item = valid(mdto.file_record(document, absolute_url=URL))[0]
        assert etree.QName(item).localname == "bestand"
        assert text(item, "m:identificatie/m:identificatieKenmerk") == (
            f"oai:geheugenvanbzk.nl:document/vitaal-bestuur/{document.key}/bestand"
        )
        assert text(item, "m:naam") == "eindrapport.pdf"
        assert text(item, "m:omvang") == str(len(data))
        assert text(item, "m:bestandsformaat/m:begripCode") == "fmt/17"
        assert text(item, "m:bestandsformaat/m:begripLabel") == (
            "Acrobat PDF 1.3 - Portable Document Format"
        )
        assert text(item, "m:bestandsformaat/m:begripBegrippenlijst/m:verwijzingNaam") == (
            "PRONOM-register"
        )
        assert text(item, "m:checksum/m:checksumAlgoritme/m:begripLabel") == "SHA256"
        assert text(item, "m:checksum/m:checksumWaarde") == hashlib.sha256(data).hexdigest()
        assert text(item, "m:checksum/m:checksumDatum") == (
            document.updated_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        )
        assert text(item, "m:URLBestand") == f"{BASE}/documenten/vitaal-bestuur/{document.key}/"
        assert text(item, "m:isRepresentatieVan/m:verwijzingNaam") == "Eindrapport"
        assert (
            text(item, "m:isRepresentatieVan/m:verwijzingIdentificatie/m:identificatieKenmerk")
            == f"oai:geheugenvanbzk.nl:document/vitaal-bestuur/{document.key}"
        )

    @pytest.mark.parametrize(
        ("version", "code"),
        [(b"1.4", "fmt/18"), (b"1.7", "fmt/276"), (b"2.0", "fmt/1129")],
    )
    def test_the_pdf_version_in_the_header_decides_the_pronom_code(self, version, code):
        document = ToolboxDocumentFactory(
            file=SimpleUploadedFile("r.pdf", pdf_with_header(version))
        )
        assert document.content_type == "application/pdf"
        item = valid(mdto.file_record(document, absolute_url=URL))[0]
        assert text(item, "m:bestandsformaat/m:begripCode") == code

    def test_an_unreadable_pdf_is_named_by_its_media_type_only(self):
        document = ToolboxDocumentFactory(with_pdf=True)
        default_storage.delete(document.file.name)
        item = valid(mdto.file_record(document, absolute_url=URL))[0]
        assert texts(item, "m:bestandsformaat/m:begripCode") == []
        assert text(item, "m:bestandsformaat/m:begripLabel") == "application/pdf"
        assert text(item, "m:bestandsformaat/m:begripBegrippenlijst/m:verwijzingNaam") == (
            "IANA Media Types"
        )

    def test_an_opendocument_file_has_no_pronom_code(self):
        document = ToolboxDocumentFactory(file=SimpleUploadedFile("notitie.odt", odt_bytes()))
        assert document.content_type == "application/vnd.oasis.opendocument.text"
        item = valid(mdto.file_record(document, absolute_url=URL))[0]
        assert texts(item, "m:bestandsformaat/m:begripCode") == []
        assert text(item, "m:bestandsformaat/m:begripLabel") == document.content_type

    @pytest.mark.parametrize(
        ("content_type", "code"),
        [
            ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "fmt/412"),
            ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "fmt/214"),
            (
                "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                "fmt/215",
            ),
            ("application/msword", "fmt/40"),
            ("text/plain", "x-fmt/111"),
            ("text/csv", "x-fmt/18"),
            ("application/vnd.oasis.opendocument.spreadsheet", ""),
        ],
    )
    def test_formats_known_by_their_content_type(self, content_type, code):
        assert mdto.file_format(ToolboxDocument(content_type=content_type))[0] == code

    def test_a_draft_programmes_file_has_no_public_address(self):
        document = ToolboxDocumentFactory(with_pdf=True)
        assert not document.programme.is_public
        item = valid(mdto.file_record(document, absolute_url=URL))[0]
        assert texts(item, "m:URLBestand") == []


class TestView:
    def test_a_published_programme_has_its_record(self, client, seed_programme):
        response = client.get(f"/programmas/{SEED_SLUG}/mdto.xml")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/xml; charset=utf-8"
        assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<MDTO ')
        assert validation_errors(mdto_schema(), response.content) == []
        record = etree.fromstring(response.content)
        assert text(record, "//m:identificatie/m:identificatieKenmerk") == (
            f"oai:geheugenvanbzk.nl:programme/{SEED_SLUG}"
        )
        assert text(record, "//m:raadpleeglocatieOnline") == (
            f"http://testserver/programmas/{SEED_SLUG}/"
        )
        assert response["Last-Modified"]

    def test_the_english_address_gives_the_same_record(self, client, seed_programme):
        dutch = client.get(f"/programmas/{SEED_SLUG}/mdto.xml")
        english = client.get(f"/en/programmes/{SEED_SLUG}/mdto.xml")
        assert english.status_code == 200
        assert english.content == dutch.content

    def test_public_base_url_is_used_when_set(self, client, seed_programme, settings):
        settings.PUBLIC_BASE_URL = BASE
        record = etree.fromstring(client.get(f"/programmas/{SEED_SLUG}/mdto.xml").content)
        assert text(record, "//m:raadpleeglocatieOnline") == f"{BASE}/programmas/{SEED_SLUG}/"

    def test_a_repeated_request_is_not_modified(self, client, seed_programme):
        first = client.get(f"/programmas/{SEED_SLUG}/mdto.xml")
        again = client.get(
            f"/programmas/{SEED_SLUG}/mdto.xml", headers={"If-None-Match": first["ETag"]}
        )
        assert again.status_code == 304

    def test_draft_withdrawn_and_unknown_programmes_are_not_found(self, client):
        draft = ProgrammeFactory()
        withdrawn = ProgrammeFactory(
            status=Programme.Status.WITHDRAWN,
            published_at=timezone.now(),
            withdrawn_at=timezone.now(),
        )
        scheduled = ProgrammeFactory(
            status=Programme.Status.PUBLISHED,
            published_at=timezone.now() + timedelta(days=1),
        )
        for slug in (draft.slug, withdrawn.slug, scheduled.slug, "bestaat-niet"):
            assert client.get(f"/programmas/{slug}/mdto.xml").status_code == 404

    def test_it_costs_the_same_queries_for_any_number_of_documents(
        self, client, django_assert_num_queries
    ):
        programme = programme_with_files()
        url = f"/programmas/{programme.slug}/mdto.xml"
        # The programme, its documents, its themes.
        with django_assert_num_queries(3):
            client.get(url)
        ToolboxDocumentFactory.create_batch(10, programme=programme)
        with django_assert_num_queries(3):
            assert client.get(url).status_code == 200


class TestExport:
    @pytest.fixture(autouse=True)
    def _english_messages(self):
        with translation.override("en"):
            yield

    def test_mdto_files_are_written_next_to_the_files_and_are_valid(self, tmp_path, seed_programme):
        programme = programme_with_files()
        out = io.StringIO()
        call_command(
            "export_archive", str(tmp_path / "bundle"), mdto=True, base_url=BASE, stdout=out
        )
        contents = folder_contents(tmp_path / "bundle")
        records = {name: data for name, data in contents.items() if name.endswith(".mdto.xml")}
        for name, data in records.items():
            assert validation_errors(mdto_schema(), data) == [], name
        files = [name for name in contents if name.startswith("files/") and name not in records]
        assert len(files) == 2
        for name in files:
            bestand = etree.fromstring(records[f"{name}.mdto.xml"])
            assert text(bestand, "//m:checksumWaarde") == hashlib.sha256(contents[name]).hexdigest()
            assert text(bestand, "//m:omvang") == str(len(contents[name]))
        for slug, documents in ((SEED_SLUG, 3), (programme.slug, 4)):
            assert f"mdto/{slug}.mdto.xml" in records
            assert len([name for name in records if name.startswith(f"mdto/{slug}/")]) == documents
        # Two programmes, seven documents, two files.
        assert len(records) == 2 + 3 + 4 + 2
        assert "11 MDTO" in out.getvalue()

    def test_a_bundle_with_mdto_still_imports(self, tmp_path):
        programme_with_files()
        export_bundle(tmp_path / "bundle.zip", as_zip=True, with_mdto=True, base_url=BASE)
        Programme.objects.all().delete()
        report = import_bundle(tmp_path / "bundle.zip")
        assert report.succeeded, report.problems
        assert Programme.objects.get(slug="vitaal-bestuur").documents.count() == 4

    def test_other_unnamed_files_are_still_refused(self, tmp_path):
        programme_with_files()
        export_bundle(tmp_path / "bundle", with_mdto=True, base_url=BASE)
        (tmp_path / "bundle" / "elders.mdto.xml").write_bytes(b"<MDTO/>")
        report = import_bundle(tmp_path / "bundle", dry_run=True)
        assert not report.succeeded
        assert [problem.file for problem in report.problems] == ["elders.mdto.xml"]

    def test_public_base_url_is_the_default_address(self, tmp_path, seed_programme, settings):
        settings.PUBLIC_BASE_URL = BASE
        export_bundle(tmp_path / "bundle", with_mdto=True)
        record = etree.fromstring((tmp_path / "bundle" / f"mdto/{SEED_SLUG}.mdto.xml").read_bytes())
        assert text(record, "//m:raadpleeglocatieOnline") == f"{BASE}/programmas/{SEED_SLUG}/"

    def test_without_a_base_url_it_fails_and_writes_nothing(
        self, tmp_path, seed_programme, settings
    ):
        settings.PUBLIC_BASE_URL = ""
        with pytest.raises(CommandError, match="public address"):
            call_command("export_archive", str(tmp_path / "bundle"), mdto=True)
        assert not (tmp_path / "bundle").exists()
        with pytest.raises(CommandError, match="public address"):
            call_command("export_archive", str(tmp_path / "b.zip"), zip=True, mdto=True)
        assert list(tmp_path.iterdir()) == []

    def test_an_invalid_record_stops_the_export_and_writes_nothing(
        self, tmp_path, seed_programme, monkeypatch
    ):
        programme_with_files()
        build = mdto.document_record

        def without_valuation(document, *, absolute_url):
            record = build(document, absolute_url=absolute_url)
            (valuation,) = record.xpath("//m:waardering", namespaces=NS)
            valuation.getparent().remove(valuation)
            return record

        monkeypatch.setattr(mdto, "document_record", without_valuation)
        with pytest.raises(ExportError, match=r"would not be valid MDTO.*waardering"):
            export_bundle(tmp_path / "bundle", with_mdto=True, base_url=BASE)
        assert not (tmp_path / "bundle").exists()
        with pytest.raises(ExportError, match="would not be valid MDTO"):
            export_bundle(tmp_path / "b.zip", as_zip=True, with_mdto=True, base_url=BASE)
        assert list(tmp_path.iterdir()) == []

    def test_without_mdto_the_bundle_has_none(self, tmp_path, seed_programme, settings):
        settings.PUBLIC_BASE_URL = ""
        export_bundle(tmp_path / "bundle")
        assert not any(name.endswith(".mdto.xml") for name in folder_contents(tmp_path / "bundle"))


class TestExhibitionView:
    @pytest.fixture
    def exhibition(self):
        exhibition = ExhibitionFactory(published=True, slug="lokale-democratie")
        exhibition.related_programmes.add(
            ProgrammeFactory(published=True, slug="lokaal-bestuur"), ProgrammeFactory()
        )
        TimelineItemFactory(exhibition=exhibition, date=datetime.date(1965, 3, 1))
        TimelineItemFactory(
            exhibition=exhibition, date=datetime.date(1998, 1, 1), date_precision="year"
        )
        return exhibition

    def test_a_published_exhibition_has_its_valid_record(self, client, exhibition):
        response = client.get("/tentoonstellingen/lokale-democratie/mdto.xml")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/xml; charset=utf-8"
        assert validation_errors(mdto_schema(), response.content) == []
        record = etree.fromstring(response.content)
        assert text(record, "//m:identificatie/m:identificatieKenmerk") == (
            "oai:geheugenvanbzk.nl:exhibition/lokale-democratie"
        )
        assert text(record, "//m:dekkingInTijdBegindatum") == "1965-03-01"
        assert text(record, "//m:dekkingInTijdEinddatum") == "1998"
        # Only the related programme visitors can see.
        assert texts(
            record,
            "//m:gerelateerdInformatieobjectVerwijzing/m:verwijzingIdentificatie"
            "/m:identificatieKenmerk",
        ) == ["oai:geheugenvanbzk.nl:programme/lokaal-bestuur"]
        assert client.get("/en/exhibitions/lokale-democratie/mdto.xml").content == response.content

    def test_drafts_scheduled_withdrawn_and_unknown_exhibitions_are_not_found(self, client):
        draft = ExhibitionFactory()
        scheduled = ExhibitionFactory(
            published=True, published_at=timezone.now() + timedelta(days=1)
        )
        withdrawn = services.withdraw(item=ExhibitionFactory(published=True))
        for slug in (draft.slug, scheduled.slug, withdrawn.slug, "bestaat-niet"):
            assert client.get(f"/tentoonstellingen/{slug}/mdto.xml").status_code == 404
