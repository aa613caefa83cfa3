"""The lifecycles of billing's aggregates (core.lifecycle). Nobody assigns `status` anywhere else.

Each aggregate's services change its status with `lifecycle.move(obj, to=…, actor=…, reason=…)`:
the kit locks the row, checks the move below, sets the status and the fields the move names,
and writes the status event (actor, from, to, reason, time, project) in the same transaction.

Paid services' orders have their lifecycle in `propdesk/paidservices/transitions.py`.
Billing runs and notice batches are background-job progress, not business states, and are not
listed here.
"""

from __future__ import annotations

from propdesk.core.lifecycle import Lifecycle, Move, register

from . import permissions
from .choices import (
    CaseStatus,
    DebitBatchStatus,
    DepositStatus,
    DrawerStatus,
    HeatingStopStatus,
    OrderStatus,
    WaiverStatus,
)
from .models import (
    DebitBatch,
    DebitBatchEvent,
    Deposit,
    DepositEvent,
    DrawerSession,
    DrawerSessionEvent,
    DunningCase,
    DunningCaseEvent,
    HeatingStopApplication,
    HeatingStopEvent,
    PaymentOrder,
    PaymentOrderEvent,
    WaiverApplication,
    WaiverEvent,
)

# 钱箱: open (收款中) → closed (已日结) at the daily close → deposited (已缴存) once banked.
DRAWER = register(
    Lifecycle(
        model=DrawerSession,
        event_model=DrawerSessionEvent,
        moves=[
            Move(
                DrawerStatus.OPEN,
                DrawerStatus.CLOSED,
                sets=("expected_amount", "counted_amount", "closed_at", "close_note"),
                name="close",
            ),
            Move(DrawerStatus.CLOSED, DrawerStatus.DEPOSITED, name="bank"),
        ],
    )
)

# 托收批次: the file is sent to the bank (exported) → the bank's result file is imported.
DEBIT_BATCH = register(
    Lifecycle(
        model=DebitBatch,
        event_model=DebitBatchEvent,
        moves=[
            Move(DebitBatchStatus.EXPORTED, DebitBatchStatus.IMPORTED, sets=("imported_at",), name="import")
        ],
    )
)

# 押金: held (持有中, possibly partly deducted) → settled (balance refunded or deducted to zero)
# or forfeited (没收). Afterwards nothing more.
DEPOSIT = register(
    Lifecycle(
        model=Deposit,
        event_model=DepositEvent,
        moves=[
            Move(DepositStatus.HELD, DepositStatus.CLOSED, name="settle"),
            Move(
                DepositStatus.HELD,
                DepositStatus.FORFEITED,
                allowed=permissions.can_forfeit_deposit,
                name="forfeit",
            ),
        ],
    )
)

# 催缴案件: followed up (open) → closed (paid up, or closed with a reason). A unit in arrears
# again gets a new case.
DUNNING_CASE = register(
    Lifecycle(
        model=DunningCase,
        event_model=DunningCaseEvent,
        moves=[Move(CaseStatus.OPEN, CaseStatus.CLOSED, sets=("closed_at", "close_reason"), name="close")],
    )
)

# 停止供暖申请: pending → approved or rejected (a rejected one may be applied for again as a new row).
HEATING_STOP = register(
    Lifecycle(
        model=HeatingStopApplication,
        event_model=HeatingStopEvent,
        moves=[
            Move(
                HeatingStopStatus.PENDING,
                HeatingStopStatus.APPROVED,
                allowed=permissions.can_decide_heating_stop,
                sets=("decided_by", "decided_at", "comment"),
                name="approve",
            ),
            Move(
                HeatingStopStatus.PENDING,
                HeatingStopStatus.REJECTED,
                allowed=permissions.can_decide_heating_stop,
                sets=("decided_by", "decided_at", "comment"),
                name="reject",
            ),
        ],
    )
)

# 费用减免申请: pending (through each level of its chain) → approved by the last level, or
# rejected by any level.
WAIVER = register(
    Lifecycle(
        model=WaiverApplication,
        event_model=WaiverEvent,
        tones={
            WaiverStatus.PENDING: "warning",
            WaiverStatus.APPROVED: "success",
            WaiverStatus.REJECTED: "danger",
        },
        moves=[
            Move(WaiverStatus.PENDING, WaiverStatus.APPROVED, sets=("step", "decided_at"), name="approve"),
            Move(WaiverStatus.PENDING, WaiverStatus.REJECTED, sets=("step", "decided_at"), name="reject"),
        ],
    )
)

# 支付订单: open (sent to the provider) → paid when its verified notification is applied (under the
# order's row lock; a repeated notification is a duplicate and moves nothing); open → closed when the
# provider declines it or the cashier gives it up (with the reason). Money that arrives for a closed
# order is credited all the same: closed → paid.
PAYMENT_ORDER = register(
    Lifecycle(
        model=PaymentOrder,
        event_model=PaymentOrderEvent,
        tones={OrderStatus.OPEN: "warning", OrderStatus.PAID: "success", OrderStatus.CLOSED: "secondary"},
        moves=[
            Move((OrderStatus.OPEN, OrderStatus.CLOSED), OrderStatus.PAID, name="pay"),
            Move(OrderStatus.OPEN, OrderStatus.CLOSED, sets=("failure",), needs_reason=True, name="close"),
        ],
    )
)
