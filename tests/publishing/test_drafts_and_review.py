"""Drafts of published items and the four-eyes review, through the change form as rendered.

A Redacteur changes a live programme: visitors keep seeing the published text until an
Eindredacteur, not the author, publishes the changes; the draft can be compared, previewed and
discarded; every step is audited and the Eindredacteuren are mailed.
"""

import datetime

import pytest
import reversion
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from programmes.models import Objective, Programme
from publishing.models import ReviewState
from tests.factories import (
    MINIMAL_PDF,
    ObjectiveFactory,
    ProgrammeFactory,
    ToolboxDocumentFactory,
    UserFactory,
    png_upload,
)
from tests.html import form_values, parse
from toolbox.models import ToolboxDocument
from website.models import AuditEvent

pytestmark = pytest.mark.django_db

OLD = "Inleiding zoals bezoekers hem lezen."
NEW = "Inleiding met een verbetering die nog niet af is."


def member_of(group: str, name: str) -> Client:
    user = UserFactory(username=name, first_name=name.capitalize(), is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def redacteur() -> Client:
    return member_of("Redacteur", "rosa")


@pytest.fixture
def eindredacteur() -> Client:
    return member_of("Eindredacteur", "erik")


@pytest.fixture
def live():
    programme = ProgrammeFactory(
        published=True, slug="live", title_nl="Live programma", introduction_nl=f"<p>{OLD}</p>"
    )
    ObjectiveFactory(programme=programme, position=1, name_nl="Eerste", description_nl="een;")
    ObjectiveFactory(programme=programme, position=2, name_nl="Tweede", description_nl="twee.")
    return programme


def change_url(item: Programme) -> str:
    return reverse("admin:programmes_programme_change", args=[item.pk])


def press(client: Client, item: Programme, button: str, **changes) -> object:
    """Open the change form, change fields as an editor would, press a button by its name."""
    page = parse(client.get(change_url(item)))
    buttons = {b.get("name") for b in page.find_all("button") if b.get("name")}
    buttons |= {i.get("name") for i in page.find_all("input", type="submit")}
    assert button in buttons, f"the form offers no {button} button: {sorted(buttons)}"
    values = form_values(page, "programme_form")
    values.update(changes)
    values[button] = "1"
    return client.post(change_url(item), values, follow=True)


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def public_text(client: Client) -> str:
    return Client().get("/programmas/live/").content.decode()


def test_a_redacteur_changes_a_live_programme_and_visitors_keep_the_published_text(redacteur, live):
    assert OLD in public_text(redacteur)
    response = press(redacteur, live, "_continue", introduction_nl=f"<p>{NEW}</p>")
    assert response.status_code == 200
    assert OLD in public_text(redacteur)
    assert NEW not in public_text(redacteur)
    page = parse(redacteur.get(change_url(live)))
    assert NEW in page.find("textarea", attrs={"name": "introduction_nl"}).get_text()
    assert "concept met wijzigingen" in page.find(class_="publication-bar").get_text()
    # The list shows the published programme once, with where its changes stand.
    listing = parse(redacteur.get(reverse("admin:programmes_programme_changelist")))
    rows = listing.find(id="result_list").find("tbody").find_all("tr")
    assert len(rows) == 1
    assert "concept met wijzigingen" in rows[0].get_text()
    assert Programme.objects.count() == 1
    assert Programme.with_drafts.count() == 2


def test_the_draft_is_invisible_to_every_public_reader(redacteur, live):
    press(redacteur, live, "_continue", introduction_nl=f"<p>{NEW}</p>", title_nl="Nieuw")
    anonymous = Client()
    assert "Nieuw" not in body(anonymous.get("/sitemap.xml"))
    oai = anonymous.get("/oai/", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
    assert oai.content.decode().count("programme/live") == 1
    assert "Nieuw" not in body(anonymous.get("/open-data/programmas.json"))
    assert "Nieuw" not in anonymous.get("/programmas/", {"q": "verbetering"}).content.decode()


def test_submitting_mails_the_eindredacteuren_and_waits_in_the_review_list(
    redacteur, eindredacteur, live, django_capture_on_commit_callbacks
):
    press(redacteur, live, "_continue", introduction_nl=f"<p>{NEW}</p>")
    with django_capture_on_commit_callbacks(execute=True):
        response = press(redacteur, live, "_submit_for_review", review_message="Typfout hersteld.")
    assert "Ter beoordeling aangeboden" in response.content.decode()
    draft = Programme.with_drafts.get(draft_of=live)
    assert draft.review_state == ReviewState.SUBMITTED
    assert draft.submitted_by == redacteur.user
    assert [message.to for message in mail.outbox] == [[eindredacteur.user.email]]
    assert "Typfout hersteld." in mail.outbox[0].body
    assert change_url(live) in mail.outbox[0].body
    waiting = eindredacteur.get(reverse("admin-review-list")).content.decode()
    assert "Live programma" in waiting
    assert "Rosa" in waiting
    assert "Typfout hersteld." in waiting
    assert AuditEvent.objects.filter(action="submitted", object_id=str(live.pk)).exists()


def test_a_redacteur_cannot_publish(redacteur, live):
    press(redacteur, live, "_continue", introduction_nl=f"<p>{NEW}</p>")
    page = parse(redacteur.get(change_url(live)))
    assert page.find("button", attrs={"name": "_publish"}) is None
    values = form_values(page, "programme_form") | {"_publish": "1"}
    redacteur.post(change_url(live), values)
    assert OLD in public_text(redacteur)


def test_nobody_publishes_what_they_changed_themselves(eindredacteur, live):
    press(eindredacteur, live, "_continue", introduction_nl=f"<p>{NEW}</p>")
    page = parse(eindredacteur.get(change_url(live)))
    assert page.find("button", attrs={"name": "_publish"}) is None
    assert "vier ogen" in page.find(class_="publication-bar").get_text()
    values = form_values(page, "programme_form") | {"_publish": "1"}
    eindredacteur.post(change_url(live), values)
    assert OLD in public_text(eindredacteur)


def test_sent_back_with_a_comment_changed_and_published_by_the_eindredacteur(
    redacteur, eindredacteur, live
):
    objective = live.objectives.get(position=1)
    press(redacteur, live, "_submit_for_review", introduction_nl=f"<p>{NEW}</p>")
    press(eindredacteur, live, "_send_back", review_message="Maak de zin af.")
    page = parse(redacteur.get(change_url(live)))
    assert "Maak de zin af." in page.find(class_="publication-bar").get_text()
    press(
        redacteur,
        live,
        "_submit_for_review",
        introduction_nl="<p>Inleiding, nu af.</p>",
        **{"objectives-0-description_nl": "een, beter;"},
    )
    response = press(eindredacteur, live, "_publish")
    assert "Gepubliceerd" in response.content.decode()
    assert "Inleiding, nu af." in public_text(eindredacteur)
    assert not Programme.with_drafts.filter(draft_of=live).exists()
    # The published rows kept their identity: a part is changed in place, not replaced.
    objective.refresh_from_db()
    assert objective.description_nl == "een, beter;"
    assert Objective.objects.filter(programme=live).count() == 2
    live.refresh_from_db()
    assert live.status == Programme.Status.PUBLISHED
    assert live.review_state == ""
    newest = Version.objects.get_for_object(live).first()
    assert "Rosa" in newest.revision.comment or "rosa" in newest.revision.comment
    actions = list(
        AuditEvent.objects.filter(object_id=str(live.pk)).values_list("action", flat=True)
    )
    assert {"submitted", "returned", "published"} <= set(actions)


def test_parts_added_removed_and_reordered_in_the_draft_arrive_together(
    redacteur, eindredacteur, live
):
    first, second = live.objectives.order_by("position")
    page = parse(redacteur.get(change_url(live)))
    values = form_values(page, "programme_form")
    values.update(
        {
            "objectives-0-position": "2",
            "objectives-1-position": "1",
            "objectives-TOTAL_FORMS": "3",
            "objectives-2-position": "3",
            "objectives-2-name_nl": "Derde",
            "objectives-2-description_nl": "drie.",
            "objectives-2-name_en": "Third",
            "objectives-2-description_en": "three.",
            "objectives-2-programme": values["objectives-0-programme"],
            "_continue": "1",
        }
    )
    response = redacteur.post(change_url(live), values)
    assert response.status_code == 302, parse(response).find(class_="errornote")
    assert [o.name_nl for o in live.objectives.order_by("position")] == ["Eerste", "Tweede"]
    press(redacteur, live, "_submit_for_review")
    press(eindredacteur, live, "_publish")
    names = [o.name_nl for o in Objective.objects.filter(programme=live).order_by("position")]
    assert names == ["Tweede", "Eerste", "Derde"]
    assert {first.pk, second.pk} <= set(live.objectives.values_list("pk", flat=True))


def test_the_comparison_shows_the_changed_words(redacteur, live):
    press(redacteur, live, "_continue", introduction_nl=f"<p>{NEW}</p>")
    url = reverse("admin:programmes_programme_changes", args=[live.pk])
    page = parse(redacteur.get(url))
    assert "Inleiding (Nederlands)" in page.get_text()
    assert "verbetering" in " ".join(i.get_text() for i in page.find_all("ins"))
    assert "zoals" in " ".join(d.get_text() for d in page.find_all("del"))


def test_the_preview_shows_the_draft_and_the_published_version_on_request(redacteur, live):
    press(redacteur, live, "_continue", introduction_nl=f"<p>{NEW}</p>")
    url = reverse("admin:programmes_programme_preview", args=[live.pk])
    assert NEW in redacteur.get(url, {"lang": "nl"}).content.decode()
    assert OLD in redacteur.get(url, {"lang": "nl", "version": "live"}).content.decode()


def test_discarding_the_draft_keeps_the_published_version(redacteur, live):
    press(redacteur, live, "_continue", introduction_nl=f"<p>{NEW}</p>")
    press(redacteur, live, "_discard_draft")
    assert not Programme.with_drafts.filter(draft_of=live).exists()
    page = parse(redacteur.get(change_url(live)))
    assert OLD in page.find("textarea", attrs={"name": "introduction_nl"}).get_text()
    assert AuditEvent.objects.filter(action="discarded", object_id=str(live.pk)).exists()


def test_a_form_opened_before_a_colleague_started_a_draft_is_refused(redacteur, live):
    colleague = member_of("Redacteur", "karel")
    stale = form_values(parse(redacteur.get(change_url(live))), "programme_form")
    press(colleague, live, "_continue", introduction_nl="<p>Van Karel.</p>")
    response = redacteur.post(change_url(live), stale | {"introduction_nl": "<p>Van Rosa.</p>"})
    assert "Open de nieuwere versie" in response.content.decode()
    draft = Programme.with_drafts.get(draft_of=live)
    assert "Van Karel." in draft.introduction_nl


def test_scheduled_changes_replace_the_published_text_when_their_time_comes(
    redacteur, eindredacteur, live
):
    press(redacteur, live, "_submit_for_review", introduction_nl=f"<p>{NEW}</p>")
    at = timezone.localtime() + datetime.timedelta(days=2)
    press(eindredacteur, live, "_publish", publish_at=at.strftime("%Y-%m-%dT%H:%M"))
    call_command("publish_due_drafts")
    assert OLD in public_text(eindredacteur)
    state = parse(eindredacteur.get(change_url(live))).find(class_="publication-bar")
    assert "ingepland" in state.get_text()
    with time_machine.travel(at + datetime.timedelta(minutes=1)):
        call_command("publish_due_drafts")
        assert NEW in public_text(eindredacteur)
    assert not Programme.with_drafts.filter(draft_of=live).exists()


def test_changing_a_scheduled_draft_withdraws_its_approval(redacteur, eindredacteur, live):
    press(redacteur, live, "_submit_for_review", introduction_nl=f"<p>{NEW}</p>")
    at = timezone.localtime() + datetime.timedelta(hours=1)
    press(eindredacteur, live, "_publish", publish_at=at.strftime("%Y-%m-%dT%H:%M"))
    press(redacteur, live, "_continue", introduction_nl="<p>Nog iets anders.</p>")
    with time_machine.travel(at + datetime.timedelta(minutes=1)):
        call_command("publish_due_drafts")
    assert OLD in public_text(redacteur)


def test_publishing_without_english_asks_for_confirmation(redacteur, eindredacteur):
    programme = ProgrammeFactory(slug="nieuw", introduction_en="")
    press(redacteur, programme, "_submit_for_review")
    page = parse(eindredacteur.get(change_url(programme)))
    assert "Inleiding" in page.find(class_="publication-bar").get_text()
    response = press(eindredacteur, programme, "_publish")
    assert "Engels" in response.content.decode()
    programme.refresh_from_db()
    assert programme.status == Programme.Status.DRAFT
    press(eindredacteur, programme, "_publish", publish_without_english="on")
    programme.refresh_from_db()
    assert programme.status == Programme.Status.PUBLISHED


def test_an_exhibition_draft_keeps_its_items_and_opening_item_when_published(
    redacteur, eindredacteur
):
    from exhibitions.models import Exhibition
    from tests.factories import ExhibitionFactory, TimelineItemFactory

    exhibition = ExhibitionFactory(published=True, slug="democratie")
    opening = TimelineItemFactory(exhibition=exhibition, slug="begin", title_nl="Begin")
    TimelineItemFactory(exhibition=exhibition, slug="later", title_nl="Later")
    exhibition.opening_item = opening
    exhibition.save()
    url = reverse("admin:exhibitions_exhibition_change", args=[exhibition.pk])

    def press_exhibition(client, button, **changes):
        values = form_values(parse(client.get(url)), "exhibition_form")
        values.pop("related_programmes", None)
        values.update(changes, **{button: "1"})
        response = client.post(url, values)
        assert response.status_code == 302, parse(response).select(".errorlist")

    page = parse(redacteur.get(url))
    row = next(
        name
        for name, value in form_values(page, "exhibition_form").items()
        if name.endswith("-title_nl") and value == "Begin"
    )
    press_exhibition(redacteur, "_submit_for_review", **{row: "De aanvang"})
    draft = Exhibition.with_drafts.get(draft_of=exhibition)
    assert draft.opening_item.exhibition_id == draft.pk  # the draft opens with its own copy
    assert Client().get("/tentoonstellingen/democratie/").content.decode().count("De aanvang") == 0
    press_exhibition(eindredacteur, "_publish")
    exhibition.refresh_from_db()
    opening.refresh_from_db()
    assert exhibition.opening_item_id == opening.pk
    assert opening.title_nl == "De aanvang"
    assert exhibition.items.count() == 2
    assert "De aanvang" in Client().get("/tentoonstellingen/democratie/").content.decode()


def test_an_eindredacteur_restores_an_earlier_version_of_a_live_programme(
    redacteur, eindredacteur, live
):
    with reversion.create_revision():
        live.save()
    press(redacteur, live, "_submit_for_review", introduction_nl=f"<p>{NEW}</p>")
    press(eindredacteur, live, "_publish")
    assert NEW in public_text(eindredacteur)
    versions = Version.objects.get_for_object(live)
    earlier = next(v for v in versions if OLD in v.field_dict["introduction_nl"])
    url = reverse("admin:programmes_programme_revision", args=[live.pk, earlier.pk])
    refused = redacteur.get(url, follow=True)
    assert "Alleen een eindredacteur" in refused.content.decode()
    values = form_values(parse(eindredacteur.get(url)), "programme_form")
    assert eindredacteur.post(url, values).status_code == 302
    assert OLD in public_text(eindredacteur)


def test_restoring_while_a_draft_is_open_says_the_draft_stays(redacteur, eindredacteur, live):
    with reversion.create_revision():
        live.save()
    press(redacteur, live, "_continue", introduction_nl=f"<p>{NEW}</p>")
    version = Version.objects.get_for_object(live).first()
    url = reverse("admin:programmes_programme_revision", args=[live.pk, version.pk])
    page = eindredacteur.get(url).content.decode()
    assert "heeft ook een concept met wijzigingen" in page
    assert Programme.with_drafts.filter(draft_of=live).exists()


def test_files_uploaded_to_a_live_programme_wait_in_the_draft_until_publication(
    redacteur, eindredacteur, live
):
    ToolboxDocumentFactory(programme=live, position=1, title_nl="Plan", key="plan")
    page = parse(redacteur.get(change_url(live)))
    values = form_values(page, "programme_form") | {
        "image": png_upload(),
        "image_alt_text_nl": "Een kaart",
        "image_alt_text_en": "A map",
        "documents-0-file": SimpleUploadedFile("plan.pdf", MINIMAL_PDF, "application/pdf"),
        "_continue": "1",
    }
    response = redacteur.post(change_url(live), values)
    assert response.status_code == 302, parse(response).select(".errorlist")
    live.refresh_from_db()
    assert not live.image
    assert not ToolboxDocument.objects.get(programme=live).file
    assert ToolboxDocument.objects.get(programme__draft_of=live).file

    press(redacteur, live, "_submit_for_review")
    press(eindredacteur, live, "_publish")
    live.refresh_from_db()
    assert live.image.storage.exists(live.image.name)
    document = ToolboxDocument.objects.get(programme=live)
    assert (document.key, document.file_size) == ("plan", len(MINIMAL_PDF))
    assert Client().get(live.get_absolute_url()).status_code == 200
