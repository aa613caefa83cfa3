"""Excel exports (openpyxl): what staff take to their spreadsheets."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font


def bills_workbook(bills) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "应收明细"
    ws.append(
        ["房号", "收费项目", "账期", "起", "止", "数量", "单价", "应收", "已收", "冲红", "欠费", "到期日"]
    )
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for b in bills.iterator(chunk_size=2000):
        ws.append(
            [
                b.unit.label,
                b.item.name,
                f"{b.period:%Y-%m}",
                b.starts_on,
                b.ends_on,
                b.quantity,
                b.unit_price,
                b.amount,
                b.paid,
                b.credited,
                b.outstanding,
                b.due_on,
            ]
        )
    for col in "HIJK":
        for cell in ws[col][1:]:
            cell.number_format = "#,##0.00"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
