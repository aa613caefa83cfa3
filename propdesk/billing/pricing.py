"""The amount of one bill line: pure functions, no database.

Proration rule (documented in docs/billing.md): a month is billed from the later of its
first day and the unit's charge start, to its last day, by calendar days, start day
included. amount = quantity × unit price × billable days ÷ days in the month, rounded
once to the fen, half up. Items with `prorate` off are charged in full for any month in
which the unit is charged at all. The price is the one in effect on the first billed day.

Quarterly and yearly items (`BillingCycle`) are billed for a span of months: the sum of the months'
shares (each by the monthly rule, in-season months only for seasonal items), times the monthly
amount, rounded once. `cycle_span` says which span a month's run bills for an item, if any.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from .money import money


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def next_month(day: dt.date) -> dt.date:
    return (month_end(day) + dt.timedelta(days=1)).replace(day=1)


@dataclass(frozen=True)
class LineAmount:
    starts_on: dt.date
    ends_on: dt.date
    amount: Decimal


def monthly_line(
    *, period: dt.date, quantity: Decimal, unit_price: Decimal, charge_start: dt.date, prorate: bool
) -> LineAmount | None:
    """The line for `period` (any day of the month), or None when the unit is not yet charged."""
    first, last = month_start(period), month_end(period)
    start = max(first, charge_start)
    if start > last:
        return None
    full = Decimal(quantity) * Decimal(unit_price)
    days, days_in_month = (last - start).days + 1, last.day
    if prorate and days < days_in_month:
        return LineAmount(start, last, money(full * days / days_in_month))
    return LineAmount(start, last, money(full))


def price_on(prices: list[tuple[dt.date, Decimal]], day: dt.date) -> Decimal | None:
    """The price in effect on `day` among (effective_from, price) pairs, or None before the first."""
    best = None
    for effective_from, price in prices:
        if effective_from <= day and (best is None or effective_from > best[0]):
            best = (effective_from, price)
    return best[1] if best else None


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(first: dt.date, last: dt.date) -> int:
    """How many months the span from `first`'s month to `last`'s month covers (both included)."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


CYCLE_MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}


def cycle_span(cycle: str, month: dt.date, *, in_arrears: bool) -> tuple[dt.date, dt.date] | None:
    """The span (first day, last day) a run for `month` bills for an item of `cycle`, or None when
    the item is not due that month. Quarters and years are calendar ones. In advance (area and fixed
    items): due in the span's first month; in arrears (metered items): in its last month."""
    length = CYCLE_MONTHS[cycle]
    month = month_start(month)
    first = add_months(dt.date(month.year, 1, 1), (month.month - 1) // length * length)
    last_month = add_months(first, length - 1)
    if month != (last_month if in_arrears else first):
        return None
    return first, month_end(last_month)


def span_line(
    *,
    first: dt.date,
    last: dt.date,
    quantity: Decimal,
    unit_price: Decimal,
    charge_start: dt.date,
    prorate: bool,
    month_share: Callable[[dt.date], Decimal] | None = None,
) -> LineAmount | None:
    """A line for the months from `first` to `last`: each month counts by the monthly rule (billable
    days ÷ days in the month, or 1 without proration) times `month_share(month)` (0 for a month out of
    season, the base-fee share for a stopped heating season, else 1); one rounding at the end.
    None when no month counts. For one month it is `monthly_line`."""
    start = max(first, charge_start)
    if start > last:
        return None
    months = Fraction(0)
    day = month_start(first)
    while day <= last:
        end = month_end(day)
        share = Fraction(month_share(day)) if month_share else Fraction(1)
        if share and start <= end:
            days, days_in_month = (end - max(day, start)).days + 1, end.day
            months += share * (Fraction(days, days_in_month) if prorate else 1)
        day = end + dt.timedelta(days=1)
    if not months:
        return None
    full = Decimal(quantity) * Decimal(unit_price)
    return LineAmount(start, last, money(full * months.numerator / months.denominator))


def period_label(period: dt.date, ends_on: dt.date) -> str:
    """What a bill's span is called: 2026-03, 2026年第4季度 (Q4 2026), 2026年度 (year 2026)."""
    months = months_between(period, ends_on)
    if months == 3 and period.month % 3 == 1:
        return _("Q%(quarter)s %(year)s") % {"quarter": (period.month + 2) // 3, "year": period.year}
    if months == 12 and period.month == 1:
        return _("Year %(year)s") % {"year": period.year}
    return f"{period:%Y-%m}"
