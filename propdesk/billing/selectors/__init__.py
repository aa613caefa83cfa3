"""Every non-trivial read of billing: balances, bill lists, run pricing, the cash drawer, waiver
statistics and deposits (`core`), and the arrears aging and collection rates (`dunning`,
imported by name: `from propdesk.billing.selectors import dunning`)."""

from .core import (
    HALF_FEN,
    RunPricing,
    bills_for_list,
    current_owner_name,
    deposits_for_list,
    drawer_breakdown,
    drawer_sessions,
    find_units,
    outstanding_bills,
    outstanding_of,
    prepaid_balance,
    receipt_lines,
    refunds_due,
    totals,
    waiver_statistics,
    with_balances,
    with_deposit_balance,
)

__all__ = [
    "HALF_FEN",
    "RunPricing",
    "bills_for_list",
    "current_owner_name",
    "deposits_for_list",
    "drawer_breakdown",
    "drawer_sessions",
    "find_units",
    "outstanding_bills",
    "outstanding_of",
    "prepaid_balance",
    "receipt_lines",
    "refunds_due",
    "totals",
    "waiver_statistics",
    "with_balances",
    "with_deposit_balance",
]
