"""The SQLite schema snapshot `make run` starts from is what the migrations build (core/schema)."""

import re
import sqlite3

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from propdesk.core import schema

REFRESH = "refresh it: .venv/bin/python manage.py schema_snapshot"


def test_the_snapshot_holds_every_migration():
    text = schema.SNAPSHOT.read_text()
    applied = set(re.findall(r"INSERT INTO \"django_migrations\" VALUES\(\d+,'(\w+)','(\w+)'", text))
    on_disk = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    assert applied == on_disk, (
        f"{REFRESH} (missing: {sorted(on_disk - applied)}, gone: {sorted(applied - on_disk)})"
    )


def _objects(conn) -> set[tuple]:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
    return {(kind, name, table, re.sub(r"\s+", " ", sql or "")) for kind, name, table, sql in rows}


def test_the_snapshot_builds_the_schema_the_migrations_build(tmp_path):
    """Every migration applied to an empty file (a process of its own: the test database itself
    is loaded from the snapshot, see conftest) builds what the snapshot holds."""
    if connection.vendor != "sqlite":
        pytest.skip("the snapshot is SQLite's; the PostgreSQL pass migrates its test databases")
    migrated_path = tmp_path / "migrated.sqlite3"
    schema.migrate_from_scratch(migrated_path)
    migrated = _objects(sqlite3.connect(migrated_path))
    built = sqlite3.connect(tmp_path / "snapshot.sqlite3")
    built.executescript(schema.SNAPSHOT.read_text())
    loaded = _objects(built)
    assert loaded == migrated, (
        f"{REFRESH} (only in the snapshot: {sorted(loaded - migrated)[:3]}, only migrated: {sorted(migrated - loaded)[:3]})"
    )


@pytest.mark.django_db
def test_the_sqlite_test_database_is_the_snapshot():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL test databases migrate")
    connection.ensure_connection()
    loaded = sqlite3.connect(":memory:")
    loaded.executescript(schema.SNAPSHOT.read_text())
    assert _objects(connection.connection) == _objects(loaded)


@pytest.mark.django_db
def test_loading_fills_only_an_empty_database(tmp_path):
    assert schema.load_if_empty(connection) is False  # the test database has its tables (or is PostgreSQL)


def test_loading_an_empty_file_through_django_gives_every_table(tmp_path, django_db_blocker):
    """The way `serve --setup` does it: Django's SQLite connection, which checks foreign keys."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    empty = DatabaseWrapper(
        {
            **connection.settings_dict,
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(tmp_path / "new.sqlite3"),
            "OPTIONS": {},
        },
        alias="snapshot",
    )
    with django_db_blocker.unblock():
        _load_twice(empty)


def _load_twice(empty):
    try:
        assert schema.load_if_empty(empty) is True
        assert schema.load_if_empty(empty) is False
        with empty.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM django_migrations")
            assert cursor.fetchone()[0] > 50
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone()[0] == 1
    finally:
        empty.close()
