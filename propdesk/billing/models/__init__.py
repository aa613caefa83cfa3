"""Billing's models, split by topic (SPEC §7): charge items and prices, billing runs, bills,
payments and receipts, cash drawers, direct debit, deposits, dunning, heating stops, meters and
their readings, notice batches, waivers and the aggregates' status events. Paid services (特约服务) are their own app,
`propdesk/paidservices`, above billing.

Topic modules import each other directly, never through this package; this module only gathers
the models so that `from propdesk.billing.models import X` finds every one of them.
"""

from .bills import Bill, CreditNote
from .cash import BankDeposit, DrawerDiscrepancy, DrawerEntry, DrawerSession, Refund
from .charges import ChargeItem, Price, UnitChargeStart, UnitPriceOverride
from .debit import DebitBatch, DebitLine, DebitMandate
from .deposit import Deposit, DepositMovement
from .dunning import DunningCase, DunningContact, DunningStage
from .events import (
    DebitBatchEvent,
    DepositEvent,
    DrawerSessionEvent,
    DunningCaseEvent,
    HeatingStopEvent,
    PaymentOrderEvent,
    WaiverEvent,
)
from .heating import HeatingStopApplication, HeatingStopRule
from .meters import Meter, MeterCharge, MeterReading
from .notices import NoticeBatch
from .payments import (
    Allocation,
    Payment,
    PaymentNotification,
    PaymentOrder,
    PrepaidEntry,
    ProviderAccount,
    Receipt,
    ReceiptCounter,
    ReceiptPrint,
)
from .runs import BillingRun, BillingRunBatch
from .waiver import WaiverApplication, WaiverDecision, WaiverLine, WaiverReason, WaiverRule

__all__ = [
    "Allocation",
    "BankDeposit",
    "Bill",
    "BillingRun",
    "BillingRunBatch",
    "ChargeItem",
    "CreditNote",
    "DebitBatch",
    "DebitBatchEvent",
    "DebitLine",
    "DebitMandate",
    "Deposit",
    "DepositEvent",
    "DepositMovement",
    "DrawerDiscrepancy",
    "DrawerEntry",
    "DrawerSession",
    "DrawerSessionEvent",
    "DunningCase",
    "DunningCaseEvent",
    "DunningContact",
    "DunningStage",
    "HeatingStopApplication",
    "HeatingStopEvent",
    "HeatingStopRule",
    "Meter",
    "MeterCharge",
    "MeterReading",
    "NoticeBatch",
    "Payment",
    "PaymentNotification",
    "PaymentOrder",
    "PaymentOrderEvent",
    "PrepaidEntry",
    "Price",
    "ProviderAccount",
    "Receipt",
    "ReceiptCounter",
    "ReceiptPrint",
    "Refund",
    "UnitChargeStart",
    "UnitPriceOverride",
    "WaiverApplication",
    "WaiverDecision",
    "WaiverEvent",
    "WaiverLine",
    "WaiverReason",
    "WaiverRule",
]
