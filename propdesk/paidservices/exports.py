"""Excel of paid services: the monthly summary (特约服务统计表)."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

SHEET_TITLE = gettext_lazy("Special services summary")
HEADINGS = [
    gettext_lazy("Department"),
    gettext_lazy("Service"),
    gettext_lazy("Unit of measure"),
    gettext_lazy("Orders"),
    gettext_lazy("Quantity"),
    gettext_lazy("Revenue (yuan)"),
]


def special_summary_workbook(project, month, start, end, rows, count, revenue) -> bytes:
    """特约服务统计表 as Excel: one row per department and item, with the totals."""
    wb = Workbook()
    ws = wb.active
    ws.title = str(SHEET_TITLE)
    ws.append(
        [
            _("%(project)s special services summary, %(year)s-%(month)s")
            % {"project": project.name, "year": f"{month:%Y}", "month": f"{month:%m}"}
        ]
    )
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([_("Period: %(start)s to %(end)s") % {"start": f"{start:%Y-%m-%d}", "end": f"{end:%Y-%m-%d}"}])
    ws.append([str(heading) for heading in HEADINGS])
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
    ws.append([_("Total"), "", "", count, None, Decimal(revenue)])
    ws[ws.max_row][0].font = Font(bold=True)
    for cell in ws["F"][3:]:
        cell.number_format = "#,##0.00"
    ws.column_dimensions["B"].width = 24
    ws.column_dimensions["F"].width = 14
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
