"""PostgreSQL prices a billing run in SQL; the result must be the Python rule's, line by line."""

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from propdesk.billing import selectors, services
from propdesk.billing.choices import ChargeKind, HeatingStopStatus
from propdesk.billing.models import Bill, ChargeItem, HeatingStopApplication, Price, UnitPriceOverride

from .conftest import add_units, run_month

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQL pricing path is PostgreSQL's"),
]


def _key(line):
    return (
        line.unit_id,
        line.item_id,
        line.starts_on,
        line.ends_on,
        Decimal(line.quantity).quantize(Decimal("0.01")),
        Decimal(line.unit_price).quantize(Decimal("0.0001")),
        line.amount,
        line.due_on,
    )


@pytest.mark.parametrize("period", [dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 7, 1)])
def test_sql_pricing_gives_the_python_lines_exactly(billing, period):
    rng = random.Random(period.toordinal())
    project = billing.project
    month_days = (period.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - period
    # Moves-in on every kind of day: before the month, its first, its middle, its last, after it.
    starts = [period - dt.timedelta(days=40), period, period + month_days - dt.timedelta(days=1)]
    starts += [period + dt.timedelta(days=rng.randrange(month_days.days)) for _ in range(12)]
    starts += [period + month_days + dt.timedelta(days=3)]
    from propdesk.registry.tests.factories import UnitFactory

    units = []
    for i, day in enumerate(starts):
        unit = UnitFactory(
            building=billing.building, project=project, entrance="9", number=f"{900 + i}", floor=9
        )
        services.set_charge_start(unit=unit, starts_on=day, actor=billing.director)
        units.append(unit)
    for unit in units:
        unit.building_area = Decimal(rng.randrange(3000, 25000)) / 100
        unit.inner_area = rng.choice([None, Decimal(0), Decimal(rng.randrange(2500, 20000)) / 100])
        unit.use = rng.choice(["residential", "residential", "commercial"])
        unit.save()
    inner = ChargeItem.objects.create(
        project=project, code="inner_fee", name="按套内面积", kind=ChargeKind.AREA, area_basis="inner"
    )
    Price.objects.create(
        project=project, item=inner, use="", unit_price=Decimal("1.333"), effective_from=period
    )
    # A price change in the middle of the month: units charged from then on pay the new price.
    Price.objects.create(
        project=project,
        item=billing.items["management"],
        use="residential",
        unit_price=Decimal("2.7777"),
        effective_from=period + dt.timedelta(days=9),
    )
    UnitPriceOverride.objects.create(
        project=project,
        unit=units[4],
        item=billing.items["management"],
        unit_price=Decimal("1.90"),
        effective_from=period - dt.timedelta(days=100),
        reason="协议价",
    )
    UnitPriceOverride.objects.create(
        project=project,
        unit=units[5],
        item=billing.items["management"],
        unit_price=Decimal("9.99"),
        effective_from=period + month_days,  # not yet in effect: the list price applies
        reason="下月起",
    )
    for unit in units[6:8]:
        HeatingStopApplication.objects.create(
            project=project,
            unit=unit,
            season=period.year if period.month >= 7 else period.year - 1,
            status=HeatingStopStatus.APPROVED,
            applied_by=billing.director,
        )

    run = services.start_billing_run(project=project, period=period, actor=billing.cashier)
    pricing = selectors.RunPricing(project, run.period)
    from propdesk.registry.models import Unit

    rows = list(
        Unit.objects.filter(project=project).order_by("id").values("id", "use", "building_area", "inner_area")
    )
    expected = sorted(_key(line) for line in pricing.lines_for(rows, run=run))
    services.execute_billing_run(run.pk, batch_size=4)
    got = sorted(_key(line) for line in Bill.objects.filter(run=run))
    assert len(expected) > 3 * len(units) // 2
    assert got == expected


def test_a_sql_run_resumed_after_a_crash_adds_nothing(billing):
    add_units(billing, 9, starts_on=dt.date(2025, 1, 1))
    first = run_month(billing, dt.date(2026, 3, 1), batch_size=2)
    count = Bill.objects.filter(run=first).count()
    # Replaying every batch (as a resumed worker would after dying before its commit) inserts nothing.
    pricing = selectors.RunPricing(billing.project, first.period)
    pricing.insert_lines_sql(after_id=0, upto_id=10**12, run=first, now=timezone.now())
    assert Bill.objects.filter(period=first.period).count() == count
