"""Cached pages in production's shape: a shared cache (Redis, here a file cache in its place), a
copy of the pages each worker served last, and, on PostgreSQL, freshness heard from the
database instead of asked. However a page is found, an edit shows on the very next request."""

import threading
from unittest import mock

import pytest
from django.core.cache import caches
from django.db import connection, connections

from programmes.models import Programme
from tests.factories import ProgrammeFactory
from website import page_cache

URL = "/programmas/gedeeld/"


@pytest.fixture
def shared_cache(settings, tmp_path):
    """A page cache outside this process's memory, as Redis is in production."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "pages"),
        },
    }
    yield caches["default"]
    caches["default"].clear()


@pytest.fixture
def programme():
    return ProgrammeFactory(published=True, slug="gedeeld", title_nl="Eerste titel")


def in_another_worker(write) -> None:
    def run() -> None:
        try:
            write()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()


@pytest.mark.django_db
def test_a_page_served_again_is_sent_without_asking_the_shared_cache(
    client, shared_cache, programme
):
    first = client.get(URL)
    with mock.patch.object(shared_cache, "get", wraps=shared_cache.get) as asked:
        again = client.get(URL)

    assert again.status_code == 200
    assert again.content == first.content
    assert again.headers["ETag"] == first.headers["ETag"]
    asked.assert_not_called()


@pytest.mark.django_db
def test_a_changed_page_is_not_sent_from_the_local_copy(client, shared_cache, programme):
    client.get(URL)
    programme.title_nl = "Tweede titel"
    programme.save()

    assert "Tweede titel" in client.get(URL).text


@pytest.mark.django_db
def test_without_a_shared_cache_there_are_no_local_copies(client, programme):
    client.get(URL)
    assert not page_cache._local.enabled


def test_the_local_copies_keep_the_most_recently_used_within_their_bytes(settings, shared_cache):
    settings.PAGE_CACHE_LOCAL_BYTES = 8_000
    copies = page_cache._LocalCopies()
    for number in range(5):
        copies.put(f"page-{number}", ("stamp", b"x" * 1_000))
    copies.get("page-0")  # used again: kept
    for number in range(5, 10):
        copies.put(f"page-{number}", ("stamp", b"x" * 1_000))

    kept = [key for key in (f"page-{n}" for n in range(10)) if copies.get(key)]
    assert kept == ["page-0", *(f"page-{n}" for n in range(3, 10))]
    copies.put("too-big", ("stamp", b"x" * 2_000))  # more than an eighth: never kept
    assert copies.get("too-big") is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="LISTEN/NOTIFY is PostgreSQL's")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_edit_in_another_worker_shows_on_the_next_request(client, shared_cache, programme):
    assert "Eerste titel" in client.get(URL).text
    assert "Eerste titel" in client.get(URL).text  # from memory: freshness and page

    def edit() -> None:
        saved = Programme.objects.get(pk=programme.pk)
        saved.title_nl = "Tweede titel"
        saved.save()

    in_another_worker(edit)

    assert "Tweede titel" in client.get(URL).text
