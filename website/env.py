"""A small, typed reader for settings that come from the environment.

Every reader takes a default; production settings pass ``REQUIRED`` for values that have no
safe default, so that a missing one stops the process at start-up with a clear message: one
line on standard error, no traceback (``exit_on_refused_settings``, used by ``manage.py`` and
``bzkmemory/wsgi.py``).
"""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.http import is_same_domain


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Final = _Required()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str, default: object) -> str | None:
    value = os.environ.get(name)
    if value is None:
        if default is REQUIRED:
            raise ImproperlyConfigured(f"The environment variable {name} must be set.")
        return None
    return value.strip()


def env_str(name: str, default: str | _Required = "") -> str:
    value = _raw(name, default)
    return default if value is None else value  # type: ignore[return-value]


def env_bool(name: str, default: bool | _Required = False) -> bool:
    value = _raw(name, default)
    if value is None:
        return default  # type: ignore[return-value]
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be a boolean (true/false, 1/0, yes/no), not {value!r}."
    )


def env_int(name: str, default: int | _Required = 0) -> int:
    value = _raw(name, default)
    if value is None:
        return default  # type: ignore[return-value]
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: list[str] | _Required | None = None) -> list[str]:
    """A comma-separated list; empty items are dropped."""
    value = _raw(name, [] if default is None else default)
    if value is None:
        return list(default or [])  # type: ignore[arg-type]
    return [item.strip() for item in value.split(",") if item.strip()]


def env_path(name: str, default: Path | _Required) -> Path:
    value = _raw(name, default)
    if value is None or value == "":
        if default is REQUIRED:
            raise ImproperlyConfigured(f"The environment variable {name} must be set.")
        return default  # type: ignore[return-value]
    return Path(value).expanduser().resolve()


def database_config(url: str, *, sqlite_path: Path, conn_max_age: int = 0) -> dict:
    """The ``DATABASES["default"]`` entry for ``DATABASE_URL``; SQLite at ``sqlite_path`` if empty.

    Only PostgreSQL (through psycopg 3) and SQLite are supported: those are the two databases
    the test suite runs on.
    """
    import dj_database_url

    if not url:
        return _sqlite_config(sqlite_path, conn_max_age)
    scheme = url.split(":", 1)[0].lower()
    if scheme in {"postgres", "postgresql", "pgsql"}:
        config = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
        config["ENGINE"] = "django.db.backends.postgresql"
        # A server that cannot be reached fails a request (and /readyz) in seconds, not minutes.
        config.setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
        return config
    if scheme == "sqlite":
        config = dj_database_url.parse(url)
        return _sqlite_config(Path(config["NAME"]), conn_max_age)
    raise ImproperlyConfigured(
        f"DATABASE_URL must start with postgres:// or sqlite://, not {scheme}://."
    )


def _sqlite_config(path: Path, conn_max_age: int) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        # Opening a connection runs the pragmas below: keep it, as for PostgreSQL.
        "CONN_MAX_AGE": conn_max_age,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            # WAL lets readers go on while one worker writes; IMMEDIATE makes a writing
            # transaction take its lock at the start instead of failing halfway with
            # "database is locked".
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        },
    }


def local_secret_key(path: Path) -> str:
    """A secret key generated once into a git-ignored file, for running without configuration."""
    import tempfile

    from django.core.management.utils import get_random_secret_key

    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False) as handle:
            handle.write(get_random_secret_key())
        try:
            # A hard link appears complete or not at all and never replaces an existing file:
            # when several workers start at once, the first one's key wins for all of them.
            os.link(handle.name, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(handle.name)
    return path.read_text().strip()


def passkey_origins(hosts: list[str], *, public_base_url: str = "") -> tuple[str, list[str]]:
    """The relying party id and the origins passkeys are made and used on (django-otp-webauthn).

    The id is the host of ``public_base_url`` or else the first named host of ``hosts``
    (ALLOWED_HOSTS); the origins are that address and ``https://`` for every named host under
    the id. A passkey belongs to its id for good: changing the host later means registering
    passkeys anew. Wildcards and IP addresses name no origin (WebAuthn needs a domain name).
    """
    named = [
        host
        for host in hosts
        if host and not host.startswith((".", "*", "[")) and not host.replace(".", "").isdigit()
    ]
    base = public_base_url.rstrip("/")
    rp_id = base.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] if base else ""
    rp_id = rp_id or (named[0] if named else "")
    origins = [base] if base else []
    origins += [
        f"https://{host}"
        for host in named
        if (host == rp_id or host.endswith(f".{rp_id}")) and f"https://{host}" not in origins
    ]
    return rp_id, origins


