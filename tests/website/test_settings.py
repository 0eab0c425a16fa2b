"""Settings come from the environment: none are needed locally, production refuses unsafe ones."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from website.env import database_config, env_bool, env_list, local_secret_key

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3y-" + "".join(chr(ord("a") + i % 26) + str(i) for i in range(30))


def run_django(code: str, **environment: str) -> subprocess.CompletedProcess:
    """Run Python with the project's settings in a fresh process and a controlled environment."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key in {"PATH", "HOME", "LANG", "PYENV_ROOT", "PYENV_VERSION"}
    }
    env.update({"DJANGO_SETTINGS_MODULE": "bzkmemory.settings", **environment})
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


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
            BZKMEMORY_VAR_DIR=str(tmp_path),
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == ["True", "True", "True"]

    @pytest.mark.parametrize(
        ("override", "message"),
        [
            ({"SECRET_KEY": None}, "SECRET_KEY must be set"),
            ({"SECRET_KEY": "kort"}, "SECRET_KEY is too weak"),
            ({"SECRET_KEY": "a" * 60}, "SECRET_KEY is too weak"),
            ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS must be set"),
            ({"ALLOWED_HOSTS": " , "}, "ALLOWED_HOSTS must name"),
            ({"DEBUG": "true"}, "DEBUG must be off in production"),
            ({"DEBUG": "misschien"}, "DEBUG must be a boolean"),
        ],
    )
    def test_unsafe_settings_stop_the_process(self, tmp_path, override, message):
        result = self.production(tmp_path, **override)
        assert result.returncode != 0
        assert message in result.stderr


class TestEnvironmentReader:
    def test_booleans(self, monkeypatch):
        for raw, expected in [("1", True), ("Yes", True), ("off", False), ("", False)]:
            monkeypatch.setenv("FLAG", raw)
            assert env_bool("FLAG") is expected

    def test_lists_drop_empty_items(self, monkeypatch):
        monkeypatch.setenv("HOSTS", "a.nl, ,b.nl,")
        assert env_list("HOSTS") == ["a.nl", "b.nl"]

    def test_an_unsupported_database_is_refused(self, tmp_path):
        with pytest.raises(ImproperlyConfigured, match="postgres:// or sqlite://"):
            database_config("mysql://root@localhost/x", sqlite_path=tmp_path / "db")

    def test_the_local_secret_key_is_made_once_and_kept_private(self, tmp_path):
        path = tmp_path / "var" / "secret_key"
        first = local_secret_key(path)
        assert len(first) >= 50
        assert local_secret_key(path) == first
        assert path.stat().st_mode & 0o077 == 0
