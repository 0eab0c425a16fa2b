"""Archivists import and export in the admin, through the same code as the commands."""

import io
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from archive.exporter import export_bundle
from archive.models import ArchiveImport
from programmes.models import Programme
from tests.bundles import database_state
from tests.factories import ProgrammeFactory, ToolboxDocumentFactory, UserFactory, pdf_bytes
from tests.html import parse, text_of

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def archivist(client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Archivaris"))
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def bundle_zip(tmp_path):
    programme = ProgrammeFactory(published=True, slug="vitaal-bestuur", title_nl="Vitaal bestuur")
    ToolboxDocumentFactory(programme=programme, file=SimpleUploadedFile("r.pdf", pdf_bytes()))
    target = tmp_path / "bundle.zip"
    export_bundle(target, as_zip=True)
    Programme.objects.all().delete()
    return target


def upload(client, path, name="bundle.zip"):
    return client.post(
        reverse("admin:archive_import"),
        {"bundle": SimpleUploadedFile(name, path.read_bytes(), "application/zip")},
    )


def test_the_archivist_group_can_import_and_export_and_nothing_more():
    group = Group.objects.get(name="Archivaris")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert codenames == {
        "import_archive",
        "export_archive",
        "view_archiveimport",
        "view_programme",
        "view_toolboxdocument",
        # Exhibitions, to export them (exhibitions/migrations/0004).
        "view_exhibition",
        "view_timelineitem",
        "view_curator",
    }


def test_an_archivist_uploads_reads_the_dry_run_and_confirms(archivist, bundle_zip, client):
    before = database_state()
    page = parse(upload(archivist, bundle_zip))
    assert "aanmaken vitaal-bestuur" in text_of(page.select_one(".archive-plan"))
    assert database_state() == before
    record = ArchiveImport.objects.get()
    assert (record.dry_run, record.outcome, record.user) == (True, "checked", archivist.user)
    assert record.source == ArchiveImport.Source.ADMIN

    token = page.select_one("input[name=token]")["value"]
    response = archivist.post(reverse("admin:archive_import"), {"token": token, "confirm": "1"})
    assert response.status_code == 302
    programme = Programme.objects.get(slug="vitaal-bestuur")
    assert programme.documents.get().file
    record = ArchiveImport.objects.filter(dry_run=False).get()
    assert (record.outcome, record.created, record.user) == ("imported", 1, archivist.user)
    assert response["Location"] == reverse("admin:archive_archiveimport_change", args=[record.pk])
    assert client.get("/programmas/vitaal-bestuur/").status_code == 200


def test_a_bad_bundle_shows_every_problem_and_offers_no_confirmation(
    archivist, bundle_zip, tmp_path
):
    with zipfile.ZipFile(bundle_zip, "a") as archive:
        archive.writestr("../../etc/passwd", b"root")
    page = parse(upload(archivist, bundle_zip))
    problems = [text_of(li) for li in page.select(".archive-problems li")]
    assert any("Entry names may not contain '..'" in p or "'..'" in p for p in problems)
    assert page.select_one("input[name=confirm]") is None
    assert not Programme.objects.exists()


def test_a_confirmation_without_the_upload_is_refused(archivist):
    response = archivist.post(
        reverse("admin:archive_import"), {"token": "0" * 32, "confirm": "1"}, follow=True
    )
    assert "niet meer beschikbaar" in text_of(parse(response)) or "no longer" in text_of(
        parse(response)
    )
    assert not ArchiveImport.objects.filter(dry_run=False).exists()


def test_a_token_from_another_session_is_refused(archivist, bundle_zip, client):
    page = parse(upload(archivist, bundle_zip))
    token = page.select_one("input[name=token]")["value"]
    other = UserFactory(is_staff=True)
    other.groups.add(Group.objects.get(name="Archivaris"))
    from django.test import Client

    intruder = Client()
    intruder.force_login(other)
    intruder.post(reverse("admin:archive_import"), {"token": token, "confirm": "1"})
    assert not Programme.objects.exists()


def test_an_archivist_exports_selected_programmes_as_a_zip(archivist):
    chosen = ProgrammeFactory(slug="gekozen")
    ProgrammeFactory(slug="niet-gekozen")
    response = archivist.post(
        reverse("admin:programmes_programme_changelist"),
        {"action": "export_selected", "_selected_action": [chosen.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == ["manifest.json", "programmes/gekozen.json"]


def test_an_archivist_cannot_change_programmes_users_or_site_settings(archivist):
    programme = ProgrammeFactory()
    change = reverse("admin:programmes_programme_change", args=[programme.pk])
    assert archivist.post(change, {"title_nl": "Anders"}).status_code == 403
    assert archivist.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert archivist.get("/admin/website/sitesettings/1/change/").status_code == 403
    actions = parse(archivist.get(reverse("admin:programmes_programme_changelist")))
    offered = [o["value"] for o in actions.select("select[name=action] option") if o["value"]]
    assert offered == ["export_selected"]


def test_an_editor_without_the_permission_cannot_import(client, bundle_zip):
    editor = UserFactory(is_staff=True, permissions=["view_programme", "change_programme"])
    client.force_login(editor)
    assert client.get(reverse("admin:archive_import")).status_code == 403
    assert upload(client, bundle_zip).status_code == 403


def test_the_import_log_is_read_only(archivist, bundle_zip):
    upload(archivist, bundle_zip)
    record = ArchiveImport.objects.get()
    page = archivist.get(reverse("admin:archive_archiveimport_change", args=[record.pk]))
    assert page.status_code == 200
    assert (
        archivist.post(
            reverse("admin:archive_archiveimport_delete", args=[record.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert ArchiveImport.objects.count() == 1
