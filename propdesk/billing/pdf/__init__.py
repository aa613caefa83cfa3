"""Printed documents of billing: receipts and the drawer close (`core`), and the payment and dunning
notices (`notices`, imported by name). Paid services print their contact form themselves."""

from .core import drawer_close_pdf, receipt_pdf

__all__ = ["drawer_close_pdf", "receipt_pdf"]
