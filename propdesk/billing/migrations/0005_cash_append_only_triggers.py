"""The cash drawer's money rows are append-only (see 0002 and billing/triggers.py)."""

from django.db import migrations

from propdesk.core.triggers import append_only


class Migration(migrations.Migration):
    dependencies = [("billing", "0004_cash_drawer_and_refunds")]

    operations = [
        append_only(
            {
                "billing_drawerentry": ["amount", "session_id", "payment_id", "refund_id"],
                "billing_refund": ["amount", "method", "unit_id", "payment_id", "prepaid_entry_id"],
                "billing_drawerdiscrepancy": ["amount", "session_id", "reason"],
                "billing_bankdeposit": ["amount", "session_id", "slip_number", "deposited_on"],
            }
        )
    ]
