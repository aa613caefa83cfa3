"""Waiver lines and decisions are append-only (see 0002 and billing/triggers.py)."""

from django.db import migrations

from propdesk.core.triggers import append_only


class Migration(migrations.Migration):
    dependencies = [("billing", "0006_waivers")]

    operations = [
        append_only(
            {
                "billing_waiverline": ["amount", "bill_id", "application_id"],
                "billing_waiverdecision": ["decision", "step", "level", "decided_by_id", "application_id"],
            }
        )
    ]
