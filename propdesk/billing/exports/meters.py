"""The meter readings workbook (抄表表格): a template filled in with the rooms' meters and their previous
readings, for the readers to carry and the cashier to import (`services/meters/excel.py`).

Its headings are English msgids written in the active language; a file is read in any language of the
site (the registry's import does the same).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from propdesk.registry.excel.templates import Words

from ..choices import MeterKind

# key, heading; the last two are what the reader fills in.
COLUMNS = [
    ("room", pgettext_lazy("readings template", "Room")),
    ("kind", pgettext_lazy("readings template", "Meter kind")),
    ("number", pgettext_lazy("readings template", "Meter number")),
    ("multiplier", pgettext_lazy("readings template", "Multiplier")),
    ("previous", pgettext_lazy("readings template", "Previous reading")),
    ("previous_on", pgettext_lazy("readings template", "Previous reading day")),
    ("value", pgettext_lazy("readings template", "Current reading")),
    ("read_on", pgettext_lazy("readings template", "Read on")),
]
INPUT_KEYS = ("value", "read_on")
KINDS = Words({kind.value: kind.label for kind in MeterKind})
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
WIDTHS = {"room": 14, "kind": 12, "number": 16, "multiplier": 8, "previous": 14, "previous_on": 14}


def readings_template(rows: Iterable, *, read_on: dt.date | None = None) -> bytes:
    """One line per meter (`selectors.meters.EntryRow`): room, kind, number, multiplier, previous reading
    and its day; the current reading empty, the day `read_on` (or empty: the import's day applies)."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Meter readings")[:31]
    ws.append([str(label) for _key, label in COLUMNS])
    for index, (key, _label) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = INPUT_FILL if key in INPUT_KEYS else HEAD_FILL
        ws.column_dimensions[get_column_letter(index)].width = WIDTHS.get(key, 14)
    for row in rows:
        previous = row.previous
        ws.append(
            [
                row.unit.label,
                KINDS.word(row.meter.kind),
                row.meter.number,
                row.meter.multiplier,
                previous.value if previous else None,
                previous.read_on if previous else None,
                None,
                read_on,
            ]
        )
        line = ws.max_row
        ws.cell(row=line, column=3).number_format = "@"  # meter numbers keep their leading zeros
        ws.cell(row=line, column=6).number_format = "yyyy-mm-dd"
        ws.cell(row=line, column=8).number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
