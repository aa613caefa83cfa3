"""Database triggers that keep money rows append-only (as in migration 0002), for later migrations.

`append_only(guarded)` returns a RunPython operation: `guarded` maps a table to the columns
an UPDATE may not change; every listed table also refuses DELETE on PostgreSQL (SQLite:
the models' delete() refuses, as in 0002).
"""

from __future__ import annotations

from django.conf import settings
from django.db import migrations


def append_only(guarded: dict[str, list[str]]):
    def forwards(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for table, columns in guarded.items():
            if vendor == "postgresql":
                changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in columns)
                schema_editor.execute(
                    f"""
                    CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$
                    BEGIN
                      IF TG_OP = 'DELETE' THEN
                        RAISE EXCEPTION '{table} rows are append-only: record a reversal instead';
                      END IF;
                      IF {changed} THEN
                        RAISE EXCEPTION '{table} amounts are append-only: record a reversal instead';
                      END IF;
                      RETURN NEW;
                    END $$ LANGUAGE plpgsql;
                    """
                )
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                    f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only();"
                )
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                    f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only();"
                )
            elif vendor == "sqlite":
                changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} FOR EACH ROW WHEN {changed} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} amounts are append-only: record a reversal instead'); END;"
                )

    def backwards(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for table in guarded:
            suffix = f" ON {table}" if vendor == "postgresql" else ""
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update{suffix}")
            if vendor == "postgresql":
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete ON {table}")
                schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_append_only()")

    return migrations.RunPython(forwards, backwards)


# ---------------------------------------------------------------- immutable rows (status events)

FLUSH_GUARD = "billing_flush_guard"


def immutable(tables: list[str]):
    """RunPython: `tables` refuse every UPDATE and every DELETE, on PostgreSQL and on SQLite.

    PostgreSQL: BEFORE UPDATE / BEFORE DELETE row triggers (TRUNCATE, which test flushes use and
    the application never does, fires no row trigger). SQLite: the same two triggers; the DELETE
    one stands aside only while the table `billing_flush_guard` (not a model) holds a row, which
    `allow_sqlite_flush` arranges around Django's flush only — SQLite has no TRUNCATE and Django
    flushes it with `DELETE FROM` table by table.
    """

    def forwards(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for table in tables:
            if vendor == "postgresql":
                schema_editor.execute(
                    f"""
                    CREATE OR REPLACE FUNCTION {table}_immutable() RETURNS trigger AS $$
                    BEGIN
                      RAISE EXCEPTION '{table} rows are append-only: they are never changed or deleted';
                    END $$ LANGUAGE plpgsql;
                    """
                )
                for op in ("update", "delete"):
                    schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{op} ON {table}")
                    schema_editor.execute(
                        f"CREATE TRIGGER {table}_no_{op} BEFORE {op.upper()} ON {table} "
                        f"FOR EACH ROW EXECUTE FUNCTION {table}_immutable();"
                    )
            elif vendor == "sqlite":
                schema_editor.execute(f"CREATE TABLE IF NOT EXISTS {FLUSH_GUARD} (flushing integer NOT NULL)")
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} FOR EACH ROW "
                    f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only: they are never changed'); END;"
                )
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} FOR EACH ROW "
                    f"WHEN NOT EXISTS (SELECT 1 FROM {FLUSH_GUARD}) "
                    f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only: they are never deleted'); END;"
                )

    def backwards(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for table in tables:
            suffix = f" ON {table}" if vendor == "postgresql" else ""
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update{suffix}")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete{suffix}")
            if vendor == "postgresql":
                schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_immutable()")

    return migrations.RunPython(forwards, backwards)


def allow_sqlite_flush() -> None:
    """Let Django's flush (tests' transactional teardown, `manage.py flush`) empty the immutable tables on SQLite.

    The flush's statements run between an INSERT into and a DELETE from `billing_flush_guard`, in the
    flush's own transaction; nothing else ever writes that table.
    """
    if not any(db["ENGINE"].endswith("sqlite3") for db in settings.DATABASES.values()):
        return
    # SQLite only: importing the backend registers its sqlite3 adapters, not wanted on PostgreSQL.
    from django.db.backends.sqlite3.base import DatabaseOperations  # noqa: PLC0415  (SQLite only, see above)

    if getattr(DatabaseOperations.sql_flush, "_flush_guard", False):
        return
    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        sql = original(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        if not sql or FLUSH_GUARD not in self.connection.introspection.table_names():
            return sql
        return [f"INSERT INTO {FLUSH_GUARD} (flushing) VALUES (1);", *sql, f"DELETE FROM {FLUSH_GUARD};"]

    sql_flush._flush_guard = True
    DatabaseOperations.sql_flush = sql_flush
