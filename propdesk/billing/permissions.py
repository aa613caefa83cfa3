"""Who may do what in billing: `can_<verb>(user, obj)`, one rule each.

The services check these before they change anything (and raise their own message), the lifecycle
moves in `transitions.py` name them as `allowed` where the service always asked the same, and pages
offer an action only when the function and `core.lifecycle.allowed_moves` both say so.
"""

from __future__ import annotations

from propdesk.core.access import has_project_perm, row_scope

from .choices import CaseStatus, DepositStatus, OrderChannel

OPEN_CASE_PERM = "billing.add_dunningcase"
LOG_CONTACT_PERM = "billing.add_dunningcontact"
CLOSE_CASE_PERM = "billing.change_dunningcase"
BANK_PERM = "billing.add_bankdeposit"
APPROVE_DISCREPANCY_PERM = "billing.approve_drawerdiscrepancy"
DEPOSIT_MOVEMENT_PERM = "billing.add_depositmovement"
FORFEIT_PERM = "billing.forfeit_deposit"
HEATING_DECIDE_PERM = "billing.approve_heatingstopapplication"
TAKE_PAYMENT_PERM = "billing.add_payment"


def can_open_cases_for_project(user, project) -> bool:
    """Open a case for every unit of the project in arrears (为所有欠费房屋立案催缴): whoever may open a
    case, except a butler, whose 辖区 is only part of the project (every position she holds there is
    building-scoped: `core.access.row_scope`)."""
    return has_project_perm(user, project, OPEN_CASE_PERM) and project.pk not in row_scope(user).buildings


def can_log_contact(user, case) -> bool:
    """Record a dunning contact (催缴记录): the butlers and the front desk, while the case is open."""
    return case.status == CaseStatus.OPEN and has_project_perm(user, case.project, LOG_CONTACT_PERM)


def can_close_case(user, case) -> bool:
    """Close a dunning case (paid, promised, handed to the lawyer…)."""
    return has_project_perm(user, case.project, CLOSE_CASE_PERM)


def can_bank_drawer(user, session) -> bool:
    """Record the bank deposit of a closed drawer: the cashier's supervisor or the cashier."""
    return has_project_perm(user, session.project, BANK_PERM)


def can_approve_discrepancy(user, discrepancy) -> bool:
    """Approve a drawer's over or short: not the cashier who counted it (four eyes)."""
    return (
        discrepancy.approved_at is None
        and discrepancy.session.cashier_id != getattr(user, "pk", None)
        and has_project_perm(user, discrepancy.project, APPROVE_DISCREPANCY_PERM)
    )


def can_move_deposit(user, deposit) -> bool:
    """Refund or apply part of a deposit (押金退还、抵扣), while it is held."""
    return deposit.status == DepositStatus.HELD and has_project_perm(
        user, deposit.project, DEPOSIT_MOVEMENT_PERM
    )


def can_forfeit_deposit(user, deposit) -> bool:
    """Forfeit a deposit (没收): the finance supervisor."""
    return has_project_perm(user, deposit.project, FORFEIT_PERM)


def can_decide_heating_stop(user, application) -> bool:
    """Approve or reject an application to stop heating (报停)."""
    return has_project_perm(user, application.project, HEATING_DECIDE_PERM)


def can_close_order(user, order) -> bool:
    """Give up an open WeChat Pay / Alipay order at the desk: whoever may take payments."""
    return (
        order.is_open
        and order.channel != OrderChannel.APP
        and has_project_perm(user, order.project, TAKE_PAYMENT_PERM)
    )


# ---------------------------------------------------------------- meters and readings (抄表)

READING_PERM = "billing.add_meterreading"
CORRECT_READING_PERM = "billing.correct_meterreading"
ADD_METER_PERM = "billing.add_meter"
CHANGE_METER_PERM = "billing.change_meter"
ONE_OFF_PERM = "billing.add_bill"


def can_record_reading(user, meter) -> bool:
    """Enter a reading (on the page, from Excel or the API): the readers, while the meter is in place."""
    return meter.removed_on is None and has_project_perm(user, meter.project, READING_PERM)


def can_correct_reading(user, reading) -> bool:
    """Correct or void a reading (a new row with a reason; the wrong one stays)."""
    return has_project_perm(user, reading.project, CORRECT_READING_PERM)


def can_register_meter(user, unit) -> bool:
    """Register a meter of a unit with its start reading."""
    return has_project_perm(user, unit.project, ADD_METER_PERM)


def can_change_meter(user, meter) -> bool:
    """Record a meter change (换表): the old meter's final reading, the new one's start reading."""
    return meter.removed_on is None and has_project_perm(user, meter.project, CHANGE_METER_PERM)


def can_charge_one_off(user, unit) -> bool:
    """Add a one-off charge (一次性收费) to a unit: the cashier and the center director."""
    return has_project_perm(user, unit.project, ONE_OFF_PERM)
