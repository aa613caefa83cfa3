"""Excel of paid services: the monthly summary (特约服务统计表)."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font


def special_summary_workbook(project, month, start, end, rows, count, revenue) -> bytes:
    """特约服务统计表 as Excel: one row per department and item, with the totals."""
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
