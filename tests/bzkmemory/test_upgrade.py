"""A database made by the site before its models moved between apps (commit bcbf996: the seed
programme, an exhibition, import logs, deleted records, versions, audit events) upgrades with
``manage.py migrate`` with everything intact: every row of every table is still there, and the
site reads it as before.

The database comes from the dumps in tests/data/upgrade/ (how they were made: its README), on
the database engine the suite runs on, in a database of its own.
"""

import json
import os
import re
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

DATA = Path(__file__).resolve().parent.parent / "data" / "upgrade"
ROOT = Path(__file__).resolve().parent.parent.parent

# Tables that moved with their models: old name → new name.
RENAMED = {
    "bzkmemory_sitesettings": "website_sitesettings",
    "bzkmemory_sitepage": "website_sitepage",
    "bzkmemory_auditevent": "website_auditevent",
    "programmes_archiveimport": "archive_archiveimport",
    "programmes_archiverevision": "publishing_archiverevision",
}
MOVED = {  # content types: (old app, model) → new app
    ("bzkmemory", "sitesettings"): "website",
    ("bzkmemory", "sitepage"): "website",
    ("bzkmemory", "auditevent"): "website",
    ("programmes", "archiveimport"): "archive",
    ("programmes", "archiverevision"): "publishing",
}

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


@dataclass
class Database:
    """An upgrade's own database, read with plain SQL (never through the models), and the
    environment that points the site at it."""

    rows: Callable[[str], list[tuple]]
    table_names: Callable[[], list[str]]
    environment: dict[str, str]

    def columns(self, table: str) -> list[str]:
        """The table's columns in their order (as SELECT * gives them)."""
        if ON_POSTGRESQL:
            # A table name of the dump, not input.
            query = "SELECT column_name FROM information_schema.columns WHERE table_name = '%s'"
            sql = query % table + " ORDER BY ordinal_position"
            return [name for (name,) in self.rows(sql)]
        return [row[1] for row in self.rows(f'PRAGMA table_info("{table}")')]


@contextmanager
def sqlite_database(folder: Path) -> Iterator[Database]:
    path = folder / "db.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA foreign_keys=OFF")
    connection.executescript((DATA / "main-bcbf996.sqlite.sql").read_text(encoding="utf-8"))
    connection.close()

    def run(sql: str) -> list[tuple]:
        with sqlite3.connect(path) as reader:
            return reader.execute(sql).fetchall()

    def table_names() -> list[str]:
        # sqlite_sequence is the engine's own bookkeeping of ids, not data.
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'sqlite_sequence'"
        return [name for (name,) in run(sql)]

    yield Database(run, table_names, {"BZKMEMORY_VAR_DIR": str(folder), "DATABASE_URL": ""})


