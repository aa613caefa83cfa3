"""What the meter services share: a refused reading (`Problem`, `ReadingProblems`), reading values as
typed, and the writes of a reading row and the meter locks."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from propdesk.core.errors import ServiceError

from ...models import Meter, MeterReading

MAX_READING = Decimal("9999999999.99")


@dataclass
class Problem:
    """One refused reading: where (a row of the page or workbook, an item of an API list), which room
    and meter, which field, and why."""

    row: int | None
    unit: str
    meter: str
    field: str
    field_label: str
    reason: str
    meter_id: int | None = None

    def __str__(self) -> str:
        where = f"{self.unit} {self.meter}".strip()
        text = _("%(where)s — %(field)s: %(reason)s") % {
            "where": where,
            "field": self.field_label,
            "reason": self.reason,
        }
        if self.row is not None:
            return _("Row %(row)s: %(text)s") % {"row": self.row, "text": text}
        return text

    def as_dict(self) -> dict:
        return {
            "row": self.row,
            "unit": self.unit,
            "meter": self.meter,
            "field": self.field,
            "meter_id": self.meter_id,
            "message": str(self),
        }


class ReadingProblems(ServiceError):
    """Some readings were refused; none were written. `problems` lists every one."""

    code = "reading_problems"

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        message = (
            str(problems[0])
            if len(problems) == 1
            else _("%(count)s readings were refused and nothing was recorded: %(first)s")
            % {"count": len(problems), "first": problems[0]}
        )
        super().__init__(message, field=problems[0].field)


def field_labels() -> dict[str, str]:
    return {"value": _("Current reading"), "read_on": _("Read on"), "meter": _("Meter")}


def parse_reading(raw) -> Decimal:
    """A reading as typed or read from a cell: a number ≥ 0 with at most two decimals. ValueError otherwise."""
    if isinstance(raw, float):
        raw = repr(raw)
    try:
        value = Decimal(str(raw).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ValueError(_("should be a number, e.g. 1234.5")) from None
    if not value.is_finite():
        raise ValueError(_("should be a number, e.g. 1234.5"))
    if value < 0:
        raise ValueError(_("cannot be negative"))
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(_("has more than two decimals"))
    if value > MAX_READING:
        raise ValueError(_("is too large for a meter reading"))
    return value.quantize(Decimal("0.01"))


def reading_value(raw, *, field: str = "value") -> Decimal:
    try:
        return parse_reading(raw)
    except ValueError as exc:
        raise ServiceError(
            _("%(field)s: %(reason)s") % {"field": field_labels()["value"], "reason": exc}, field=field
        ) from None


def meter_label(meter: Meter) -> str:
    return f"{meter.get_kind_display()} {meter.number}"


def multiplier_value(raw) -> Decimal:
    try:
        value = Decimal(str(raw if raw not in (None, "") else "1"))
    except InvalidOperation:
        raise ServiceError(
            _("The multiplier should be a number, e.g. 1 or 80."), field="multiplier"
        ) from None
    if not value.is_finite() or value <= 0 or value != value.quantize(Decimal("0.01")) or value > 99999999:
        raise ServiceError(_("The multiplier should be a number, e.g. 1 or 80."), field="multiplier")
    return value


def insert_reading(meter, *, kind, value, read_on, source, actor, replaces=None, reason="") -> MeterReading:
    return MeterReading.objects.create(
        project_id=meter.project_id,
        meter=meter,
        unit_id=meter.unit_id,
        kind=kind,
        value=value,
        read_on=read_on,
        source=source,
        replaces=replaces,
        reason=reason[:200],
        reader=actor,
    )


def lock_meters(meters) -> dict[int, Meter]:
    ids = sorted({m.pk for m in meters})
    return {
        m.pk: m
        for m in Meter.objects.select_for_update()
        .select_related("unit__building")
        .filter(pk__in=ids)
        .order_by("pk")
    }
