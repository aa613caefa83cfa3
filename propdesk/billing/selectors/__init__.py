"""Every non-trivial read of billing: balances, bill lists, the cash drawer, waiver statistics and
deposits (`core`), a billing run's prices (`runs`), and, imported by name, the arrears aging and
collection rates (`dunning`) and meters and readings (`meters`:
`from propdesk.billing.selectors import meters`)."""

from .core import (
    HALF_FEN,
    bills_for_list,
    current_owner_name,
    deposits_for_list,
    drawer_breakdown,
    drawer_sessions,
    find_units,
    one_off_bills,
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
from .runs import RunPricing

__all__ = [
    "HALF_FEN",
    "RunPricing",
    "bills_for_list",
    "current_owner_name",
    "deposits_for_list",
    "drawer_breakdown",
    "drawer_sessions",
    "find_units",
    "one_off_bills",
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