@contextmanager
def postgresql_database(folder: Path) -> Iterator[Database]:
    import psycopg

    config = settings.DATABASES["default"]
    server = {
        "host": config["HOST"] or "127.0.0.1",
        "port": config["PORT"] or 5432,
        "user": config["USER"],
        "password": config["PASSWORD"] or None,
    }
    name = f"bzkmemory_upgrade_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        dump = (DATA / "main-bcbf996.postgresql.sql").read_text(encoding="utf-8")
        # psql's own commands (\restrict): not SQL.
        dump = "\n".join(line for line in dump.splitlines() if not line.startswith("\\"))
        with psycopg.connect(dbname=name, autocommit=True, **server) as loader:
            loader.execute(dump)

        def run(sql: str) -> list[tuple]:
            with psycopg.connect(dbname=name, **server) as reader:
                return reader.execute(sql).fetchall()

        password = f":{server['password']}" if server["password"] else ""
        url = f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}"

        def table_names() -> list[str]:
            sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            return [table for (table,) in run(sql)]

        yield Database(run, table_names, {"BZKMEMORY_VAR_DIR": str(folder), "DATABASE_URL": url})
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(database: Database, *arguments: str, module: str = "") -> str:
    environment = {
        **os.environ,
        **database.environment,
        "DJANGO_SETTINGS_MODULE": "bzkmemory.settings",
        "DJANGO_ENV": "development",
    }
    command = [sys.executable, "-m", module] if module else [sys.executable, "manage.py"]
    done = subprocess.run(
        [*command, *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def snapshot(database: Database, columns: dict[str, list[str]] | None = None) -> dict:
    """Every row of every table, in a fixed order; of the tables in ``columns``, only the
    columns named there (those that existed before: new columns are the upgrade's own)."""
    tables = {}
    for table in database.table_names():
        names = (columns or {}).get(table) or database.columns(table)
        listed = ", ".join(f'"{name}"' for name in names)
        tables[table] = sorted(
            database.rows(f'SELECT {listed} FROM "{table}"'),  # noqa: S608
            key=repr,
        )
    return tables


def group_permissions(database: Database) -> dict[str, set[str]]:
    """Each group's permissions, as app.codename."""
    sql = (
        "SELECT g.name, t.app_label, t.model, p.codename FROM auth_group g "
        "JOIN auth_group_permissions gp ON gp.group_id = g.id "
        "JOIN auth_permission p ON p.id = gp.permission_id "
        "JOIN django_content_type t ON t.id = p.content_type_id"
    )
    groups: dict[str, set[str]] = {}
    for group, app, model, codename in database.rows(sql):
        # Named by the app a model lives in now (MOVED), so that before and after compare.
        app = MOVED.get((app, model), app)
        groups.setdefault(group, set()).add(f"{app}.{codename}")
    return groups


# What the editorial roles migration (bzkmemory 0008) changes on purpose.
PUBLISH = {"programmes.publish_programme", "exhibitions.publish_exhibition"}
# Tables of relations added to existing models since (themes of programmes and exhibitions).
NEW_RELATION_TABLES = {"programmes_programme_themes", "exhibitions_exhibition_themes"}
# Stored page renderings came later: made after a change or on a first visit, never by the
# upgrade itself.
NEW_MODELS = {("programmes", "programmerendering"), ("exhibitions", "exhibitionrendering")}
NEW_EMPTY_TABLES = NEW_RELATION_TABLES | {f"{app}_{model}" for app, model in NEW_MODELS}
# SQLite's full-text index of each searchable table (FTS5: the table and its shadow tables),
# derived from the search columns.
FULL_TEXT_INDEX = re.compile(
    r"^(programmes_programme|exhibitions_exhibition|toolbox_toolboxdocument)_fts(_\w+)?$"
)
# Themes came later: Eindredacteuren manage them, Redacteuren see them.
MANAGE_THEMES = {f"themes.{action}_theme" for action in ("add", "change", "delete", "view")}


def expected_after(before: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """The rows as the upgrade should leave them: moved tables under their new names, moved
    content types under their new apps, stored versions naming the new apps."""
    after = {RENAMED.get(table, table): rows for table, rows in before.items()}
    moved_ids = {}
    content_types = []
    for row in after["django_content_type"]:
        row_id, app_label, model = row
        if (app_label, model) in MOVED:
            moved_ids[row_id] = (app_label, model)
            row = (row_id, MOVED[app_label, model], model)
        content_types.append(row)
    after["django_content_type"] = sorted(content_types, key=repr)
    return after


@pytest.fixture
def old_database(tmp_path):
    make = postgresql_database if ON_POSTGRESQL else sqlite_database
    with make(tmp_path) as database:
        yield database


def test_a_database_of_the_previous_layout_upgrades_with_everything_intact(old_database):
    before = snapshot(old_database)
    assert len(before["programmes_programme"]) == 3, "the dump is not the one described"
    roles_before = group_permissions(old_database)
    columns = {RENAMED.get(table, table): old_database.columns(table) for table in before}

    manage(old_database, "migrate", "--noinput")
    after = snapshot(old_database, columns)

    # The four-eyes roles: the Eindredacteur is new, with the Redacteur's rights and the right to
    # publish; the Redacteur keeps everything but publishing; nobody else changes.
    roles_after = group_permissions(old_database)
    assert roles_after.pop("Eindredacteur") == roles_before["Redacteur"] | PUBLISH | MANAGE_THEMES
    assert roles_after["Redacteur"] == roles_before["Redacteur"] - PUBLISH | {"themes.view_theme"}
    roles_after["Redacteur"] = roles_before["Redacteur"]
    assert roles_after == roles_before
    for table in ("auth_group", "auth_group_permissions"):
        del before[table], after[table]

    expected = expected_after(before)
    applied = {(app, name) for _id, app, name, _at in after["django_migrations"]}
    assert {(app, name) for _id, app, name, _at in before["django_migrations"]} <= applied
    assert ("archive", "0001_moved_from_programmes") in applied
    # Apps installed since bring tables, content types and permissions of their own; nothing
    # else is added, and nothing that was there changes.
    old_apps = {app for _id, app, _name, _at in before["django_migrations"]}
    added_apps = {app for app, _name in applied} - old_apps - {"archive", "publishing", "website"}
    new_types = {row[0] for row in after["django_content_type"]} - {
        row[0] for row in before["django_content_type"]
    }
    assert {
        row[1]
        for row in after["django_content_type"]
        if row[0] in new_types and (row[1], row[2]) not in NEW_MODELS
    } <= added_apps
    after["django_content_type"] = [
        r for r in after["django_content_type"] if r[0] not in new_types
    ]
    types = ", ".join(str(int(pk)) for pk in new_types) or "0"
    new_permissions = {
        pk
        for (pk,) in old_database.rows(
            f"SELECT id FROM auth_permission WHERE content_type_id IN ({types})"  # noqa: S608
        )
    }
    after["auth_permission"] = [r for r in after["auth_permission"] if r[0] not in new_permissions]
    for table in set(after) - set(expected):
        if table in NEW_EMPTY_TABLES:
            assert after.pop(table) == [], f"{table} is new and starts empty"
            continue
        if FULL_TEXT_INDEX.match(table):
            del after[table]
            continue
        assert table.startswith(tuple(f"{app}_" for app in added_apps)), table
        del after[table]
    versions = {"reversion_version", "django_migrations"}
    for table, rows in expected.items():
        if table in versions:
            continue
        assert after.get(table) == rows, f"{table} changed in the upgrade"
    assert set(after) == set(expected)

    # Stored versions keep every field; those of moved models name the new app.
    old_versions = {row[0]: row for row in before["reversion_version"]}
    for row in after["reversion_version"]:
        old = old_versions.pop(row[0])
        changed = [index for index, (a, b) in enumerate(zip(old, row, strict=True)) if a != b]
        if changed:
            data = next(value for value in row if isinstance(value, str) and '"model"' in value)
            assert json.loads(data)[0]["model"].startswith("website."), data
    assert not old_versions

    # The site reads it all through today's code.
    # The last line: the request log writes its own lines to standard output before it.
    facts = json.loads(
        manage(old_database, module="tests.bzkmemory.upgrade_facts").splitlines()[-1]
    )
    assert facts["programmes"] == [
        ["betere-dienstverlening", "published"],
        ["risicos-en-verantwoordelijkheden", "published"],
        ["teruggetrokken-concept", "draft"],
    ]
    assert facts["exhibition_items"] == [
        "gemeentewet-1851",
        "herindeling-1970",
        "plan-van-aanpak-2011",
    ]
    assert facts["archive_imports"] == ["checked", "imported", "refused"]
    assert facts["deleted_records"] == 4
    assert facts["oai_deleted"] == 4
    assert facts["revision_counts_on"] is True
    assert facts["audit_events"] == 11
    assert "bijgewerkte inleiding" in facts["site_introduction"]
    assert facts["about_versions"] == 1
    assert "bijgewerkt voor de upgrade-test" in facts["restored_about"]
    assert facts["content_types"] == [
        "archive.archiveimport",
        "publishing.archiverevision",
        "website.auditevent",
        "website.sitepage",
        "website.sitesettings",
    ]
    assert facts["archivist_may"] == [
        "archive.export_archive",
        "archive.import_archive",
        "archive.view_archiveimport",
    ]
    assert facts["editor_may_change_site_pages"] is True
    assert facts["pages"] == {
        "/": 200,
        "/programmas/risicos-en-verantwoordelijkheden/": 200,
        "/programmas/dienstverlening-oud/": 301,
        "/tentoonstellingen/lokaal-bestuur-test/": 200,
        "/over/": 200,
    }

    # And nothing is left for makemigrations to find.
    manage(old_database, "makemigrations", "--check", "--dry-run")
