"""Who may do what on the service desk: `can_<verb>(user, obj)`, one rule each.

The services check these before they change anything (and raise their own message), the
lifecycle moves in `transitions.py` name them as `allowed`, and pages and the API offer an
action only when `core.lifecycle.allowed_moves` (or the function itself) says so.
"""

from __future__ import annotations

from propdesk.core.access import has_project_perm
from propdesk.core.models import Membership
from propdesk.registry import visibility

from .choices import WorkOrderState
from .models import ServiceRequest

HANDLE_PERM = "servicedesk.handle_request"
DISPATCH_PERM = "servicedesk.dispatch_workorder"
WORK_PERM = "servicedesk.work_on_orders"
SLIP_PERM = "servicedesk.receive_slip"
DECIDE_PERM = "servicedesk.decide_complaint"
ACT_PERM = "servicedesk.act_on_complaint"
SIGN_OFF_PERM = "servicedesk.sign_off_complaint"


def can_handle_request(user, request) -> bool:
    """Change a request's status, note it, hand it on: the project's request handlers."""
    return has_project_perm(user, request.project, HANDLE_PERM)


def can_work_order(user, order) -> bool:
    """Accept, arrive, complete, take the owner's signature: the order's own technician only."""
    return user is not None and user.pk == order.technician_id


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
