"""Cash drawer and refunds: open, take cash (via `take_payment`), refund, close, approve a difference, bank.

Lock order, added to the one in `services/__init__.py`: unit row → the cashier's open drawer session → receipt
counter. A close locks the session row, so a close and a cash payment of the same drawer
never interleave, and two closes of one drawer close it once.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core import lifecycle
from propdesk.core.access import has_project_perm
from propdesk.core.audit import acting_as
from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.registry.models import Unit

from .. import selectors
from ..choices import DrawerStatus, RefundMethod
from ..models import (
    BankDeposit,
    DrawerDiscrepancy,
    DrawerEntry,
    DrawerSession,
    Payment,
    PrepaidEntry,
    Receipt,
    Refund,
)
from ..money import ZERO, amount_input, money
from .receipts import void_receipt


def _amount(value, field="amount", *, allow_zero=False) -> Decimal:
    return amount_input(value, field=field, allow_zero=allow_zero)


def open_drawer(*, project, actor, opening_float) -> DrawerSession:
    """开箱: a cashier starts a session with the float in the drawer; one open session per cashier."""
    opening_float = _amount(opening_float, "opening_float", allow_zero=True)
    try:
        with transaction.atomic(), acting_as(actor):
            session = DrawerSession.objects.create(
                project=project, cashier=actor, opening_float=opening_float
            )
            lifecycle.record_created(
                session, actor=actor, reason=_("Opening float %(amount)s") % {"amount": opening_float}
            )
            return session
    except IntegrityError:
        raise ServiceError(
            _("You already have a drawer that is not closed: close it first."), field="opening_float"
        ) from None


def open_session(project_id: int, user, *, lock: bool = False) -> DrawerSession | None:
    sessions = DrawerSession.objects.filter(project_id=project_id, cashier=user, status=DrawerStatus.OPEN)
    if lock:
        sessions = sessions.select_for_update()
    return sessions.first()


def record_cash_payment(payment: Payment, *, actor) -> DrawerEntry:
    """Called by take_payment inside its transaction (the unit is locked): attach cash to the open drawer."""
    session = open_session(payment.project_id, actor, lock=True)
    if session is None:
        raise ServiceError(
            _("Open your drawer in My drawer before taking cash."), field="method", code="no_drawer"
        )
    return DrawerEntry.objects.create(
        project_id=payment.project_id, session=session, amount=payment.amount, payment=payment
    )


def require_open_drawer(project_id: int, actor) -> None:
    if open_session(project_id, actor) is None:
        raise ServiceError(
            _("Open your drawer in My drawer before taking cash."), field="method", code="no_drawer"
        )


def cash_in_drawer(session: DrawerSession) -> Decimal:
    return money(session.opening_float + (session.entries.aggregate(s=Sum("amount"))["s"] or ZERO))


def close_drawer(*, session: DrawerSession, counted, reason: str = "", actor) -> DrawerSession:
    """日结: counted against expected (float + cash in − cash out). A difference needs its reason."""
    counted = _amount(counted, "counted", allow_zero=True)
    with transaction.atomic(), acting_as(actor):
        session = DrawerSession.objects.select_for_update().get(pk=session.pk)
        if session.status != DrawerStatus.OPEN:
            raise ServiceError(_("This drawer is already closed."), code="already_closed")
        if session.cashier_id != actor.pk:
            raise AccessDenied(_("You can only close your own drawer."))
        expected = cash_in_drawer(session)
        difference = counted - expected
        if difference and not reason.strip():
            raise ServiceError(
                _("The counted cash differs from the expected by %(difference)s: give the reason.")
                % {"difference": f"{difference:+}"},
                field="reason",
            )
        session = lifecycle.move(
            session,
            to=DrawerStatus.CLOSED,
            actor=actor,
            reason=_close_reason(counted, expected, reason.strip()),
            expected_amount=expected,
            counted_amount=counted,
            closed_at=timezone.now(),
            close_note=reason.strip()[:200],
        )
        if difference:
            DrawerDiscrepancy.objects.create(
                project_id=session.project_id,
                session=session,
                amount=difference,
                reason=reason.strip()[:200],
                recorded_by=actor,
            )
    return session


def _close_reason(counted, expected, reason: str) -> str:
    """The close's status event: 日结：实点 …，应有 …, then the cashier's reason for a difference."""
    text = _("Closed: counted %(counted)s, expected %(expected)s") % {
        "counted": counted,
        "expected": expected,
    }
    if reason:
        text = _("%(close)s; %(reason)s") % {"close": text, "reason": reason}
    return text


def approve_discrepancy(*, discrepancy: DrawerDiscrepancy, comment: str = "", actor) -> DrawerDiscrepancy:
    """A finance supervisor or the director signs off a difference; never the cashier who had it."""
    if not has_project_perm(actor, discrepancy.project, "billing.approve_drawerdiscrepancy"):
        raise AccessDenied(_("You may not approve cash differences."))
    with transaction.atomic(), acting_as(actor):
        discrepancy = (
            DrawerDiscrepancy.objects.select_for_update().select_related("session").get(pk=discrepancy.pk)
        )
        if discrepancy.approved_at is not None:
            raise ServiceError(_("This cash difference is already approved."))
        if discrepancy.session.cashier_id == actor.pk:
            raise ServiceError(_("You cannot approve your own cash difference."))
        discrepancy.approved_by = actor
        discrepancy.approved_at = timezone.now()
        discrepancy.approval_comment = comment.strip()[:200]
        discrepancy.save(update_fields=["approved_by", "approved_at", "approval_comment"])
    return discrepancy


def record_bank_deposit(
    *, session: DrawerSession, slip_number: str, amount, deposited_on: dt.date, actor
) -> BankDeposit:
    """缴存银行: after the close (and the approval of any difference), once per session."""
    amount = _amount(amount)
    slip_number = slip_number.strip()
    if not slip_number:
        raise ServiceError(_("Enter the deposit slip number."), field="slip_number")
    with transaction.atomic(), acting_as(actor):
        session = DrawerSession.objects.select_for_update().get(pk=session.pk)
        if session.status == DrawerStatus.OPEN:
            raise ServiceError(_("The drawer is not closed yet: it cannot be banked."))
        if session.status == DrawerStatus.DEPOSITED:
            raise ServiceError(_("This drawer is already banked."))
        pending = DrawerDiscrepancy.objects.filter(session=session, approved_at__isnull=True).exists()
        if pending:
            raise ServiceError(_("The cash difference is not approved yet: the drawer cannot be banked."))
        if amount > session.counted_amount:
            raise ServiceError(
                _("The amount banked cannot exceed the counted cash %(counted)s.")
                % {"counted": session.counted_amount},
                field="amount",
            )
        try:
            with transaction.atomic():
                deposit = BankDeposit.objects.create(
                    project_id=session.project_id,
                    session=session,
                    slip_number=slip_number,
                    amount=amount,
                    deposited_on=deposited_on,
                    recorded_by=actor,
                )
        except IntegrityError:
            raise ServiceError(
                _("This deposit slip number is already recorded."), field="slip_number"
            ) from None
        lifecycle.move(
            session,
            to=DrawerStatus.DEPOSITED,
            actor=actor,
            reason=_("Deposit slip %(number)s") % {"number": slip_number},
        )
    return deposit


# ---------------------------------------------------------------- refunds


def refund(
    *,
    unit,
    amount=None,
    method: str,
    reason: str,
    actor,
    payment: Payment | None = None,
    trade_no: str = "",
    payee_name: str = "",
) -> Refund:
    """退款, as new rows only: from the prepaid balance (a − ledger row) or a whole payment (its receipt voided).

    Cash goes out of the cashier's open drawer (refused without one, or beyond the cash in it);
    a transfer needs the bank's transaction number.
    """
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("Give the reason for the refund."), field="reason")
    if method not in RefundMethod.values:
        raise ServiceError(_("Choose a valid refund method."), field="method")
    if method == RefundMethod.BANK_TRANSFER and not trade_no.strip():
        raise ServiceError(_("Enter the transfer's transaction number."), field="trade_no")
    if payment is None:
        amount = _amount(amount)
    elif payment.unit_id != unit.pk:
        raise ServiceError(_("This payment does not belong to this unit."), field="payment")
    with transaction.atomic(), acting_as(actor):
        Unit.objects.select_for_update().get(pk=unit.pk)
        session = None
        if method == RefundMethod.CASH:
            session = open_session(unit.project_id, actor, lock=True)
            if session is None:
                raise ServiceError(
                    _("Open your drawer in My drawer before refunding cash."),
                    field="method",
                    code="no_drawer",
                )
        entry = None
        if payment is not None:
            if Refund.objects.filter(payment=payment).exists():
                raise ServiceError(_("This payment is already refunded."), field="payment")
            receipt = Receipt.objects.get(payment=payment)
            if receipt.is_void:
                raise ServiceError(_("This receipt is void: it cannot be refunded."), field="payment")
            void_receipt(receipt=receipt, reason=_("Refund: %(reason)s") % {"reason": reason}, actor=actor)
            amount = payment.amount
        else:
            balance = selectors.prepaid_balance(unit)
            if amount > balance:
                raise ServiceError(
                    _("The refund cannot exceed the prepaid balance %(balance)s.") % {"balance": balance},
                    field="amount",
                )
            entry = PrepaidEntry.objects.create(project_id=unit.project_id, unit=unit, amount=-amount)
        if session is not None:
            available = cash_in_drawer(session)
            if amount > available:
                raise ServiceError(
                    _("Not enough cash in the drawer (%(available)s in it).") % {"available": available},
                    field="amount",
                )
        row = Refund.objects.create(
            project_id=unit.project_id,
            unit=unit,
            method=method,
            amount=amount,
            payment=payment,
            prepaid_entry=entry,
            payee_name=payee_name.strip()[:100],
            trade_no=trade_no.strip()[:64],
            reason=reason[:200],
            refunded_by=actor,
        )
        if session is not None:
            DrawerEntry.objects.create(
                project_id=unit.project_id, session=session, amount=-amount, refund=row
            )
    return row
