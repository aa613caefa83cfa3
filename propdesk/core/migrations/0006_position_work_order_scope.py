"""Positions that see only the requests of their own work orders (technicians, issue 16 item 8).

The seeded technician position of an existing installation gets the scope here; a new one gets it
from `load_defaults` (core.defaults.WORK_ORDER_SCOPE)."""

from django.db import migrations, models


def technicians_see_their_orders(apps, schema_editor):
    apps.get_model("core", "Position").objects.filter(code="technician").update(has_work_order_scope=True)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_user_wecom_userid"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalposition",
            name="has_work_order_scope",
            field=models.BooleanField(
                default=False,
                help_text="Sees only the requests of their own work orders (technicians).",
                verbose_name="work-order scope",
            ),
        ),
        migrations.AddField(
            model_name="position",
            name="has_work_order_scope",
            field=models.BooleanField(
                default=False,
                help_text="Sees only the requests of their own work orders (technicians).",
                verbose_name="work-order scope",
            ),
        ),
        migrations.RunPython(technicians_see_their_orders, migrations.RunPython.noop),
    ]
