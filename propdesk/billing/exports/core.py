"""Excel exports (openpyxl): what staff take to their spreadsheets."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

BILL_HEADINGS = [
    gettext_lazy("Room"),
    gettext_lazy("Charge item"),
    gettext_lazy("Period"),
    gettext_lazy("From"),
    gettext_lazy("To"),
    gettext_lazy("Quantity"),
    gettext_lazy("Unit price"),
    gettext_lazy("Amount due"),
    gettext_lazy("Amount paid"),
    gettext_lazy("Credited"),
    gettext_lazy("Outstanding"),
    gettext_lazy("Due on"),
    gettext_lazy("Description"),
]
DRAWER_HEADINGS = [
    gettext_lazy("Opened"),
    gettext_lazy("Cashier"),
    gettext_lazy("Status"),
    gettext_lazy("Opening float"),
    gettext_lazy("Expected cash"),
    gettext_lazy("Counted cash"),
    gettext_lazy("Difference"),
    gettext_lazy("Reason for a difference"),
    gettext_lazy("Approved by"),
    gettext_lazy("Deposit slip number"),
    gettext_lazy("Amount banked"),
    gettext_lazy("Deposited on"),
]
WAIVER_REASON_HEADINGS = [
    gettext_lazy("Waiver reason"),
    gettext_lazy("Number of waivers"),
    gettext_lazy("Amount waived"),
]
WAIVER_APPROVER_HEADINGS = [
    gettext_lazy("Approver"),
    gettext_lazy("Approval level"),
    gettext_lazy("Number of waivers"),
    gettext_lazy("Amount waived"),
]


def _texts(headings) -> list[str]:
    """openpyxl writes str, not lazy translations: the headings in the active language."""
    return [str(heading) for heading in headings]


def bills_workbook(bills) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Bill details")
    ws.append(_texts(BILL_HEADINGS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for b in bills.iterator(chunk_size=2000):
        ws.append(
            [
                b.unit.label,
                b.item.name,
                b.period_label,
                b.starts_on,
                b.ends_on,
                b.quantity,
                b.unit_price,
                b.amount,
                b.paid,
                b.credited,
                b.outstanding,
                b.due_on,
                b.description,
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
    ws.title = _("Drawer sessions")
    ws.append(_texts(DRAWER_HEADINGS))
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
    ws.title = _("By reason")
    ws.append(
        [
            _("Fee waivers %(since)s to %(until)s")
            % {"since": f"{since:%Y-%m-%d}", "until": f"{until:%Y-%m-%d}"}
        ]
    )
    ws.append(_texts(WAIVER_REASON_HEADINGS))
    for row in stats["by_reason"]:
        ws.append([row["reason"], row["count"], row["total"]])
    ws.append([_("Total"), stats["count"], stats["total"]])
    ws2 = wb.create_sheet(_("By approver"))
    ws2.append(_texts(WAIVER_APPROVER_HEADINGS))
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
