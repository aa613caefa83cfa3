"""Reads of billing: what a bill still asks for, a unit's balance, the run's prices."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import connection
from django.db.models import Count, DecimalField, F, Min, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from propdesk.registry.models import Ownership, Unit
from propdesk.registry.models.core import unit_order

from ..choices import RUN_KINDS, ChargeKind, HeatingStopStatus, NotificationOutcome, WaiverStatus
from ..models import (
    Allocation,
    Bill,
    ChargeItem,
    CreditNote,
    Deposit,
    DepositMovement,
    DrawerEntry,
    DrawerSession,
    HeatingStopApplication,
    HeatingStopRule,
    PaymentNotification,
    PrepaidEntry,
    Price,
    UnitChargeStart,
    UnitPriceOverride,
    WaiverApplication,
    WaiverDecision,
)
from ..models.heating import season_of
from ..models.waiver import WAIVER_LEVELS
from ..money import ZERO, money
from ..pricing import month_end, monthly_line, price_on

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


class RunPricing:
    """Everything a billing run needs to price one month, loaded once; units are priced per batch."""

    def __init__(self, project, period: dt.date):
        self.project, self.period = project, period
        self.items = [
            item
            for item in ChargeItem.objects.filter(project=project, is_active=True, kind__in=RUN_KINDS)
            if item.in_season(period.month)
        ]
        # 停止供暖: units with an approved stop for this month's season pay the base-fee share of seasonal items.

        rule = HeatingStopRule.objects.filter(project=project).first()
        self.stop_share = (rule.base_fee_percent if rule else Decimal("30")) / Decimal(100)
        self.stopped = set(
            HeatingStopApplication.objects.filter(
                project=project, season=season_of(period), status=HeatingStopStatus.APPROVED
            ).values_list("unit_id", flat=True)
        )
        self.prices: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for p in Price.objects.filter(
            project=project, item__in=self.items, effective_from__lte=month_end(period)
        ):
            self.prices[p.item_id][p.use].append((p.effective_from, p.unit_price))

    def lines_for(self, units: list[dict], *, run) -> list[Bill]:
        ids = [u["id"] for u in units]
        starts = dict(
            UnitChargeStart.objects.filter(project=self.project, unit_id__in=ids).values_list(
                "unit_id", "starts_on"
            )
        )
        # No explicit charge start: from the start of the earliest ownership (the delivery).
        for unit_id, started in (
            Ownership.objects.filter(project=self.project, unit_id__in=ids)
            .exclude(unit_id__in=list(starts))
            .values("unit_id")
            .annotate(first=Min("started_on"))
            .values_list("unit_id", "first")
        ):
            starts[unit_id] = started
        overrides: dict[tuple[int, int], list] = defaultdict(list)
        for o in UnitPriceOverride.objects.filter(
            project=self.project, unit_id__in=ids, effective_from__lte=month_end(self.period)
        ):
            overrides[(o.unit_id, o.item_id)].append((o.effective_from, o.unit_price))
        lines = []
        for unit in units:
            start = starts.get(unit["id"])
            if start is None or start > month_end(self.period):
                continue
            first_day = max(self.period, start)
            for item in self.items:
                candidates = overrides.get((unit["id"], item.pk))
                price = price_on(candidates, first_day) if candidates else None
                if price is None:
                    by_use = self.prices.get(item.pk, {})
                    price = price_on(by_use.get(unit["use"], []), first_day)
                    if price is None:
                        price = price_on(by_use.get("", []), first_day)
                if price is None:
                    continue
                if item.kind == ChargeKind.SEASONAL_AREA and unit["id"] in self.stopped:
                    price = price * self.stop_share
                quantity = Decimal("1")
                if item.kind != ChargeKind.FIXED:
                    use_inner = item.area_basis == "inner" and unit["inner_area"]
                    quantity = unit["inner_area"] if use_inner else unit["building_area"]
                line = monthly_line(
                    period=self.period,
                    quantity=quantity,
                    unit_price=price,
                    charge_start=start,
                    prorate=item.prorate,
                )
                if line is None or line.amount <= 0:
                    continue
                lines.append(
                    Bill(
                        project_id=self.project.pk,
                        unit_id=unit["id"],
                        item=item,
                        period=self.period,
                        reference="",
                        starts_on=line.starts_on,
                        ends_on=line.ends_on,
                        quantity=quantity,
                        unit_price=price,
                        amount=line.amount,
                        due_on=self.period + dt.timedelta(days=item.due_days),
                        run=run,
                        created_by_id=run.started_by_id,
                    )
                )
        return lines

    # ------------------------------------------------------------------ PostgreSQL: one statement a batch

    # Set-based: every look-up is a join on a small materialized set (no per-row subquery).
    # Prices and overrides become ranges [effective_from, next effective_from) per (item, use) and per
    # (unit, item), so "the one in effect on the first billed day" is an equality + range join.
    RUN_SQL = """
