"""The allowed status changes of billing's aggregates. Nobody assigns `status` anywhere else.

One table per aggregate and its `can_move_…` check. Each aggregate's services module has one
transition function (`move_drawer`, `move_debit_batch`, `move_deposit`, `move_dunning_case`,
`move_heating_stop`, `move_waiver`) that calls `apply`: lock the row (select_for_update), check
the table, set the status (and the fields that go with it), and write the append-only status
event (actor, from, to, reason, time, project) in the same transaction.

Special-service orders keep their table in `services_special.SPECIAL_ALLOWED` (steps in
`SpecialServiceStep`). Billing runs and notice batches are background-job progress, not
business states, and are not listed here.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from propdesk.core.errors import ServiceError

from .choices_dunning import CaseStatus
from .models_cash import DrawerStatus
from .models_debit import DebitBatchStatus
from .models_deposit import DepositStatus
from .models_heating import HeatingStopStatus
from .models_waiver import WaiverStatus

# 钱箱: open (收款中) → closed (已日结) at the daily close → deposited (已缴存) once banked.
DRAWER_ALLOWED: dict[str, set[str]] = {
    DrawerStatus.OPEN: {DrawerStatus.CLOSED},
    DrawerStatus.CLOSED: {DrawerStatus.DEPOSITED},
    DrawerStatus.DEPOSITED: set(),
}

# 托收批次: the file is sent to the bank (exported) → the bank's result file is imported.
DEBIT_BATCH_ALLOWED: dict[str, set[str]] = {
    DebitBatchStatus.EXPORTED: {DebitBatchStatus.IMPORTED},
    DebitBatchStatus.IMPORTED: set(),
}

# 押金: held (持有中, possibly partly deducted) → settled (balance refunded or deducted to zero)
# or forfeited (没收). Afterwards nothing more.
DEPOSIT_ALLOWED: dict[str, set[str]] = {
    DepositStatus.HELD: {DepositStatus.CLOSED, DepositStatus.FORFEITED},
    DepositStatus.CLOSED: set(),
    DepositStatus.FORFEITED: set(),
}

# 催缴案件: followed up (open) → closed (paid up, or closed with a reason). A unit in arrears
# again gets a new case.
DUNNING_CASE_ALLOWED: dict[str, set[str]] = {
    CaseStatus.OPEN: {CaseStatus.CLOSED},
    CaseStatus.CLOSED: set(),
}

# 停止供暖申请: pending → approved or rejected (a rejected one may be applied for again as a new row).
HEATING_STOP_ALLOWED: dict[str, set[str]] = {
    HeatingStopStatus.PENDING: {HeatingStopStatus.APPROVED, HeatingStopStatus.REJECTED},
    HeatingStopStatus.APPROVED: set(),
    HeatingStopStatus.REJECTED: set(),
}

# 费用减免申请: pending (through each level of its chain) → approved by the last level, or
# rejected by any level.
WAIVER_ALLOWED: dict[str, set[str]] = {
    WaiverStatus.PENDING: {WaiverStatus.APPROVED, WaiverStatus.REJECTED},
    WaiverStatus.APPROVED: set(),
    WaiverStatus.REJECTED: set(),
}


def _can(table: dict[str, set[str]], from_status: str, to_status: str) -> bool:
    return to_status in table.get(from_status, set())


def can_move_drawer(from_status: str, to_status: str) -> bool:
    return _can(DRAWER_ALLOWED, from_status, to_status)


def can_move_debit_batch(from_status: str, to_status: str) -> bool:
    return _can(DEBIT_BATCH_ALLOWED, from_status, to_status)


def can_move_deposit(from_status: str, to_status: str) -> bool:
    return _can(DEPOSIT_ALLOWED, from_status, to_status)


def can_move_dunning_case(from_status: str, to_status: str) -> bool:
    return _can(DUNNING_CASE_ALLOWED, from_status, to_status)


def can_move_heating_stop(from_status: str, to_status: str) -> bool:
    return _can(HEATING_STOP_ALLOWED, from_status, to_status)


def can_move_waiver(from_status: str, to_status: str) -> bool:
    return _can(WAIVER_ALLOWED, from_status, to_status)


def apply(
    obj,
    *,
    to: str,
    actor,
    reason: str,
    can_move,
    event_model,
    noun: str,
    fields: dict | None = None,
):
    """Lock `obj`'s row, check `can_move(from, to)`, set the status and `fields`, write the event.

    Returns the locked, updated row; `obj` gets the same values. `noun` names the aggregate in
    the refusal (e.g. 钱箱), which names the field `status`.
    """
    fields = dict(fields or {})
    model = type(obj)
    with transaction.atomic():
        row = model.objects.select_for_update().get(pk=obj.pk)
        from_status = row.status
        if not can_move(from_status, to):
            labels = dict(model._meta.get_field("status").choices)
            raise ServiceError(
                f"{noun}状态为“{labels.get(from_status, from_status)}”，不能改为“{labels.get(to, to)}”",
                field="status",
                code="status_not_allowed",
            )
        row.status = to
        for name, value in fields.items():
            setattr(row, name, value)
        row.save(update_fields=["status", *fields])
        event_model.objects.create(
            project_id=row.project_id,
            **{event_model.aggregate_field: row},
            from_status=from_status,
            to_status=to,
            actor=actor,
            reason=(reason or "").strip()[:500],
            at=timezone.now(),
        )
    obj.status = to
    for name, value in fields.items():
        setattr(obj, name, value)
    return row


def record_created(obj, *, actor, event_model, reason: str = "") -> None:
    """The aggregate's first event: it came into being in its initial status (from "" to it),
    so its timeline starts where it started. Called by the creating service, in its transaction."""
    event_model.objects.create(
        project_id=obj.project_id,
        **{event_model.aggregate_field: obj},
        from_status="",
        to_status=obj.status,
        actor=actor,
        reason=(reason or "").strip()[:500],
        at=timezone.now(),
    )
