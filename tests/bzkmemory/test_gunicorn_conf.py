"""gunicorn believes forwarded headers only behind a TLS proxy, and only from its addresses."""

import http.client
import importlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from gunicorn.config import Config

from tests.website.test_settings import STRONG_KEY

ROOT = Path(__file__).resolve().parents[2]
GUNICORN_SETTINGS = ("BEHIND_TLS_PROXY", "GUNICORN_FORWARDED_ALLOW_IPS")


def loaded(monkeypatch, **environment: str) -> Config:
    """The configuration gunicorn builds from bzkmemory/gunicorn_conf.py in this environment."""
    for name in GUNICORN_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    import bzkmemory.gunicorn_conf as module

    module = importlib.reload(module)
    config = Config()
    for name in ("forwarded_allow_ips", "secure_scheme_headers"):
        config.set(name, getattr(module, name))
    return config


def test_without_a_proxy_no_forwarded_header_is_believed(monkeypatch):
    config = loaded(monkeypatch)
    assert config.forwarded_allow_ips == []
    assert config.secure_scheme_headers == {}


def test_the_addresses_alone_do_not_switch_trust_on(monkeypatch):
    config = loaded(monkeypatch, GUNICORN_FORWARDED_ALLOW_IPS="10.0.0.5")
    assert config.forwarded_allow_ips == []


@pytest.mark.parametrize("off", ["false", "0", ""])
def test_behind_tls_proxy_off_is_off(monkeypatch, off):
    assert loaded(monkeypatch, BEHIND_TLS_PROXY=off).forwarded_allow_ips == []


def test_behind_a_proxy_only_its_addresses_and_only_x_forwarded_proto(monkeypatch):
    config = loaded(
        monkeypatch, BEHIND_TLS_PROXY="true", GUNICORN_FORWARDED_ALLOW_IPS="10.0.0.0/24,10.0.1.7"
    )
    assert config.forwarded_allow_ips == ["10.0.0.0/24", "10.0.1.7"]
    assert config.secure_scheme_headers == {"X-FORWARDED-PROTO": "https"}


def test_behind_a_proxy_on_this_machine_by_default(monkeypatch):
    assert loaded(monkeypatch, BEHIND_TLS_PROXY="yes").forwarded_allow_ips == ["127.0.0.1"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str, **headers: str) -> http.client.HTTPResponse:
    deadline = time.monotonic() + 30
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", path, headers=headers)
            return connection.getresponse()
        except ConnectionRefusedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_a_local_client_cannot_claim_https(tmp_path):
    """A real gunicorn with production settings: X-Forwarded-Proto from 127.0.0.1 is ignored, so
    the plain request is sent to HTTPS instead of being served as if it were secure."""
    port = free_port()
    environment = {
        key: value
        for key, value in os.environ.items()
        if key in {"PATH", "HOME", "LANG", "PYENV_ROOT", "PYENV_VERSION"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="bzkmemory.settings",
        DJANGO_ENV="production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="geheugenvanbzk.nl",
        PUBLIC_BASE_URL="https://geheugenvanbzk.nl",
        BZKMEMORY_VAR_DIR=str(tmp_path),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        GUNICORN_FORWARDED_ALLOW_IPS="127.0.0.1",
    )
    command = ["gunicorn", "-c", "bzkmemory/gunicorn_conf.py", "--no-control-socket"]
    server = subprocess.Popen(
        [sys.executable, "-m", *command, "bzkmemory.wsgi"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        response = get(
            port, "/robots.txt", Host="geheugenvanbzk.nl", **{"X-Forwarded-Proto": "https"}
        )
        assert response.status == 301, server.stderr
        assert response.getheader("Location") == "https://geheugenvanbzk.nl/robots.txt"
        assert response.getheader("Strict-Transport-Security") is None
    finally:
        server.terminate()
        server.wait(timeout=10)
