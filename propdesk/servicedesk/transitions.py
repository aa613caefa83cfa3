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
