"""Printed receipts: HTML rendered by WeasyPrint with a CJK font, A4."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from .. import selectors


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
