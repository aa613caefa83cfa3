"""Every write of billing. Keyword-only, with `actor=`; money rows are only ever inserted.

Lock order, everywhere: unit row → receipt counter. Both are held for the length of one
payment's transaction only.

Split by topic: `charges` (charge items, one-off charges, credit notes), `runs` (monthly billing
runs), `payments` (payments, prepaid balance, online payments), `receipts` (voiding, prints), and
one module per desk process: `cash`, `debit`, `deposit`, `dunning`, `heating`, `meters` (meters,
readings, meter changes, the readings workbook), `notices`, `waiver`. This package exports the general writes; callers import a
process's module by name (`from propdesk.billing.services import cash`). Modules of this package
import each other directly, never through this file.
"""

from propdesk.core.errors import ServiceError

from .charges import (
    add_one_off_charge,
    charge_one_off,
    issue_credit_note,
    load_default_charge_items,
    set_charge_start,
)
from .payments import (
    apply_prepaid,
    apply_prepaid_for_project,
    create_payment_order,
    handle_notification,
    take_payment,
)
from .receipts import record_receipt_print, void_receipt
from .runs import (
    RUN_BATCH_SIZE,
    RUN_BATCH_SIZE_SQL,
    execute_billing_run,
    insert_run_lines,
    resume_billing_run,
    run_workers,
    start_billing_run,
)

__all__ = [
    "RUN_BATCH_SIZE",
    "RUN_BATCH_SIZE_SQL",
    "ServiceError",
    "apply_prepaid",
    "apply_prepaid_for_project",
    "add_one_off_charge",
    "charge_one_off",
    "create_payment_order",
    "execute_billing_run",
    "handle_notification",
    "insert_run_lines",
    "issue_credit_note",
    "load_default_charge_items",
    "record_receipt_print",
    "resume_billing_run",
    "run_workers",
    "set_charge_start",
    "start_billing_run",
    "take_payment",
    "void_receipt",
]