def production_hosts(hosts: list[str]) -> list[str]:
    """``ALLOWED_HOSTS`` for production: named hosts only, in lower case, without a trailing dot.

    Django drops a trailing dot from the request's host before it compares (``Host:
    geheugenvanbzk.nl.`` is the host ``geheugenvanbzk.nl``), so an entry with one would match no
    request at all: it is read as the same host. ``*`` and patterns for a whole top-level domain
    (``.``, ``.nl``) would let any host name through and are refused.
    """
    normalised: list[str] = []
    for entry in hosts:
        if "*" in entry:
            raise ImproperlyConfigured(
                "ALLOWED_HOSTS must not contain '*': name the site's host names, "
                "e.g. geheugenvanbzk.nl."
            )
        host = entry.lower().removesuffix(".")
        if not host.strip(".") or (host.startswith(".") and "." not in host[1:]):
            raise ImproperlyConfigured(
                f"ALLOWED_HOSTS must not contain {entry!r}, a pattern for a whole top-level "
                "domain: name the site's host names, e.g. geheugenvanbzk.nl."
            )
        if host not in normalised:
            normalised.append(host)
    return normalised


def production_base_url(url: str, hosts: list[str]) -> str:
    """``PUBLIC_BASE_URL`` for production: ``https://`` and a host that ``hosts`` allows.

    It is the origin passkeys are used on and the start of every address in published
    metadata, so it has no path; a trailing dot after the host is dropped, as for hosts.
    """
    example = "e.g. PUBLIC_BASE_URL=https://geheugenvanbzk.nl"
    if not url:
        raise ImproperlyConfigured(
            f"PUBLIC_BASE_URL must be set in production: the site's public address, {example}."
        )
    parts = urlsplit(url.rstrip("/"))
    try:
        port = parts.port
    except ValueError:
        port = -1
    if parts.scheme != "https" or not parts.hostname or port == -1:
        raise ImproperlyConfigured(
            f"PUBLIC_BASE_URL must be an https:// address, not {url!r}: {example}."
        )
    if parts.path or parts.query or parts.fragment or parts.username or parts.password:
        raise ImproperlyConfigured(
            f"PUBLIC_BASE_URL must be https:// and the host only, not {url!r}: {example}."
        )
    host = parts.hostname.removesuffix(".")
    if not any(is_same_domain(host, pattern) for pattern in hosts):
        raise ImproperlyConfigured(
            f"PUBLIC_BASE_URL's host {host!r} is not in ALLOWED_HOSTS: add it to ALLOWED_HOSTS "
            "or set PUBLIC_BASE_URL to the site's address."
        )
    netloc = f"[{host}]" if ":" in host else host
    return f"https://{netloc}" + (f":{port}" if port else "")


@contextmanager
def exit_on_refused_settings(status: int = 1) -> Iterator[None]:
    """Turn a setting refused at start-up into its one-line message and exit ``status``.

    Only errors raised while the settings load are turned into a message (their messages say
    what to set); any later ``ImproperlyConfigured`` is a programming error and keeps its
    traceback.
    """
    from django.conf import settings

    try:
        yield
    except ImproperlyConfigured as error:
        if settings.configured:
            raise
        print(error, file=sys.stderr)
        sys.exit(status)
