"""A fresh SQLite database in one step: the schema every migration builds, kept as SQL.

Applying the ~90 migrations to an empty database costs minutes on a 2-core machine — nearly all
of it Django re-rendering model states between operations, not SQL. `make run` starts on an empty
SQLite file, so it loads `sqlite.sql` instead: the dump of a database that `migrate` built (tables,
indexes, triggers, the rows data migrations wrote, and `django_migrations` itself), then runs
`migrate`, which applies whatever came after the snapshot and the post-migrate steps.

The tests' SQLite database starts from it too (`propdesk/conftest.py`), instead of each test
worker migrating for minutes.

`python manage.py schema_snapshot` rewrites it; `core/tests/test_schema_snapshot.py` fails when a
migration is missing from it or when its schema differs from the one the migrations build (it
migrates a database of its own from nothing, `migrate_from_scratch`). PostgreSQL always migrates.
"""

from __future__ import annotations

import os
import pathlib
import sqlite3
import subprocess
import sys

from django.conf import settings

SNAPSHOT = pathlib.Path(__file__).with_name("sqlite.sql")


def migrate_from_scratch(path: pathlib.Path) -> None:
    """Build the SQLite database file `path` by applying every migration, in a process of its own
    (its own settings: no PostgreSQL, no Redis, nothing of this process's database)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env |= {"SQLITE_PATH": str(path), "PROPDESK_VAR_DIR": str(path.parent)}
    subprocess.run(
        [sys.executable, str(pathlib.Path(settings.BASE_DIR) / "manage.py"), "migrate", "-v", "0"],
        env=env,
        check=True,
    )


def dump(path: str, *, stable: bool = False) -> str:
    """The SQL of a SQLite database file, statement per line. `stable`: the migrations' applied
    times are set to one fixed time first, so a snapshot changes only when the schema does."""
    connection = sqlite3.connect(path)
    try:
        if stable:
            connection.execute("UPDATE django_migrations SET applied = '2026-01-01 00:00:00'")
            connection.commit()
        return "\n".join(connection.iterdump()) + "\n"
    finally:
        connection.close()


def is_empty(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
        return cursor.fetchone()[0] == 0


def load_if_empty(connection) -> bool:
    """Load the snapshot into an empty SQLite database; False (nothing done) otherwise."""
    if connection.vendor != "sqlite" or not SNAPSHOT.exists():
        return False
    connection.ensure_connection()
    if not is_empty(connection):
        return False
    raw = connection.connection
    # The dump creates tables in name order: a row may name a table created after it. Django's
    # connections check foreign keys; the migrations' own rows are consistent, so check them after.
    raw.execute("PRAGMA foreign_keys = OFF")
    try:
        raw.executescript(SNAPSHOT.read_text())
    finally:
        raw.execute("PRAGMA foreign_keys = ON")
    if raw.execute("PRAGMA foreign_key_check").fetchone() is not None:
        raise RuntimeError("the schema snapshot breaks a foreign key: rewrite it (manage.py schema_snapshot)")
    return True
