"""Reads of billing: what a bill still asks for, a unit's balance, the cash drawer, waivers, deposits.
A billing run's prices are `runs.RunPricing`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, DecimalField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from propdesk.registry.models import Ownership, Unit
from propdesk.registry.models.core import unit_order

from ..choices import ChargeKind, NotificationOutcome, WaiverStatus
from ..models import (
    Allocation,
    Bill,
    CreditNote,
    Deposit,
    DepositMovement,
    DrawerEntry,
    DrawerSession,
    PaymentNotification,
    PrepaidEntry,
    WaiverApplication,
    WaiverDecision,
)
from ..models.waiver import WAIVER_LEVELS
from ..money import ZERO, money

_MONEY = DecimalField(max_digits=14, decimal_places=2)


def _sum_per_bill(queryset):
    return Coalesce(
        Subquery(
            queryset.filter(bill=OuterRef("pk")).values("bill").annotate(s=Sum("amount")).values("s")[:1]
        ),
        Value(ZERO),
        output_field=_MONEY,
    )


def with_balances(bills):
    """Annotate paid (allocations of receipts not voided), credited and outstanding."""
    return bills.annotate(
        paid=_sum_per_bill(Allocation.objects.filter(payment__receipt__voided_at__isnull=True)),
        credited=_sum_per_bill(CreditNote.objects.all()),
    ).annotate(outstanding=F("amount") - F("paid") - F("credited"))


# SQLite computes on DECIMAL columns in floating point: compare against half a fen and
# quantize in Python, so that a residue like 1e-13 is never money.
HALF_FEN = Decimal("0.005")


def outstanding_bills(unit) -> list[Bill]:
    """The unit's bills that still ask for money, oldest period first (the allocation order)."""
    bills = list(
        with_balances(Bill.objects.filter(project_id=unit.project_id, unit_id=unit.pk).select_related("item"))
        .filter(outstanding__gte=HALF_FEN)
        .order_by("period", "item__sort_order", "id")
    )
    for bill in bills:
        bill.paid, bill.credited, bill.outstanding = (
            money(bill.paid),
            money(bill.credited),
            money(bill.outstanding),
        )
    return bills


def outstanding_of(bill_id: int) -> Decimal:
    return money(with_balances(Bill.objects.filter(pk=bill_id)).values_list("outstanding", flat=True).get())


def prepaid_balance(unit) -> Decimal:
    entries = PrepaidEntry.objects.filter(project_id=unit.project_id, unit_id=unit.pk)
    return money(entries.aggregate(s=Sum("amount"))["s"] or ZERO)


def refunds_due(user, project):
    """Owners charged twice online (a second genuine transaction for a paid order), not yet refunded:
    the cashier's desk lists them until the payment is refunded."""
    return (
        PaymentNotification.objects.for_user(user)
        .filter(project=project, outcome=NotificationOutcome.DOUBLE_CHARGE, payment__refund__isnull=True)
        .select_related("payment__unit__building", "payment__receipt")
        .order_by("received_at")
    )


def find_units(user, project, text: str):
    """Units matching what the front desk types: 3-2-1501, 3-1501 or just 1501."""
    parts = [p for p in text.strip().replace("—", "-").replace(" ", "-").split("-") if p]
    units = Unit.objects.for_user(user).filter(project=project).select_related("building")
    if not parts:
        return units.none()
    if len(parts) == 1:
        return units.filter(number=parts[0])
    if len(parts) == 2:
        return units.filter(building__code=parts[0], number=parts[1])
    return units.filter(building__code=parts[0], entrance=parts[1], number="-".join(parts[2:]))


def bills_for_list(user, project, *, building=None, item=None, period=None, state=None, unit=None):
    bills = with_balances(
        Bill.objects.for_user(user)
        .filter(project=project)
        .select_related("unit__building", "item")
        .order_by(
            "-period",
            *unit_order("unit__"),
            "item__sort_order",
        )
    )
    if building:
        bills = bills.filter(unit__building_id=building)
    if unit:
        bills = bills.filter(unit_id=unit)
    if item:
        bills = bills.filter(item_id=item)
    if period:
        bills = bills.filter(period=period)
    if state == "open":
        bills = bills.filter(outstanding__gte=HALF_FEN)
    elif state == "settled":
        bills = bills.filter(outstanding__lt=HALF_FEN)
    return bills


def totals(bills) -> dict:
    """Sums of a (filtered) bill list: three plain aggregates, portable to every database."""
    ids = bills.order_by().values("pk")
    amount = Bill.objects.filter(pk__in=ids).aggregate(s=Sum("amount"))["s"] or ZERO
    paid = (
        Allocation.objects.filter(bill__in=ids, payment__receipt__voided_at__isnull=True).aggregate(
            s=Sum("amount")
        )["s"]
        or ZERO
    )
    credited = CreditNote.objects.filter(bill__in=ids).aggregate(s=Sum("amount"))["s"] or ZERO
    amount, paid, credited = money(amount), money(paid), money(credited)
    return {"amount": amount, "paid": paid, "credited": credited, "outstanding": amount - paid - credited}


