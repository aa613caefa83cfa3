"""billing_bill loses its single-column index on project_id (issue 6, billing run speed).

The unique constraint (project, unit, item, period, reference) and both composite indexes
(project, period, item) and (project, unit, period) start with project_id, so that index only
cost time on every inserted line. PostgreSQL drops the index; SQLite applies the change by
rebuilding the table, which drops the append-only UPDATE guard of 0002: it is created again
(on PostgreSQL the triggers are replaced by the same ones).
"""

import django.db.models.deletion
from django.db import migrations, models

from propdesk.core.triggers import append_only

TABLE = "billing_bill"
GUARDED = ["amount", "unit_price", "quantity", "unit_id", "item_id", "period", "project_id"]  # as in 0002


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_update ON {TABLE}")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_delete ON {TABLE}")
    else:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_update")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_delete")


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0015_drawerentry_triggers_again"),
        ("core", "0003_default_grant"),
    ]

    operations = [
        migrations.AlterField(
            model_name="bill",
            name="project",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="core.project",
                verbose_name="project",
            ),
        ),
        migrations.RunPython(drop, migrations.RunPython.noop),
        append_only({TABLE: GUARDED}),
    ]
