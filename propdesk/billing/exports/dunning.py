"""Excel export of the arrears aging and collection report (openpyxl)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ..selectors.dunning import BUCKETS


def _sheet(ws, title_row: str, rows, total) -> None:
    ws.append([title_row, _("Units in arrears"), *[str(label) for _k, label in BUCKETS], _("Total")])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in [*rows, total]:
        ws.append([r.label, r.units, *r.values, r.total])
    for row in ws.iter_rows(min_row=2, min_col=3):
        for cell in row:
            cell.number_format = "#,##0.00"
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    ws.column_dimensions["A"].width = 16


def arrears_workbook(aging, rates) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("By building")
    _sheet(ws, _("Building"), aging.by_building, aging.total)
    _sheet(wb.create_sheet(_("By butler")), _("Butler"), aging.by_butler, aging.total)
    ws = wb.create_sheet(_("Collection rates"))
    ws.append([_("Period"), f"{rates.period:%Y-%m}"])
    ws.append([_("As of"), aging.as_of])
    ws.append([_("Billed this period"), rates.billed])
    ws.append([_("Collected this period"), rates.collected])
    ws.append([_("Collection rate this period (%)"), rates.current_rate])
    ws.append([_("Arrears at the start"), rates.arrears_opening])
    ws.append([_("Arrears collected this period"), rates.arrears_collected])
    ws.append([_("Arrears collection rate (%)"), rates.arrears_rate])
    ws.column_dimensions["A"].width = 16
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
