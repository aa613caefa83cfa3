"""Printed documents of billing: receipts and the drawer close (`core`), and the payment and dunning
notices (`notices`, imported by name). Paid services print their contact form themselves."""

from .core import PAPERS, drawer_close_pdf, merged_lines, receipt_pdf

__all__ = ["PAPERS", "drawer_close_pdf", "merged_lines", "receipt_pdf"]
