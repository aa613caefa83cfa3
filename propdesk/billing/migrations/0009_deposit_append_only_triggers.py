"""Deposit movements are append-only (see 0002 and billing/triggers.py)."""

from django.db import migrations

from propdesk.core.triggers import append_only


class Migration(migrations.Migration):
    dependencies = [("billing", "0008_deposits")]

    operations = [append_only({"billing_depositmovement": ["amount", "kind", "deposit_id", "method"]})]
