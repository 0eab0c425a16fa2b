"""Public reads go to the read replica; editors and writes to the primary.

Runs when DATABASE_REPLICA_URL is set: .ci/run sets it, on PostgreSQL, to a second database on
the local server, which tests use as a mirror of the primary's test database.
"""

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connections
from django.test.utils import CaptureQueriesContext

from tests.factories import ProgrammeFactory


@pytest.mark.skipif(
    "replica" not in django_settings.DATABASES, reason="DATABASE_REPLICA_URL is not set"
)
# A mirror is a connection of its own: it sees only committed data, hence a transactional test.
# serialized_rollback, as every transactional test here (tests/openmetadata/test_harvest.py).
@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replica"])
class TestReadReplica:
    def test_public_pages_read_from_the_replica(self, client):
        ProgrammeFactory(published=True, slug="gerepliceerd")
        with CaptureQueriesContext(connections["default"]) as first_visit:
            assert client.get("/programmas/gerepliceerd/").status_code == 200
        # The first visit stores the page's rendering (programmes/rendering.py): a write, so to
        # the primary, and the only thing it asks of the primary.
        written = [query["sql"] for query in first_visit.captured_queries]
        assert written
        assert all(
            "programmes_programmerendering" in sql
            or sql in {"BEGIN", "COMMIT"}
            or "SAVEPOINT" in sql
            for sql in written
        ), written
        cache.clear()
        with (
            CaptureQueriesContext(connections["replica"]) as replica,
            CaptureQueriesContext(connections["default"]) as primary,
        ):
            assert client.get("/programmas/gerepliceerd/").status_code == 200
        assert len(replica) > 0
        assert len(primary) == 0

    def test_editors_and_writes_use_the_primary(self, admin_client):
        with (
            CaptureQueriesContext(connections["replica"]) as replica,
            CaptureQueriesContext(connections["default"]) as primary,
        ):
            assert admin_client.get("/admin/programmes/programme/").status_code == 200
            admin_client.post(
                "/cookies/", {"choice": "decline"}, headers={"Sec-Fetch-Site": "same-origin"}
            )
        assert len(replica) == 0
        assert len(primary) > 0
