"""Printed receipts: HTML rendered by WeasyPrint with a CJK font, on A4 or on the 三联 continuous
form (241 mm wide, the half-height 140 mm form a dot-matrix printer feeds; one impression makes the
white, red and yellow copies, so each copy's use is printed down the right edge)."""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.utils import timezone

from .. import selectors

PAPERS = {"a4": "billing/receipt_pdf.html", "241": "billing/receipt_241_pdf.html"}


def merged_lines(lines: list[dict]) -> list[dict]:
    """One line per charge item and unbroken run of periods (物业服务费 2026-01-01 至 2026-06-30),
    so that a year's payment fits the continuous form's few lines; amounts add up exactly."""
    merged: list[dict] = []
    for line in lines:
        last = next((m for m in reversed(merged) if m["item"] == line["item"]), None)
        follows = (
            last is not None
            and last["ends_on"] is not None
            and line["starts_on"] is not None
            and line["starts_on"] == last["ends_on"] + dt.timedelta(days=1)
        )
        if follows:
            last["ends_on"] = line["ends_on"]
            last["amount"] += line["amount"]
        else:
            merged.append(dict(line))
    return merged


def receipt_pdf(receipt, *, is_copy: bool, printed_by, paper: str = "a4") -> bytes:
    from weasyprint import HTML  # noqa: PLC0415  (WeasyPrint loads only when a PDF is made)

    payment = receipt.payment
    lines = selectors.receipt_lines(payment)
    html = render_to_string(
        PAPERS.get(paper, PAPERS["a4"]),
        {
            "receipt": receipt,
            "payment": payment,
            "project": receipt.project,
            "unit": payment.unit,
            "lines": merged_lines(lines) if paper == "241" else lines,
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
