"""Editors maintain exhibitions in the admin with the programmes' workflow: drafts, preview,
publication, history and sanitised rich text."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from exhibitions.models import Exhibition
from tests.factories import CuratorFactory, ExhibitionFactory, TimelineItemFactory, UserFactory
from tests.html import form_values, parse, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    editor = UserFactory(editor=True)
    editor.groups.add(Group.objects.get(name="Redacteur"))
    client.force_login(editor)
    return client


@pytest.fixture
def reviewer_client():
    reviewer = UserFactory(editor=True)
    reviewer.groups.add(Group.objects.get(name="Eindredacteur"))
    client = Client()
    client.force_login(reviewer)
    return client


def publish_in_the_form(client, exhibition) -> None:
    """An Eindredacteur opens the change form and presses the publish button."""
    url = reverse("admin:exhibitions_exhibition_change", args=[exhibition.pk])
    values = form_values(parse(client.get(url)), "exhibition_form")
    values.pop("related_programmes", None)
    values |= {"_publish": "1", "publish_without_english": "on"}
    response = client.post(url, values)
    assert response.status_code == 302, parse(response).select(".errorlist")


def test_an_editor_makes_an_exhibition_with_a_timeline_that_is_then_published(
    editor_client, reviewer_client
):
    curator = CuratorFactory()
    page = parse(editor_client.get(reverse("admin:exhibitions_exhibition_add")))
    values = form_values(page, "exhibition_form")
    values.pop("related_programmes", None)  # a browser sends nothing for an empty multi-select
    values.update(
        {
            "title_nl": "Lokale democratie",
            "slug": "lokale-democratie",
            "curator": str(curator.pk),
            "teaser_nl": "Het begin.",
            "curator_introduction_nl": "<p>Inleiding.</p><script>alert(1)</script>",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-0-date": "1965-03-01",
            "items-0-date_precision": "day",
            "items-0-title_nl": "Herindeling",
            "items-0-slug": "herindeling",
            "items-0-kind": "text",
            "items-0-text_nl": "<p>Gemeenten <em>samengevoegd</em>.</p>",
            "_continue": "1",
        }
    )
    response = editor_client.post(reverse("admin:exhibitions_exhibition_add"), values)
    assert response.status_code == 302, parse(response).select(".errorlist")
    exhibition = Exhibition.objects.get(slug="lokale-democratie")
    assert exhibition.status == "draft"
    publish_in_the_form(reviewer_client, exhibition)
    exhibition.refresh_from_db()
    assert exhibition.status == "published"
    assert exhibition.curator_introduction_nl == "<p>Inleiding.</p>"
    assert exhibition.items.get().text_nl == "<p>Gemeenten <em>samengevoegd</em>.</p>"
    assert Version.objects.get_for_object(exhibition).exists()
    assert Client().get("/tentoonstellingen/lokale-democratie/").status_code == 200


def test_an_editor_previews_a_draft_in_both_languages(editor_client):
    exhibition = ExhibitionFactory(slug="concept")
    TimelineItemFactory(exhibition=exhibition)
    url = reverse("admin:exhibitions_exhibition_preview", args=[exhibition.pk])
    for language, heading in (("nl", "Tijdlijn"), ("en", "Timeline")):
        response = editor_client.get(url, {"lang": language})
        assert response.status_code == 200
        assert parse(response).select_one("#timeline-heading").get_text() == heading
        assert "no-cache" in response["Cache-Control"]
    visitor = Client()
    assert visitor.get(url).status_code == 302  # visitors are sent to sign in
    assert visitor.get("/tentoonstellingen/concept/").status_code == 404


def test_withdrawing_from_the_list(reviewer_client):
    exhibition = ExhibitionFactory(published=True, slug="weg")
    reviewer_client.post(
        reverse("admin:exhibitions_exhibition_changelist"),
        {"action": "withdraw_selected", "_selected_action": [exhibition.pk]},
    )
    exhibition.refresh_from_db()
    assert exhibition.status == "withdrawn"
    assert Client().get("/tentoonstellingen/weg/").status_code == 410


class TestVersionCheck:
    def test_a_form_opened_before_someone_else_saved_is_refused(self, editor_client):
        exhibition = ExhibitionFactory(title_nl="Eerste titel")
        TimelineItemFactory(exhibition=exhibition)
        url = reverse("admin:exhibitions_exhibition_change", args=[exhibition.pk])
        mine = form_values(parse(editor_client.get(url)), "exhibition_form")
        colleague = Client()
        colleague_user = UserFactory(editor=True)
        colleague_user.groups.add(Group.objects.get(name="Redacteur"))
        colleague.force_login(colleague_user)
        theirs = form_values(parse(colleague.get(url)), "exhibition_form")
        theirs.pop("related_programmes", None)
        theirs["items-0-title_nl"] = "Een item van een collega"  # only the timeline changes
        response = colleague.post(url, theirs)
        assert response.status_code == 302, parse(response).select(".errorlist")

        mine.pop("related_programmes", None)
        mine["title_nl"] = "Mijn titel"
        response = editor_client.post(url, mine)
        assert response.status_code == 200
        form = parse(response).find("form", id="exhibition_form")
        assert "Iemand anders heeft deze tentoonstelling opgeslagen" in text_of(form)
        assert form.select_one(f'.errorlist a[href="{url}"]') is not None
        exhibition.refresh_from_db()
        assert exhibition.title_nl == "Eerste titel"
        assert exhibition.items.get().title_nl == "Een item van een collega"

    def test_saving_twice_in_a_row_works(self, editor_client):
        exhibition = ExhibitionFactory()
        url = reverse("admin:exhibitions_exhibition_change", args=[exhibition.pk])
        for title in ("Een", "Twee"):
            values = form_values(parse(editor_client.get(url)), "exhibition_form")
            values.pop("related_programmes", None)
            values["title_nl"] = title
            response = editor_client.post(url, values)
            assert response.status_code == 302, parse(response).select(".errorlist")
        exhibition.refresh_from_db()
        assert (exhibition.title_nl, exhibition.version) == ("Twee", 3)


def test_publish_later_schedules_the_exhibition(reviewer_client):
    exhibition = ExhibitionFactory(slug="straks")
    url = reverse("admin:exhibitions_exhibition_change", args=[exhibition.pk])
    values = form_values(parse(reviewer_client.get(url)), "exhibition_form")
    values.pop("related_programmes", None)
    later = timezone.localtime() + datetime.timedelta(days=2)
    values.update({"publish_at": later.strftime("%Y-%m-%dT%H:%M"), "_publish": "1"})
    values["publish_without_english"] = "on"
    assert reviewer_client.post(url, values).status_code == 302
    exhibition.refresh_from_db()
    assert exhibition.status == "published"
    assert exhibition.published_at.replace(second=0, microsecond=0) == later.replace(
        second=0, microsecond=0
    )
    assert Client().get("/tentoonstellingen/straks/").status_code == 404
    with time_machine.travel(later + datetime.timedelta(minutes=1)):
        assert Client().get("/tentoonstellingen/straks/").status_code == 200
