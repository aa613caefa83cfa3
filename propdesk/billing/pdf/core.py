"""Printed receipts: HTML rendered by WeasyPrint with a CJK font, A4."""

from __future__ import annotations

import base64

from django.template.loader import render_to_string
from django.utils import timezone

from .. import selectors
from ..money import ZERO


def receipt_pdf(receipt, *, is_copy: bool, printed_by) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415  (WeasyPrint loads only when a PDF is made)

    payment = receipt.payment
    html = render_to_string(
        "billing/receipt_pdf.html",
        {
            "receipt": receipt,
            "payment": payment,
            "project": receipt.project,
            "unit": payment.unit,
            "lines": selectors.receipt_lines(payment),
            "owner_name": selectors.current_owner_name(payment.unit),
            "is_copy": is_copy,
            "printed_by": printed_by,
            "printed_at": timezone.localtime(),
        },
    )
    return HTML(string=html).write_pdf()


SPECIAL_COPIES = [
    ("业主联", "业主留存"),
    ("客服联", "客服部存档，用于回访"),
    ("财务联", "财务收费、开具收据凭据"),
    ("部门联", "服务部门派工、领料凭据"),
]


def special_order_context(order) -> dict:
    signature = ""
    if order.signature:
        with order.signature.open("rb") as handle:
            signature = "data:image/png;base64," + base64.b64encode(handle.read()).decode()
    lines = list(order.lines.all())
    total = sum((line.amount for line in lines), start=ZERO)
    return {
        "order": order,
        "project": order.project,
        "unit": order.unit,
        "lines": lines,
        "total": total,
        "signature": signature,
        "copies": SPECIAL_COPIES,
        "printed_at": timezone.localtime(),
    }


def special_order_html(order) -> str:
    return render_to_string("billing/special/contact_form_pdf.html", special_order_context(order))


def special_order_pdf(order) -> bytes:
    """特约服务联络单: one A4 page per copy (业主联 / 客服联 / 财务联 / 部门联)."""
    from weasyprint import HTML  # noqa: PLC0415  (WeasyPrint loads only when a PDF is made)

    return HTML(string=special_order_html(order)).write_pdf()


def drawer_close_pdf(session, *, printed_by) -> bytes:
    """现金日结报表: the breakdown, every entry, and signature lines for the cashier and finance."""
    from weasyprint import HTML  # noqa: PLC0415  (WeasyPrint loads only when a PDF is made)

    html = render_to_string(
        "billing/drawer_close_pdf.html",
        {
            "session": session,
            "project": session.project,
            "breakdown": selectors.drawer_breakdown(session),
            "deposit": getattr(session, "deposit", None),
            "discrepancy": getattr(session, "discrepancy", None),
            "printed_by": printed_by,
            "printed_at": timezone.localtime(),
        },
    )
    return HTML(string=html).write_pdf()
