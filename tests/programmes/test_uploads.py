"""Uploads through the admin: documents by their content, images checked and cleaned."""

from io import BytesIO

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from programmes.models import Programme
from publishing.services import publish
from tests.factories import ProgrammeFactory, UserFactory, pdf_bytes
from tests.html import form_values, parse, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Redacteur"))
    client.force_login(user)
    return client


def save_with(editor, programme: Programme, files: dict, **values):
    url = reverse("admin:programmes_programme_change", args=[programme.pk])
    data = form_values(parse(editor.get(url)), "programme_form")
    data.update(values)
    data.update(files)
    return editor.post(url, data)


def add_document(editor, programme, upload):
    return save_with(
        editor,
        programme,
        {"documents-0-file": upload},
        **{
            "documents-TOTAL_FORMS": "1",
            "documents-0-position": "1",
            "documents-0-title_nl": "Bijlage",
            "documents-0-kind": "other",
            "documents-0-language": "nl",
        },
    )


def errors(response) -> str:
    return " ".join(text_of(e) for e in parse(response).select(".errorlist"))


class TestDocuments:
    @pytest.mark.parametrize(
        ("name", "content"),
        [
            ("rapport.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
            ("rapport.pdf", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
            ("rapport.pdf", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
            ("rapport.pdf", b"\xef\xbb\xbf  <html><body>x</body></html>"),
            ("programma.exe", b"MZ\x90\x00" + b"\x00" * 200),
            ("foto.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),
            ("archief.pdf", b"PK\x03\x04" + b"\x00" * 100),
        ],
    )
    def test_a_disguised_or_unwanted_file_is_refused(self, editor, name, content):
        programme = ProgrammeFactory()
        response = add_document(editor, programme, SimpleUploadedFile(name, content))
        assert response.status_code == 200
        assert "worden niet geaccepteerd" in errors(response)
        assert not programme.documents.exists()

    def test_a_file_over_the_limit_is_refused(self, editor, settings):
        settings.DOCUMENT_MAX_UPLOAD_BYTES = 1000
        programme = ProgrammeFactory()
        response = add_document(
            editor, programme, SimpleUploadedFile("groot.pdf", pdf_bytes() + b"0" * 2000)
        )
        assert "de grens is" in errors(response)
        assert not programme.documents.exists()

    def test_a_real_pdf_is_stored_under_a_generated_name(self, editor):
        programme = ProgrammeFactory()
        response = add_document(
            editor, programme, SimpleUploadedFile("../../geheim.PDF", pdf_bytes(2))
        )
        assert response.status_code == 302, errors(response)
        document = programme.documents.get()
        assert document.file.name.startswith("toolbox/documents/")
        assert document.file.name.endswith(".pdf")
        assert "geheim" not in document.file.name
        assert (document.content_type, document.page_count) == ("application/pdf", 2)


def jpeg_with_location() -> bytes:
    image = Image.new("RGB", (64, 48), (200, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x0112] = 6  # Orientation: rotated
    gps = {1: "N", 2: (52.0, 5.0, 0.0), 3: "E", 4: (4.0, 18.0, 0.0)}
    exif[0x8825] = gps
    buffer = BytesIO()
    image.save(buffer, format="JPEG", exif=exif, comment=b"secret comment")
    return buffer.getvalue()


class TestImages:
    def test_metadata_is_stripped_and_the_image_turned_upright(self, editor):
        original = jpeg_with_location()
        assert Image.open(BytesIO(original)).getexif()
        programme = ProgrammeFactory()
        response = save_with(
            editor,
            programme,
            {"image": SimpleUploadedFile("foto.jpg", original)},
            image_alt_text_nl="Een foto",
        )
        assert response.status_code == 302, errors(response)
        programme.refresh_from_db()
        with programme.image.open("rb") as stream:
            data = stream.read()
        stored = Image.open(BytesIO(data))
        assert not stored.getexif()
        assert b"secret comment" not in data
        assert b"Camera maker" not in data
        assert stored.size == (48, 64)  # the orientation was applied
        assert (programme.image_width, programme.image_height) == (48, 64)

    def test_renditions_for_visitors_carry_no_metadata_either(self, client, editor):
        programme = ProgrammeFactory()
        save_with(
            editor,
            programme,
            {"image": SimpleUploadedFile("foto.jpg", jpeg_with_location())},
            image_alt_text_nl="Een foto",
        )
        publish(item=programme)
        src = parse(client.get(programme.get_absolute_url())).select_one("figure img")["src"]
        data = b"".join(client.get(src).streaming_content)
        assert not Image.open(BytesIO(data)).getexif()
        assert b"Camera maker" not in data

    @pytest.mark.parametrize(
        ("name", "content"),
        [
            (
                "logo.svg",
                b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            ),
            ("foto.png", b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
            ("foto.jpg", b"<!DOCTYPE html><p>geen foto</p>"),
        ],
    )
    def test_an_svg_or_anything_else_that_is_not_an_image_is_refused(self, editor, name, content):
        programme = ProgrammeFactory()
        response = save_with(
            editor, programme, {"image": SimpleUploadedFile(name, content)}, image_alt_text_nl="x"
        )
        assert response.status_code == 200
        assert "afbeelding" in errors(response).lower()
        programme.refresh_from_db()
        assert not programme.image

    def test_a_decompression_bomb_is_refused(self, editor, settings):
        buffer = BytesIO()
        Image.new("1", (12_000, 12_000)).save(buffer, format="PNG")
        assert len(buffer.getvalue()) < 100_000
        programme = ProgrammeFactory()
        response = save_with(
            editor,
            programme,
            {"image": SimpleUploadedFile("bom.png", buffer.getvalue())},
            image_alt_text_nl="x",
        )
        assert "pixels" in errors(response)
        programme.refresh_from_db()
        assert not programme.image

    def test_a_decorative_image_needs_no_alternative_text_and_is_skipped(self, client, editor):
        programme = ProgrammeFactory()
        buffer = BytesIO()
        Image.new("RGB", (20, 10)).save(buffer, format="PNG")
        response = save_with(
            editor,
            programme,
            {"image": SimpleUploadedFile("streep.png", buffer.getvalue())},
            image_is_decorative="on",
            image_alt_text_nl="",
        )
        assert response.status_code == 302, errors(response)
        publish(item=programme)
        image = parse(client.get(programme.get_absolute_url())).select_one("figure img")
        assert image["alt"] == ""

    def test_an_informative_image_needs_alternative_text(self, editor):
        programme = ProgrammeFactory()
        buffer = BytesIO()
        Image.new("RGB", (20, 10)).save(buffer, format="PNG")
        response = save_with(
            editor,
            programme,
            {"image": SimpleUploadedFile("kaart.png", buffer.getvalue())},
            image_alt_text_nl="",
        )
        assert "Beschrijf de afbeelding" in errors(response)
