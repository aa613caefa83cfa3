"""Excel exports (openpyxl): what staff take to their spreadsheets."""

from __future__ import annotations

import io
from decimal import Decimal

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


def _money_columns(ws, columns: str) -> None:
    for col in columns:
        for cell in ws[col][1:]:
            cell.number_format = "#,##0.00"


def _save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def drawer_sessions_workbook(sessions) -> bytes:
    """现金收缴明细: one row per drawer session."""
    wb = Workbook()
    ws = wb.active
    ws.title = "现金收缴"
    ws.append(
        ["开箱时间", "出纳", "状态", "备用金", "应有现金", "实点现金", "长短款", "长短款原因", "审批人",
         "缴款单号", "缴存金额", "缴存日期"]
    )  # fmt: skip
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for s in sessions:
        deposit = getattr(s, "deposit", None)
        discrepancy = getattr(s, "discrepancy", None)
        ws.append(
            [
                s.opened_at.replace(tzinfo=None),
                str(s.cashier),
                s.get_status_display(),
                s.opening_float,
                s.expected_amount,
                s.counted_amount,
                s.difference,
                discrepancy.reason if discrepancy else "",
                str(discrepancy.approved_by) if discrepancy and discrepancy.approved_by else "",
                deposit.slip_number if deposit else "",
                deposit.amount if deposit else None,
                deposit.deposited_on if deposit else None,
            ]
        )
    _money_columns(ws, "DEFGK")
    return _save(wb)


def waiver_statistics_workbook(stats: dict, *, since, until) -> bytes:
    """费用减免统计: one sheet by reason, one by approver, with totals."""
    wb = Workbook()
    ws = wb.active
    ws.title = "按原因"
    ws.append([f"费用减免统计 {since:%Y-%m-%d} 至 {until:%Y-%m-%d}"])
    ws.append(["减免原因", "笔数", "减免金额"])
    for row in stats["by_reason"]:
        ws.append([row["reason"], row["count"], row["total"]])
    ws.append(["合计", stats["count"], stats["total"]])
    ws2 = wb.create_sheet("按审批人")
    ws2.append(["审批人", "审批级别", "笔数", "减免金额"])
    for row in stats["by_approver"]:
        ws2.append([row["approver"], row["level_label"], row["count"], row["total"]])
    for sheet in (ws, ws2):
        for cell in sheet[2 if sheet is ws else 1]:
            cell.font = Font(bold=True)
        for r in sheet.iter_rows(min_row=2):
            for cell in r:
                if isinstance(cell.value, Decimal):
                    cell.number_format = "#,##0.00"
    return _save(wb)
