"""Settings come from the environment: none are needed locally, production refuses unsafe ones."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from website.env import (
    database_config,
    env_bool,
    env_list,
    local_secret_key,
    production_base_url,
    production_hosts,
)

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3y-" + "".join(chr(ord("a") + i % 26) + str(i) for i in range(30))


def run_python(arguments: list[str], **environment: str) -> subprocess.CompletedProcess:
    """Run Python with the project's settings in a fresh process and a controlled environment."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key in {"PATH", "HOME", "LANG", "PYENV_ROOT", "PYENV_VERSION"}
    }
    env.update({"DJANGO_SETTINGS_MODULE": "bzkmemory.settings", **environment})
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_django(code: str, **environment: str) -> subprocess.CompletedProcess:
    return run_python(["-c", f"import django; django.setup(); {code}"], **environment)


class TestDefaults:
    def test_with_nothing_set_the_site_runs_on_sqlite_with_debug_off(self, tmp_path):
        result = run_django(
            "from django.conf import settings as s;"
            "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'])",
            BZKMEMORY_VAR_DIR=str(tmp_path),
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == [
            "False",
            "django.db.backends.sqlite3",
            str(tmp_path / "db.sqlite3"),
        ]

    def test_a_database_url_switches_to_postgresql(self, tmp_path):
        result = run_django(
            "from django.conf import settings as s; d = s.DATABASES['default'];"
            "print(d['ENGINE'], d['NAME'], d['HOST'], d['PORT'], d['USER'])",
            BZKMEMORY_VAR_DIR=str(tmp_path),
            DATABASE_URL="postgres://archivaris@db.example:5433/geheugen",
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == [
            "django.db.backends.postgresql",
            "geheugen",
            "db.example",
            "5433",
            "archivaris",
        ]

    def test_an_unknown_environment_name_stops_the_process(self):
        result = run_django("", DJANGO_ENV="staging")
        assert result.returncode != 0
        assert "DJANGO_ENV must be 'development' or 'production'" in result.stderr


class TestProduction:
    def production(self, tmp_path, **overrides: str) -> subprocess.CompletedProcess:
        environment = {
            "DJANGO_ENV": "production",
            "SECRET_KEY": STRONG_KEY,
            "ALLOWED_HOSTS": "geheugenvanbzk.nl",
            "PUBLIC_BASE_URL": "https://geheugenvanbzk.nl",
            "BZKMEMORY_VAR_DIR": str(tmp_path),
            "OAI_ADMIN_EMAILS": "archief@example.org",
            "SMTP_HOST": "smtp.example.org",
        }
        environment.update(overrides)
        environment = {key: value for key, value in environment.items() if value is not None}
        return run_django(
            "from django.core.management import call_command;"
            "call_command('check', deploy=True, fail_level='WARNING')",
            **environment,
        )

    def test_the_deploy_check_passes_with_the_documented_settings(self, tmp_path):
        result = self.production(tmp_path)
        assert result.returncode == 0, result.stderr
        assert not (tmp_path / "secret_key").exists()

    def test_the_deploy_check_wants_a_mail_server_for_review_requests(self, tmp_path):
        result = self.production(tmp_path, SMTP_HOST=None)
        assert result.returncode != 0
        assert "mail.E001" in result.stderr

    def test_the_deploy_check_wants_a_real_contact_for_harvesters(self, tmp_path):
        result = self.production(tmp_path, OAI_ADMIN_EMAILS=None)
        assert result.returncode != 0
        assert "openmetadata.E002" in result.stderr

    def test_every_cookie_is_secure_in_production(self, tmp_path):
        result = run_django(
            "from django.conf import settings as s;"
            "print(s.COOKIE_CONSENT_SECURE, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)",
            DJANGO_ENV="production",
            SECRET_KEY=STRONG_KEY,
            ALLOWED_HOSTS="geheugenvanbzk.nl",
            PUBLIC_BASE_URL="https://geheugenvanbzk.nl",
            BZKMEMORY_VAR_DIR=str(tmp_path),
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == ["True", "True", "True"]

    def test_the_https_redirect_goes_to_the_configured_host_not_the_requested_one(self, tmp_path):
        result = run_django(
            "from django.test import Client;"
            "r = Client().get('/over/?x=1', HTTP_HOST='geheugenvanbzk.nl.:31337');"
            "print(r.status_code, r['Location'])",
            DJANGO_ENV="production",
            SECRET_KEY=STRONG_KEY,
            ALLOWED_HOSTS="geheugenvanbzk.nl",
            PUBLIC_BASE_URL="https://geheugenvanbzk.nl",
            BZKMEMORY_VAR_DIR=str(tmp_path),
        )
        assert result.returncode == 0, result.stderr
        # The request log writes a JSON line to stdout first.
        assert result.stdout.splitlines()[-1] == "301 https://geheugenvanbzk.nl/over/?x=1"

    def test_hosts_are_read_as_django_reads_a_request_host(self, tmp_path):
        """Django drops a trailing dot from the request's host; ALLOWED_HOSTS drops it too."""
        result = run_django(
            "from django.conf import settings as s;"
            "print(s.ALLOWED_HOSTS, s.PUBLIC_BASE_URL, s.OTP_WEBAUTHN_RP_ID)",
            DJANGO_ENV="production",
            SECRET_KEY=STRONG_KEY,
            ALLOWED_HOSTS="GeheugenVanBZK.nl., .geheugenvanbzk.nl.",
            PUBLIC_BASE_URL="https://geheugenvanbzk.nl./",
            BZKMEMORY_VAR_DIR=str(tmp_path),
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == [
            "['geheugenvanbzk.nl',",
            "'.geheugenvanbzk.nl']",
            "https://geheugenvanbzk.nl",
            "geheugenvanbzk.nl",
        ]

    @pytest.mark.parametrize(
        ("override", "message"),
        [
            ({"SECRET_KEY": None}, "SECRET_KEY must be set"),
            ({"SECRET_KEY": "kort"}, "SECRET_KEY is too weak"),
            ({"SECRET_KEY": "a" * 60}, "SECRET_KEY is too weak"),
            ({"SECRET_KEY": "abcde" * 12}, "SECRET_KEY is too weak"),
            ({"SECRET_KEY": "0123456789abcdefghi" * 3}, "SECRET_KEY is too weak"),
            ({"SECRET_KEY": "django-insecure-" + STRONG_KEY}, "SECRET_KEY is too weak"),
            ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS must be set"),
            ({"ALLOWED_HOSTS": " , "}, "ALLOWED_HOSTS must name"),
            ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS must not contain '*'"),
            ({"ALLOWED_HOSTS": "geheugenvanbzk.nl,*"}, "ALLOWED_HOSTS must not contain '*'"),
            ({"ALLOWED_HOSTS": "*.geheugenvanbzk.nl"}, "ALLOWED_HOSTS must not contain '*'"),
            ({"ALLOWED_HOSTS": "geheugenvanbzk.nl,."}, "ALLOWED_HOSTS must not contain '.'"),
            ({"ALLOWED_HOSTS": "geheugenvanbzk.nl,.nl"}, "ALLOWED_HOSTS must not contain '.nl'"),
            ({"PUBLIC_BASE_URL": None}, "PUBLIC_BASE_URL must be set"),
            ({"PUBLIC_BASE_URL": ""}, "PUBLIC_BASE_URL must be set in production"),
            (
                {"PUBLIC_BASE_URL": "http://geheugenvanbzk.nl"},
                "PUBLIC_BASE_URL must be an https://",
            ),
            ({"PUBLIC_BASE_URL": "https://geheugenvanbzk.nl/nl/"}, "the host only"),
            ({"PUBLIC_BASE_URL": "https://elders.nl"}, "host 'elders.nl' is not in ALLOWED_HOSTS"),
            ({"DEBUG": "true"}, "DEBUG must be off in production"),
            ({"DEBUG": "misschien"}, "DEBUG must be a boolean"),
        ],
    )
    def test_unsafe_settings_stop_the_process(self, tmp_path, override, message):
        result = self.production(tmp_path, **override)
        assert result.returncode != 0
        assert message in result.stderr


class TestRefusedStart:
    """A refused setting stops manage.py and the WSGI application with one line, no traceback."""

    ENVIRONMENT = {
        "DJANGO_ENV": "production",
        "SECRET_KEY": STRONG_KEY,
        "ALLOWED_HOSTS": "geheugenvanbzk.nl",
        "PUBLIC_BASE_URL": "https://geheugenvanbzk.nl",
    }
    REFUSED = [
        (
            {"ALLOWED_HOSTS": "*"},
            "ALLOWED_HOSTS must not contain '*': name the site's host names, "
            "e.g. geheugenvanbzk.nl.",
        ),
        (
            {"SECRET_KEY": "abcde" * 12},
            "SECRET_KEY is too weak for production: set 50 or more random characters, at least "
            '20 of them different, e.g. from `python -c "import secrets; print(secrets.token_urlsafe(50))"`.',
        ),
        (
            {"PUBLIC_BASE_URL": None},
            "The environment variable PUBLIC_BASE_URL must be set.",
        ),
        (
            {"PUBLIC_BASE_URL": "https://elders.nl"},
            "PUBLIC_BASE_URL's host 'elders.nl' is not in ALLOWED_HOSTS: add it to "
            "ALLOWED_HOSTS or set PUBLIC_BASE_URL to the site's address.",
        ),
        (
            {"DEBUG": "true"},
            "DEBUG must be off in production: set DEBUG=false or leave it out.",
        ),
        (
            {"DJANGO_ENV": "staging"},
            "DJANGO_ENV must be 'development' or 'production', not 'staging'.",
        ),
    ]

    def environment(self, tmp_path, override: dict) -> dict[str, str]:
        environment = {**self.ENVIRONMENT, "BZKMEMORY_VAR_DIR": str(tmp_path), **override}
        return {key: value for key, value in environment.items() if value is not None}

    @pytest.mark.parametrize(("override", "line"), REFUSED)
    def test_manage_py_prints_one_line(self, tmp_path, override, line):
        result = run_python(["manage.py", "check"], **self.environment(tmp_path, override))
        assert result.returncode == 1
        assert result.stderr == line + "\n"

    @pytest.mark.parametrize(("override", "line"), REFUSED[:2])
    def test_a_project_command_prints_one_line(self, tmp_path, override, line):
        result = run_python(
            ["manage.py", "publish_due_drafts"], **self.environment(tmp_path, override)
        )
        assert result.returncode == 1
        assert result.stderr == line + "\n"

    @pytest.mark.parametrize(("override", "line"), REFUSED[:2])
    def test_the_wsgi_application_prints_one_line(self, tmp_path, override, line):
        """Status 4 is gunicorn's "App failed to load": the master stops, no workers respawn."""
        result = run_python(["-c", "import bzkmemory.wsgi"], **self.environment(tmp_path, override))
        assert result.returncode == 4
        assert result.stderr == line + "\n"

    def test_gunicorn_stops_with_one_line(self, tmp_path):
        environment = self.environment(tmp_path, {"ALLOWED_HOSTS": "*"})
        result = run_python(
            ["-m", "gunicorn", "-c", "bzkmemory/gunicorn_conf.py", "bzkmemory.wsgi"],
            **environment,
            GUNICORN_BIND=f"127.0.0.1:{free_port()}",
            GUNICORN_WORKERS="1",
        )
        assert result.returncode == 4  # gunicorn's "App failed to load": no worker restarts
        assert "Traceback" not in result.stderr
        assert self.REFUSED[0][1] + "\n" in result.stderr

    def test_a_good_environment_starts(self, tmp_path):
        result = run_python(["manage.py", "check"], **self.environment(tmp_path, {}))
        assert result.returncode == 0, result.stderr


class TestEnvironmentReader:
    def test_booleans(self, monkeypatch):
        for raw, expected in [("1", True), ("Yes", True), ("off", False), ("", False)]:
            monkeypatch.setenv("FLAG", raw)
            assert env_bool("FLAG") is expected

    def test_lists_drop_empty_items(self, monkeypatch):
        monkeypatch.setenv("HOSTS", "a.nl, ,b.nl,")
        assert env_list("HOSTS") == ["a.nl", "b.nl"]

    def test_production_hosts_drop_a_trailing_dot_and_case(self):
        assert production_hosts(["GeheugenVanBZK.nl.", "geheugenvanbzk.nl", ".bzk.nl"]) == [
            "geheugenvanbzk.nl",
            ".bzk.nl",
        ]

    @pytest.mark.parametrize("entry", ["*", "*.bzk.nl", ".", "..", ".nl", ".nl."])
    def test_production_hosts_refuse_wildcards_for_everything(self, entry):
        with pytest.raises(ImproperlyConfigured, match="ALLOWED_HOSTS must not contain"):
            production_hosts(["geheugenvanbzk.nl", entry])

    def test_a_trailing_dot_host_is_the_same_host_for_django(self, settings):
        settings.ALLOWED_HOSTS = production_hosts(["geheugenvanbzk.nl."])
        for host in ["geheugenvanbzk.nl", "geheugenvanbzk.nl.", "GEHEUGENVANBZK.NL."]:
            assert RequestFactory(HTTP_HOST=host).get("/").get_host() == host

    @pytest.mark.parametrize(
        ("url", "expected"),
        [
            ("https://geheugenvanbzk.nl", "https://geheugenvanbzk.nl"),
            ("https://GeheugenVanBZK.nl./", "https://geheugenvanbzk.nl"),
            ("https://www.geheugenvanbzk.nl:8443", "https://www.geheugenvanbzk.nl:8443"),
        ],
    )
    def test_the_public_base_url(self, url, expected):
        hosts = ["geheugenvanbzk.nl", ".geheugenvanbzk.nl"]
        assert production_base_url(url, hosts) == expected

    @pytest.mark.parametrize(
        "url",
        [
            "",
            "geheugenvanbzk.nl",
            "http://geheugenvanbzk.nl",
            "https://geheugenvanbzk.nl:99999",
            "https://geheugenvanbzk.nl/archief",
            "https://geheugenvanbzk.nl/?x=1",
            "https://iemand@geheugenvanbzk.nl",
            "https://geheugenvanbzk.nl.elders.nl",
        ],
    )
    def test_a_public_base_url_that_is_not_the_site_is_refused(self, url):
        with pytest.raises(ImproperlyConfigured, match="PUBLIC_BASE_URL"):
            production_base_url(url, ["geheugenvanbzk.nl"])

    def test_an_unsupported_database_is_refused(self, tmp_path):
        with pytest.raises(ImproperlyConfigured, match="postgres:// or sqlite://"):
            database_config("mysql://root@localhost/x", sqlite_path=tmp_path / "db")

    def test_the_local_secret_key_is_made_once_and_kept_private(self, tmp_path):
        path = tmp_path / "var" / "secret_key"
        first = local_secret_key(path)
        assert len(first) >= 50
        assert local_secret_key(path) == first
        assert path.stat().st_mode & 0o077 == 0
