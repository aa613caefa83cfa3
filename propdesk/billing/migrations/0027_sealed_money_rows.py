"""Money rows are sealed (issue 17 item 11): no column changes once written, except the columns
one documented transition sets once; no row is deleted, on SQLite too; TRUNCATE is refused.

Replaces the column-list guards of 0002, 0005, 0007, 0009, 0015 and 0016, which let `received_at`,
`payer_name`, `issued_at`, `due_on` and the like change (`core.triggers.sealed`).
"""

from django.db import migrations

from propdesk.core.triggers import sealed

# The money tables, each with the columns its one transition sets once (the mark first).
SEALED = {
    "billing_bill": (),
    "billing_creditnote": (),
    "billing_payment": (),
    "billing_allocation": (),
    "billing_prepaidentry": (),
    # A receipt is voided once (services/receipts.void_receipt).
    "billing_receipt": ("voided_at", "voided_by_id", "void_reason"),
    "billing_refund": (),
    "billing_drawerentry": (),
    # A cash-drawer discrepancy is approved once (services/cash).
    "billing_drawerdiscrepancy": ("approved_at", "approved_by_id", "approval_comment"),
    "billing_bankdeposit": (),
    "billing_depositmovement": (),
    # An approved waiver line gets its credit note once (services/waiver).
    "billing_waiverline": ("credit_note_id",),
    "billing_waiverdecision": (),
}



class Migration(migrations.Migration):
    dependencies = [("billing", "0026_live_provider_accounts")]

    operations = [sealed(SEALED)]
