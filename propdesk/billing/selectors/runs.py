"""What a billing run charges: `RunPricing` prices one project's month, in batches of units.

Monthly items are priced by `pricing.monthly_line`, in Python (SQLite) or by PostgreSQL in one
statement a batch (`insert_lines_sql`, the same rule in SQL; `test_run_sql.py` compares them).
Quarterly and yearly items due this month (`pricing.cycle_span`) and metered items
(`selectors.meters.meter_lines`) are priced in Python on both databases: they are due in few months,
and metered lines carry their readings beside them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import connection
from django.db.models import Min

from propdesk.registry.models import Ownership

from ..choices import RUN_KINDS, BillingCycle, ChargeKind, HeatingStopStatus
from ..models import (
    Bill,
    ChargeItem,
    HeatingStopApplication,
    HeatingStopRule,
    Price,
    UnitChargeStart,
    UnitPriceOverride,
)
from ..models.heating import season_of
from ..pricing import add_months, cycle_span, month_end, monthly_line, price_on, span_line
from . import meters as meter_selectors


class RunPricing:
    """Everything a billing run needs to price one month, loaded once; units are priced per batch.

    `items`: monthly items in season; `span_items`: (item, first day, last day) of the quarterly and
    yearly items billed in advance this month; `metered`: (item, first day, last day) of the metered
    items billed this month, in arrears.
    """

    def __init__(self, project, period: dt.date):
        self.project, self.period = project, period
        self.items, self.span_items, self.metered = [], [], []
        for item in ChargeItem.objects.filter(project=project, is_active=True).exclude(
            kind__in=[ChargeKind.ONE_OFF, ChargeKind.DEPOSIT]
        ):
            metered = item.kind == ChargeKind.METERED
            if metered and not item.meter_kind:
                continue  # a metered item that names no kind of meter charges nothing
            span = cycle_span(item.billing_cycle, period, in_arrears=metered)
            if span is None:
                continue
            if metered:
                self.metered.append((item, *span))
            elif item.billing_cycle != BillingCycle.MONTHLY:
                self.span_items.append((item, *span))
            elif item.kind in RUN_KINDS and item.in_season(period.month):
                self.items.append(item)
        if self.metered and not meter_selectors.has_meters(
            project, {i.meter_kind for i, *_s in self.metered}
        ):
            self.metered = []
        self.last_day = max([month_end(period)] + [last for _i, _f, last in self.span_items + self.metered])
        # 停止供暖: units with an approved stop for a month's season pay the base-fee share of seasonal items.
        rule = HeatingStopRule.objects.filter(project=project).first()
        self.stop_share = (rule.base_fee_percent if rule else Decimal("30")) / Decimal(100)
        seasons = {season_of(period)}
        for _item, first, last in self.span_items:
            day = first
            while day <= last:
                seasons.add(season_of(day))
                day = add_months(day, 1)
        self.stopped_in: dict[int, set[int]] = defaultdict(set)
        for unit_id, season in HeatingStopApplication.objects.filter(
            project=project, season__in=seasons, status=HeatingStopStatus.APPROVED
        ).values_list("unit_id", "season"):
            self.stopped_in[season].add(unit_id)
        self.stopped = self.stopped_in[season_of(period)]
        priced = self.items + [i for i, *_s in self.span_items] + [i for i, *_s in self.metered]
        self.prices: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for p in Price.objects.filter(project=project, item__in=priced, effective_from__lte=self.last_day):
            self.prices[p.item_id][p.use].append((p.effective_from, p.unit_price))

    # ------------------------------------------------------------------ shared look-ups

    def charge_starts(self, ids) -> dict[int, dt.date]:
        """unit id → the day it is charged from: its charge start, else its earliest ownership's start."""
        ids = list(ids)
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
        return starts

    def overrides_for(self, ids) -> dict[tuple[int, int], list]:
        overrides: dict[tuple[int, int], list] = defaultdict(list)
        for o in UnitPriceOverride.objects.filter(
            project=self.project, unit_id__in=list(ids), effective_from__lte=self.last_day
        ):
            overrides[(o.unit_id, o.item_id)].append((o.effective_from, o.unit_price))
        return overrides

    def price_for(self, item, unit_id: int, use: str, day: dt.date, overrides) -> Decimal | None:
        """The unit's own price in effect on `day`, else the price for its use, else for every use."""
        candidates = overrides.get((unit_id, item.pk))
        price = price_on(candidates, day) if candidates else None
        if price is None:
            by_use = self.prices.get(item.pk, {})
            price = price_on(by_use.get(use, []), day)
            if price is None:
                price = price_on(by_use.get("", []), day)
        return price

    @staticmethod
    def quantity_of(item, unit: dict) -> Decimal:
        if item.kind == ChargeKind.FIXED:
            return Decimal("1")
        use_inner = item.area_basis == "inner" and unit["inner_area"]
        return unit["inner_area"] if use_inner else unit["building_area"]

    def _bill(self, *, unit: dict, item, period: dt.date, line, quantity, price, run) -> Bill:
        return Bill(
            project_id=self.project.pk,
            unit_id=unit["id"],
            item=item,
            period=period,
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

    # ------------------------------------------------------------------ Python pricing

    def lines_for(self, units: list[dict], *, run) -> list[Bill]:
        """The batch's lines of the monthly items, then of the quarterly and yearly items due."""
        ids = [u["id"] for u in units]
        starts = self.charge_starts(ids)
        overrides = self.overrides_for(ids)
        lines = []
        for unit in units:
            start = starts.get(unit["id"])
            if start is None or start > month_end(self.period):
                continue
            first_day = max(self.period, start)
            for item in self.items:
                price = self.price_for(item, unit["id"], unit["use"], first_day, overrides)
                if price is None:
                    continue
                if item.kind == ChargeKind.SEASONAL_AREA and unit["id"] in self.stopped:
                    price = price * self.stop_share
                quantity = self.quantity_of(item, unit)
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
                    self._bill(
                        unit=unit,
                        item=item,
                        period=self.period,
                        line=line,
                        quantity=quantity,
                        price=price,
                        run=run,
                    )
                )
        return lines + self.span_lines_for(units, run=run, starts=starts, overrides=overrides)

    def span_lines_for(self, units: list[dict], *, run, starts=None, overrides=None) -> list[Bill]:
        """Quarterly and yearly items due this month: one line for the span, from the later of its first
        day and the charge start; the price is the one in effect on the first billed day (a price change
        within the span waits for the next one); seasonal items count their in-season months only, at the
        base-fee share in a season whose heating the unit stopped."""
        if not self.span_items:
            return []
        ids = [u["id"] for u in units]
        starts = self.charge_starts(ids) if starts is None else starts
        overrides = self.overrides_for(ids) if overrides is None else overrides
        lines = []
        for unit in units:
            start = starts.get(unit["id"])
            if start is None:
                continue
            for item, first, last in self.span_items:
                if start > last:
                    continue
                first_day = max(first, start)
                price = self.price_for(item, unit["id"], unit["use"], first_day, overrides)
                if price is None:
                    continue

                def share(month, item=item, unit_id=unit["id"]) -> Decimal:
                    if not item.in_season(month.month):
                        return Decimal(0)
                    if item.kind == ChargeKind.SEASONAL_AREA and unit_id in self.stopped_in[season_of(month)]:
                        return self.stop_share
                    return Decimal(1)

                quantity = self.quantity_of(item, unit)
                line = span_line(
                    first=first,
                    last=last,
                    quantity=quantity,
                    unit_price=price,
                    charge_start=start,
                    prorate=item.prorate,
                    month_share=share,
                )
                if line is None or line.amount <= 0:
                    continue
                lines.append(
                    self._bill(
                        unit=unit, item=item, period=first, line=line, quantity=quantity, price=price, run=run
                    )
                )
        return lines

    def meter_lines(self, *, after_id: int, upto_id: int, run) -> list[meter_selectors.MeterLine]:
        """The metered lines of units with id in (after_id, upto_id] (`selectors.meters.meter_lines`)."""
        if not self.metered:
            return []
        return meter_selectors.meter_lines(self, after_id=after_id, upto_id=upto_id, run=run)

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
        monthly = {item.pk for item in self.items}
        prices = [
            (item_id, use, effective_from, unit_price)
            for item_id, by_use in self.prices.items()
            if item_id in monthly
            for use, pairs in by_use.items()
            for effective_from, unit_price in pairs
            if effective_from <= month_end(self.period)
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
