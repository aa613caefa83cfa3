"""Who may do what with paid services: `can_<verb>(user, obj)`, one rule each.

The services check these before they change anything (and raise their own message), the
lifecycle moves in `transitions.py` name them as `allowed`, and pages offer an action only when
`core.lifecycle.allowed_moves` says so.

Special-service orders (特约服务单): registered and carried by the front desk (the registering
permission), confirmed by the performing department's head (or the center director), agreed to by
the owner (in the portal, or recorded by staff or the technician), completed by staff or the
technician.
"""

from __future__ import annotations

from propdesk.core.access import has_project_perm
from propdesk.core.models import Department, Membership
from propdesk.registry.visibility import OWNER, unit_accesses

from .choices import SpecialState

PRICE_LIST_PERM = "paidservices.change_serviceitem"
REGISTER_PERM = "paidservices.add_specialserviceorder"
CONFIRM_PERM = "paidservices.confirm_specialserviceorder"
CUSTOM_PRICE_PERM = "paidservices.price_specialserviceorder"
APPROVE_PERM = "paidservices.approve_specialserviceorder"
VIEW_ITEMS_PERM = "paidservices.view_serviceitem"
VIEW_ORDERS_PERM = "paidservices.view_specialserviceorder"
WORK_PERM = "servicedesk.work_on_orders"
DIRECTOR_POSITION = "center_director"


def is_head_of(user, project, department: Department) -> bool:
    """The performing department's head, or the center director."""
    return (
        Membership.objects.filter(user=user, project=project, is_active=True)
        .filter(position__code=DIRECTOR_POSITION)
        .exists()
        or Membership.objects.filter(
            user=user,
            project=project,
            is_active=True,
            department=department,
            position__is_department_head=True,
        ).exists()
    )


# ---------------------------------------------------------------- special-service orders


def can_register_special(user, order) -> bool:
    """Register, edit the draft's price-list lines, cancel, record the owner's refusal: the front desk."""
    return has_project_perm(user, order.project, REGISTER_PERM)


def can_edit_special_lines(user, order) -> bool:
    """Add and remove lines while the order is a draft (before the head confirmed the price)."""
    return order.state == SpecialState.DRAFT and can_register_special(user, order)


def can_review_special(user, order) -> bool:
    """Hold the permission to confirm content and price (and to send them back to the draft)."""
    return has_project_perm(user, order.project, CONFIRM_PERM)


def heads_special_department(user, order) -> bool:
    """The head of the order's performing department, or the center director."""
    return is_head_of(user, order.project, order.department)


def can_confirm_special(user, order) -> bool:
    """Confirm content and price (部门主管审核): a reviewer who heads the performing department."""
    return can_review_special(user, order) and heads_special_department(user, order)


def can_price_custom_special(user, order) -> bool:
    """Price work off the list (seed 003 服务收费 4.2.2: 由工程主管或保洁领班同业户确定费用): a holder of
    the pricing permission who heads the order's performing department, or the center director."""
    return has_project_perm(user, order.project, CUSTOM_PRICE_PERM) and heads_special_department(user, order)


def needs_manager_approval(order) -> bool:
    """Work off the price list waits for the property manager's approval of content and price
    (seed 003 服务收费 3.4); items of the list were approved with the list."""
    return any(line.is_custom for line in order.lines.all())


def can_approve_special(user, order) -> bool:
    """Approve or send back content and price (物业经理审批): the property manager."""
    return has_project_perm(user, order.project, APPROVE_PERM)


def can_reopen_special(user, order) -> bool:
    """Send a confirmed order back to the draft for new content or price: any reviewer."""
    return can_review_special(user, order)


def owns_special_unit(user, order) -> bool:
    """The owner of the order's unit now (who agrees or declines in the portal)."""
    return any(a.unit_id == order.unit_id and a.role == OWNER for a in unit_accesses(user))


def can_record_agreement_special(user, order) -> bool:
    """Record the owner's agreement for them (signature on a phone, signed form): staff or the technician."""
    return has_project_perm(user, order.project, REGISTER_PERM) or has_project_perm(
        user, order.project, WORK_PERM
    )


def can_agree_special(user, order) -> bool:
    """The owner's agreement: the owner in the portal, or recorded by staff or the technician."""
    return owns_special_unit(user, order) or can_record_agreement_special(user, order)


def can_decline_special(user, order) -> bool:
    """The owner's refusal: the owner in the portal, or recorded by the front desk."""
    return owns_special_unit(user, order) or can_register_special(user, order)


def can_cancel_special(user, order) -> bool:
    return can_register_special(user, order)


def can_complete_special(user, order) -> bool:
    """Complete the work (makes the bill line): staff, or the technician of the paid work order."""
    return has_project_perm(user, order.project, REGISTER_PERM) or has_project_perm(
        user, order.project, WORK_PERM
    )
