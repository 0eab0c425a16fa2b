"""Harvesters hear of every removal an editor or archivist makes, by whatever page or command:
a new address in the change form, a deletion (one or many), a document taken out of a
programme, a version restored, an import. Each is noted by the write path itself, in its own
transaction (openmetadata/tracking.py), not by a signal on every save."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from archive.importer import import_bundle
from openmetadata.identifiers import document_identifier, exhibition_identifier
from openmetadata.identifiers import programme_identifier as programme_id
from openmetadata.models import DeletedRecord
from programmes.models import Programme
from publishing import services
from tests.bundles import EditableBundle
from tests.factories import (
    ExhibitionFactory,
    ProgrammeFactory,
    ToolboxDocumentFactory,
    UserFactory,
)
from tests.html import form_values, parse

pytestmark = pytest.mark.django_db


def gone() -> set[str]:
    """The identifiers OAI-PMH reports as deleted now."""
    return set(DeletedRecord.objects.current().values_list("identifier", flat=True))


@pytest.fixture
def editor(client):
    user = UserFactory(editor=True)
    user.groups.add(Group.objects.get(name="Redacteur"))
    client.force_login(user)
    return client


@pytest.fixture
def programme():
    programme = ProgrammeFactory(published=True, slug="oud")
    ToolboxDocumentFactory(programme=programme, key="plan", position=1)
    ToolboxDocumentFactory(programme=programme, key="verslag", position=2)
    return programme


@pytest.fixture
def reviewer():
    user = UserFactory(editor=True)
    user.groups.add(Group.objects.get(name="Eindredacteur"))
    reviewer = Client()
    reviewer.force_login(user)
    return reviewer


def publish_changes(reviewer, model: str, pk: int, form_id: str) -> None:
    """The Eindredacteur publishes the draft: only then do harvesters hear of the changes."""
    values = change_form(reviewer, model, pk, form_id) | {"_publish": "1"}
    values.pop("related_programmes", None)
    response = reviewer.post(reverse(f"admin:{model}_change", args=[pk]), values)
    assert response.status_code == 302


def change_form(client, model: str, pk: int, form_id: str) -> dict:
    page = parse(client.get(reverse(f"admin:{model}_change", args=[pk])))
    return form_values(page, form_id)


def test_a_new_address_in_the_change_form_leaves_the_old_records_deleted(
    editor, reviewer, programme
):
    values = change_form(editor, "programmes_programme", programme.pk, "programme_form")
    values["slug"] = "nieuw"
    response = editor.post(
        reverse("admin:programmes_programme_change", args=[programme.pk]), values
    )
    assert response.status_code == 302
    assert gone() == set()  # a draft: nothing changed for harvesters yet
    publish_changes(reviewer, "programmes_programme", programme.pk, "programme_form")
    assert gone() == {
        programme_id("oud"),
        document_identifier("oud", "plan"),
        document_identifier("oud", "verslag"),
    }


def test_a_document_taken_out_in_the_change_form_is_a_deleted_record(editor, reviewer, programme):
    values = change_form(editor, "programmes_programme", programme.pk, "programme_form")
    plan = str(programme.documents.get(key="plan").pk)
    row = next(
        name
        for name, value in values.items()
        if name.startswith("documents-") and name.endswith("-id") and value == plan
    )
    values[row.replace("-id", "-DELETE")] = "on"
    response = editor.post(
        reverse("admin:programmes_programme_change", args=[programme.pk]), values
    )
    assert response.status_code == 302
    assert gone() == set()
    publish_changes(reviewer, "programmes_programme", programme.pk, "programme_form")
    assert gone() == {document_identifier("oud", "plan")}


def test_deleting_a_programme_on_its_delete_page_leaves_deleted_records(admin_client, programme):
    response = admin_client.post(
        reverse("admin:programmes_programme_delete", args=[programme.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Programme.objects.exists()
    assert programme_id("oud") in gone()
    assert document_identifier("oud", "verslag") in gone()


def test_deleting_several_with_the_list_action_leaves_a_deleted_record_each(admin_client):
    first, second = ProgrammeFactory(published=True), ProgrammeFactory(published=True)
    ProgrammeFactory(slug="concept")  # a draft leaves no trace
    selected = {"action": "delete_selected", "_selected_action": [first.pk, second.pk]}
    url = reverse("admin:programmes_programme_changelist")
    assert admin_client.post(url, selected).status_code == 200  # the confirmation page
    response = admin_client.post(url, {**selected, "post": "yes"})
    assert response.status_code == 302
    assert gone() == {programme_id(first.slug), programme_id(second.slug)}


def test_deleting_a_document_on_its_own_page_is_a_deleted_record(admin_client, programme):
    document = programme.documents.get(key="verslag")
    response = admin_client.post(
        reverse("admin:toolbox_toolboxdocument_delete", args=[document.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert gone() == {document_identifier("oud", "verslag")}


def test_moving_a_document_to_another_programme_leaves_its_old_record_deleted(
    admin_client, programme
):
    other = ProgrammeFactory(published=True, slug="ander")
    document = programme.documents.get(key="verslag")
    values = change_form(
        admin_client, "toolbox_toolboxdocument", document.pk, "toolboxdocument_form"
    )
    values["programme"] = str(other.pk)
    response = admin_client.post(
        reverse("admin:toolbox_toolboxdocument_change", args=[document.pk]), values
    )
    assert response.status_code == 302
    assert gone() == {document_identifier("oud", "verslag")}


def test_restoring_a_version_with_another_address_leaves_the_later_one_deleted(reviewer):
    editor = reviewer  # restoring a version of a published page publishes it
    programme = ProgrammeFactory(slug="eerst")
    services.publish(item=programme)
    services.rename(item=programme, slug="later")
    assert gone() == {programme_id("eerst")}
    first = Version.objects.get_for_object(programme).order_by("pk").first()
    url = reverse("admin:programmes_programme_revision", args=[programme.pk, first.pk])
    values = form_values(parse(editor.get(url)), "programme_form")
    assert values["slug"] == "eerst"
    assert editor.post(url, values).status_code == 302
    programme.refresh_from_db()
    assert programme.slug == "eerst"
    assert gone() == {programme_id("later")}


def test_an_exhibition_renamed_in_the_admin_leaves_its_old_record_deleted(editor, reviewer):
    exhibition = ExhibitionFactory(published=True, slug="voor")
    values = change_form(editor, "exhibitions_exhibition", exhibition.pk, "exhibition_form")
    values.pop("related_programmes", None)
    values["slug"] = "na"
    response = editor.post(
        reverse("admin:exhibitions_exhibition_change", args=[exhibition.pk]), values
    )
    assert response.status_code == 302
    assert gone() == set()
    publish_changes(reviewer, "exhibitions_exhibition", exhibition.pk, "exhibition_form")
    assert gone() == {exhibition_identifier("voor")}


def test_an_import_that_takes_a_programme_back_to_draft_leaves_deleted_records(tmp_path, programme):
    bundle = EditableBundle.export(tmp_path / "bundle", "oud")
    document = bundle.programme("oud")
    document.update(status="draft", published_at=None)
    bundle.save_programme("oud", document)
    report = import_bundle(bundle.folder)
    assert report.outcome == "imported", report.problems
    assert gone() == {
        programme_id("oud"),
        document_identifier("oud", "plan"),
        document_identifier("oud", "verslag"),
    }
    # And back: importing it published again brings them back, in the same way.
    document.update(status="published", published_at="2020-01-01T00:00:00Z")
    bundle.save_programme("oud", document)
    assert import_bundle(bundle.folder).outcome == "imported"
    assert gone() == set()


def test_a_withdrawn_programme_taken_back_to_draft_stays_a_deleted_record(programme):
    """Withdrawn, harvesters read it as deleted from its own table; back in draft it leaves
    that table, so the deletion is kept for it."""
    services.withdraw(item=programme)
    assert gone() == set()
    services.unpublish(item=programme)
    assert programme_id("oud") in gone()
