"""The lifecycles of billing's aggregates (core.lifecycle). Nobody assigns `status` anywhere else.

Each aggregate's services change its status with `lifecycle.move(obj, to=…, actor=…, reason=…)`:
the kit locks the row, checks the move below, sets the status and the fields the move names,
and writes the status event (actor, from, to, reason, time, project) in the same transaction.

Special-service orders (field `state`) keep their own append-only record, `SpecialServiceStep`,
written by `write_special_step`; who may make each of their moves is in `permissions.py`.
Billing runs and notice batches are background-job progress, not business states, and are not
listed here.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

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
from .models_special import SpecialServiceOrder, SpecialServiceStep, SpecialState

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
            Move(DepositStatus.HELD, DepositStatus.FORFEITED, name="forfeit"),
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
                sets=("decided_by", "decided_at", "comment"),
                name="approve",
            ),
            Move(
                HeatingStopStatus.PENDING,
                HeatingStopStatus.REJECTED,
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
        moves=[
            Move(WaiverStatus.PENDING, WaiverStatus.APPROVED, sets=("step", "decided_at"), name="approve"),
            Move(WaiverStatus.PENDING, WaiverStatus.REJECTED, sets=("step", "decided_at"), name="reject"),
        ],
    )
)

# 支付订单: open (sent to the provider) → paid when its verified notification is applied (under the
# order's row lock; a repeated notification is a duplicate and moves nothing).
PAYMENT_ORDER = register(
    Lifecycle(
        model=PaymentOrder,
        event_model=PaymentOrderEvent,
        moves=[Move(OrderStatus.OPEN, OrderStatus.PAID, name="pay")],
    )
)


def write_special_step(order, *, from_status, to_status, actor, reason, at, move) -> SpecialServiceStep:
    """The kit's event writer for special-service orders: their `SpecialServiceStep` row (the note
    is the move's reason)."""
    return SpecialServiceStep.objects.create(
        project_id=order.project_id,
        order=order,
        from_state=from_status,
        to_state=to_status,
        actor=actor,
        at=at,
        note=(reason or "")[:200],
    )


# 特约服务单: draft (待审核) → confirmed by the department head → agreed by the owner → completed
# (one bill line); the owner may decline a confirmed order; a confirmed order goes back to the draft
# to be re-priced before the owner agreed; cancelled from any state before completion.
S = SpecialState
P = permissions
SPECIAL_ORDER = register(
    Lifecycle(
        model=SpecialServiceOrder,
        field="state",
        write_event=write_special_step,
        refusal=gettext_noop("The special service order is “%(from)s” and cannot become “%(to)s”."),
        moves=[
            Move(
                S.DRAFT,
                S.CONFIRMED,
                allowed=P.can_confirm_special,
                sets=("confirmed_by", "confirmed_at"),
                name="confirm",
            ),
            Move(
                S.CONFIRMED,
                S.AGREED,
                allowed=P.can_agree_special,
                sets=("agreed_at", "agreement_method", "signer_name", "signature"),
                name="agree",
            ),
            Move(
                S.CONFIRMED, S.DECLINED, allowed=P.can_decline_special, sets=("end_reason",), name="decline"
            ),
            Move(
                S.CONFIRMED,
                S.DRAFT,
                allowed=P.can_reopen_special,
                sets=("confirmed_by", "confirmed_at"),
                needs_reason=True,
                name="reopen",
            ),
            Move(
                S.AGREED,
                S.COMPLETED,
                allowed=P.can_complete_special,
                sets=("completed_by", "completed_at", "bill"),
                name="complete",
            ),
            Move(
                (S.DRAFT, S.CONFIRMED, S.AGREED),
                S.CANCELLED,
                allowed=P.can_cancel_special,
                sets=("end_reason",),
                needs_reason=True,
                name="cancel",
            ),
        ],
    )
)
