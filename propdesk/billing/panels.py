"""Billing's panels on the unit page (一户一档): bills and arrears (the outstanding total), payments
with their receipts (PDF links). The deposits panel is `views.deposit.unit_panel_context`.
Registered in apps.ready() with registry.panels; each reads a fixed number of queries."""

from __future__ import annotations

from propdesk.core.access import project_permissions
from propdesk.core.downloads import project_date
from propdesk.registry.panels import first_rows

from . import selectors
from .models import Payment
from .money import ZERO, money


def bills_panel(unit, user) -> dict:
    """What the unit owes now (total, overdue part, prepaid balance) and its latest bill lines."""
    open_bills = selectors.outstanding_bills(unit)
    today = project_date(unit.project)
    outstanding = sum((b.outstanding for b in open_bills), start=ZERO)
    overdue = sum((b.outstanding for b in open_bills if b.due_on < today), start=ZERO)
    bills, more = first_rows(selectors.bills_for_list(user, unit.project, unit=unit.pk))
    for bill in bills:
        bill.outstanding = money(bill.outstanding)
        bill.is_overdue = bill.outstanding > ZERO and bill.due_on < today
    return {
        "bills": bills,
        "more": more,
        "outstanding": outstanding,
        "overdue": overdue,
        "open_count": len(open_bills),
        "prepaid": selectors.prepaid_balance(unit),
        "can_collect": "billing.add_payment" in project_permissions(user, unit.project),
    }


def payments_panel(unit, user) -> dict | None:
    """The unit's payments, newest first, each with its receipt (a PDF link when one may see it)."""
    rows = (
        Payment.objects.for_user(user)
        .filter(project_id=unit.project_id, unit_id=unit.pk)
        .select_related("receipt", "received_by")
        .order_by("-received_at", "-id")
    )
    payments, more = first_rows(rows)
    if not payments:
        return None
    return {
        "payments": payments,
        "more": more,
        "can_see_receipts": "billing.view_receipt" in project_permissions(user, unit.project),
    }
