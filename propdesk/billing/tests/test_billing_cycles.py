"""Charge periods (SPEC §7 Bills: "generated per unit, item and period (monthly, quarterly, yearly),
from the charge start date with proration of partial periods; running a period twice creates nothing
new"). A month's run bills an item only when its period falls due; the bill says which period it is.
"""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import translation

from propdesk.billing.choices import BillingCycle, ReadingSource
from propdesk.billing.models import Bill, ChargeItem
from propdesk.billing.pricing import cycle_span, period_label, span_line
from propdesk.billing.services import meters as meter_services

from .conftest import MANAGEMENT_3_2_1501, add_units, run_month

pytestmark = pytest.mark.django_db


def _cycle(world, code, cycle):
    ChargeItem.objects.filter(project=world.project, code=code).update(billing_cycle=cycle)


def _lines(world, code, unit=None):
    return list(Bill.objects.filter(unit=unit or world.unit, item__code=code).order_by("period"))


def test_a_quarterly_item_is_billed_for_the_quarter_in_its_first_month(billing):
    _cycle(billing, "management", BillingCycle.QUARTERLY)
    for month in range(1, 7):
        run_month(billing, dt.date(2026, month, 1))
    first, second = _lines(billing, "management")
    assert (first.period, first.starts_on, first.ends_on) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 1, 1),
        dt.date(2026, 3, 31),
    )
    assert first.amount == MANAGEMENT_3_2_1501 * 3 == Decimal("903.75")
    assert second.period == dt.date(2026, 4, 1)
    with translation.override("zh-hans"):
        assert first.period_label == "2026年第1季度"
    # The monthly items went on every month.
    assert len(_lines(billing, "waste")) == 6
    # Running April again adds nothing.
    assert run_month(billing, dt.date(2026, 4, 1)).lines_created == 0


def test_a_yearly_item_is_billed_in_january_for_the_year(billing):
    _cycle(billing, "waste", BillingCycle.YEARLY)
    run_month(billing, dt.date(2026, 1, 1))
    run_month(billing, dt.date(2026, 2, 1))
    (line,) = _lines(billing, "waste")
    assert (line.starts_on, line.ends_on, line.amount) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 31),
        Decimal("120.00"),
    )
    with translation.override("zh-hans"):
        assert line.period_label == "2026年度"


def test_a_move_in_within_the_quarter_is_prorated_by_its_months(billing):
    _cycle(billing, "management", BillingCycle.QUARTERLY)
    (unit,) = add_units(billing, 1, starts_on=dt.date(2026, 2, 15))
    run_month(billing, dt.date(2026, 1, 1))
    (line,) = _lines(billing, "management", unit)
    # 89.56 m² × 2.50 × (14/28 of February + all of March) = 223.90 × 1.5 = 335.85
    assert line.starts_on == dt.date(2026, 2, 15) and line.amount == Decimal("335.85")
    assert line.period == dt.date(2026, 1, 1)  # the quarter's line, billed in January


def test_a_quarterly_seasonal_item_counts_its_season_months_only(billing):
    _cycle(billing, "heating", BillingCycle.QUARTERLY)
    run_month(billing, dt.date(2026, 4, 1))  # April–June: out of season
    run_month(billing, dt.date(2026, 10, 1))  # October–December: November and December
    (line,) = _lines(billing, "heating")
    assert line.period == dt.date(2026, 10, 1) and line.amount == Decimal("1397.80")  # 120.50 × 5.80 × 2


@time_machine.travel(dt.datetime(2026, 4, 10, 2, 0, tzinfo=dt.UTC), tick=False)
def test_a_quarterly_metered_item_is_billed_in_the_quarters_last_month_from_its_readings(billing):
    _cycle(billing, "electricity", BillingCycle.QUARTERLY)
    meter = meter_services.register_meter(
        unit=billing.unit,
        kind="electricity",
        number="E-1",
        installed_on=dt.date(2025, 12, 31),
        start_value="100",
        actor=billing.director,
    )
    for value, day in [
        ("150", dt.date(2026, 1, 28)),
        ("210", dt.date(2026, 2, 27)),
        ("260", dt.date(2026, 3, 30)),
    ]:
        meter_services.record_readings(
            entries=[meter_services.ReadingInput(meter, value, day)],
            source=ReadingSource.EXCEL,
            actor=billing.cashier,
        )
    run_month(billing, dt.date(2026, 1, 1))
    run_month(billing, dt.date(2026, 2, 1))
    assert not _lines(billing, "electricity")
    run_month(billing, dt.date(2026, 3, 1))
    (line,) = _lines(billing, "electricity")
    assert (line.period, line.ends_on, line.quantity) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 3, 31),
        Decimal("160.00"),
    )
    assert line.due_on == dt.date(2026, 3, 31)  # from the month it was billed in
    with translation.override("zh-hans"):
        assert line.period_label == "2026年第1季度"


def test_cycle_spans_and_labels():
    assert cycle_span("monthly", dt.date(2026, 5, 1), in_arrears=False) == (
        dt.date(2026, 5, 1),
        dt.date(2026, 5, 31),
    )
    assert cycle_span("quarterly", dt.date(2026, 10, 1), in_arrears=False) == (
        dt.date(2026, 10, 1),
        dt.date(2026, 12, 31),
    )
    assert cycle_span("quarterly", dt.date(2026, 11, 1), in_arrears=False) is None
    assert cycle_span("quarterly", dt.date(2026, 12, 1), in_arrears=True) == (
        dt.date(2026, 10, 1),
        dt.date(2026, 12, 31),
    )
    assert cycle_span("yearly", dt.date(2026, 12, 1), in_arrears=True) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 31),
    )
    assert cycle_span("yearly", dt.date(2026, 12, 1), in_arrears=False) is None
    with translation.override("zh-hans"):
        assert period_label(dt.date(2026, 10, 1), dt.date(2026, 12, 31)) == "2026年第4季度"
        assert period_label(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == "2026年度"
        assert period_label(dt.date(2026, 3, 1), dt.date(2026, 3, 15)) == "2026-03"
    with translation.override("en"):
        assert period_label(dt.date(2026, 10, 1), dt.date(2026, 12, 31)) == "Q4 2026"
    # One month is the monthly rule: 16/31 of 301.25 = 155.48.
    line = span_line(
        first=dt.date(2026, 3, 1),
        last=dt.date(2026, 3, 31),
        quantity=Decimal("120.50"),
        unit_price=Decimal("2.50"),
        charge_start=dt.date(2026, 3, 16),
        prorate=True,
    )
    assert line.amount == Decimal("155.48")
