"""Editors maintain programmes in the Django admin, in Dutch, with both languages side by side."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from programmes.models import Programme
from tests.factories import (
    MINIMAL_PDF,
    ObjectiveFactory,
    ProgrammeFactory,
    UserFactory,
)
from tests.html import form_values, parse, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    editor = UserFactory(editor=True)
    editor.groups.add(Group.objects.get(name="Redacteur"))
    client.force_login(editor)
    client.user = editor
    return client


@pytest.fixture
def eindredacteur_client():
    reviewer = UserFactory(editor=True)
    reviewer.groups.add(Group.objects.get(name="Eindredacteur"))
    client = Client()
    client.force_login(reviewer)
    return client


def inline(prefix: str, rows: list[dict]) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{field}": value for field, value in row.items()})
    return data


def new_programme_form(editor_client) -> dict:
    page = parse(editor_client.get(reverse("admin:programmes_programme_add")))
    values = form_values(page, "programme_form")
    values.update(
        {
            "title_nl": "Vitaal bestuur",
            "title_en": "Vital governance",
            "slug": "vitaal-bestuur",
            "summary_nl": "Een programma over bestuur.",
            "summary_en": "A programme about governance.",
            "introduction_nl": "<p>Inleiding.</p><script>alert('x')</script>",
            "introduction_en": "<p>Introduction.</p>",
            "objectives_introduction_nl": "Het programma had als doelstellingen:",
            "start_year": "2018",
            "end_year": "2021",
        }
    )
    values.update(
        inline(
            "objectives",
            [
                {"position": "1", "name_nl": "Inzicht", "description_nl": "meer inzicht;"},
                {"position": "2", "name_nl": "Visie", "description_nl": "een visie."},
            ],
        )
    )
    values.update(inline("planned_results", [{"position": "1", "text_nl": "een rapport"}]))
    values.update(inline("achieved_results", [{"position": "1", "text_nl": "Het rapport is er."}]))
    values.update(
        inline(
            "documents",
            [
                {
                    "position": "1",
                    "title_nl": "Eindrapport",
                    "kind": "knowledge_document",
                    "language": "nl",
                    "file": SimpleUploadedFile("eindrapport.pdf", MINIMAL_PDF),
                }
            ],
        )
    )
    return values


def test_the_admin_speaks_dutch(editor_client):
    page = parse(editor_client.get(reverse("admin:programmes_programme_add")))
    assert page.html["lang"] == "nl"
    assert text_of(page.find("h1")) == "programma toevoegen"
    assert "Het geheugen van BZK" in text_of(page.find(id="site-name"))


def test_the_admin_loads_nothing_from_another_host(editor_client):
    page = parse(editor_client.get(reverse("admin:programmes_programme_add")))
    addresses = [tag["src"] for tag in page.find_all("script", src=True)]
    addresses += [tag["href"] for tag in page.find_all("link", href=True)]
    assert any("js/admin-form.js" in address for address in addresses)
    for address in addresses:
        assert address.startswith("/"), address
        assert not address.startswith("//"), address


def test_an_editor_adds_a_programme_that_visitors_see_once_it_is_reviewed_and_published(
    editor_client, eindredacteur_client, client
):
    values = new_programme_form(editor_client)
    values["_continue"] = "1"
    response = editor_client.post(reverse("admin:programmes_programme_add"), values)
    assert response.status_code == 302, parse(response).select(".errorlist")

    programme = Programme.objects.get(slug="vitaal-bestuur")
    change = reverse("admin:programmes_programme_change", args=[programme.pk])
    submitted = form_values(parse(editor_client.get(change)), "programme_form")
    assert editor_client.post(change, submitted | {"_submit_for_review": "1"}).status_code == 302
    assert client.get("/programmas/vitaal-bestuur/").status_code == 404
    approved = form_values(parse(eindredacteur_client.get(change)), "programme_form")
    approved |= {"_publish": "1", "publish_without_english": "on"}
    assert eindredacteur_client.post(change, approved).status_code == 302
    programme.refresh_from_db()
    assert programme.status == Programme.Status.PUBLISHED
    assert [o.name_nl for o in programme.objectives.all()] == ["Inzicht", "Visie"]
    document = programme.documents.get()
    assert (document.content_type, document.file_size) == ("application/pdf", len(MINIMAL_PDF))
    assert "<script>" not in programme.introduction_nl

    editor_client.logout()
    page = parse(client.get("/programmas/vitaal-bestuur/"))
    assert text_of(page.h1) == "Vitaal bestuur"
    assert [text_of(li.strong) for li in page.select("ol.objectives li")] == ["Inzicht", "Visie"]
    for script in page.find_all("script"):
        # Only our own script files, and the data block of structured data; nothing inline runs.
        assert script.get("type") == "application/ld+json" or script["src"].startswith("/static/")
    assert "alert(" not in str(page)
    download = client.get(page.select_one("li.document a")["href"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == MINIMAL_PDF


def test_a_programme_saved_without_publishing_stays_a_draft(editor_client, client):
    values = new_programme_form(editor_client)
    response = editor_client.post(reverse("admin:programmes_programme_add"), values)
    assert response.status_code == 302
    assert Programme.objects.get(slug="vitaal-bestuur").status == Programme.Status.DRAFT
    assert client.get("/programmas/vitaal-bestuur/").status_code == 404


def test_the_publish_action_publishes_the_selected_programmes(eindredacteur_client):
    programmes = ProgrammeFactory.create_batch(2)
    response = eindredacteur_client.post(
        reverse("admin:programmes_programme_changelist"),
        {"action": "publish_selected", "_selected_action": [p.pk for p in programmes]},
        follow=True,
    )
    assert text_of(parse(response).select_one(".messagelist")) == "2 programma's gepubliceerd."
    assert Programme.objects.published().count() == 2


def test_the_unpublish_action_takes_programmes_off_the_site(eindredacteur_client, client):
    programme = ProgrammeFactory(published=True)
    eindredacteur_client.post(
        reverse("admin:programmes_programme_changelist"),
        {"action": "unpublish_selected", "_selected_action": [programme.pk]},
    )
    assert client.get(programme.get_absolute_url()).status_code == 404


def test_errors_are_shown_and_nothing_is_saved(editor_client):
    values = new_programme_form(editor_client)
    values.update({"start_year": "2022", "end_year": "2021", "objectives-1-position": "1"})
    response = editor_client.post(reverse("admin:programmes_programme_add"), values)
    assert response.status_code == 200
    errors = text_of(parse(response).find("form", id="programme_form"))
    assert "Het eindjaar kan niet voor het beginjaar liggen." in errors
    assert not Programme.objects.exists()


def change_form(editor_client, programme: Programme) -> dict:
    page = parse(
        editor_client.get(reverse("admin:programmes_programme_change", args=[programme.pk]))
    )
    return form_values(page, "programme_form")


def test_an_editor_can_swap_two_objectives(editor_client):
    programme = ProgrammeFactory()
    first = ObjectiveFactory(programme=programme, position=1, name_nl="Eerste")
    second = ObjectiveFactory(programme=programme, position=2, name_nl="Tweede")
    values = change_form(editor_client, programme)
    assert values["objectives-0-position"] == "1"
    values.update({"objectives-0-position": "2", "objectives-1-position": "1"})
    response = editor_client.post(
        reverse("admin:programmes_programme_change", args=[programme.pk]), values
    )
    assert response.status_code == 302, parse(response).select(".errorlist")
    assert list(programme.objectives.all()) == [second, first]


def test_two_objectives_in_one_position_are_refused(editor_client):
    programme = ProgrammeFactory()
    ObjectiveFactory(programme=programme, position=1)
    ObjectiveFactory(programme=programme, position=2)
    values = change_form(editor_client, programme)
    values["objectives-1-position"] = "1"
    response = editor_client.post(
        reverse("admin:programmes_programme_change", args=[programme.pk]), values
    )
    assert response.status_code == 200
    assert parse(response).select(".errorlist")
    assert sorted(programme.objectives.values_list("position", flat=True)) == [1, 2]


def test_an_editor_can_remove_an_objective_and_give_its_place_to_a_new_one(editor_client):
    programme = ProgrammeFactory()
    ObjectiveFactory(programme=programme, position=1, name_nl="Oud")
    values = change_form(editor_client, programme)
    values.update(
        {
            "objectives-0-DELETE": "on",
            "objectives-TOTAL_FORMS": "2",
            "objectives-1-position": "1",
            "objectives-1-name_nl": "Nieuw",
            "objectives-1-description_nl": "nieuwe beschrijving",
        }
    )
    response = editor_client.post(
        reverse("admin:programmes_programme_change", args=[programme.pk]), values
    )
    assert response.status_code == 302, parse(response).select(".errorlist")
    assert [o.name_nl for o in programme.objectives.all()] == ["Nieuw"]


def test_the_list_shows_state_and_period_and_finds_english_titles(editor_client):
    ProgrammeFactory(title_nl="Risico's", title_en="Risks", start_year=2011, end_year=2015)
    ProgrammeFactory(title_nl="Bestuur", title_en="Governance")
    response = editor_client.get(reverse("admin:programmes_programme_changelist"), {"q": "Risks"})
    rows = parse(response).select("#result_list tbody tr")
    assert len(rows) == 1
    assert "2011–2015" in text_of(rows[0])
    assert "Concept" in text_of(rows[0])


def test_view_on_site_links_to_the_public_page(editor_client):
    programme = ProgrammeFactory(published=True)
    page = parse(
        editor_client.get(reverse("admin:programmes_programme_change", args=[programme.pk]))
    )
    link = page.select_one("a.viewsitelink")
    assert link is not None
    response = editor_client.get(link["href"])
    assert response.status_code == 302
    assert response["Location"].endswith(programme.get_absolute_url())


def test_a_visitor_cannot_reach_the_admin(client, db):
    response = client.get(reverse("admin:programmes_programme_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
