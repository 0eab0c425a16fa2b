"""What operators rely on: health checks and the request log (the read replica: test_replica.py)."""

import json
import logging

import pytest
from django.conf import settings as django_settings

from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_healthz_says_the_process_answers(client):
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok\n")
    assert "no-cache" in response["Cache-Control"]


def test_load_balancers_may_probe_over_plain_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/programmas/").status_code == 301
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db(databases="__all__")
def test_readyz_checks_the_database_and_the_cache(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {**dict.fromkeys(django_settings.DATABASES, "ok"), "cache": "ok"}


@pytest.mark.django_db(databases="__all__")
def test_readyz_says_what_is_not_ready(client, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "website.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:6399/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    response = client.get("/readyz")
    # The site serves without its cache: ready, and monitoring is told why it is slower.
    assert response.status_code == 200
    assert response.json()["cache"] in {"degraded: ConnectionError", "degraded: TimeoutError"}


def test_health_checks_are_not_counted_or_logged(client, caplog):
    with caplog.at_level(logging.INFO, logger="bzkmemory.requests"):
        client.get("/healthz")
        client.get("/readyz")
    assert not [r for r in caplog.records if r.name == "bzkmemory.requests"]
    assert b"analytics" not in client.get("/healthz").content


def test_each_request_is_one_line_without_personal_data(client, caplog):
    ProgrammeFactory(published=True, slug="gelogd")
    with caplog.at_level(logging.INFO, logger="bzkmemory.requests"):
        client.get("/programmas/gelogd/?q=mijn+naam", REMOTE_ADDR="203.0.113.77")
        client.get("/bestaat-niet/", REMOTE_ADDR="2001:db8:85a3:1::77")
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "bzkmemory.requests"]
    assert [(line["path"], line["status"], line["ip"]) for line in lines] == [
        ("/programmas/gelogd/", 200, "203.0.0.0"),
        ("/bestaat-niet/", 404, "2001:db8:85a3::"),
    ]
    assert all(isinstance(line["ms"], float) for line in lines)
    assert "mijn" not in str(lines)
