"""Excel export of the arrears aging and collection report (openpyxl)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from ..selectors.dunning import BUCKETS


def _sheet(ws, title_row: str, rows, total) -> None:
    ws.append([title_row, "欠费户数", *[label for _k, label in BUCKETS], "合计"])
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
    ws.title = "按楼栋"
    _sheet(ws, "楼栋", aging.by_building, aging.total)
    _sheet(wb.create_sheet("按管家"), "管家", aging.by_butler, aging.total)
    ws = wb.create_sheet("收缴率")
    ws.append(["账期", f"{rates.period:%Y-%m}"])
    ws.append(["统计日", aging.as_of])
    ws.append(["本期应收", rates.billed])
    ws.append(["本期已收", rates.collected])
    ws.append(["本期收缴率(%)", rates.current_rate])
    ws.append(["期初欠费", rates.arrears_opening])
    ws.append(["本期收回欠费", rates.arrears_collected])
    ws.append(["欠费收缴率(%)", rates.arrears_rate])
    ws.column_dimensions["A"].width = 16
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
