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


def special_summary_workbook(project, month, start, end, rows, count, revenue) -> bytes:
    """特约服务统计表 as Excel: one row per department and item, with the totals."""
    from decimal import Decimal

    wb = Workbook()
    ws = wb.active
    ws.title = "特约服务统计表"
    ws.append([f"{project.name} {month:%Y年%m月}特约服务统计表"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"统计期间：{start:%Y-%m-%d} 至 {end:%Y-%m-%d}"])
    ws.append(["部门", "服务项目", "单位", "单数", "数量", "收入（元）"])
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(
            [
                row["department"],
                row["item"],
                row["unit"],
                row["orders"],
                Decimal(row["quantity"]),
                Decimal(row["revenue"]),
            ]
        )
    ws.append(["合计", "", "", count, None, Decimal(revenue)])
    ws[ws.max_row][0].font = Font(bold=True)
    for cell in ws["F"][3:]:
        cell.number_format = "#,##0.00"
    ws.column_dimensions["B"].width = 24
    ws.column_dimensions["F"].width = 14
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
