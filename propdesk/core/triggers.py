"""Database triggers that keep money rows and status events as they were written.

- `sealed(tables)`: money rows (issue 17 item 11). No column of a row changes, except the columns
  a documented transition sets once (a receipt's void); no row is deleted; TRUNCATE is refused.
- `immutable(tables)`: status events, which nothing ever changes.
- `append_only(guarded)`: the first, column-list guard of the money tables (migrations 0002–0016),
  kept for those migrations; `sealed` replaces its triggers.

The two flush guards let Django's flush (tests, `manage.py flush`) empty these tables: SQLite has
no TRUNCATE and deletes row by row; PostgreSQL's TRUNCATE is refused unless the session says it is
a flush (`core.dbbackend` sets it for Django's). The application's database role has no TRUNCATE privilege at all (docs/operations.md,
`manage.py database_roles`), and cannot turn triggers off (`session_replication_role` needs a
superuser).
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


# ---------------------------------------------------------------- sealed rows (money)

SEALED_FUNCTION = "propdesk_sealed_row"
NO_TRUNCATE_FUNCTION = "propdesk_no_truncate"
FLUSH_SETTING = "propdesk.flush"

_PG_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION {SEALED_FUNCTION}() RETURNS trigger AS $$
DECLARE
  old_row jsonb;
  new_row jsonb;
  col text;
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION '% rows are never deleted: record a reversal instead', TG_TABLE_NAME;
  END IF;
  old_row := to_jsonb(OLD);
  new_row := to_jsonb(NEW);
  -- TG_ARGV: the columns one transition sets, the first being its mark (e.g. voided_at). While
  -- the mark is empty the transition may set them; once it is set they never change again.
  IF TG_NARGS > 0 THEN
    IF coalesce(old_row->>TG_ARGV[0], '') <> '' THEN
      FOREACH col IN ARRAY TG_ARGV LOOP
        IF (new_row->col) IS DISTINCT FROM (old_row->col) THEN
          RAISE EXCEPTION '%.% was set once and never changes', TG_TABLE_NAME, col;
        END IF;
      END LOOP;
    END IF;
    FOREACH col IN ARRAY TG_ARGV LOOP
      old_row := old_row - col;
      new_row := new_row - col;
    END LOOP;
  END IF;
  IF new_row IS DISTINCT FROM old_row THEN
    RAISE EXCEPTION '% rows never change: record a reversal instead', TG_TABLE_NAME;
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION {NO_TRUNCATE_FUNCTION}() RETURNS trigger AS $$
BEGIN
  IF coalesce(current_setting('{FLUSH_SETTING}', true), '') <> 'on' THEN
    RAISE EXCEPTION '% is never truncated', TG_TABLE_NAME;
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
"""


def _drop_guards(schema_editor, table: str) -> None:
    pg = schema_editor.connection.vendor == "postgresql"
    for name in ("no_update", "no_delete", "no_truncate"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{name}" + (f" ON {table}" if pg else ""))
    if pg:
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_append_only()")


def _sqlite_columns(schema_editor, table: str) -> list[str]:
    with schema_editor.connection.cursor() as cursor:
        return [c.name for c in schema_editor.connection.introspection.get_table_description(cursor, table)]


def seal(schema_editor, table: str, once: tuple[str, ...] = ()) -> None:
    """Install the sealed-row guards of `table` (replacing any earlier guard). On SQLite the guard
    names the table's columns as they are now: a migration adding a column calls it again (the
    schema test `test_money_rows_are_sealed` fails until it does)."""
    _drop_guards(schema_editor, table)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_PG_FUNCTIONS, params=None)  # no placeholders: RAISE formats with %
        args = ", ".join(f"'{c}'" for c in once)
        schema_editor.execute(
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {SEALED_FUNCTION}({args})"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {SEALED_FUNCTION}()"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {NO_TRUNCATE_FUNCTION}()"
        )
    elif schema_editor.connection.vendor == "sqlite":
        fixed = [c for c in _sqlite_columns(schema_editor, table) if c not in once]
        changed = [f"NEW.{c} IS NOT OLD.{c}" for c in fixed]
        if once:
            mark = f"(OLD.{once[0]} IS NOT NULL AND OLD.{once[0]} <> '')"
            changed.append(f"({mark} AND ({' OR '.join(f'NEW.{c} IS NOT OLD.{c}' for c in once)}))")
        schema_editor.execute(f"CREATE TABLE IF NOT EXISTS {FLUSH_GUARD} (flushing integer NOT NULL)")
        schema_editor.execute(
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} FOR EACH ROW "
            f"WHEN {' OR '.join(changed)} "
            f"BEGIN SELECT RAISE(ABORT, '{table} rows never change: record a reversal instead'); END"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} FOR EACH ROW "
            f"WHEN NOT EXISTS (SELECT 1 FROM {FLUSH_GUARD}) "
            f"BEGIN SELECT RAISE(ABORT, '{table} rows are never deleted: record a reversal instead'); END"
        )


def sealed(tables: dict[str, tuple[str, ...]]):
    """RunPython: seal each table; the value is the columns its one transition sets once, mark first."""

    def forwards(apps, schema_editor):
        for table, once in tables.items():
            seal(schema_editor, table, once)

    def backwards(apps, schema_editor):
        for table in tables:
            _drop_guards(schema_editor, table)

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
