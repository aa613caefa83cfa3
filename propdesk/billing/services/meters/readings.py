"""Readings (抄表读数): record them (all or none), correct or void one; a correction of a billed reading
settles the difference on its bill."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core.audit import acting_as
from propdesk.core.errors import AccessDenied, ServiceError

from ... import permissions
from ...choices import ReadingKind, ReadingSource
from ...models import Bill, Meter, MeterCharge, MeterReading
from ...money import money
from ...selectors import meters as meter_selectors
from ..charges import issue_credit_note
from .common import (
    Problem,
    ReadingProblems,
    field_labels,
    insert_reading,
    lock_meters,
    meter_label,
    parse_reading,
    reading_value,
)


@dataclass
class ReadingInput:
    """A reading someone entered: the meter, the value as typed, the day; `row` says where it came from."""

    meter: Meter
    value: object
    read_on: dt.date | None
    row: int | None = None


@dataclass
class Recorded:
    readings: list[MeterReading] = field(default_factory=list)
    unchanged: int = 0  # the same value on the same day was already recorded (a file imported twice)


def record_readings(*, entries: list[ReadingInput], source: str, actor, check_only: bool = False) -> Recorded:
    """抄表录入: record readings, all or none. Every entry is checked first (the value is a number, the
    day not in the future and not before the meter's previous reading, the value not lower than it, one
    reading a meter a day); if any is refused, `ReadingProblems` lists them all and nothing is written.
    An entry equal to the reading already recorded for that meter and day is left alone (`unchanged`),
    so entering or importing the same readings twice records them once. `check_only`: check, write nothing."""
    if source not in ReadingSource.values:
        raise ServiceError(_("Unknown source of readings."))
    labels, today = field_labels(), timezone.localdate()
    with transaction.atomic(), acting_as(actor):
        meters = lock_meters(e.meter for e in entries)
        previous = meter_selectors.latest_readings(list(meters))
        # Readings already recorded (an older file imported again after newer readings): left alone.
        days = {e.read_on for e in entries if isinstance(e.read_on, dt.date)}
        recorded = set(
            meter_selectors.effective(
                MeterReading.objects.filter(meter_id__in=list(meters), read_on__in=days)
            ).values_list("meter_id", "read_on", "value")
        )
        problems: list[Problem] = []
        seen: set[int] = set()
        new: list[tuple[Meter, Decimal, dt.date]] = []
        unchanged = 0

        for entry in entries:
            meter = meters[entry.meter.pk]

            def refuse(field_name: str, reason: str, entry=entry, meter=meter) -> None:
                problems.append(
                    Problem(
                        entry.row,
                        meter.unit.label,
                        meter_label(meter),
                        field_name,
                        labels[field_name],
                        reason,
                        meter_id=meter.pk,
                    )
                )

            if not permissions.can_record_reading(actor, meter):
                if meter.removed_on is None:
                    raise AccessDenied(_("You may not enter meter readings."))
                refuse(
                    "meter",
                    _("taken out on %(day)s by a meter change: enter the new meter's readings")
                    % {"day": f"{meter.removed_on:%Y-%m-%d}"},
                )
                continue
            if meter.pk in seen:
                refuse("meter", _("entered twice in this list"))
                continue
            seen.add(meter.pk)
            try:
                value = parse_reading(entry.value)
            except ValueError as exc:
                refuse("value", str(exc) if entry.value not in (None, "") else _("cannot be empty"))
                continue
            read_on = entry.read_on
            if read_on is None:
                refuse("read_on", _("cannot be empty"))
                continue
            if read_on > today:
                refuse("read_on", _("%(day)s is in the future") % {"day": f"{read_on:%Y-%m-%d}"})
                continue
            if (meter.pk, read_on, value) in recorded:
                unchanged += 1
                continue
            prev = previous.get(meter.pk)
            if prev is not None:
                if read_on < prev.read_on:
                    refuse(
                        "read_on",
                        _("%(day)s is before the previous reading, %(value)s on %(previous_day)s")
                        % {
                            "day": f"{read_on:%Y-%m-%d}",
                            "value": prev.value,
                            "previous_day": f"{prev.read_on:%Y-%m-%d}",
                        },
                    )
                    continue
                if read_on == prev.read_on:
                    refuse(
                        "read_on",
                        _(
                            "already read on %(day)s (%(value)s): to change that reading, correct it on the meter's page"
                        )
                        % {"day": f"{read_on:%Y-%m-%d}", "value": prev.value},
                    )
                    continue
                if value < prev.value:
                    refuse(
                        "value",
                        _(
                            "%(value)s is lower than the previous reading, %(previous)s on %(day)s;"
                            " if the meter was changed, record the meter change first"
                        )
                        % {"value": value, "previous": prev.value, "day": f"{prev.read_on:%Y-%m-%d}"},
                    )
                    continue
            new.append((meter, value, read_on))
        if problems:
            raise ReadingProblems(problems)
        if check_only:
            return Recorded(unchanged=unchanged)
        readings = MeterReading.objects.bulk_create(
            [
                MeterReading(
                    project_id=meter.project_id,
                    meter=meter,
                    unit_id=meter.unit_id,
                    kind=ReadingKind.READING,
                    value=value,
                    read_on=read_on,
                    source=source,
                    reader=actor,
                )
                for meter, value, read_on in new
            ]
        )
    return Recorded(readings=readings, unchanged=unchanged)


def record_reading(*, meter, value, read_on: dt.date, source: str, actor) -> MeterReading | None:
    """One reading (the API's create): `record_readings` of one entry; None when it was already recorded."""
    recorded = record_readings(entries=[ReadingInput(meter, value, read_on)], source=source, actor=actor)
    return recorded.readings[0] if recorded.readings else None


def _position(reading) -> tuple[dt.date, bool]:
    """Where a reading stands in its meter's sequence: by day, a final reading last on its day."""
    return (reading.read_on, reading.kind == ReadingKind.FINAL)


def _effective_neighbours(reading) -> tuple[MeterReading | None, MeterReading | None]:
    """The meter's readings that count just before and just after `reading`."""
    rows = sorted(
        meter_selectors.effective(MeterReading.objects.filter(meter_id=reading.meter_id)).exclude(
            pk=reading.pk
        ),
        key=lambda r: (*_position(r), r.pk),
    )
    before = [r for r in rows if _position(r) < _position(reading)]
    after = [r for r in rows if _position(r) > _position(reading)]
    return (before[-1] if before else None), (after[0] if after else None)


def _check_correctable(reading, *, actor, reason: str) -> tuple[Meter, MeterReading, MeterCharge | None]:
    """The locked meter, the reading as it stands, and the meter's last charge when the reading is the
    one that charge ended at (the billed-through reading). Refused for readings before it."""
    if not permissions.can_correct_reading(actor, reading):
        raise AccessDenied(_("You may not correct meter readings."))
    if not reason.strip():
        raise ServiceError(_("Give the reason for the correction."), field="reason")
    meter = lock_meters([reading.meter])[reading.meter_id]
    fresh = MeterReading.objects.select_related("replaced_by").get(pk=reading.pk)
    if getattr(fresh, "replaced_by", None) is not None or fresh.kind == ReadingKind.VOID:
        raise ServiceError(
            _("This reading was already corrected or voided: correct the one that counts now.")
        )
    charge = meter_selectors.last_charge(meter)
    if charge is None:
        return meter, fresh, None
    through = meter_selectors.billed_through([meter.pk]).get(meter.pk)
    if through is not None and through.pk == fresh.pk:
        return meter, fresh, charge
    if through is not None and _position(fresh) <= _position(through):
        raise ServiceError(
            _(
                "This reading is before the last billed one (%(value)s on %(day)s, %(item)s %(period)s): it"
                " cannot change any more. Correct the bill with a credit note."
            )
            % {
                "value": through.value,
                "day": f"{through.read_on:%Y-%m-%d}",
                "item": charge.bill.item.name,
                "period": charge.bill.period_label,
            }
        )
    return meter, fresh, None


@transaction.atomic
def correct_reading(
    *, reading: MeterReading, value, reason: str, actor, source: str = ReadingSource.PAGE
) -> MeterReading:
    """Correct a wrong reading: a new row with the right value and the reason replaces it (the wrong one
    stays). The value must still lie between the readings before and after it. If a billing run has
    charged up to this reading, the difference is settled on that bill in the same transaction: a credit
    note when too much was billed (refused when the bill no longer owes that much: refund first), a
    supplementary line when too little. Readings before the last billed one cannot change."""
    meter, reading, billed = _check_correctable(reading, actor=actor, reason=reason)
    value = reading_value(value)
    if value == reading.value:
        raise ServiceError(_("The reading is already %(value)s.") % {"value": value}, field="value")
    before, after = _effective_neighbours(reading)
    if before is not None and value < before.value:
        raise ServiceError(
            _("%(value)s is lower than the reading before it, %(previous)s on %(day)s.")
            % {"value": value, "previous": before.value, "day": f"{before.read_on:%Y-%m-%d}"},
            field="value",
        )
    if after is not None and value > after.value:
        raise ServiceError(
            _("%(value)s is higher than the reading after it, %(next)s on %(day)s.")
            % {"value": value, "next": after.value, "day": f"{after.read_on:%Y-%m-%d}"},
            field="value",
        )
    with acting_as(actor):
        correction = insert_reading(
            meter,
            kind=reading.kind,
            value=value,
            read_on=reading.read_on,
            source=source,
            actor=actor,
            replaces=reading,
            reason=reason.strip(),
        )
        if billed is not None:
            _settle_on_bill(
                billed, reading=reading, correction=correction, reason=reason.strip(), actor=actor
            )
    return correction


def _settle_on_bill(charge: MeterCharge, *, reading, correction, reason: str, actor) -> None:
    bill = charge.bill
    difference = (correction.value - reading.value) * charge.multiplier
    amount = money(abs(difference) * bill.unit_price)
    if amount == 0:
        return
    note = _("Meter reading corrected from %(old)s to %(new)s: %(reason)s") % {
        "old": reading.value,
        "new": correction.value,
        "reason": reason,
    }
    if difference < 0:
        try:
            issue_credit_note(bill=bill, amount=amount, reason=note[:200], actor=actor)
        except ServiceError:
            raise ServiceError(
                _(
                    "The reading was billed in %(item)s %(period)s, which no longer owes %(amount)s:"
                    " refund the payment first, then correct the reading."
                )
                % {"item": bill.item.name, "period": bill.period_label, "amount": amount},
                field="value",
            ) from None
        return
    today = timezone.localdate()
    extra = Bill.objects.create(
        project_id=bill.project_id,
        unit_id=bill.unit_id,
        item=bill.item,
        period=bill.period,
        reference=meter_selectors.meter_reference(charge.meter_id, correction.pk),
        starts_on=bill.starts_on,
        ends_on=bill.ends_on,
        quantity=difference.quantize(meter_selectors.CONSUMPTION_PLACES),
        unit_price=bill.unit_price,
        amount=amount,
        due_on=today + dt.timedelta(days=bill.item.due_days),
        description=f"{reading.value} → {correction.value}"[:200],
        created_by=actor,
    )
    MeterCharge.objects.create(
        project_id=bill.project_id,
        bill=extra,
        meter_id=charge.meter_id,
        previous=reading,
        current=correction,
        previous_value=reading.value,
        current_value=correction.value,
        multiplier=charge.multiplier,
        consumption=difference.quantize(meter_selectors.CONSUMPTION_PLACES),
    )


@transaction.atomic
def void_reading(
    *, reading: MeterReading, reason: str, actor, source: str = ReadingSource.PAGE
) -> MeterReading:
    """Void a reading entered by mistake (作废): a VOID row with the reason cancels it. Only an ordinary
    reading that no bill has reached; start and final readings are corrected instead."""
    meter, reading, billed = _check_correctable(reading, actor=actor, reason=reason)
    if reading.kind != ReadingKind.READING:
        raise ServiceError(_("A start or final reading cannot be voided: correct its value instead."))
    if billed is not None:
        raise ServiceError(_("This reading is billed: correct its value instead of voiding it."))
    with acting_as(actor):
        return insert_reading(
            meter,
            kind=ReadingKind.VOID,
            value=None,
            read_on=reading.read_on,
            source=source,
            actor=actor,
            replaces=reading,
            reason=reason.strip(),
        )
