"""Meters and readings (抄表), at the service level against the database.

Seed 003, 入駐流程 4.2.3: 客戶部陪同業/戶驗房，抄寫相應單元的電表讀數并仔細核對 — a reading is written down
and checked; SPEC §7 charges utility pass-through from those readings. Readings are append-only: a
wrong one is corrected by a new reading with a reason, never edited.
"""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import DatabaseError, IntegrityError, transaction

from propdesk.billing.choices import ReadingKind, ReadingSource
from propdesk.billing.models import Meter, MeterReading
from propdesk.billing.selectors import meters as meter_selectors
from propdesk.billing.services import meters as meter_services
from propdesk.core.errors import AccessDenied, ServiceError

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 4, 10, 2, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def electricity(world, *, number="E-1501", start="1200", on=dt.date(2026, 1, 1), unit=None, multiplier="1"):
    return meter_services.register_meter(
        unit=unit or world.unit,
        kind="electricity",
        number=number,
        installed_on=on,
        start_value=start,
        multiplier=multiplier,
        actor=world.eng_supervisor,
    )


def read(world, meter, value, on, *, actor=None, row=None):
    return meter_services.record_readings(
        entries=[meter_services.ReadingInput(meter, value, on, row=row)],
        source=ReadingSource.PAGE,
        actor=actor or world.technician,
    )


def test_a_meter_is_registered_with_its_start_reading(billing):
    meter = electricity(billing)
    (start,) = MeterReading.objects.filter(meter=meter)
    assert (start.kind, start.value, start.read_on) == (
        ReadingKind.START,
        Decimal("1200.00"),
        dt.date(2026, 1, 1),
    )
    assert meter_selectors.latest_readings([meter.pk])[meter.pk] == start
    with pytest.raises(ServiceError) as refused:
        electricity(billing)  # the same number while the first is in place
    assert refused.value.field == "number"
    with pytest.raises(AccessDenied):
        meter_services.register_meter(
            unit=billing.unit,
            kind="water",
            number="W-1",
            installed_on=dt.date(2026, 1, 1),
            start_value="0",
            actor=billing.technician,
        )


def test_a_reading_is_recorded_and_one_lower_than_the_previous_is_refused_naming_room_and_field(billing):
    meter = electricity(billing)
    recorded = read(billing, meter, "1250.5", dt.date(2026, 1, 25))
    assert [r.value for r in recorded.readings] == [Decimal("1250.50")]
    with pytest.raises(meter_services.ReadingProblems) as refused:
        read(billing, meter, "1180", dt.date(2026, 2, 25), row=7)
    (problem,) = refused.value.problems
    assert (problem.row, problem.unit, problem.field) == (7, "3-2-1501", "value")
    message = str(problem)
    assert "3-2-1501" in message and "1180" in message and "1250.50" in message
    assert "如已换表，请先登记换表" in message  # it says what to do when the meter was changed
    assert MeterReading.objects.filter(meter=meter).count() == 2  # nothing written


def test_a_page_of_readings_is_recorded_all_or_none(billing):
    from propdesk.registry.tests.factories import UnitFactory

    other = UnitFactory(
        building=billing.building, project=billing.project, entrance="2", number="1502", floor=15
    )
    first, second = electricity(billing), electricity(billing, number="E-1502", start="500", unit=other)
    entries = [
        meter_services.ReadingInput(first, "1300", dt.date(2026, 2, 25), row=1),
        meter_services.ReadingInput(second, "abc", dt.date(2026, 2, 25), row=2),
    ]
    with pytest.raises(meter_services.ReadingProblems) as refused:
        meter_services.record_readings(entries=entries, source=ReadingSource.PAGE, actor=billing.technician)
    assert [(p.row, p.unit, p.field) for p in refused.value.problems] == [(2, "3-2-1502", "value")]
    assert not MeterReading.objects.filter(kind=ReadingKind.READING).exists()  # the good row waits too

    entries[1].value = "520"
    meter_services.record_readings(entries=entries, source=ReadingSource.PAGE, actor=billing.technician)
    # Entered again (a double submit, a file imported twice): nothing new.
    again = meter_services.record_readings(
        entries=entries, source=ReadingSource.PAGE, actor=billing.technician
    )
    assert (again.readings, again.unchanged) == ([], 2)
    # Even after a later round: February's file imported again in March changes nothing.
    read(billing, first, "1400", dt.date(2026, 3, 25))
    again = meter_services.record_readings(
        entries=entries, source=ReadingSource.PAGE, actor=billing.technician
    )
    assert (again.readings, again.unchanged) == ([], 2)
    assert MeterReading.objects.filter(kind=ReadingKind.READING).count() == 3


def test_a_reading_before_the_previous_day_or_in_the_future_is_refused(billing):
    meter = electricity(billing)
    read(billing, meter, "1250", dt.date(2026, 2, 25))
    for value, day, field in [
        ("1260", dt.date(2026, 2, 1), "read_on"),  # before the previous reading
        ("1260", dt.date(2026, 2, 25), "read_on"),  # another value on the same day: correct it instead
        ("1260", dt.date(2026, 4, 11), "read_on"),  # tomorrow
        ("-1", dt.date(2026, 3, 25), "value"),
        ("1260.123", dt.date(2026, 3, 25), "value"),
    ]:
        with pytest.raises(meter_services.ReadingProblems) as refused:
            read(billing, meter, value, day)
        assert refused.value.problems[0].field == field, (value, day)


