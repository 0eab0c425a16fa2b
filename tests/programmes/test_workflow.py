"""The editors' workflow: who may do what, previews, history, version checks, the audit log."""

import datetime

import pytest
import reversion
import time_machine
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from programmes.models import Objective, Programme
from tests.factories import ObjectiveFactory, ProgrammeFactory, UserFactory
from tests.html import form_values, parse, text_of
from website.models import AuditEvent

pytestmark = pytest.mark.django_db


def member_of(group: str | None, **extra) -> Client:
    extra.setdefault("is_staff", group is not None or extra.get("is_superuser", False))
    user = UserFactory(**extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def editor() -> Client:
    return member_of("Redacteur")


@pytest.fixture
def programme():
    return ProgrammeFactory(slug="concept", title_nl="Concept", title_en="Draft")


def admin_urls(programme: Programme) -> dict[str, str]:
    pk = programme.pk
    return {
        "index": "/admin/",
        "programmes": reverse("admin:programmes_programme_changelist"),
        "add programme": reverse("admin:programmes_programme_add"),
        "change programme": reverse("admin:programmes_programme_change", args=[pk]),
        "preview": reverse("admin:programmes_programme_preview", args=[pk]),
        "history": reverse("admin:programmes_programme_history", args=[pk]),
        "documents": reverse("admin:toolbox_toolboxdocument_changelist"),
        "site pages": reverse("admin:website_sitepage_changelist"),
        "archive import": reverse("admin:archive_import"),
        "import log": reverse("admin:archive_archiveimport_changelist"),
        "audit log": reverse("admin:website_auditevent_changelist"),
        "users": reverse("admin:auth_user_changelist"),
        "groups": reverse("admin:auth_group_changelist"),
    }


# What each role gets for a GET: 200 allowed, 403 refused, 302 sent to sign in.
# The pages of those who edit: the Redacteur, and the Eindredacteur who also publishes.
EDITING = {
    "index": 200,
    "programmes": 200,
    "add programme": 200,
    "change programme": 200,
    "preview": 200,
    "history": 200,
    "documents": 200,
    "site pages": 200,
    "archive import": 403,
    "import log": 403,
    "audit log": 403,
    "users": 403,
    "groups": 403,
}

MATRIX = {
    "anonymous": dict.fromkeys(
        [
            "index",
            "programmes",
            "add programme",
            "change programme",
            "preview",
            "history",
            "documents",
            "site pages",
            "archive import",
            "import log",
            "audit log",
            "users",
            "groups",
        ],
        302,
    ),
    "Redacteur": EDITING,
    # Reviews and publishes; otherwise the Redacteur's rights (publishing/review.py).
    "Eindredacteur": EDITING,
    "Archivaris": {
        "index": 200,
        "programmes": 200,
        "add programme": 403,
        "change programme": 200,
        "preview": 200,
        "history": 200,
        "documents": 200,
        "site pages": 403,
        "archive import": 200,
        "import log": 200,
        "audit log": 403,
        "users": 403,
        "groups": 403,
    },
    "superuser": dict.fromkeys(
        [
            "index",
            "programmes",
            "add programme",
            "change programme",
            "preview",
            "history",
            "documents",
            "site pages",
            "archive import",
            "import log",
            "audit log",
            "users",
            "groups",
        ],
        200,
    ),
}


@pytest.mark.parametrize("role", MATRIX)
def test_the_permission_matrix(role, programme):
    if role == "anonymous":
        client = Client()
    elif role == "superuser":
        client = member_of(None, is_superuser=True)
    else:
        client = member_of(role)
    got = {name: client.get(url).status_code for name, url in admin_urls(programme).items()}
    assert got == MATRIX[role]


def test_an_archivist_sees_a_programme_but_cannot_save_it(programme):
    archivist = member_of("Archivaris")
    url = reverse("admin:programmes_programme_change", args=[programme.pk])
    assert archivist.post(url, {"title_nl": "Anders"}).status_code == 403
    programme.refresh_from_db()
    assert programme.title_nl == "Concept"


class TestPreview:
    @pytest.mark.parametrize(("language", "title"), [("nl", "Concept"), ("en", "Draft")])
    def test_an_editor_previews_a_draft_as_visitors_will_see_it(
        self, editor, programme, language, title
    ):
        url = reverse("admin:programmes_programme_preview", args=[programme.pk])
        response = editor.get(url, {"lang": language})
        assert response.status_code == 200
        page = parse(response)
        assert page.html["lang"] == language
        assert text_of(page.h1) == title
        assert page.select_one(".programme-introduction") is not None
        assert "niet openbaar" in text_of(
            page.select_one(".preview-banner")
        ) or "not public" in text_of(page.select_one(".preview-banner"))

    def test_a_preview_is_never_cached_or_indexed(self, editor, programme):
        response = editor.get(reverse("admin:programmes_programme_preview", args=[programme.pk]))
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
        assert response["X-Robots-Tag"] == "noindex, nofollow"

    def test_visitors_never_see_a_draft_or_its_preview(self, client, programme):
        assert client.get("/programmas/concept/").status_code == 404
        response = client.get(reverse("admin:programmes_programme_preview", args=[programme.pk]))
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")

    def test_a_preview_does_not_count_as_a_visit(self, editor, programme, fake_matomo):
        from tests.conftest import statistics_consent_cookie

        editor.cookies["cookie_consent"] = statistics_consent_cookie()
        html = editor.get(
            reverse("admin:programmes_programme_preview", args=[programme.pk])
        ).content
        assert b"analytics.js" not in html


class TestPublishing:
    @pytest.fixture
    def editor(self) -> Client:
        """Publishing is the Eindredacteur's (publishing/review.py)."""
        return member_of("Eindredacteur")

    def test_a_redacteur_cannot_publish(self, programme):
        writer = member_of("Redacteur")
        writer.post(
            reverse("admin:programmes_programme_changelist"),
            {"action": "publish_selected", "_selected_action": [programme.pk]},
        )
        programme.refresh_from_db()
        assert programme.status == Programme.Status.DRAFT

    def test_publishing_records_who_and_when(self, editor, programme):
        editor.post(
            reverse("admin:programmes_programme_changelist"),
            {"action": "publish_selected", "_selected_action": [programme.pk]},
        )
        programme.refresh_from_db()
        assert programme.status == Programme.Status.PUBLISHED
        assert programme.published_by == editor.user
        event = AuditEvent.objects.get(action=AuditEvent.Action.PUBLISHED)
        assert (event.user, event.object_id) == (editor.user, str(programme.pk))

    def test_withdrawing_records_who(self, editor):
        programme = ProgrammeFactory(published=True)
        editor.post(
            reverse("admin:programmes_programme_changelist"),
            {"action": "withdraw_selected", "_selected_action": [programme.pk]},
        )
        programme.refresh_from_db()
        assert (programme.status, programme.withdrawn_by) == ("withdrawn", editor.user)
        assert AuditEvent.objects.filter(action=AuditEvent.Action.WITHDRAWN).exists()

    def test_a_scheduled_publication_comes_true_by_itself(self, editor, programme, client):
        url = reverse("admin:programmes_programme_change", args=[programme.pk])
        values = form_values(parse(editor.get(url)), "programme_form")
        later = timezone.localtime() + datetime.timedelta(days=2)
        values.update(_publish="1", publish_at=later.strftime("%Y-%m-%dT%H:%M"))
        assert editor.post(url, values).status_code == 302
        programme.refresh_from_db()
        assert programme.status == Programme.Status.PUBLISHED
        assert client.get("/programmas/concept/").status_code == 404
        with time_machine.travel(later + datetime.timedelta(minutes=1)):
            assert client.get("/programmas/concept/").status_code == 200

    def test_without_the_publish_permission_nothing_is_published(self, programme):
        writer = member_of(None, is_staff=True)
        from django.contrib.auth.models import Permission

        writer.user.user_permissions.set(
            Permission.objects.filter(codename__in=["view_programme", "change_programme"])
        )
        writer.post(
            reverse("admin:programmes_programme_changelist"),
            {"action": "publish_selected", "_selected_action": [programme.pk]},
        )
        programme.refresh_from_db()
        assert programme.status == Programme.Status.DRAFT


class TestHistory:
    def save_in_admin(self, client: Client, programme: Programme, **changes) -> None:
        url = reverse("admin:programmes_programme_change", args=[programme.pk])
        values = form_values(parse(client.get(url)), "programme_form")
        values.update(changes)
        response = client.post(url, values)
        assert response.status_code == 302, parse(response).select(".errorlist")

    def test_every_save_in_the_admin_is_a_version_with_who(self, editor, programme):
        self.save_in_admin(editor, programme, title_en="Draft, revised")
        versions = Version.objects.get_for_object(programme)
        assert versions.count() == 1
        assert versions[0].revision.user == editor.user
        assert versions[0].field_dict["title_en"] == "Draft, revised"

    def test_an_earlier_version_is_restored_with_its_parts(self, editor, programme):
        ObjectiveFactory(programme=programme, position=1, name_nl="Eerste")
        self.save_in_admin(editor, programme, title_nl="Versie een")
        first = Version.objects.get_for_object(programme)[0]
        with reversion.create_revision():
            programme.refresh_from_db()
            programme.title_nl = "Versie twee"
            programme.save()
            ObjectiveFactory(programme=programme, position=2, name_nl="Later toegevoegd")
        url = reverse("admin:programmes_programme_revision", args=[programme.pk, first.pk])
        values = form_values(parse(editor.get(url)), "programme_form")
        response = editor.post(url, values)
        assert response.status_code == 302, parse(response).select(".errorlist")
        programme.refresh_from_db()
        assert programme.title_nl == "Versie een"
        assert list(
            Objective.objects.filter(programme=programme).values_list("name_nl", flat=True)
        ) == ["Eerste"]

    def test_the_history_shows_a_readable_comparison(self, editor, programme):
        self.save_in_admin(editor, programme, title_nl="Eerste titel")
        self.save_in_admin(editor, programme, title_nl="Tweede titel")
        first, second = reversed(Version.objects.get_for_object(programme))
        url = reverse("admin:programmes_programme_compare", args=[programme.pk])
        response = editor.get(url, {"version_id1": first.pk, "version_id2": second.pk})
        assert response.status_code == 200
        # Word by word (website/history.py): what was removed, what was added.
        change = parse(response).select_one(".history-diff")
        assert text_of(change) == "Eerste Tweede titel"
        assert [text_of(change.select_one(tag)) for tag in ("del", "ins")] == ["Eerste", "Tweede"]


class TestVersionCheck:
    def test_a_form_opened_before_someone_else_saved_is_refused(self, editor, programme):
        url = reverse("admin:programmes_programme_change", args=[programme.pk])
        mine = form_values(parse(editor.get(url)), "programme_form")
        colleague = member_of("Redacteur")
        theirs = form_values(parse(colleague.get(url)), "programme_form")
        theirs["title_nl"] = "De titel van een collega"
        assert colleague.post(url, theirs).status_code == 302

        mine["title_nl"] = "Mijn titel"
        response = editor.post(url, mine)
        assert response.status_code == 200
        errors = parse(response).select_one(".errornote, .errorlist.nonfield")
        message = text_of(parse(response).find("form", id="programme_form"))
        assert "Iemand anders heeft dit programma opgeslagen" in message
        link = parse(response).select_one('.errorlist a[href$="/change/"]')
        assert link is not None
        assert errors is not None
        programme.refresh_from_db()
        assert programme.title_nl == "De titel van een collega"

    def test_saving_twice_in_a_row_works(self, editor, programme):
        url = reverse("admin:programmes_programme_change", args=[programme.pk])
        for title in ("Een", "Twee"):
            values = form_values(parse(editor.get(url)), "programme_form")
            values["title_nl"] = title
            assert editor.post(url, values).status_code == 302
        programme.refresh_from_db()
        assert programme.title_nl == "Twee"


class TestAuditLog:
    def test_admin_changes_and_deletions_are_logged(self, editor):
        programme = ProgrammeFactory(title_nl="Te verwijderen")
        other = ProgrammeFactory()
        editor.post(
            reverse("admin:programmes_programme_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [programme.pk, other.pk],
                "post": "yes",
            },
        )
        deleted = AuditEvent.objects.filter(action=AuditEvent.Action.DELETED)
        assert {event.object_repr for event in deleted} >= {"Te verwijderen"}
        assert all(event.user == editor.user for event in deleted)

    def test_only_administrators_read_it_and_nobody_changes_it(self, editor):
        admin = member_of(None, is_superuser=True)
        event = AuditEvent.objects.create(action=AuditEvent.Action.CHANGED, username="x")
        url = reverse("admin:website_auditevent_change", args=[event.pk])
        assert admin.get(url).status_code == 200
        assert editor.get(url).status_code == 403
        assert (
            admin.post(
                reverse("admin:website_auditevent_delete", args=[event.pk]), {"post": "yes"}
            ).status_code
            == 403
        )


class TestReviewDates:
    def test_the_admin_lists_programmes_whose_review_date_has_passed(self, editor):
        due = ProgrammeFactory(
            title_nl="Te herzien", review_date=timezone.localdate() - datetime.timedelta(days=1)
        )
        ProgrammeFactory(
            title_nl="Later", review_date=timezone.localdate() + datetime.timedelta(days=30)
        )
        ProgrammeFactory(title_nl="Nooit")
        page = parse(
            editor.get(reverse("admin:programmes_programme_changelist"), {"review": "due"})
        )
        rows = [text_of(row.find("th")) for row in page.select("#result_list tbody tr")]
        assert rows == [due.title_nl]
