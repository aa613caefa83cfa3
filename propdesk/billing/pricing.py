"""The amount of one bill line: pure functions, no database.

Proration rule (documented in docs/billing.md): a month is billed from the later of its
first day and the unit's charge start, to its last day, by calendar days, start day
included. amount = quantity × unit price × billable days ÷ days in the month, rounded
once to the fen, half up. Items with `prorate` off are charged in full for any month in
which the unit is charged at all. The price is the one in effect on the first billed day.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

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
