"""Excel workbooks of billing: bills, drawer sessions and waiver statistics
(`core`), and the arrears report (`dunning`, imported by name)."""

from .core import (
    bills_workbook,
    drawer_sessions_workbook,
    waiver_statistics_workbook,
)

__all__ = [
    "bills_workbook",
    "drawer_sessions_workbook",
    "waiver_statistics_workbook",
]
