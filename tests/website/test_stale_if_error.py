"""When the database cannot be reached, a page seen before is served as it was last seen, and
everything else gets a 503 in the visitor's language: never a 500, never a traceback.

The outage is real, not mocked: every connection is closed and its settings point where no
database answers (a port nobody listens on for PostgreSQL, a folder that does not exist for
SQLite), so the driver itself refuses the next connection, as during a restart. Tests are
transactional for that reason: production runs in autocommit, and a connection closed inside a
test's transaction could not reconnect.
"""

import logging
import socket
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.db import connection, connections
from django.test import Client
from django.utils import translation

from programmes.models import Programme
from tests.factories import ProgrammeFactory, UserFactory
from tests.html import parse, text_of
from website import outage as outage_module

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

URL = "/programmas/gecached/"


@pytest.fixture
def programme() -> Programme:
    return ProgrammeFactory(published=True, slug="gecached", title_nl="Eerste titel")


@pytest.fixture
def visitor() -> Client:
    # Django's test client re-raises a view's exception; a browser gets the response.
    return Client(raise_request_exception=False)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def database_unreachable(folder: Path) -> Iterator[None]:
    """Every database goes away until the block ends, then comes back."""
    saved, keepers = [], []
    for alias in connections:
        wrapper = connections[alias]
        settings_dict = wrapper.settings_dict
        saved.append((wrapper, settings_dict, dict(settings_dict)))
        if wrapper.vendor == "sqlite":
            if wrapper.is_in_memory_db():
                # An in-memory test database lives while a connection to it is open.
                keepers.append(sqlite3.connect(settings_dict["NAME"], uri=True))
            settings_dict["NAME"] = str(folder / "gone" / "db.sqlite3")
        else:
            settings_dict.update(HOST="127.0.0.1", PORT=str(_closed_port()))
        wrapper.close()
    try:
        yield
    finally:
        for wrapper, settings_dict, original in saved:
            wrapper.close()
            settings_dict.update(original)
            wrapper.ensure_connection()  # before the keeper of an in-memory database lets go
        for keeper in keepers:
            keeper.close()


@pytest.fixture
def outage(tmp_path: Path):
    return lambda: database_unreachable(tmp_path)


class TestAPageSeenBeforeTheOutage:
    @pytest.mark.parametrize(
        ("address", "encoding"),
        [(URL, "gzip"), (URL, ""), ("/en/programmes/gecached/", "gzip"), ("/", ""), ("/over/", "")],
    )
    def test_is_served_as_last_seen_and_kept_by_nobody(
        self, visitor, programme, outage, address, encoding
    ):
        seen = visitor.get(address, HTTP_ACCEPT_ENCODING=encoding)
        assert seen.status_code == 200
        with outage():
            again = visitor.get(address, HTTP_ACCEPT_ENCODING=encoding)
        assert again.status_code == 200
        assert again.content == seen.content
        assert again.get("Content-Encoding") == seen.get("Content-Encoding")
        assert again["Cache-Control"] == "no-store"
        # A copy that may be out of date never answers "not modified".
        assert not again.has_header("ETag")
        assert not again.has_header("Last-Modified")

    def test_reaches_a_visitor_whose_consent_groups_cannot_be_read(
        self, visitor, programme, outage
    ):
        visitor.cookies["cookie_consent"] = "statistics=-1"  # declined
        seen = visitor.get(URL)
        caches["shared"].clear()  # the groups would have to come from the database
        with outage():
            again = visitor.get(URL)
        assert again.status_code == 200
        assert again.content == seen.content

    def test_is_logged_once_not_for_every_request(
        self, visitor, programme, outage, caplog, monkeypatch
    ):
        monkeypatch.setattr(outage_module, "_last_warning", 0.0)  # none logged lately
        visitor.get(URL)
        with caplog.at_level(logging.INFO), outage():
            for _ in range(5):
                assert visitor.get(URL).status_code == 200
        warnings = [r for r in caplog.records if r.name == "website.outage"]
        assert len(warnings) == 1
        assert "Database unreachable" in warnings[0].getMessage()
        assert not [r for r in caplog.records if r.name == "django.request"]


class TestWhatCannotBeServed:
    @pytest.mark.parametrize(
        ("address", "language", "heading"),
        [
            ("/programmas/nooit-bezocht/", "nl", None),
            ("/programmas/?q=nieuw", "nl", None),
            ("/en/programmes/never-seen/", "en", "The archive cannot be reached just now"),
        ],
    )
    def test_gets_a_503_in_the_visitors_language(
        self, visitor, programme, outage, address, language, heading
    ):
        with outage():
            response = visitor.get(address)
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        assert response["Cache-Control"] == "no-store"
        html = response.content.decode()
        assert "Traceback" not in html
        page = parse(response)
        assert page.html["lang"] == language
        with translation.override(language):
            expected = heading or translation.gettext("The archive cannot be reached just now")
        assert text_of(page.h1) == expected
        assert page.select_one(".site-header form[role=search]") is not None
        home = "/en/" if language == "en" else "/"
        assert page.select_one(f'main a[href="{home}"]') is not None
        # Nothing about the visitor: no consent banner, no statistics.
        assert page.select_one(".consent-banner, script") is None

    def test_a_page_seen_in_one_language_is_not_served_in_another(self, visitor, programme, outage):
        visitor.get(URL)
        with outage():
            assert visitor.get("/en/programmes/gecached/").status_code == 503

    def test_the_admin_answers_503_not_500(self, programme, outage):
        editor = Client(raise_request_exception=False)
        user = UserFactory(is_staff=True)
        user.groups.add(Group.objects.get(name="Redacteur"))
        editor.force_login(user)
        assert editor.get("/admin/").status_code == 200
        with outage():
            assert editor.get("/admin/").status_code == 503
            sign_in = Client(raise_request_exception=False).post(
                "/admin/login/", {"username": "someone", "password": "something long enough"}
            )
            assert sign_in.status_code == 503

    def test_a_form_sent_during_the_outage_gets_a_503(self, visitor, programme, outage):
        visitor.get(URL)
        with outage():
            response = visitor.post(
                "/cookies/", {"choice": "decline"}, HTTP_SEC_FETCH_SITE="same-origin"
            )
        assert response.status_code == 503


def test_an_error_that_is_not_the_database_is_still_a_500(visitor, settings):
    settings.ROOT_URLCONF = "tests.website.test_errors"
    response = visitor.get("/kapot/")
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_pages_are_current_again_when_the_database_returns(visitor, programme, outage):
    visitor.get(URL)
    with outage():
        assert visitor.get(URL)["Cache-Control"] == "no-store"
    programme.title_nl = "Na de storing"
    programme.save()
    response = visitor.get(URL)
    assert response.status_code == 200
    assert text_of(parse(response).h1) == "Na de storing"
    assert response["Cache-Control"] == "no-cache"
    assert response.has_header("ETag")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own termination")
def test_a_connection_the_server_ended_is_answered_from_the_copy(visitor, programme):
    """What a restart does to a worker's open connection: the server ends it."""
    visitor.get(URL)
    victim = connection.connection.info.backend_pid
    killer = connection.get_new_connection(connection.get_connection_params())
    try:
        killer.execute("SELECT pg_terminate_backend(%s, 5000)", [victim])
    finally:
        killer.close()
    response = visitor.get(URL)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    connection.close()  # what the next request does by itself (close_old_connections)
    assert visitor.get(URL)["Cache-Control"] == "no-cache"
