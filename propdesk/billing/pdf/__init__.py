"""Printed documents of billing: receipts, paid-service orders and the drawer close (`core`), and
the payment and dunning notices (`notices`, imported by name)."""

from .core import (
    SPECIAL_COPIES,
    drawer_close_pdf,
    receipt_pdf,
    special_order_context,
    special_order_html,
    special_order_pdf,
)

__all__ = [
    "SPECIAL_COPIES",
    "drawer_close_pdf",
    "receipt_pdf",
    "special_order_context",
    "special_order_html",
    "special_order_pdf",
]