def test_a_meter_change_records_the_old_final_and_the_new_start_so_a_lower_reading_is_accepted(billing):
    old = electricity(billing)
    read(billing, old, "1250", dt.date(2026, 1, 25))
    with pytest.raises(meter_services.ReadingProblems):
        read(billing, old, "3", dt.date(2026, 2, 25))  # the new meter's figures on the old meter: refused
    new = meter_services.change_meter(
        meter=old,
        final_value="1262",
        changed_on=dt.date(2026, 2, 10),
        new_number="E-1501-B",
        new_start_value="0",
        reason="电表损坏",
        actor=billing.eng_supervisor,
    )
    old.refresh_from_db()
    assert old.removed_on == dt.date(2026, 2, 10) and new.replaces == old and new.multiplier == old.multiplier
    final = MeterReading.objects.get(meter=old, kind=ReadingKind.FINAL)
    start = MeterReading.objects.get(meter=new, kind=ReadingKind.START)
    assert (final.value, start.value) == (Decimal("1262.00"), Decimal("0.00"))
    read(billing, new, "3", dt.date(2026, 2, 25))  # lower than the old meter's readings: the new meter's
    with pytest.raises(meter_services.ReadingProblems) as refused:
        read(billing, old, "1300", dt.date(2026, 2, 25))
    assert refused.value.problems[0].field == "meter"  # the old meter is out
    with pytest.raises(ServiceError):
        meter_services.change_meter(
            meter=new,
            final_value="2",  # lower than the new meter's last reading
            changed_on=dt.date(2026, 3, 1),
            new_number="E-1501-C",
            new_start_value="0",
            reason="x",
            actor=billing.eng_supervisor,
        )


def test_a_wrong_reading_is_corrected_by_a_new_one_with_a_reason_and_the_old_stays(billing):
    meter = electricity(billing)
    (wrong,) = read(billing, meter, "2150", dt.date(2026, 1, 25)).readings  # 1250 meant
    with pytest.raises(ServiceError) as refused:
        meter_services.correct_reading(reading=wrong, value="1250", reason="", actor=billing.eng_supervisor)
    assert refused.value.field == "reason"
    with pytest.raises(AccessDenied):
        meter_services.correct_reading(
            reading=wrong, value="1250", reason="多打一位", actor=billing.technician
        )
    with pytest.raises(ServiceError):  # lower than the start reading before it
        meter_services.correct_reading(reading=wrong, value="1100", reason="x", actor=billing.eng_supervisor)
    right = meter_services.correct_reading(
        reading=wrong, value="1250", reason="多打一位", actor=billing.eng_supervisor
    )
    assert right.replaces == wrong and right.read_on == wrong.read_on and right.reason == "多打一位"
    assert meter_selectors.latest_readings([meter.pk])[meter.pk] == right
    wrong.refresh_from_db()
    assert wrong.value == Decimal("2150.00")  # never edited
    with pytest.raises(ServiceError):  # the wrong one no longer counts: correct the one that does
        meter_services.correct_reading(reading=wrong, value="1251", reason="x", actor=billing.eng_supervisor)
    # The database refuses an edit or a delete.
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        MeterReading.objects.filter(pk=wrong.pk).update(value=Decimal("1250"))
    with pytest.raises(TypeError):
        wrong.delete()


def test_a_reading_entered_by_mistake_is_voided_and_no_longer_counts(billing):
    meter = electricity(billing)
    (first,) = read(billing, meter, "1250", dt.date(2026, 1, 25)).readings
    (mistake,) = read(billing, meter, "1300", dt.date(2026, 2, 25)).readings
    void = meter_services.void_reading(reading=mistake, reason="抄错户", actor=billing.eng_supervisor)
    assert void.kind == ReadingKind.VOID and void.value is None
    assert meter_selectors.latest_readings([meter.pk])[meter.pk] == first
    read(billing, meter, "1280", dt.date(2026, 2, 26))  # lower than the voided one: fine
    start = MeterReading.objects.get(meter=meter, kind=ReadingKind.START)
    with pytest.raises(ServiceError):
        meter_services.void_reading(reading=start, reason="x", actor=billing.eng_supervisor)


def test_readings_of_a_meter_taken_out_are_still_listed_under_the_unit(billing):
    meter = electricity(billing)
    meter_services.change_meter(
        meter=meter,
        final_value="1210",
        changed_on=dt.date(2026, 2, 1),
        new_number="E-2",
        new_start_value="0",
        reason="升级智能表",
        actor=billing.director,
    )
    rows = meter_selectors.entry_rows(
        billing.director, billing.project, building=billing.building, kind="electricity"
    )
    assert [(r.meter.number, r.previous.value) for r in rows] == [("E-2", Decimal("0.00"))]
    assert Meter.objects.filter(unit=billing.unit).count() == 2