WITH items AS MATERIALIZED (
    SELECT * FROM unnest(%(item_ids)s::bigint[], %(fixed)s::bool[], %(inner)s::bool[], %(prorate)s::bool[],
                         %(seasonal)s::bool[], %(due_days)s::int[])
        AS i(item_id, fixed, inner_basis, prorate, seasonal, due_days)
), prices AS MATERIALIZED (
    SELECT p.item_id, p.use, p.effective_from, p.unit_price,
           lead(p.effective_from, 1, 'infinity'::date)
               OVER (PARTITION BY p.item_id, p.use ORDER BY p.effective_from) AS until
    FROM unnest(%(p_item)s::bigint[], %(p_use)s::varchar[], %(p_from)s::date[], %(p_price)s::numeric[])
        AS p(item_id, use, effective_from, unit_price)
), overrides AS MATERIALIZED (
    SELECT o.unit_id, o.item_id, o.effective_from, o.unit_price,
           lead(o.effective_from, 1, 'infinity'::date)
               OVER (PARTITION BY o.unit_id, o.item_id ORDER BY o.effective_from) AS until
    FROM billing_unitpriceoverride o
    WHERE o.project_id = %(project)s AND o.unit_id > %(after)s AND o.unit_id <= %(upto)s
      AND o.effective_from <= %(month_end)s::date
), first_owned AS MATERIALIZED (
    SELECT o.unit_id, min(o.started_on) AS started_on FROM registry_ownership o
    WHERE o.project_id = %(project)s AND o.unit_id > %(after)s AND o.unit_id <= %(upto)s
    GROUP BY o.unit_id
), charged AS MATERIALIZED (
    SELECT u.id, u.use, u.building_area, u.inner_area,
           GREATEST(%(period)s::date, COALESCE(cs.starts_on, fo.started_on)) AS first_day,
           st.unit_id IS NOT NULL AS stopped
    FROM registry_unit u
    LEFT JOIN billing_unitchargestart cs ON cs.project_id = %(project)s AND cs.unit_id = u.id
    LEFT JOIN first_owned fo ON fo.unit_id = u.id
    LEFT JOIN unnest(%(stopped)s::bigint[]) AS st(unit_id) ON st.unit_id = u.id
    WHERE u.project_id = %(project)s AND u.id > %(after)s AND u.id <= %(upto)s
      AND COALESCE(cs.starts_on, fo.started_on) <= %(month_end)s::date
), priced AS (
    SELECT c.id AS unit_id, c.first_day, i.item_id, i.prorate, i.due_days,
           CASE WHEN i.fixed THEN 1::numeric
                WHEN i.inner_basis AND c.inner_area IS NOT NULL AND c.inner_area <> 0 THEN c.inner_area
                ELSE c.building_area END AS quantity,
           COALESCE(o.unit_price, pu.unit_price, pa.unit_price)
               * CASE WHEN i.seasonal AND c.stopped THEN %(stop_share)s::numeric ELSE 1 END AS unit_price
    FROM charged c CROSS JOIN items i
    LEFT JOIN overrides o ON o.unit_id = c.id AND o.item_id = i.item_id
                         AND o.effective_from <= c.first_day AND c.first_day < o.until
    LEFT JOIN prices pu ON pu.item_id = i.item_id AND pu.use = c.use
                       AND pu.effective_from <= c.first_day AND c.first_day < pu.until
    LEFT JOIN prices pa ON pa.item_id = i.item_id AND pa.use = ''
                       AND pa.effective_from <= c.first_day AND c.first_day < pa.until
), lines AS (
    SELECT priced.*,
           CASE WHEN prorate AND first_day > %(period)s::date
                THEN round(quantity * unit_price * ((%(month_end)s::date - first_day) + 1) / %(days)s, 2)
                ELSE round(quantity * unit_price, 2) END AS amount
    FROM priced WHERE unit_price IS NOT NULL AND quantity IS NOT NULL
)
INSERT INTO billing_bill (project_id, unit_id, item_id, period, reference, starts_on, ends_on, quantity,
                          unit_price, amount, due_on, description, run_id, created_by_id, created_at)
SELECT %(project)s, unit_id, item_id, %(period)s::date, '', first_day, %(month_end)s::date, quantity,
       unit_price, amount, %(period)s::date + due_days, '', %(run)s, %(actor)s, %(now)s
FROM lines WHERE amount > 0
ON CONFLICT DO NOTHING
"""

    def insert_lines_sql(self, *, after_id: int, upto_id: int, run, now) -> None:
        """The same lines as `lines_for`, priced and inserted by PostgreSQL in one statement.

        Units with id in (after_id, upto_id]. The rule is `pricing.monthly_line` and `price_on`
        written in SQL (a unit override, else the price for the unit's use, else the price for
        every use, each the one in effect on the first billed day; proration by calendar days,
        rounded once to the fen, half up); a test compares both paths line by line.
        """
        prices = [
            (item_id, use, effective_from, unit_price)
            for item_id, by_use in self.prices.items()
            for use, pairs in by_use.items()
            for effective_from, unit_price in pairs
        ]
        last = month_end(self.period)
        params = {
            "item_ids": [item.pk for item in self.items],
            "fixed": [item.kind == ChargeKind.FIXED for item in self.items],
            "inner": [item.area_basis == "inner" for item in self.items],
            "prorate": [item.prorate for item in self.items],
            "seasonal": [item.kind == ChargeKind.SEASONAL_AREA for item in self.items],
            "due_days": [item.due_days for item in self.items],
            "p_item": [p[0] for p in prices],
            "p_use": [p[1] for p in prices],
            "p_from": [p[2] for p in prices],
            "p_price": [p[3] for p in prices],
            "project": self.project.pk,
            "after": after_id,
            "upto": upto_id,
            "period": self.period,
            "month_end": last,
            "days": last.day,
            "stopped": sorted(self.stopped),
            "stop_share": self.stop_share,
            "run": run.pk,
            "actor": run.started_by_id,
            "now": now,
        }
        with connection.cursor() as cursor:
            # The plan is a few hash joins over one batch: JIT compilation (≈ 0.1 s a statement, when the
            # cost estimate crosses jit_above_cost) costs more than it saves. SET LOCAL ends with the batch.
            cursor.execute("SET LOCAL jit = off")
            cursor.execute(self.RUN_SQL, params)


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
