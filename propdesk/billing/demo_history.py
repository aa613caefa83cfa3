"""A year of bills and payments for the demo's residential project (`load_demo --history`), so the
arrears, collection and dunning pages have a year's shape.

Runs after the demo's billing (order 30: with history it bills the past twelve months) and before its
dunning cases (order 35), which then open for the units that are really in arrears. Payments go in
set-based, as `take_payment` would write them for a card or transfer payment: the payment, its
allocations to that month's bills and its receipt numbered from the project's counter, received on a
day after the bills went out. Most households pay every month, some late, a few hardly at all: about
89 % of the billed amount of past months is collected, and the unpaid months age into dunning.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from contextlib import contextmanager
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from .models import Allocation, Bill, Payment, Receipt, ReceiptCounter
from .pricing import month_start

HISTORY_MONTHS = 12
# Households by habit: (share, chance to pay a month's bills).
HABITS = [(0.80, 0.99), (0.12, 0.70), (0.08, 0.15)]
METHODS = [("pos", 55), ("bank_transfer", 45)]


def billed_months(today: dt.date, history: bool) -> list[dt.date]:
    """The first days of the months the demo bills, oldest first: the past year with history, else three."""
    this_month = month_start(today)
    months, day = [], this_month
    for _n in range(HISTORY_MONTHS if history else 3):
        months.append(day)
        day = month_start(day - dt.timedelta(days=1))
    return sorted(months)


@contextmanager
def _keep_given(*fields):
    """bulk_create with the timestamps given (auto_now_add would stamp them all with now)."""
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f in fields:
            f.auto_now_add = True


def history_payments_step(demo) -> dict[str, int]:
    if demo.history <= 0:
        return {}
    project, cashier = demo.community, demo.users["cashier"]
    rng = random.Random(18)
    now = timezone.now()
    tz = timezone.get_current_timezone()
    this_month = month_start(timezone.localdate())
    # Units already paid at the desk today (the demo's earlier step) are left as they are.
    paid_units = set(Payment.objects.filter(project=project).values_list("unit_id", flat=True))
    bills = defaultdict(list)  # (unit, period) -> [(bill id, amount)]
    for pk, unit_id, period, amount in (
        Bill.objects.filter(project=project)
        .order_by("unit_id", "period", "pk")
        .values_list("pk", "unit_id", "period", "amount")
    ):
        if unit_id not in paid_units and amount > 0:
            bills[(unit_id, period)].append((pk, amount))
    shares = [s for s, _p in HABITS]
    habit = {}
    counter, _created = ReceiptCounter.objects.get_or_create(project=project)
    number = counter.last_number
    payments, paid = [], []  # paid: (lines, receipt number, time) of each payment, in the same order
    for (unit_id, period), lines in sorted(bills.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if unit_id not in habit:
            habit[unit_id] = HABITS[rng.choices(range(len(HABITS)), shares)[0]][1]
        chance = habit[unit_id] * (0.45 if period == this_month else 1.0)
        if rng.random() >= chance:
            continue
        day = period + dt.timedelta(days=rng.randint(0, 40))
        at = dt.datetime.combine(day, dt.time(rng.randint(8, 19), rng.randrange(60)), tz)
        if at >= now:
            if period == this_month:
                continue
            at = now - dt.timedelta(hours=rng.randint(1, 48))
        method = rng.choices([m for m, _w in METHODS], [w for _m, w in METHODS])[0]
        total = sum((a for _b, a in lines), start=Decimal("0"))
        payments.append(
            Payment(
                project=project,
                unit_id=unit_id,
                method=method,
                amount=total,
                trade_no=f"H{period:%Y%m}{unit_id:07d}",
                received_by=cashier,
                received_at=at,
            )
        )
        number += 1
        paid.append((lines, number, at))
    with _keep_given(
        Payment._meta.get_field("received_at"),
        Allocation._meta.get_field("created_at"),
        Receipt._meta.get_field("issued_at"),
    ):
        # Ids from the database (its sequence moves on with them, so later payments at the desk get new ones).
        Payment.objects.bulk_create(payments, batch_size=2000)
        allocations = [
            Allocation(project=project, bill_id=bill_id, payment_id=payment.pk, amount=amount, created_at=at)
            for payment, (lines, _number, at) in zip(payments, paid, strict=True)
            for bill_id, amount in lines
        ]
        receipts = [
            Receipt(project=project, number=number, payment_id=payment.pk, issued_by=cashier, issued_at=at)
            for payment, (_lines, number, at) in zip(payments, paid, strict=True)
        ]
        Allocation.objects.bulk_create(allocations, batch_size=2000)
        Receipt.objects.bulk_create(receipts, batch_size=2000)
    ReceiptCounter.objects.filter(pk=counter.pk).update(last_number=number)
    billed = Bill.objects.filter(project=project, period__lt=this_month).aggregate(s=Sum("amount"))["s"]
    collected = Allocation.objects.filter(project=project, bill__period__lt=this_month).aggregate(
        s=Sum("amount")
    )["s"]
    return {
        "payments": len(payments),
        "allocations": len(allocations),
        "collected_percent": round(float(collected or 0) * 100 / float(billed or 1)),
    }
