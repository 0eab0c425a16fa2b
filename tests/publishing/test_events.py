"""Publication changes: the write paths that change how an item is published tell the apps that
keep a record of it, before and after, in the same transaction; other saves tell nobody and cost
nothing."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from publishing import events, services
from tests.factories import ExhibitionFactory, ProgrammeFactory
from website.models import AuditEvent

pytestmark = pytest.mark.django_db


class Recorder:
    """A watcher that notes what it is told."""

    def __init__(self) -> None:
        self.seen: list[tuple] = []

    def before(self, item):
        row = type(item).objects.filter(pk=item.pk).values("slug", "status").first()
        return row

    def after(self, item, before):
        after = type(item).objects.filter(pk=item.pk).values("slug", "status").first()
        self.seen.append((before, after))
        AuditEvent.objects.create(action=AuditEvent.Action.CHANGED, detail="watched")


@pytest.fixture
def recorder(monkeypatch):
    recorder = Recorder()
    monkeypatch.setattr(events, "_watchers", [*events._watchers, recorder])
    return recorder


def test_each_service_is_one_change_with_its_before_and_after(recorder):
    programme = ProgrammeFactory(slug="oud")
    services.publish(item=programme)
    services.rename(item=programme, slug="nieuw")
    services.withdraw(item=programme)
    services.unpublish(item=programme)
    assert recorder.seen == [
        ({"slug": "oud", "status": "draft"}, {"slug": "oud", "status": "published"}),
        ({"slug": "oud", "status": "published"}, {"slug": "nieuw", "status": "published"}),
        ({"slug": "nieuw", "status": "published"}, {"slug": "nieuw", "status": "withdrawn"}),
        ({"slug": "nieuw", "status": "withdrawn"}, {"slug": "nieuw", "status": "draft"}),
    ]


def test_deleting_is_a_change_to_nothing(recorder):
    exhibition = ExhibitionFactory(published=True, slug="weg")
    services.delete(item=exhibition)
    assert recorder.seen == [({"slug": "weg", "status": "published"}, None)]


def test_nested_changes_each_see_their_own_before(recorder):
    programme = ProgrammeFactory(slug="buiten")
    with events.publication_change(programme):
        services.publish(item=programme)
    inner, outer = recorder.seen
    assert (
        inner
        == outer
        == ({"slug": "buiten", "status": "draft"}, {"slug": "buiten", "status": "published"})
    )


def test_what_a_watcher_writes_is_undone_with_the_change(recorder):
    programme = ProgrammeFactory(slug="terug")

    @transaction.atomic
    def publish_and_fail() -> None:
        services.publish(item=programme)
        assert AuditEvent.objects.filter(detail="watched").exists()
        raise RuntimeError("undone")

    with pytest.raises(RuntimeError):
        publish_and_fail()
    assert not AuditEvent.objects.filter(detail="watched").exists()
    programme.refresh_from_db()
    assert programme.status == "draft"


def test_an_ordinary_save_reads_nothing_for_the_watchers(recorder):
    """Before, a signal read the stored row before every save of a programme; now only the write
    paths that change how it is published do."""
    programme = ProgrammeFactory(published=True)
    programme.summary_nl = "Een andere samenvatting."
    with CaptureQueriesContext(connection) as queries:
        programme.save()
    assert recorder.seen == []
    sql = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert sql[0].startswith("UPDATE"), sql[0]
    assert not any("openmetadata_deletedrecord" in statement for statement in sql)
