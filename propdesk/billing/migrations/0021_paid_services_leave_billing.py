"""Paid services (特约服务) moved to their own app, `paidservices` (issue 13).

Their tables stay where they are (`billing_serviceitem`, … and the historical tables): this
migration only removes the models from billing's migration state; `paidservices` 0001 adds them
to its own state over the same tables, and `paidservices` 0002 moves their content types (and so
their permissions and every position's grants) to the new app label.
"""

from django.db import migrations

MOVED = [
    "HistoricalSpecialServiceLine",
    "HistoricalSpecialServiceOrder",
    "HistoricalServiceItemPrice",
    "HistoricalServiceItem",
    "SpecialServiceStep",
    "SpecialServiceLine",
    "SpecialServiceSummary",
    "SpecialServiceOrder",
    "ServiceItemPrice",
    "ServiceItem",
]


class Migration(migrations.Migration):
    dependencies = [("billing", "0020_paymentorderevent")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name=name) for name in MOVED],
            database_operations=[],
        )
    ]
