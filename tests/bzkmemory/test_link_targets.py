"""The rich-text editor's link tool lists programmes, exhibitions and documents for signed-in
staff only (bzkmemory/link_targets.py)."""

import pytest
from django.utils import timezone

from programmes.models import Programme
from tests.factories import (
    ExhibitionFactory,
    ProgrammeFactory,
    ToolboxDocumentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

URL = "/admin/link-targets/"


def results(client, **params) -> list[dict]:
    response = client.get(URL, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()["results"]


def titles(client, **params) -> set[str]:
    return {result["title"] for result in results(client, **params)}


@pytest.fixture
def editor_client(client):
    client.force_login(UserFactory(editor=True))
    return client


def test_anonymous_visitors_are_sent_to_sign_in(client):
    ProgrammeFactory(published=True)
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_signed_in_people_who_are_not_staff_get_nothing(client):
    ProgrammeFactory(published=True)
    client.force_login(UserFactory())
    response = client.get(URL)
    assert response.status_code in (302, 403)
    assert b"Programma" not in response.content


def test_no_shared_cache_keeps_the_list(editor_client):
    response = editor_client.get(URL)
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_items_are_found_by_part_of_a_title_in_either_language(editor_client):
    programme = ProgrammeFactory(
        published=True, title_nl="Digitale overheid", title_en="Digital government"
    )
    ProgrammeFactory(published=True, title_nl="Andere zaken", title_en="Other matters")
    found = results(editor_client, q="digit")
    assert found == [
        {
            "title": "Digitale overheid",
            "url": f"/programmas/{programme.slug}/",
            "kind": "programma",
            "public": True,
        }
    ]
    assert titles(editor_client, q="government") == {"Digitale overheid"}


def test_an_english_field_links_to_the_english_page(editor_client):
    programme = ProgrammeFactory(published=True, title_en="Digital government")
    [found] = results(editor_client, q="digital", lang="en")
    assert found["title"] == "Digital government"
    assert found["url"] == f"/en/programmes/{programme.slug}/"


def test_exhibitions_and_documents_with_an_address_are_offered(editor_client):
    exhibition = ExhibitionFactory(published=True, title_nl="Lokale democratie")
    programme = ProgrammeFactory(published=True)
    document = ToolboxDocumentFactory(
        programme=programme, title_nl="Handreiking wonen", with_pdf=True
    )
    ToolboxDocumentFactory(programme=programme, title_nl="Handreiking zonder bestand")
    found = results(editor_client, q="lokale")
    assert [(r["kind"], r["url"]) for r in found] == [
        ("tentoonstelling", f"/tentoonstellingen/{exhibition.slug}/")
    ]
    assert [r["url"] for r in results(editor_client, q="handreiking")] == [document.public_url]


def test_drafts_are_offered_only_to_editors_who_may_view_them(client):
    ProgrammeFactory(title_nl="Concept programma")
    ProgrammeFactory(
        title_nl="Later programma",
        status=Programme.Status.PUBLISHED,
        published_at=timezone.now() + timezone.timedelta(days=1),
    )
    client.force_login(UserFactory(editor=True))
    assert titles(client, q="programma") == set()

    client.force_login(UserFactory(editor=True, permissions=["view_programme"]))
    found = results(client, q="programma")
    assert {(r["title"], r["public"]) for r in found} == {
        ("Concept programma", False),
        ("Later programma", False),
    }


def test_withdrawn_items_are_never_offered(client):
    ProgrammeFactory(
        title_nl="Ingetrokken programma",
        status=Programme.Status.WITHDRAWN,
        withdrawn_at=timezone.now(),
    )
    client.force_login(UserFactory(editor=True, permissions=["view_programme"]))
    assert titles(client, q="ingetrokken") == set()
