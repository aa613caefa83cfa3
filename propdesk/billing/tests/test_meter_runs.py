"""The billing run charges metered items from the readings (SPEC §7: utility pass-through; bills per
unit, item and period, "running a period twice creates nothing new"): consumption × the price list's
unit price, the bill line showing the previous and current reading and the consumption.
"""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from propdesk.billing import selectors, services
from propdesk.billing.choices import ReadingSource
from propdesk.billing.models import Bill, CreditNote, MeterCharge, Price, UnitPriceOverride
from propdesk.billing.services import meters as meter_services
from propdesk.core.errors import ServiceError

from .conftest import run_month

pytestmark = pytest.mark.django_db

JANUARY, FEBRUARY, MARCH = dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)
ELECTRICITY = Decimal("0.58")  # the default price of 电费（代收）, every use


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(dt.datetime(2026, 4, 10, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def meter(billing):
    return meter_services.register_meter(
        unit=billing.unit,
        kind="electricity",
        number="E-1501",
        installed_on=dt.date(2025, 12, 25),
        start_value="1200",
        actor=billing.eng_supervisor,
    )


def read(world, meter, value, on):
    meter_services.record_readings(
        entries=[meter_services.ReadingInput(meter, value, on)],
        source=ReadingSource.PAGE,
        actor=world.technician,
    )


def electricity_lines(world):
    return list(
        Bill.objects.filter(unit=world.unit, item__code="electricity")
        .select_related("meter_charge")
        .order_by("period", "id")
    )


def test_the_run_charges_consumption_times_price_and_the_line_shows_both_readings(billing, meter):
    read(billing, meter, "1325.5", dt.date(2026, 1, 25))
    run = run_month(billing, JANUARY)
    (line,) = electricity_lines(billing)
    # (1325.50 − 1200.00) × 0.58 = 72.79
    assert (line.quantity, line.unit_price, line.amount) == (Decimal("125.50"), ELECTRICITY, Decimal("72.79"))
    assert line.period_label == "2026-01" and line.run == run
    charge = line.meter_charge
    assert (charge.previous_value, charge.current_value, charge.consumption) == (
        Decimal("1200.00"),
        Decimal("1325.50"),
        Decimal("125.50"),
    )
    assert line.description == "1200.00 → 1325.50"


def test_running_a_month_twice_adds_nothing_and_the_next_month_continues_from_the_billed_reading(
    billing, meter
):
    read(billing, meter, "1300", dt.date(2026, 1, 25))
    run_month(billing, JANUARY)
    # A reading entered late for January is not lost: the January line exists, February carries it.
    read(billing, meter, "1310", dt.date(2026, 1, 31))
    again = run_month(billing, JANUARY)
    assert again.lines_created == 0 and len(electricity_lines(billing)) == 1
    read(billing, meter, "1400", dt.date(2026, 2, 25))
    run_month(billing, FEBRUARY)
    january, february = electricity_lines(billing)
    assert (february.meter_charge.previous_value, february.meter_charge.current_value) == (
        Decimal("1300.00"),
        Decimal("1400.00"),
    )
    assert february.amount == Decimal("58.00")  # 100 × 0.58
    run_month(billing, MARCH)  # no reading in March: no line
    assert len(electricity_lines(billing)) == 2


def test_consumption_across_a_meter_change_is_what_both_meters_measured(billing, meter):
    read(billing, meter, "1300", dt.date(2026, 1, 25))
    run_month(billing, JANUARY)
    new = meter_services.change_meter(
        meter=meter,
        final_value="1340",
        changed_on=dt.date(2026, 2, 10),
        new_number="E-1501-B",
        new_start_value="0",
        new_multiplier="1",
        reason="电表烧坏",
        actor=billing.eng_supervisor,
    )
    read(billing, new, "25", dt.date(2026, 2, 25))
    run_month(billing, FEBRUARY)
    february = [b for b in electricity_lines(billing) if b.period == FEBRUARY]
    assert sorted((b.meter_charge.previous_value, b.meter_charge.current_value) for b in february) == [
        (Decimal("0.00"), Decimal("25.00")),  # the new meter from its start reading
        (Decimal("1300.00"), Decimal("1340.00")),  # the old meter up to its final reading
    ]
    assert sum(b.quantity for b in february) == Decimal("65.00")


def test_a_meter_with_a_multiplier_charges_the_difference_times_it(billing):
    meter = meter_services.register_meter(
        unit=billing.unit,
        kind="electricity",
        number="CT-80",
        installed_on=dt.date(2025, 12, 31),
        start_value="10.5",
        multiplier="80",
        actor=billing.director,
    )
    read(billing, meter, "12.75", dt.date(2026, 1, 31))
    run_month(billing, JANUARY)
    (line,) = electricity_lines(billing)
    assert line.quantity == Decimal("180.00") and line.amount == Decimal("104.40")  # 2.25 × 80 × 0.58


def test_the_unit_price_is_its_own_else_the_list_price_on_the_day_of_the_reading(billing, meter):
    item = billing.items["electricity"]
    Price.objects.create(
        project=billing.project,
        item=item,
        use="",
        unit_price=Decimal("0.60"),
        effective_from=dt.date(2026, 2, 1),
    )
    read(billing, meter, "1300", dt.date(2026, 1, 25))
    run_month(billing, JANUARY)
    UnitPriceOverride.objects.create(
        project=billing.project,
        unit=billing.unit,
        item=item,
        unit_price=Decimal("0.50"),
        effective_from=dt.date(2026, 3, 1),
        reason="协议价",
    )
    read(billing, meter, "1400", dt.date(2026, 2, 25))
    run_month(billing, FEBRUARY)
    read(billing, meter, "1500", dt.date(2026, 3, 25))
    run_month(billing, MARCH)
    assert [b.unit_price for b in electricity_lines(billing)] == [
        ELECTRICITY,
        Decimal("0.6000"),
        Decimal("0.5000"),
    ]


def test_correcting_a_billed_reading_settles_the_difference_on_its_bill(billing, meter):
    read(billing, meter, "2300", dt.date(2026, 1, 25))  # 1300 meant: 1000 too many
    run_month(billing, JANUARY)
    (line,) = electricity_lines(billing)
    assert line.amount == Decimal("638.00")  # 1100 × 0.58
    wrong = line.meter_charge.current
    meter_services.correct_reading(
        reading=wrong, value="1300", reason="多打一位", actor=billing.eng_supervisor
    )
    note = CreditNote.objects.get(bill=line)
    assert note.amount == Decimal("580.00") and "多打一位" in note.reason  # 1000 × 0.58
    assert selectors.outstanding_of(line.pk) == Decimal("58.00")
    # February continues from the corrected reading.
    read(billing, meter, "1350", dt.date(2026, 2, 25))
    run_month(billing, FEBRUARY)
    february = electricity_lines(billing)[-1]
    assert february.meter_charge.previous_value == Decimal("1300.00") and february.amount == Decimal("29.00")

    # Too little billed: a supplementary line for the difference, with its readings.
    billed = february.meter_charge.current
    meter_services.correct_reading(reading=billed, value="1360", reason="看错", actor=billing.eng_supervisor)
    extra = electricity_lines(billing)[-1]
    assert extra.pk != february.pk and extra.amount == Decimal("5.80") and extra.period == FEBRUARY
    assert (extra.meter_charge.previous_value, extra.meter_charge.current_value) == (
        Decimal("1350.00"),
        Decimal("1360.00"),
    )
    # A reading before the last billed one cannot change any more.
    with pytest.raises(ServiceError):
        meter_services.correct_reading(
            reading=MeterCharge.objects.get(bill=line).previous,
            value="1190",
            reason="x",
            actor=billing.director,
        )


def test_a_paid_bill_is_not_credited_by_a_correction(billing, meter):
    read(billing, meter, "1300", dt.date(2026, 1, 25))
    run_month(billing, JANUARY)
    (line,) = electricity_lines(billing)
    services.take_payment(
        unit=billing.unit, amount=Decimal("2000"), method="pos", trade_no="POS-1", actor=billing.cashier
    )
    with pytest.raises(ServiceError) as refused:
        meter_services.correct_reading(
            reading=line.meter_charge.current, value="1250", reason="x", actor=billing.eng_supervisor
        )
    assert "请先退款" in str(refused.value.message)  # refund first, then correct
    assert not CreditNote.objects.exists()


def test_a_unit_not_yet_charged_is_not_billed_for_its_meter(billing):
    from propdesk.registry.tests.factories import UnitFactory

    unsold = UnitFactory(
        building=billing.building, project=billing.project, entrance="1", number="101", floor=1
    )
    meter = meter_services.register_meter(
        unit=unsold,
        kind="electricity",
        number="E-101",
        installed_on=dt.date(2025, 12, 1),
        start_value="0",
        actor=billing.director,
    )
    read(billing, meter, "30", dt.date(2026, 1, 25))
    run_month(billing, JANUARY)
    assert not Bill.objects.filter(unit=unsold).exists()
