"""Allowed state changes. Services check against these tables; nobody assigns `status` elsewhere."""

from .choices import LoanStatus, UnitStatus

S = UnitStatus

# A unit's status (SPEC §1). An unsold unit is delivered first; after that the
# lived-in states move freely among themselves but never back to unsold.
UNIT_TRANSITIONS: dict[str, set[str]] = {
    S.UNSOLD: {S.DELIVERED},
    S.DELIVERED: {S.OCCUPIED, S.VACANT, S.RENOVATING, S.RENTED},
    S.VACANT: {S.OCCUPIED, S.RENOVATING, S.RENTED},
    S.OCCUPIED: {S.VACANT, S.RENOVATING, S.RENTED},
    S.RENOVATING: {S.OCCUPIED, S.VACANT, S.RENTED},
    S.RENTED: {S.OCCUPIED, S.VACANT, S.RENOVATING},
}

L = LoanStatus

# Consulting or lending an archive file (查阅 / 外借).
LOAN_TRANSITIONS: dict[str, set[str]] = {
    L.REQUESTED: {L.APPROVED, L.REJECTED},
    L.APPROVED: {L.RETURNED},
    L.REJECTED: set(),
    L.RETURNED: set(),
}


def unit_can_move(from_status: str, to_status: str) -> bool:
    return to_status in UNIT_TRANSITIONS.get(from_status, set())


def loan_can_move(from_status: str, to_status: str) -> bool:
    return to_status in LOAN_TRANSITIONS.get(from_status, set())
