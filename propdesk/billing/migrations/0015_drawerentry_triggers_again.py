"""Re-create the drawer entries' append-only guard, now also over `deposit_movement_id`.

0008 added a column and constraints to billing_drawerentry; SQLite applies that by rebuilding
the table, which drops the triggers 0005 created there. PostgreSQL kept them; they are replaced.
"""

from django.db import migrations

from propdesk.core.triggers import append_only

TABLE = "billing_drawerentry"


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_update ON {TABLE}")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_delete ON {TABLE}")
    else:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_update")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_delete")


class Migration(migrations.Migration):
    dependencies = [("billing", "0014_merge_0011_heating_stops_0013_merge_20261202_0413")]

    operations = [
        migrations.RunPython(drop, migrations.RunPython.noop),
        append_only({TABLE: ["amount", "session_id", "payment_id", "refund_id", "deposit_movement_id"]}),
    ]
