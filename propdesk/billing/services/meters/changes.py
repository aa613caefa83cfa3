"""Meters (表具): register one with its start reading; a meter change (换表)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core.audit import acting_as
from propdesk.core.errors import AccessDenied, ServiceError

from ... import permissions
from ...choices import MeterKind, ReadingKind, ReadingSource
from ...models import Meter
from ...selectors import meters as meter_selectors
from .common import insert_reading, lock_meters, multiplier_value, reading_value


def register_meter(
    *,
    unit,
    kind: str,
    number: str,
    installed_on: dt.date,
    start_value,
    actor,
    multiplier=Decimal("1"),
    source: str = ReadingSource.PAGE,
) -> Meter:
    """登记表具: a meter of a unit with its start reading (the reading it is billed from)."""
    if not permissions.can_register_meter(actor, unit):
        raise AccessDenied(_("You may not register meters."))
    if kind not in MeterKind.values:
        raise ServiceError(_("Choose the kind of meter."), field="kind")
    number = (number or "").strip()
    if not number:
        raise ServiceError(_("Enter the meter number."), field="number")
    multiplier = multiplier_value(multiplier)
    value = reading_value(start_value, field="start_value")
    if installed_on > timezone.localdate():
        raise ServiceError(_("The day cannot be in the future."), field="installed_on")
    try:
        with transaction.atomic(), acting_as(actor):
            meter = Meter.objects.create(
                project_id=unit.project_id,
                unit=unit,
                kind=kind,
                number=number[:40],
                multiplier=multiplier,
                installed_on=installed_on,
                created_by=actor,
            )
            insert_reading(
                meter, kind=ReadingKind.START, value=value, read_on=installed_on, source=source, actor=actor
            )
            return meter
    except IntegrityError:
        raise ServiceError(
            _("A %(kind)s numbered %(number)s is already in place in this project.")
            % {"kind": MeterKind(kind).label, "number": number},
            field="number",
        ) from None


@transaction.atomic
def change_meter(
    *,
    meter: Meter,
    final_value,
    changed_on: dt.date,
    new_number: str,
    new_start_value,
    reason: str,
    actor,
    new_multiplier=None,
    source: str = ReadingSource.PAGE,
) -> Meter:
    """换表: the old meter's final reading takes it out; the new meter goes in with its start reading.
    The next billing run charges the old meter up to its final reading and the new one from its start
    reading, so the consumption across the change is what both meters measured. A meter that rolled
    over (99999 → 00000) is recorded the same way, under the same number."""
    if not permissions.can_change_meter(actor, meter):
        if meter.removed_on is not None:
            raise ServiceError(_("This meter was already taken out."))
        raise AccessDenied(_("You may not record meter changes."))
    if not reason.strip():
        raise ServiceError(_("Give the reason for the meter change."), field="reason")
    meter = lock_meters([meter])[meter.pk]
    if meter.removed_on is not None:
        raise ServiceError(_("This meter was already taken out."))
    final = reading_value(final_value, field="final_value")
    start = reading_value(new_start_value, field="new_start_value")
    new_number = (new_number or "").strip()
    if not new_number:
        raise ServiceError(_("Enter the new meter's number."), field="new_number")
    multiplier = multiplier_value(meter.multiplier if new_multiplier in (None, "") else new_multiplier)
    if changed_on > timezone.localdate():
        raise ServiceError(_("The day cannot be in the future."), field="changed_on")
    previous = meter_selectors.latest_readings([meter.pk]).get(meter.pk)
    if previous is not None:
        if changed_on < previous.read_on:
            raise ServiceError(
                _("%(day)s is before the previous reading, %(value)s on %(previous_day)s")
                % {
                    "day": f"{changed_on:%Y-%m-%d}",
                    "value": previous.value,
                    "previous_day": f"{previous.read_on:%Y-%m-%d}",
                },
                field="changed_on",
            )
        if final < previous.value:
            raise ServiceError(
                _("The final reading %(value)s is lower than the previous reading, %(previous)s on %(day)s.")
                % {"value": final, "previous": previous.value, "day": f"{previous.read_on:%Y-%m-%d}"},
                field="final_value",
            )
    with acting_as(actor):
        insert_reading(
            meter,
            kind=ReadingKind.FINAL,
            value=final,
            read_on=changed_on,
            source=source,
            actor=actor,
            reason=reason.strip(),
        )
        meter.removed_on = changed_on
        meter.save(update_fields=["removed_on"])
        try:
            with transaction.atomic():
                new = Meter.objects.create(
                    project_id=meter.project_id,
                    unit_id=meter.unit_id,
                    kind=meter.kind,
                    number=new_number[:40],
                    multiplier=multiplier,
                    installed_on=changed_on,
                    replaces=meter,
                    created_by=actor,
                )
        except IntegrityError:
            raise ServiceError(
                _("A %(kind)s numbered %(number)s is already in place in this project.")
                % {"kind": meter.get_kind_display(), "number": new_number},
                field="new_number",
            ) from None
        insert_reading(
            new,
            kind=ReadingKind.START,
            value=start,
            read_on=changed_on,
            source=source,
            actor=actor,
            reason=reason.strip(),
        )
    return new
