import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import MINIMAL_PDF, ToolboxDocumentFactory

pytestmark = pytest.mark.django_db


def test_a_pdf_opens_in_the_browser_with_a_safe_name_and_no_active_content(client):
    document = ToolboxDocumentFactory(
        programme__published=True, with_pdf=True, title_nl="Plan van aanpak, april 2011"
    )
    response = client.get(document.public_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="plan-van-aanpak-april-2011.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == MINIMAL_PDF


def test_other_files_are_downloaded_not_opened(client):
    document = ToolboxDocumentFactory(
        programme__published=True, file=SimpleUploadedFile("x.csv", b"a;b\n1;2\n")
    )
    response = client.get(document.public_url)
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_documents_of_a_draft_are_not_served(client):
    document = ToolboxDocumentFactory(with_pdf=True)
    assert client.get(document.public_url).status_code == 404


def test_a_document_without_a_file_has_no_download(client):
    document = ToolboxDocumentFactory(programme__published=True)
    url = f"/documenten/{document.programme.slug}/{document.key}/"
    assert client.get(url).status_code == 404


def test_a_file_missing_from_storage_is_not_found_rather_than_an_error(client):
    document = ToolboxDocumentFactory(programme__published=True, with_pdf=True)
    document.file.storage.delete(document.file.name)
    assert client.get(document.public_url).status_code == 404


def test_the_english_address_serves_the_same_file(client):
    document = ToolboxDocumentFactory(programme__published=True, with_pdf=True)
    url = f"/en/documents/{document.programme.slug}/{document.key}/"
    assert client.get(url).status_code == 200


def test_the_address_under_a_former_slug_redirects_to_the_same_file(client):
    """Download addresses are in published metadata: renaming the programme must not break them."""
    document = ToolboxDocumentFactory(
        programme__published=True, programme__slug="oud", with_pdf=True
    )
    old_address = document.public_url
    programme = document.programme
    programme.slug = "nieuw"
    programme.save()
    document.refresh_from_db()
    response = client.get(old_address)
    assert response.status_code == 301
    assert response["Location"] == document.public_url
    assert b"".join(client.get(response["Location"]).streaming_content) == MINIMAL_PDF


def test_a_former_address_of_a_withdrawn_or_unknown_programme_is_not_found(client):
    from publishing.services import withdraw

    document = ToolboxDocumentFactory(
        programme__published=True, programme__slug="oud", with_pdf=True
    )
    programme = document.programme
    programme.slug = "nieuw"
    programme.save()
    withdraw(item=programme)
    assert client.get(f"/documenten/oud/{document.key}/").status_code == 404
    assert client.get(f"/documenten/nooit/{document.key}/").status_code == 404
