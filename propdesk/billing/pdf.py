"""Printed receipts: HTML rendered by WeasyPrint with a CJK font, A4."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from . import selectors


def receipt_pdf(receipt, *, is_copy: bool, printed_by) -> bytes:
    from weasyprint import HTML

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
