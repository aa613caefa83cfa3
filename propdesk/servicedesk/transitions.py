"""The lifecycles of the service desk's aggregates (core.lifecycle). Nobody assigns a status elsewhere.

Every move writes a step of the request's timeline (`timeline.record_lifecycle_event`): a request's
own moves as "status changed", a work order's and a complaint report's as the kind its move names (`event`).
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

from propdesk.core.lifecycle import Lifecycle, Move, register

from . import permissions
from .choices import ComplaintState as C
from .choices import EventKind as E
from .choices import RequestStatus as S
from .choices import WorkOrderState as W
from .models import Complaint, ServiceRequest, WorkOrder
from .timeline import record_lifecycle_event

_handle = permissions.can_handle_request

REQUEST = register(
    Lifecycle(
        model=ServiceRequest,
        write_event=record_lifecycle_event,
        refusal=gettext_noop("A request that is %(from)s cannot become %(to)s."),
        moves=[
            Move(S.RECEIVED, S.IN_PROGRESS, allowed=_handle, name="start"),
            Move(
                (S.RECEIVED, S.IN_PROGRESS),
                S.RESOLVED,
                allowed=_handle,
                sets=("resolved_at",),
                name="resolve",
            ),
            Move(S.IN_PROGRESS, S.PAUSED, allowed=_handle, needs_reason=True, name="pause"),
            Move(S.PAUSED, S.IN_PROGRESS, allowed=_handle, name="resume"),
            # Back to in progress = reopened (after an unsatisfied callback, or by the director).
            Move((S.RESOLVED, S.CLOSED), S.IN_PROGRESS, allowed=_handle, name="reopen"),
            Move(S.RESOLVED, S.CLOSED, allowed=_handle, sets=("closed_at",), name="close"),
            Move(
                (S.RECEIVED, S.IN_PROGRESS, S.PAUSED),
                S.CANCELLED,
                allowed=_handle,
                needs_reason=True,
                name="cancel",
            ),
        ],
    )
)

# Work orders (派工单): dispatch → accept → arrive → complete → (owner signs) → slip returned.
# A move's name is the kind of its step on the request's timeline.
_tech = permissions.can_work_order
WORK_ORDER = register(
    Lifecycle(
        model=WorkOrder,
        field="state",
        write_event=record_lifecycle_event,
        refusal=gettext_noop("A work order that is %(from)s cannot become %(to)s."),
        moves=[
            Move(
                W.DISPATCHED,
                W.ACCEPTED,
                allowed=_tech,
                sets=("accepted_at",),
                name="accept",
                event=E.ORDER_ACCEPTED,
            ),
            Move(W.ACCEPTED, W.ARRIVED, allowed=_tech, sets=("arrived_at",), name="arrive", event=E.ARRIVED),
            Move(
                W.ARRIVED,
                W.COMPLETED,
                allowed=_tech,
                sets=("completed_at", "work_done", "labour_minutes"),
                name="complete",
                event=E.COMPLETED,
            ),
            Move(
                W.COMPLETED,
                W.SIGNED,
                allowed=permissions.can_sign_order,
                sets=("signed_at", "signer_name", "signature"),
                name="sign",
                event=E.OWNER_SIGNED,
            ),
            # Directly from completed only where no owner signature is needed (the service checks).
            Move(
                (W.COMPLETED, W.SIGNED),
                W.RETURNED,
                allowed=permissions.can_receive_slip,
                sets=("returned_at",),
                name="return_slip",
                event=E.SLIP_RETURNED,
            ),
            # Re-dispatch cancels the live order; once the technician is on site it is finished instead.
            Move((W.DISPATCHED, W.ACCEPTED), W.CANCELLED, name="cancel", event=E.STATUS_CHANGED),
        ],
    )
)

# Complaints (投诉处理流程): decide validity → department acts → (callback) → manager signs off → archived.
_DECIDED = ("decided_by", "decided_at")
COMPLAINT = register(
    Lifecycle(
        model=Complaint,
        field="state",
        write_event=record_lifecycle_event,
        refusal=gettext_noop("A complaint that is %(from)s cannot become %(to)s."),
        moves=[
            Move(
                C.REGISTERED,
                C.INVALID,
                allowed=permissions.can_decide_complaint,
                sets=(*_DECIDED, "explanation", "owner_response"),
                name="find_invalid",
                event=E.COMPLAINT_INVALID,
            ),
            Move(
                C.REGISTERED,
                C.ASSIGNED,
                allowed=permissions.can_decide_complaint,
                sets=(
                    *_DECIDED,
                    "summary",
                    "department",
                    "deadline",
                    "responsible_person",
                    "special_case",
                    "major",
                ),
                name="find_valid",
                event=E.COMPLAINT_VALID,
            ),
            # Re-assigned by the center manager in special cases; back to the department when the
            # callback was unsatisfied.
            Move(
                (C.ASSIGNED, C.ANSWERED),
                C.ASSIGNED,
                allowed=permissions.can_sign_off_complaint,
                name="reassign",
            ),
            Move(
                C.ASSIGNED,
                C.ANSWERED,
                allowed=permissions.can_act_on_complaint,
                sets=("department_action", "action_by", "action_at"),
                name="answer",
                event=E.DEPARTMENT_ACTION,
            ),
            Move(
                C.ANSWERED,
                C.SIGNED_OFF,
                allowed=permissions.can_sign_off_complaint,
                sets=("signed_off_by", "signed_off_at"),
                name="sign_off",
                event=E.MANAGER_SIGNOFF,
            ),
            Move(
                C.SIGNED_OFF,
                C.ARCHIVED,
                allowed=permissions.can_decide_complaint,
                sets=("archived_at",),
                name="archive",
                event=E.ARCHIVED,
            ),
        ],
    )
)
