"""Freshness answers remembered between archive changes, which PostgreSQL announces.

Each worker keeps the freshness answers it read until the database tells it of a change
(publishing/notifications.py). Workers are simulated here by ``Watch``es of their own, each
with its listening connection, in one process; writes come from other threads (their own
database connections), as from another worker, or from a bare connection, as from another
server. On SQLite, and inside a transaction, every read still asks the database.
"""

import select
import threading
from datetime import timedelta

import psycopg
import pytest
import time_machine
from django.db import connection, connections, transaction
from django.utils import timezone

from programmes.models import Programme
from publishing import freshness, notifications
from publishing.models import ArchiveRevision
from tests.factories import ProgrammeFactory
from website.models import SiteSettings

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="LISTEN/NOTIFY is PostgreSQL's"
)
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def in_another_worker(write) -> None:
    """Run ``write`` in a thread of its own: its own database connection, as another worker's."""
    failures = []

    def run() -> None:
        try:
            write()
        except Exception as error:  # pragma: no cover - reported below
            failures.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert not failures, failures


def from_another_server(sql: str, params: tuple = ()) -> None:
    """A write on a bare connection: no worker of this server hears of it but by listening."""
    params_of = connections["default"].get_connection_params()
    with psycopg.connect(
        dbname=params_of["dbname"],
        user=params_of.get("user"),
        host=params_of.get("host"),
        port=params_of.get("port"),
        autocommit=True,
    ) as bare:
        bare.execute(sql, params)


def wait_for_delivery(watch: notifications.Watch) -> None:
    """Until something has reached the listening socket (a notification, or its closing)."""
    select.select([watch._listener.pgconn.socket], [], [], 10)


@pytest.fixture
def worker():
    """A second worker of this server: a watch of its own, sharing this process's host mark."""
    watch = notifications.Watch(mark=notifications.watch.mark)
    with notifications.using(watch):
        yield watch
    watch.close()


@pytest.fixture
def programme(transactional_db):
    return ProgrammeFactory(published=True)


@postgresql_only
@committed
def test_a_worker_answers_from_memory_until_something_changes(
    worker, programme, django_assert_num_queries
):
    first = freshness.item_page(Programme, programme.slug)
    listed = freshness.listings()
    assert worker.listening
    with django_assert_num_queries(0):
        assert freshness.item_page(Programme, programme.slug) == first
        assert freshness.listings() == listed


@postgresql_only
@committed
def test_an_edit_committed_in_another_worker_is_seen_by_the_very_next_read(worker, programme):
    _pk, changed, _site = freshness.item_page(Programme, programme.slug)
    stamp = freshness.listings()[0]

    def edit() -> None:
        saved = Programme.objects.get(pk=programme.pk)
        saved.title_nl = "Nieuwe titel"
        saved.save()

    in_another_worker(edit)

    _pk, changed_now, _site = freshness.item_page(Programme, programme.slug)
    assert changed_now > changed
    assert freshness.listings()[0] != stamp


@postgresql_only
@committed
def test_a_change_of_the_site_texts_is_seen_by_the_very_next_read(worker, programme):
    before = freshness.item_page(Programme, programme.slug)

    def edit() -> None:
        settings_row = SiteSettings.objects.current()
        settings_row.save()

    in_another_worker(edit)

    assert freshness.item_page(Programme, programme.slug)[2] != before[2]


@postgresql_only
@committed
def test_a_write_from_another_server_reaches_the_worker_through_its_listening_connection(
    worker, programme
):
    stamp = freshness.listings()[0]
    table = ArchiveRevision._meta.db_table
    from_another_server(f"UPDATE {table} SET number = number + 1, changed_at = now()")  # noqa: S608
    wait_for_delivery(worker)

    assert freshness.listings()[0] != stamp


@postgresql_only
@committed
def test_a_rolled_back_edit_is_not_announced(worker, programme, django_assert_num_queries):
    before = freshness.item_page(Programme, programme.slug)

    def edit() -> None:
        with transaction.atomic():
            Programme.objects.filter(pk=programme.pk).update(title_nl="Nooit bewaard")
            raise RuntimeError("rolled back")

    def edit_then_fail() -> None:
        with pytest.raises(RuntimeError):
            edit()

    in_another_worker(edit_then_fail)

    with django_assert_num_queries(0):
        assert freshness.item_page(Programme, programme.slug) == before
    assert Programme.objects.get(pk=programme.pk).title_nl == programme.title_nl


@postgresql_only
@committed
def test_a_lost_listening_connection_falls_back_to_the_query(
    worker, programme, django_assert_num_queries
):
    freshness.item_page(Programme, programme.slug)
    listener_pid = worker._listener.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s, 10000)", [listener_pid])  # and wait
    table = ArchiveRevision._meta.db_table
    from_another_server(f"UPDATE {table} SET number = number + 1, changed_at = now()")  # noqa: S608
    Programme.objects.filter(pk=programme.pk).update(title_nl="Na de breuk")

    with django_assert_num_queries(1):
        found = freshness.item_page(Programme, programme.slug)
    assert not worker.listening
    assert found[1] == Programme.objects.get(pk=programme.pk).updated_at
    with django_assert_num_queries(1):
        freshness.item_page(Programme, programme.slug)  # still asking, not yet listening again

    worker._retry_at = 0.0  # the retry is due: listening again, remembering again
    freshness.item_page(Programme, programme.slug)
    assert worker.listening
    with django_assert_num_queries(0):
        freshness.item_page(Programme, programme.slug)


@postgresql_only
@committed
def test_a_scheduled_publication_becomes_visible_at_its_time_without_a_write(worker, programme):
    at = timezone.now() + timedelta(hours=1)
    scheduled = ProgrammeFactory(status=Programme.Status.PUBLISHED, published_at=at)
    listed = freshness.listings()[0]
    assert freshness.item_page(Programme, scheduled.slug) is None
    assert freshness.item_page(Programme, programme.slug) is not None  # remembered till then

    with time_machine.travel(at + timedelta(seconds=1), tick=False):
        assert freshness.item_page(Programme, scheduled.slug)[0] == scheduled.pk
        assert freshness.listings()[0] != listed


@pytest.mark.django_db
def test_inside_a_transaction_and_on_sqlite_every_read_asks_the_database(
    django_assert_num_queries,
):
    programme = ProgrammeFactory(published=True)
    assert notifications.current().memo("default", timezone.now()) is None
    for _ in range(2):
        with django_assert_num_queries(1):
            assert freshness.item_page(Programme, programme.slug)[0] == programme.pk
