"""Importing the readings workbook (抄表表格导入): all rows or none.

The file is checked as a whole: every row with a current reading must name a meter of the project
(room, kind, number, as the template writes them) and pass `record_readings`' checks. If any row is
refused, every problem is reported with its row number, field and reason, and nothing is recorded: the
reader fixes the file and imports it again. Rows without a current reading are meters not read this
round and are skipped. A row equal to a reading already recorded (same meter, day and value) changes
nothing, so importing the same file twice records its readings once.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from propdesk.core.errors import ServiceError
from propdesk.registry.excel.reading import open_sheet
from propdesk.registry.excel.templates import MAX_BYTES, fold, spellings

from ...choices import ReadingSource
from ...exports.meters import COLUMNS, KINDS
from ...models import Meter
from .common import Problem, ReadingProblems, field_labels
from .readings import ReadingInput, Recorded, record_readings


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _day(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(_text(value).replace("/", "-"))  # ValueError when it is no date


def _check_headings(headings: list[str]) -> None:
    expected = [label for _key, label in COLUMNS]
    if len(headings) < len(expected) or any(
        fold(got) not in spellings(label) for got, label in zip(headings, expected, strict=False)
    ):
        raise ServiceError(
            _(
                "This is not the meter readings template (the headings of row 1 differ):"
                " download the template and fill it in under its headings."
            ),
            field="file",
        )


def import_readings(*, project, user, data: bytes, read_on: dt.date, actor) -> Recorded:
    """Record the workbook's readings (`read_on` for rows whose day is empty); `ReadingProblems` with
    every problem when any row is refused, and then nothing is recorded."""
    if len(data) > MAX_BYTES:
        raise ServiceError(_("The file is over the 20 MB limit."), field="file")
    if data[:2] != b"PK":
        raise ServiceError(
            _(
                "Cannot read this file: upload an Excel workbook (.xlsx); save an old .xls file as .xlsx first."
            ),
            field="file",
        )
    meters = {
        (m.unit.label, m.kind, m.number): m
        for m in Meter.objects.for_user(user)
        .filter(project=project)
        .select_related("unit__building")
        # a number may come back after a meter change: the meter in place wins
        .order_by("removed_on", "-id")
    }
    wb, ws = open_sheet(data)
    entries, problems = [], []
    labels = field_labels()
    try:
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None) or []
        _check_headings([_text(v) for v in header])
        keys = [key for key, _label in COLUMNS]
        for n, row in enumerate(rows, start=2):
            cells = dict(zip(keys, list(row[: len(keys)]) + [None] * (len(keys) - len(row)), strict=True))
            if cells["value"] in (None, ""):
                continue  # not read this round
            room, number = _text(cells["room"]), _text(cells["number"])
            kind = KINDS.read(_text(cells["kind"])) or _text(cells["kind"])
            meter = meters.get((room, kind, number))
            if meter is None:
                problems.append(
                    Problem(n, room, number, "meter", labels["meter"], _("no such meter in this project"))
                )
                continue
            try:
                day = read_on if cells["read_on"] in (None, "") else _day(cells["read_on"])
            except ValueError:
                problems.append(
                    Problem(
                        n,
                        room,
                        f"{meter.get_kind_display()} {meter.number}",
                        "read_on",
                        labels["read_on"],
                        _("“%(value)s” is not a date, e.g. 2026-03-25") % {"value": _text(cells["read_on"])},
                        meter_id=meter.pk,
                    )
                )
                continue
            entries.append(ReadingInput(meter, cells["value"], day, row=n))
    finally:
        wb.close()
    if not entries and not problems:
        raise ServiceError(_("The file has no current readings to import."), field="file")
    if problems:
        try:
            record_readings(entries=entries, source=ReadingSource.EXCEL, actor=actor, check_only=True)
        except ReadingProblems as more:
            problems += more.problems
        raise ReadingProblems(sorted(problems, key=lambda p: p.row or 0))
    return record_readings(entries=entries, source=ReadingSource.EXCEL, actor=actor)
