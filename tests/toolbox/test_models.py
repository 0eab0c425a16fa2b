import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from tests.factories import MINIMAL_PDF, ProgrammeFactory, ToolboxDocumentFactory
from toolbox.models import ToolboxDocument

pytestmark = pytest.mark.django_db


def assert_refused_by_database(save) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        save()


class TestFileFacts:
    def test_size_type_and_checksum_are_computed_from_the_uploaded_file(self):
        document = ToolboxDocumentFactory(with_pdf=True)
        document.refresh_from_db()
        assert document.file_size == len(MINIMAL_PDF)
        assert document.sha256 == hashlib.sha256(MINIMAL_PDF).hexdigest()
        assert document.content_type == "application/pdf"

    def test_the_content_type_comes_from_the_bytes_not_the_name(self):
        text = SimpleUploadedFile("rapport.pdf", b"Een gewone tekst, geen PDF.")
        document = ToolboxDocumentFactory(file=text)
        assert document.content_type == "text/plain"
        assert document.format_label == "TXT"
        assert document.file.name.endswith(".txt")

    def test_a_replaced_file_gets_new_facts(self):
        document = ToolboxDocumentFactory(with_pdf=True)
        document.file = SimpleUploadedFile("lijst.csv", b"jaar;aantal\n2015;7\n")
        document.save()
        document.refresh_from_db()
        assert document.file_size == 19
        assert document.content_type == "text/csv"
        assert document.sha256 == hashlib.sha256(b"jaar;aantal\n2015;7\n").hexdigest()

    def test_removing_the_file_clears_its_facts(self):
        document = ToolboxDocumentFactory(with_pdf=True)
        document.file = None
        document.save()
        document.refresh_from_db()
        assert (document.file_size, document.content_type, document.sha256) == (None, "", "")

    def test_uploaded_names_never_reach_storage(self):
        upload = SimpleUploadedFile("../../etc/passwd.pdf", MINIMAL_PDF)
        document = ToolboxDocumentFactory(file=upload)
        assert document.file.name.startswith("toolbox/documents/")
        assert "passwd" not in document.file.name
        assert document.file.name.endswith(".pdf")

    def test_facts_typed_by_hand_are_replaced_by_the_real_ones(self):
        document = ToolboxDocumentFactory(sha256="0" * 64, file_size=12, content_type="x/y")
        document.refresh_from_db()
        assert (document.file_size, document.content_type, document.sha256) == (None, "", "")

    def test_facts_without_a_file_are_refused_by_the_database(self):
        document = ToolboxDocumentFactory()
        assert_refused_by_database(
            lambda: ToolboxDocument.objects.filter(pk=document.pk).update(sha256="0" * 64)
        )

    def test_a_file_without_facts_is_refused_by_the_database(self):
        document = ToolboxDocumentFactory(with_pdf=True)
        assert_refused_by_database(
            lambda: ToolboxDocument.objects.filter(pk=document.pk).update(sha256="")
        )

    def test_a_file_over_the_size_limit_is_refused(self, settings):
        settings.DOCUMENT_MAX_UPLOAD_BYTES = 100
        document = ToolboxDocumentFactory.build(
            programme=ProgrammeFactory(), file=SimpleUploadedFile("groot.pdf", MINIMAL_PDF)
        )
        with pytest.raises(ValidationError) as error:
            document.full_clean()
        assert "file" in error.value.message_dict


class TestConstraints:
    def test_a_document_has_a_file_or_an_external_address_not_both(self):
        assert_refused_by_database(
            lambda: ToolboxDocumentFactory(
                with_pdf=True, external_url="https://www.rijksoverheid.nl/documenten"
            )
        )

    def test_full_clean_explains_a_file_with_an_external_address(self):
        document = ToolboxDocumentFactory.build(
            programme=ProgrammeFactory(),
            file=SimpleUploadedFile("a.pdf", MINIMAL_PDF),
            external_url="https://www.rijksoverheid.nl/",
        )
        with pytest.raises(ValidationError) as error:
            document.full_clean()
        assert "external_url" in error.value.message_dict

    def test_a_document_may_have_neither(self):
        document = ToolboxDocumentFactory()
        assert not document.file
        assert not document.external_url
        assert document.public_url == ""

    def test_the_kind_must_be_known(self):
        assert_refused_by_database(lambda: ToolboxDocumentFactory(kind="brochure"))

    def test_a_position_is_used_once_per_programme(self):
        first = ToolboxDocumentFactory(position=1)
        assert_refused_by_database(
            lambda: ToolboxDocumentFactory(programme=first.programme, position=1)
        )


class TestKeys:
    def test_the_key_comes_from_the_dutch_title(self):
        document = ToolboxDocumentFactory(title_nl="Plan van aanpak april 2011")
        assert document.key == "plan-van-aanpak-april-2011"

    def test_keys_are_unique_within_a_programme(self):
        programme = ProgrammeFactory()
        first = ToolboxDocumentFactory(programme=programme, title_nl="Brief")
        second = ToolboxDocumentFactory(programme=programme, title_nl="Brief")
        assert (first.key, second.key) == ("brief", "brief-2")

    def test_a_key_stays_when_the_title_changes(self):
        document = ToolboxDocumentFactory(title_nl="Brief")
        document.title_nl = "Kamerbrief"
        document.save()
        assert document.key == "brief"

    def test_two_documents_with_one_key_are_refused_by_the_database(self):
        first = ToolboxDocumentFactory()
        assert_refused_by_database(
            lambda: ToolboxDocumentFactory(programme=first.programme, key=first.key)
        )


def test_documents_fall_into_the_sections_of_the_page():
    programme = ProgrammeFactory()
    kinds = ToolboxDocument.Kind
    plan = ToolboxDocumentFactory(programme=programme, kind=kinds.PLAN_OF_APPROACH)
    guide = ToolboxDocumentFactory(programme=programme, kind=kinds.GUIDE)
    knowledge = ToolboxDocumentFactory(programme=programme, kind=kinds.KNOWLEDGE_DOCUMENT)
    letter = ToolboxDocumentFactory(programme=programme, kind=kinds.PARLIAMENTARY_LETTER)
    other = ToolboxDocumentFactory(programme=programme, kind=kinds.OTHER)
    assert programme.plan_documents == [plan]
    assert programme.toolbox_documents == [guide, knowledge]
    assert programme.other_documents == [letter, other]
