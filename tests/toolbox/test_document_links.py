"""Each document link says what the visitor gets, in the manner of Rijksoverheid sites."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import ToolboxDocumentFactory, pdf_bytes
from tests.html import parse, text_of

pytestmark = pytest.mark.django_db


def item(client, document, language_prefix: str = "") -> str:
    page = parse(client.get(language_prefix + document.programme.get_absolute_url()))
    return text_of(page.select_one("li.document"))


def test_a_pdf_says_format_pages_and_size_in_dutch_number_format(client):
    pdf = pdf_bytes(pages=12) + b"%" + b"0" * 1_250_000
    document = ToolboxDocumentFactory(
        programme__published=True,
        title_nl="Eindrapport",
        file=SimpleUploadedFile("eindrapport.pdf", pdf),
    )
    assert document.page_count == 12
    assert item(client, document) == "Eindrapport (PDF | 12 pagina's | 1,2 MB)"


def test_the_english_page_uses_english_words_and_numbers(client):
    pdf = pdf_bytes(pages=1) + b"%" + b"0" * 1_250_000
    document = ToolboxDocumentFactory(
        programme__published=True, title_en="Final report", file=SimpleUploadedFile("r.pdf", pdf)
    )
    page = parse(
        client.get(document.programme.get_absolute_url().replace("/programmas/", "/en/programmes/"))
    )
    assert text_of(page.select_one("li.document")) == "Final report (PDF | 1 page | 1.2 MB)"


def test_a_file_that_is_not_a_pdf_has_no_page_count(client):
    document = ToolboxDocumentFactory(
        programme__published=True,
        title_nl="Cijfers",
        file=SimpleUploadedFile("cijfers.csv", b"jaar;aantal\n2015;7\n"),
    )
    assert document.page_count is None
    assert item(client, document) == "Cijfers (CSV | 19 bytes)"


def test_a_broken_pdf_is_kept_without_a_page_count(client):
    document = ToolboxDocumentFactory(
        programme__published=True, file=SimpleUploadedFile("kapot.pdf", b"%PDF-1.7\nrommel")
    )
    assert document.content_type == "application/pdf"
    assert document.page_count is None


def test_a_document_elsewhere_is_marked_as_external(client):
    document = ToolboxDocumentFactory(
        programme__published=True,
        title_nl="Kamerbrief",
        external_url="https://www.rijksoverheid.nl/documenten/kamerstukken/2015/11/09/x",
    )
    page = parse(client.get(document.programme.get_absolute_url()))
    link = page.select_one("li.document a")
    assert text_of(link) == "Kamerbrief (externe website)"
    assert "external" in link["rel"]


def test_a_document_without_file_or_address_is_not_digitally_available(client):
    document = ToolboxDocumentFactory(programme__published=True, title_nl="Plan van aanpak")
    assert item(client, document) == "Plan van aanpak (niet digitaal beschikbaar)"


def test_downloads_may_be_cached(client):
    document = ToolboxDocumentFactory(programme__published=True, with_pdf=True)
    response = client.get(document.public_url)
    assert "max-age" in response["Cache-Control"]
    assert response["Last-Modified"]
