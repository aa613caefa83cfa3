"""The lifecycles of the service desk's aggregates (core.lifecycle). Nobody assigns a status elsewhere.

Requests, work orders, complaint reports and hand-offs write every move as a step of the request's
timeline (`timeline.record_lifecycle_event`): a request's own moves as "status changed", the others
as the kind their move names (`event`). Callback plans, their tasks and survey campaigns have no
request: each keeps its own status events (`CallbackPlanEvent`, `CallbackTaskEvent`,
`SurveyCampaignEvent`).
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

from propdesk.core.lifecycle import Lifecycle, Move, register

from . import permissions
from .choices import ComplaintState as C
from .choices import EventKind as E
from .choices import HandOffState as H
from .choices import RequestStatus as S
from .choices import WorkOrderState as W
from .models import (
    CallbackPlan,
    CallbackPlanEvent,
    CallbackTask,
    CallbackTaskEvent,
    Complaint,
    HandOff,
    ServiceRequest,
    SurveyCampaign,
    SurveyCampaignEvent,
    WorkOrder,
)
from .models import PlanState as P
from .models import PlanTaskState as T
from .models import SurveyState as V
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
            Move(
                S.IN_PROGRESS,
                S.PAUSED,
                allowed=permissions.can_pause_request,
                needs_reason=True,
                name="pause",
            ),
            Move(S.PAUSED, S.IN_PROGRESS, allowed=permissions.can_resume_request, name="resume"),
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

# Hand-offs (转交, 首问责任制): waiting for acceptance → the receiver accepts or declines, the sender
# withdraws, or — not accepted in time — the center director takes it over or reassigns it (a new
# hand-off follows). Each decision is a step of the request's timeline.
_DECISION = ("decided_at", "decision_note")
HANDOFF = register(
    Lifecycle(
        model=HandOff,
        field="state",
        write_event=record_lifecycle_event,
        moves=[
            Move(
                H.REQUESTED,
                H.ACCEPTED,
                allowed=permissions.can_decide_handoff,
                sets=_DECISION,
                name="accept",
                event=E.HANDOFF_ACCEPTED,
            ),
            Move(
                H.REQUESTED,
                H.DECLINED,
                allowed=permissions.can_decide_handoff,
                sets=_DECISION,
                needs_reason=True,
                name="decline",
                event=E.HANDOFF_DECLINED,
            ),
            Move(
                H.REQUESTED,
                H.WITHDRAWN,
                allowed=permissions.can_withdraw_handoff,
                sets=_DECISION,
                name="withdraw",
                event=E.HANDOFF_WITHDRAWN,
            ),
            Move(
                H.REQUESTED,
                H.TAKEN_OVER,
                allowed=permissions.can_intervene_in_handoff,
                sets=_DECISION,
                name="take_over",
                event=E.HANDOFF_TAKEN_OVER,
            ),
            Move(
                H.REQUESTED,
                H.REDIRECTED,
                allowed=permissions.can_intervene_in_handoff,
                sets=_DECISION,
                needs_reason=True,
                name="redirect",
                event=E.HANDOFF_REDIRECTED,
            ),
        ],
    )
)

# Callback plans (回访计划): a draft until its callbacks are generated, then in progress until closed.
CALLBACK_PLAN = register(
    Lifecycle(
        model=CallbackPlan,
        field="state",
        event_model=CallbackPlanEvent,
        moves=[
            Move(
                P.DRAFT,
                P.ACTIVE,
                allowed=permissions.can_plan_callbacks,
                sets=("generated_at",),
                name="generate",
            ),
            Move(P.ACTIVE, P.CLOSED, allowed=permissions.can_plan_callbacks, name="close"),
        ],
    )
)

# One planned callback: to call → called back (method, the owner's words, satisfaction; an unsatisfied
# owner's matter becomes a follow-up request) or could not be reached (with how it was tried).
CALLBACK_TASK = register(
    Lifecycle(
        model=CallbackTask,
        field="state",
        event_model=CallbackTaskEvent,
        moves=[
            Move(
                T.PENDING,
                T.DONE,
                allowed=permissions.can_call_back,
                sets=("method", "satisfaction", "owner_words", "done_by", "done_at", "follow_up"),
                name="record",
            ),
            Move(
                T.PENDING,
                T.UNREACHABLE,
                allowed=permissions.can_call_back,
                sets=("owner_words", "done_by", "done_at"),
                needs_reason=True,
                name="unreachable",
            ),
        ],
    )
)

# Satisfaction survey campaigns (满意度调查): a draft while the questionnaire is edited, open while
# answers are recorded, closed with the occupied units counted again.
SURVEY_CAMPAIGN = register(
    Lifecycle(
        model=SurveyCampaign,
        field="state",
        event_model=SurveyCampaignEvent,
        moves=[
            Move(
                V.DRAFT,
                V.OPEN,
                allowed=permissions.can_run_survey,
                sets=("opened_at", "occupied_units"),
                name="open",
            ),
            Move(
                V.OPEN,
                V.CLOSED,
                allowed=permissions.can_run_survey,
                sets=("closed_at", "occupied_units"),
                name="close",
            ),
        ],
    )
)
