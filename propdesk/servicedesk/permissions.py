"""Who may do what on the service desk: `can_<verb>(user, obj)`, one rule each.

The services check these before they change anything (and raise their own message), the
lifecycle moves in `transitions.py` name them as `allowed`, and pages and the API offer an
action only when `core.lifecycle.allowed_moves` (or the function itself) says so.
"""

from __future__ import annotations

from propdesk.core.access import has_project_perm
from propdesk.core.models import Membership
from propdesk.registry import visibility

from .choices import PlanState, RepairClass, RequestKind, RequestStatus, SurveyState, WorkOrderState
from .models import ServiceRequest

HANDLE_PERM = "servicedesk.handle_request"
DISPATCH_PERM = "servicedesk.dispatch_workorder"
WORK_PERM = "servicedesk.work_on_orders"
SLIP_PERM = "servicedesk.receive_slip"
DECIDE_PERM = "servicedesk.decide_complaint"
ACT_PERM = "servicedesk.act_on_complaint"
SIGN_OFF_PERM = "servicedesk.sign_off_complaint"
REASSIGN_PERM = "servicedesk.reassign_request"
RECLASSIFY_PERM = "servicedesk.reclassify_request"
PLAN_PERM = "servicedesk.plan_callbacks"
CALLBACK_PERM = "servicedesk.do_callback"
SURVEY_PERM = "servicedesk.run_survey"

DISPATCHED_KINDS = (RequestKind.REPAIR, RequestKind.PAID_SERVICE)


def can_handle_request(user, request) -> bool:
    """Change a request's status, note it, hand it on: the project's request handlers."""
    return has_project_perm(user, request.project, HANDLE_PERM)


def may_pause(request) -> bool:
    """An emergency repair (急修) is worked continuously until it is fixed (连续抢修): never paused."""
    return request.repair_class != RepairClass.EMERGENCY


def can_pause_request(user, request) -> bool:
    """Pause a request (waiting for parts, the owner away): its handlers, unless it is an emergency repair."""
    return may_pause(request) and can_handle_request(user, request)


def can_hand_off(user, request) -> bool:
    """Hand a request over (转交): the person accountable for it now, or who may reassign requests
    (the center director). The request must be open, with no hand-off waiting (the service says so)."""
    return user is not None and (
        user.pk == request.holder_id or has_project_perm(user, request.project, REASSIGN_PERM)
    )


# A repair's class can change while the work is still ahead or under way (not once it is resolved).
RECLASSIFIABLE = (RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS, RequestStatus.PAUSED)


def takes_reclassification(request) -> bool:
    """A repair whose class may still change: received, in progress or waiting."""
    return request.kind == RequestKind.REPAIR and request.status in RECLASSIFIABLE


def can_reclassify(user, request) -> bool:
    """Change a repair's class (general ↔ emergency, 接修流程 5.2), with a reason: who may reclassify
    requests in its project — by default the front desk, the butler and customer service who take the
    report, the dispatcher and the engineering supervisor who judge it, and the center director."""
    return takes_reclassification(request) and has_project_perm(user, request.project, RECLASSIFY_PERM)


def takes_dispatch(request) -> bool:
    """A request a technician can be sent to: an open repair or paid service."""
    return request.kind in DISPATCHED_KINDS and request.is_open


def can_dispatch(user, request) -> bool:
    """Send a repair to a technician (派工): the project's dispatchers."""
    return has_project_perm(user, request.project, DISPATCH_PERM)


def can_work_order(user, order) -> bool:
    """Accept, arrive, complete, take the owner's signature: the order's own technician only."""
    return user is not None and user.pk == order.technician_id


def works_on_request(user, request) -> bool:
    """The technician of one of the request's work orders still under way."""
    return (
        user is not None
        and request.orders.filter(technician_id=user.pk)
        .exclude(state__in=(WorkOrderState.CANCELLED, WorkOrderState.RETURNED))
        .exists()
    )


def can_resume_request(user, request) -> bool:
    """End a pause: its handlers, or its technician by taking up the work again (a work step on a
    paused request resumes it first: services/repairs.py)."""
    return can_handle_request(user, request) or works_on_request(user, request)


