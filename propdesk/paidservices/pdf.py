"""The printed contact form of a paid service (特约服务联络单): HTML rendered by WeasyPrint, A4."""

from __future__ import annotations

import base64

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.billing.money import ZERO

SPECIAL_COPIES = [
    (_("Owner's copy"), _("Kept by the owner")),
    (_("Customer service copy"), _("Filed by customer service for the callback")),
    (_("Finance copy"), _("Finance's voucher for charging and the receipt")),
    (_("Department copy"), _("The department's voucher for dispatch and materials")),
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
    return render_to_string("paidservices/contact_form_pdf.html", special_order_context(order))


def special_order_pdf(order) -> bytes:
    """特约服务联络单: one A4 page per copy (业主联 / 客服联 / 财务联 / 部门联)."""
    from weasyprint import HTML  # noqa: PLC0415  (WeasyPrint loads only when a PDF is made)

    return HTML(string=special_order_html(order)).write_pdf()
