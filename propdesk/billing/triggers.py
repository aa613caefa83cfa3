"""Database triggers that keep money rows append-only (as in migration 0002), for later migrations.

`append_only(guarded)` returns a RunPython operation: `guarded` maps a table to the columns
an UPDATE may not change; every listed table also refuses DELETE on PostgreSQL (SQLite:
the models' delete() refuses, as in 0002).
"""

from __future__ import annotations

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
