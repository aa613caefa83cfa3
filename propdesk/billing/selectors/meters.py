"""Reads of meters and readings (抄表): which readings count, each meter's previous reading, the rows of
the reading entry page, and what a billing run charges a meter for.

A reading counts ("effective") when no later row replaces it and it is not a VOID. A meter is billed
from the reading its last charge ended at (followed through any correction of it) — or, never billed,
from its start reading — to its latest reading on or before the end of the billed span.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, OuterRef, Subquery, Value, When

from propdesk.registry.models import Unit
from propdesk.registry.models.core import unit_order

from ..choices import ReadingKind
from ..models import Bill, Meter, MeterCharge, MeterReading
from ..money import money

CONSUMPTION_PLACES = Decimal("0.01")
# A meter has at most one reading a day that counts, except that a meter change may take the meter out
# with its final reading on a day it was also read: the final reading is the day's last.
LAST_OF_DAY = Case(When(kind=ReadingKind.FINAL, then=Value(1)), default=Value(0))


def effective(readings):
    """The readings that count: not replaced by a correction, not a void."""
    return readings.filter(replaced_by__isnull=True).exclude(kind=ReadingKind.VOID)


def _latest_ids(meter_ids, *, upto: dt.date | None = None, kind: str | None = None) -> dict[int, int]:
    """meter id → id of its latest effective reading (read on or before `upto`; of `kind`)."""
    rows = effective(MeterReading.objects.filter(meter=OuterRef("pk")))
    if upto is not None:
        rows = rows.filter(read_on__lte=upto)
    if kind is not None:
        rows = rows.filter(kind=kind)
    latest = Subquery(rows.order_by("-read_on", LAST_OF_DAY.desc(), "-id").values("id")[:1])
    return {
        meter_id: reading_id
        for meter_id, reading_id in Meter.objects.filter(pk__in=list(meter_ids))
        .annotate(latest=latest)
        .values_list("pk", "latest")
        if reading_id is not None
    }


def latest_readings(meter_ids, *, upto: dt.date | None = None) -> dict[int, MeterReading]:
    """meter id → its latest effective reading (the previous reading the entry page shows)."""
    ids = _latest_ids(meter_ids, upto=upto)
    readings = MeterReading.objects.in_bulk(list(ids.values()))
    return {meter_id: readings[reading_id] for meter_id, reading_id in ids.items()}


def effective_versions(readings: dict[int, MeterReading]) -> dict[int, MeterReading | None]:
    """reading id → the reading that counts in its place today: itself, the last correction of it, or
    None when it was voided. One query per generation of corrections (nearly always one)."""
    result: dict[int, MeterReading | None] = {}
    current = {pk: pk for pk in readings}  # original id → the id standing for it now
    rows = dict(readings)
    while current:
        replacing = {
            r.replaces_id: r for r in MeterReading.objects.filter(replaces_id__in=list(current.values()))
        }
        later = {}
        for original, pk in current.items():
            newer = replacing.get(pk)
            if newer is None:
                reading = rows[pk]
                result[original] = None if reading.kind == ReadingKind.VOID else reading
            else:
                rows[newer.pk] = newer
                later[original] = newer.pk
        current = later
    return result


def billed_through(meter_ids) -> dict[int, MeterReading]:
    """meter id → the reading its billing continues from: where its last charge ended (as corrected
    since), or its start reading when it was never charged."""
    meter_ids = list(meter_ids)
    last_charge = Subquery(
        MeterCharge.objects.filter(meter=OuterRef("pk")).order_by("-id").values("current")[:1]
    )
    ended = dict(
        Meter.objects.filter(pk__in=meter_ids)
        .annotate(ended=last_charge)
        .filter(ended__isnull=False)
        .values_list("pk", "ended")
    )
    readings = MeterReading.objects.in_bulk(list(ended.values()))
    now = effective_versions(readings)
    result = {meter_id: now[reading_id] for meter_id, reading_id in ended.items() if now.get(reading_id)}
    never = [m for m in meter_ids if m not in ended]
    if never:
        starts = _latest_ids(never, kind=ReadingKind.START)
        start_rows = MeterReading.objects.in_bulk(list(starts.values()))
        result.update({meter_id: start_rows[pk] for meter_id, pk in starts.items()})
    return result


def last_charge(meter) -> MeterCharge | None:
    return (
        MeterCharge.objects.filter(meter=meter)
        .select_related("bill__item", "current")
        .order_by("-id")
        .first()
    )


# ---------------------------------------------------------------- the entry page


@dataclass
class EntryRow:
    """One line of the reading entry page: a meter in place, its unit and its previous reading."""

    meter: Meter
    unit: Unit
    previous: MeterReading | None


def entry_rows(user, project, *, building=None, kind: str | None = None) -> list[EntryRow]:
    """The meters in place (of `kind`, in `building`, or all), in room order, each with its previous
    reading. Three queries whatever the number of rooms."""
    meters = Meter.objects.for_user(user).filter(
        project=project, removed_on__isnull=True, unit__in=Unit.objects.for_user(user)
    )
    if building is not None:
        meters = meters.filter(unit__building=building)
    if kind:
        meters = meters.filter(kind=kind)
    meters = list(meters.select_related("unit__building").order_by(*unit_order("unit__"), "kind", "number"))
    previous = latest_readings(m.pk for m in meters)
    return [EntryRow(meter=m, unit=m.unit, previous=previous.get(m.pk)) for m in meters]


def meters_for_list(user, project, *, building=None, kind=None, in_place=True, unit=None):
    rows = (
        Meter.objects.for_user(user)
        .filter(project=project, unit__in=Unit.objects.for_user(user))
        .select_related("unit__building")
        .order_by(*unit_order("unit__"), "kind", "installed_on", "id")
    )
    if building:
        rows = rows.filter(unit__building_id=building)
    if kind:
        rows = rows.filter(kind=kind)
    if unit:
        rows = rows.filter(unit_id=unit)
    if in_place:
        rows = rows.filter(removed_on__isnull=True)
    return rows


def meter_history(meter) -> list[MeterReading]:
    """Every reading of the meter, corrections and voids included, oldest first."""
    return list(
        MeterReading.objects.filter(meter=meter)
        .select_related("reader", "replaced_by")
        .order_by("read_on", "id")
    )


def meter_charges(meter):
    return (
        MeterCharge.objects.filter(meter=meter)
        .select_related("bill__item", "previous", "current")
        .order_by("-id")
    )


# ---------------------------------------------------------------- billing run


@dataclass
class MeterLine:
    bill: Bill
    meter_id: int
    previous: MeterReading
    current: MeterReading
    multiplier: Decimal
    consumption: Decimal


def meter_lines(pricing, *, after_id: int, upto_id: int, run) -> list[MeterLine]:
    """The metered lines of the units with id in (after_id, upto_id]: for each metered item due this
    month (`pricing.metered`: item, span) and each meter of its kind, (latest reading on or before the
    span's end − the reading it was billed through) × multiplier × the price in effect on the day of
    the latest reading (the unit's own price, else its use's, else every use's). Nothing when there is
    no newer reading, no consumption, no price, or the unit is not charged by the span's end."""
    by_kind = {item.meter_kind: (item, first, last) for item, first, last in pricing.metered}
    meters = list(
        Meter.objects.filter(
            project_id=pricing.project.pk, unit_id__gt=after_id, unit_id__lte=upto_id, kind__in=list(by_kind)
        ).values("id", "unit_id", "unit__use", "kind", "multiplier")
    )
    if not meters:
        return []
    starts = pricing.charge_starts({m["unit_id"] for m in meters})
    through = billed_through(m["id"] for m in meters)
    latest: dict[int, MeterReading] = {}
    for _item, _first, last in set(by_kind.values()):
        ids = [m["id"] for m in meters if by_kind[m["kind"]][2] == last]
        latest.update(latest_readings(ids, upto=last))
    overrides = pricing.overrides_for([m["unit_id"] for m in meters])
    lines = []
    for meter in meters:
        item, first, last = by_kind[meter["kind"]]
        previous, current = through.get(meter["id"]), latest.get(meter["id"])
        start = starts.get(meter["unit_id"])
        if (
            previous is None
            or current is None
            or current.pk == previous.pk
            or current.read_on < previous.read_on
        ):
            continue
        if start is None or start > last:
            continue
        consumption = (current.value - previous.value) * meter["multiplier"]
        if consumption <= 0:
            continue
        price = pricing.price_for(item, meter["unit_id"], meter["unit__use"], current.read_on, overrides)
        if price is None:
            continue
        amount = money(consumption * price)
        if amount <= 0:
            continue
        bill = Bill(
            project_id=pricing.project.pk,
            unit_id=meter["unit_id"],
            item=item,
            period=first,
            reference=meter_reference(meter["id"]),
            starts_on=first,
            ends_on=last,
            quantity=consumption.quantize(CONSUMPTION_PLACES),
            unit_price=price,
            amount=amount,
            due_on=pricing.period + dt.timedelta(days=item.due_days),
            description=f"{previous.value} → {current.value}",
            run=run,
            created_by_id=run.started_by_id,
        )
        lines.append(
            MeterLine(
                bill=bill,
                meter_id=meter["id"],
                previous=previous,
                current=current,
                multiplier=meter["multiplier"],
                consumption=consumption.quantize(CONSUMPTION_PLACES),
            )
        )
    return lines


def meter_reference(meter_id: int, correction_id: int | None = None) -> str:
    """A meter line's reference: one line per meter, item and period (a correction's line adds its id)."""
    return f"meter:{meter_id}" if correction_id is None else f"meter:{meter_id}:{correction_id}"


def has_meters(project, kinds) -> bool:
    return Meter.objects.filter(project=project, kind__in=list(kinds)).exists()