def can_sign_order(user, order) -> bool:
    """Confirm a completed repair: the technician (the owner signs on their phone), or the owner,
    tenant or resident who sees the request in the portal (registry.visibility)."""
    if can_work_order(user, order):
        return True
    request = order.request
    return request.unit_id is not None and bool(
        ServiceRequest.objects.filter(
            visibility.visible(visibility.unit_accesses(user), time_field="received_at"), pk=request.pk
        ).exists()
    )


def can_receive_slip(user, order) -> bool:
    """Receive the completed slip back (回单): customer service, once the owner signed where a
    signature is needed (repairs inside a unit)."""
    if order.needs_owner_signature and order.state != WorkOrderState.SIGNED:
        return False
    return has_project_perm(user, order.request.project, SLIP_PERM)


def can_decide_complaint(user, complaint) -> bool:
    """Decide whether a complaint is valid, and file the signed-off report: CS supervisors."""
    return has_project_perm(user, complaint.request.project, DECIDE_PERM)


def can_act_on_complaint(user, complaint) -> bool:
    """Write the department's action: a member of the responsible department, or the named person."""
    if not has_project_perm(user, complaint.request.project, ACT_PERM):
        return False
    if user.pk == complaint.responsible_person_id:
        return True
    return Membership.objects.filter(
        project_id=complaint.project_id, user=user, department_id=complaint.department_id, is_active=True
    ).exists()


def can_sign_off_complaint(user, complaint) -> bool:
    """Sign the complaint report off: the center manager."""
    return has_project_perm(user, complaint.request.project, SIGN_OFF_PERM)


def can_decide_handoff(user, handoff) -> bool:
    """Accept or decline a hand-off: the person it is handed to, and only they."""
    return user is not None and user.pk == handoff.to_user_id


def can_withdraw_handoff(user, handoff) -> bool:
    """Take a waiting hand-off back: the person who handed it over."""
    return user is not None and user.pk == handoff.from_user_id


def can_intervene_in_handoff(user, handoff) -> bool:
    """Take over or reassign a hand-off nobody accepted in time: the center director (who may reassign)."""
    return has_project_perm(user, handoff.request.project, REASSIGN_PERM)


def can_plan_callbacks(user, plan) -> bool:
    """Generate a callback plan's callbacks and close it: who plans callbacks in its project."""
    return has_project_perm(user, plan.project, PLAN_PERM)


def can_edit_plan(user, plan) -> bool:
    """Change a callback plan: who plans callbacks, until it is closed (after its callbacks are
    generated only `plan_scope_frozen`'s other fields stay open)."""
    return plan.state != PlanState.CLOSED and has_project_perm(user, plan.project, PLAN_PERM)


def plan_scope_frozen(plan) -> bool:
    """Once the callbacks are generated the sample is drawn: scope, kind and size stay as they were."""
    return plan.state != PlanState.DRAFT


def can_call_back(user, task) -> bool:
    """Record the outcome of a planned callback: who calls owners back in its project, while the
    plan is in progress."""
    return task.plan.state == PlanState.ACTIVE and has_project_perm(user, task.plan.project, CALLBACK_PERM)


def can_run_survey(user, campaign) -> bool:
    """Open and close a satisfaction survey: who runs surveys in its project."""
    return has_project_perm(user, campaign.project, SURVEY_PERM)


def can_edit_questionnaire(user, campaign) -> bool:
    """Change a survey's questions: who runs surveys, before it opens."""
    return campaign.state == SurveyState.DRAFT and can_run_survey(user, campaign)


def can_record_answers(user, campaign) -> bool:
    """Record a unit's answers taken by staff: who runs surveys, while it is open."""
    return campaign.state == SurveyState.OPEN and can_run_survey(user, campaign)


def can_analyse_survey(user, campaign) -> bool:
    """Write the analysis report: the customer service supervisor, once the survey has started."""
    return campaign.state != SurveyState.DRAFT and has_project_perm(user, campaign.project, DECIDE_PERM)


def can_record_request_callback(user, request) -> bool:
    """Call the owner back on a request (回访): who calls back, once the request is resolved."""
    return request.status == RequestStatus.RESOLVED and has_project_perm(user, request.project, CALLBACK_PERM)