def receipt_lines(payment) -> list[dict]:
    """What a receipt lists: each bill settled (item, period, amount), then any prepaid part."""
    lines = [
        {
            "item": a.bill.item.name,
            "period": a.bill.period,
            "starts_on": a.bill.starts_on,
            "ends_on": a.bill.ends_on,
            "amount": a.amount,
        }
        for a in Allocation.objects.filter(payment=payment)
        .select_related("bill__item")
        .order_by("bill__period", "bill_id")
    ]
    prepaid = PrepaidEntry.objects.filter(payment=payment, amount__gt=0).aggregate(s=Sum("amount"))["s"]
    if prepaid:
        lines.append(
            {"item": _("Prepaid"), "period": None, "starts_on": None, "ends_on": None, "amount": prepaid}
        )
    return lines


def current_owner_name(unit) -> str:
    ownership = (
        Ownership.objects.filter(project_id=unit.project_id, unit=unit, ended_on__isnull=True)
        .select_related("party")
        .order_by("started_on")
        .first()
    )
    return ownership.party.name if ownership else ""


def drawer_breakdown(session) -> dict:
    """What a drawer session holds: float, cash taken, cash refunded, expected, and its entries."""
    entries = list(
        DrawerEntry.objects.filter(session=session)
        .select_related(
            "payment__receipt",
            "payment__unit__building",
            "refund__unit__building",
            "refund__payment__receipt",
        )
        .order_by("created_at", "id")
    )
    cash_in = [e for e in entries if e.amount > 0]
    cash_out = [e for e in entries if e.amount < 0]
    taken = money(sum((e.amount for e in cash_in), start=ZERO))
    refunded = money(-sum((e.amount for e in cash_out), start=ZERO))
    expected = money(session.opening_float + taken - refunded)
    return {
        "entries": entries,
        "payments_count": len(cash_in),
        "payments_total": taken,
        "refunds_count": len(cash_out),
        "refunds_total": refunded,
        "expected": session.expected_amount if session.expected_amount is not None else expected,
        "counted": session.counted_amount,
        "difference": session.difference,
    }


def drawer_sessions(user, project, *, cashier=None, status=None, since=None, until=None):
    """The finance list: sessions with their cashier, deposit and difference, newest first."""
    rows = (
        DrawerSession.objects.for_user(user)
        .filter(project=project)
        .select_related("cashier", "deposit", "discrepancy__approved_by")
        .order_by("-opened_at", "-id")
    )
    if cashier:
        rows = rows.filter(cashier_id=cashier)
    if status:
        rows = rows.filter(status=status)
    if since:
        rows = rows.filter(opened_at__date__gte=since)
    if until:
        rows = rows.filter(opened_at__date__lte=until)
    return rows


def waiver_statistics(user, project, *, since: dt.date, until: dt.date) -> dict:
    """Approved waivers decided in [since, until]: by reason and by approver (final or intermediate step)."""
    approved = WaiverApplication.objects.for_user(user).filter(
        project=project,
        status=WaiverStatus.APPROVED,
        decided_at__date__gte=since,
        decided_at__date__lte=until,
    )
    by_reason = [
        {"reason": row["reason__name"], "count": row["count"], "total": money(row["total"] or ZERO)}
        for row in approved.values("reason__name")
        .annotate(count=Count("id"), total=Sum("amount"))
        .order_by("-total", "reason__name")
    ]
    by_approver = [
        {
            "approver": row["decided_by__display_name"] or row["decided_by__username"],
            "level": row["level"],
            "level_label": str(WAIVER_LEVELS.get(row["level"], ("", row["level"]))[1]),
            "count": row["count"],
            "total": money(row["total"] or ZERO),
        }
        for row in WaiverDecision.objects.filter(application__in=approved, decision="approve")
        .values("decided_by__display_name", "decided_by__username", "level")
        .annotate(count=Count("id"), total=Sum("application__amount"))
        .order_by("-total", "decided_by__username")
    ]
    total = money(approved.aggregate(s=Sum("amount"))["s"] or ZERO)
    return {
        "by_reason": by_reason,
        "by_approver": by_approver,
        "count": approved.count(),
        "total": total,
    }


def with_deposit_balance(deposits):
    """Annotate `balance` = amount − refunds, deductions and forfeits."""
    used = Coalesce(
        Subquery(
            DepositMovement.objects.filter(deposit=OuterRef("pk"))
            .values("deposit")
            .annotate(s=Sum("amount"))
            .values("s")[:1]
        ),
        Value(ZERO),
        output_field=_MONEY,
    )
    return deposits.annotate(used=used).annotate(balance=F("amount") - F("used"))


def deposits_for_list(user, project, *, status=None, kind=None, unit=None):
    """Deposits with their balance, newest first."""
    rows = with_deposit_balance(
        Deposit.objects.for_user(user)
        .filter(project=project)
        .select_related("unit__building", "payment__receipt")
        .order_by("-taken_at", "-id")
    )
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    if unit is not None:
        rows = rows.filter(unit=unit)
    return rows


def one_off_bills(user, project):
    """One-off charges made at the one-off page (references YC…; not paid services' or deposits'),
    with their balances, newest first."""
    return with_balances(
        Bill.objects.for_user(user)
        .filter(project=project, item__kind=ChargeKind.ONE_OFF, reference__startswith="YC")
        .select_related("unit__building", "item", "created_by")
        .order_by("-created_at", "-id")
    )
