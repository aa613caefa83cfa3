"""The lifecycles of the registry's aggregates (core.lifecycle). Nobody assigns `status` anywhere else.

Each aggregate's services change its status with `lifecycle.move(obj, to=…, actor=…, reason=…)`:
the kit locks the row, checks the move below, sets the status and the fields the move names,
and writes the status event (actor, from, to, reason, time, project) in the same transaction.

Import jobs (`ImportJob.status`) are background-job progress, not business states, and are not
listed here.
"""

from __future__ import annotations

from propdesk.core.lifecycle import Lifecycle, Move, register

from .choices import LoanStatus, UnitStatus
from .models import ArchiveLoan, ArchiveLoanEvent, Unit, UnitEvent
from .permissions import can_decide_loan

S = UnitStatus

# A unit's status (SPEC §1). An unsold unit is delivered first; after that the
# lived-in states move freely among themselves but never back to unsold.
UNIT = register(
    Lifecycle(
        model=Unit,
        event_model=UnitEvent,
        moves=[
            Move(S.UNSOLD, S.DELIVERED),
            Move((S.DELIVERED, S.VACANT, S.RENOVATING, S.RENTED), S.OCCUPIED),
            Move((S.DELIVERED, S.OCCUPIED, S.RENOVATING, S.RENTED), S.VACANT),
            Move((S.DELIVERED, S.VACANT, S.OCCUPIED, S.RENTED), S.RENOVATING),
            Move((S.DELIVERED, S.VACANT, S.OCCUPIED, S.RENOVATING), S.RENTED),
        ],
    )
)

L = LoanStatus

# Consulting or lending an archive file (查阅 / 外借): requested → approved or rejected by someone
# who may decide (registry.approve_archiveloan) → returned once the file is back. Rejected and
# returned are final.
LOAN = register(
    Lifecycle(
        model=ArchiveLoan,
        event_model=ArchiveLoanEvent,
        moves=[
            Move(
                L.REQUESTED,
                L.APPROVED,
                allowed=can_decide_loan,
                sets=("approved_by", "approved_at"),
                name="approve",
            ),
            Move(L.REQUESTED, L.REJECTED, allowed=can_decide_loan, name="reject"),
            Move(L.APPROVED, L.RETURNED, sets=("returned_at",), name="return"),
        ],
    )
)
