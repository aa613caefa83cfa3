"""The allowed status changes of a service request. Nobody assigns `status` anywhere else."""

from .choices import RequestStatus as S

ALLOWED: dict[str, set[str]] = {
    S.RECEIVED: {S.IN_PROGRESS, S.RESOLVED, S.CANCELLED},
    S.IN_PROGRESS: {S.PAUSED, S.RESOLVED, S.CANCELLED},
    S.PAUSED: {S.IN_PROGRESS, S.CANCELLED},
    S.RESOLVED: {S.CLOSED, S.IN_PROGRESS},  # back to in progress = reopened after an unsatisfied callback
    S.CLOSED: {S.IN_PROGRESS},  # reopened
    S.CANCELLED: set(),
}


def can_move(from_status: str, to_status: str) -> bool:
    return to_status in ALLOWED.get(from_status, set())


# Work orders (派工单): dispatch → accept → arrive → complete → (owner signs) → slip returned.
from .choices import WorkOrderState as W  # noqa: E402

WORK_ORDER_ALLOWED: dict[str, set[str]] = {
    W.DISPATCHED: {W.ACCEPTED, W.CANCELLED},
    W.ACCEPTED: {W.ARRIVED, W.CANCELLED},
    W.ARRIVED: {W.COMPLETED},
    W.COMPLETED: {W.SIGNED, W.RETURNED},  # RETURNED directly only where no owner signature is needed
    W.SIGNED: {W.RETURNED},
    W.RETURNED: set(),
    W.CANCELLED: set(),
}


def can_move_order(from_state: str, to_state: str) -> bool:
    return to_state in WORK_ORDER_ALLOWED.get(from_state, set())


# Complaints (投诉处理流程): decide validity → department acts → (callback) → manager signs off → archived.
from .choices import ComplaintState as C  # noqa: E402

COMPLAINT_ALLOWED: dict[str, set[str]] = {
    C.REGISTERED: {C.INVALID, C.ASSIGNED},
    C.INVALID: set(),
    C.ASSIGNED: {C.ANSWERED, C.ASSIGNED},  # re-assigned by the center manager in special cases
    C.ANSWERED: {C.SIGNED_OFF, C.ASSIGNED},  # back to the department when the callback is unsatisfied
    C.SIGNED_OFF: {C.ARCHIVED},
    C.ARCHIVED: set(),
}


def can_move_complaint(from_state: str, to_state: str) -> bool:
    return to_state in COMPLAINT_ALLOWED.get(from_state, set())
