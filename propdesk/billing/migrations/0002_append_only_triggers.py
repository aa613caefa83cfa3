"""Safety net for "money is append-only": the database refuses to change amounts or delete money rows.

PostgreSQL: BEFORE UPDATE triggers that raise when a guarded column changes, and BEFORE
DELETE triggers (row-level; TRUNCATE, used by test flushes and never by the app, is not a
row delete). SQLite: the same UPDATE guards; deletes are refused by the models' delete()
only, because Django's SQLite flush deletes rows one table at a time.
"""

from django.db import migrations

GUARDED = {
    "billing_bill": ["amount", "unit_price", "quantity", "unit_id", "item_id", "period", "project_id"],
    "billing_creditnote": ["amount", "bill_id"],
    "billing_payment": ["amount", "method", "unit_id", "trade_no", "project_id"],
    "billing_allocation": ["amount", "bill_id", "payment_id", "prepaid_entry_id"],
    "billing_prepaidentry": ["amount", "unit_id", "payment_id", "bill_id"],
    "billing_receipt": ["number", "payment_id", "project_id"],
}
NO_DELETE = ["billing_bill", "billing_creditnote", "billing_payment", "billing_allocation", "billing_prepaidentry", "billing_receipt"]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, columns in GUARDED.items():
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
            if table in NO_DELETE:
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
    for table in GUARDED:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update" + (f" ON {table}" if vendor == "postgresql" else ""))
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_append_only()")


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
