"""A throwaway site for a benchmark: its own folder, and an empty SQLite or PostgreSQL database.

Shared by the benchmark scripts, which run the site's own commands in child processes with the
environment this returns; the PostgreSQL database is dropped again afterwards.
"""

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
POSTGRES = "postgres://postgres@127.0.0.1:5432/"


@contextmanager
def fresh_site(folder: Path, *, postgres: bool, label: str) -> Iterator[dict[str, str]]:
    """The environment of a site kept in ``folder``, migrated and empty."""
    environment = {
        **os.environ,
        "BZKMEMORY_VAR_DIR": str(folder / "var"),
        "MEDIA_ROOT": str(folder / "media"),
        "DJANGO_SETTINGS_MODULE": "bzkmemory.settings",
    }
    for name in ("DATABASE_URL", "DATABASE_REPLICA_URL", "REDIS_URL"):
        environment.pop(name, None)
    database = None
    if postgres:
        database = f"bzkmemory_bench_{os.getpid()}_{label}"
        psql(f"CREATE DATABASE {database}")
        environment["DATABASE_URL"] = POSTGRES + database
    try:
        manage(["migrate", "-v0"], environment)
        yield environment
    finally:
        if database:
            psql(f"DROP DATABASE {database} WITH (FORCE)")


def manage(arguments: list[str], environment: dict[str, str]) -> None:
    subprocess.run([PYTHON, "manage.py", *arguments], cwd=ROOT, env=environment, check=True)


def psql(statement: str) -> None:
    subprocess.run(["psql", POSTGRES + "postgres", "-qc", statement], check=True)
