"""Deposits (押金): the service other modules call (renovation, access cards, move-in).

    deposit = deposit_services.take_deposit(unit=..., kind="renovation", amount=..., method="cash",
                                            reference=permit.number, actor=user)
    deposit_services.deduct_deposit(deposit=..., amount=..., reason="损坏公共设施", actor=user)
    deposit_services.refund_deposit(deposit=..., method="cash", reason="装修验收合格", actor=user)
    deposit_services.forfeit_deposit(deposit=..., reason="...", actor=user)

Taking goes through the payment/receipt path (a DEPOSIT bill settled by a payment: one receipt
from the project's sequence, cash in the cashier's drawer). Every change is a `DepositMovement`;
the deposit row is locked for each, so the balance never goes below zero.
Lock order: unit → deposit → drawer session → receipt counter.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core import lifecycle
from propdesk.core.audit import acting_as
from propdesk.core.errors import AccessDenied, ServiceError

from .. import permissions
from ..choices import ChargeKind, DepositKind, DepositStatus, MovementKind
from ..models import ChargeItem, Deposit, DepositMovement, DrawerEntry
from ..money import ZERO, amount_input, money
from .cash import cash_in_drawer, open_session
from .charges import charge_one_off
from .payments import take_payment


def _amount(value) -> Decimal:
    return amount_input(value)


def balance_of(deposit: Deposit) -> Decimal:
    used = DepositMovement.objects.filter(deposit=deposit).aggregate(s=Sum("amount"))["s"] or ZERO
    return money(deposit.amount - used)


def _item_for(project, kind: str) -> ChargeItem:
    item, _made = ChargeItem.objects.get_or_create(
        project=project,
        code=f"{kind}_deposit",
        defaults={
            "name": str(DepositKind(kind).label),
            "kind": ChargeKind.DEPOSIT,
            "due_days": 0,
            "sort_order": 90,
        },
    )
    if item.kind != ChargeKind.DEPOSIT:
        raise ServiceError(_("The deposit's charge item is misconfigured."), field="kind")
    return item


def _next_number(project) -> str:
    prefix = f"YJ{timezone.localdate():%Y%m}-"
    last = (
        Deposit.objects.filter(project=project, number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return f"{prefix}{int(last[len(prefix) :]) + 1 if last else 1:04d}"


def take_deposit(
    *,
    unit,
    kind: str,
    amount,
    method: str,
    actor,
    payer_name: str = "",
    reference: str = "",
    trade_no: str = "",
) -> Deposit:
    """收押金: a DEPOSIT bill settled at once by a payment with its receipt; cash needs the open drawer."""
    if kind not in DepositKind.values:
        raise ServiceError(_("Choose a valid kind of deposit."), field="kind")
    amount = _amount(amount)
    with transaction.atomic(), acting_as(actor):
        item = _item_for(unit.project, kind)
        for _attempt in range(5):
            number = _next_number(unit.project)
            try:
                with transaction.atomic():
                    bill = charge_one_off(
                        unit=unit,
                        item=item,
                        amount=amount,
                        on=timezone.localdate(),
                        reference=number,
                        description=reference[:200],
                        actor=actor,
                    )
                break
            except ServiceError:
                continue  # the number was taken by a concurrent deposit
        else:  # pragma: no cover
            raise ServiceError(_("The deposit number was taken: try again."))
        payment = take_payment(
            unit=unit,
            amount=amount,
            method=method,
            actor=actor,
            payer_name=payer_name,
            bills=[bill.pk],
            trade_no=trade_no,
            note=_("Deposit %(number)s") % {"number": number},
        )
        try:
            with transaction.atomic():
                deposit = Deposit.objects.create(
                    project_id=unit.project_id,
                    number=number,
                    unit=unit,
                    kind=kind,
                    amount=amount,
                    payer_name=payer_name.strip()[:100],
                    reference=reference.strip()[:40],
                    bill=bill,
                    payment=payment,
                    taken_by=actor,
                )
                lifecycle.record_created(
                    deposit, actor=actor, reason=_("Taken %(amount)s") % {"amount": amount}
                )
                return deposit
        except IntegrityError:  # pragma: no cover
            raise ServiceError(_("The deposit number was taken: try again.")) from None


def _move(
    *, deposit: Deposit, kind: str, amount=None, reason: str, actor, method: str = "", trade_no: str = ""
) -> DepositMovement:
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("Enter the reason."), field="reason")
    with transaction.atomic(), acting_as(actor):
        deposit = Deposit.objects.select_for_update().get(pk=deposit.pk)
        if deposit.status != DepositStatus.HELD:
            raise ServiceError(
                _("This deposit is %(status)s: it cannot be handled any more.")
                % {"status": deposit.get_status_display()},
                code="not_held",
            )
        if deposit.payment.receipt.is_void:
            raise ServiceError(_("This deposit's receipt is void."))
        balance = balance_of(deposit)
        amount = balance if amount is None else _amount(amount)
        if amount > balance:
            raise ServiceError(
                _("The amount cannot exceed the deposit's balance %(balance)s.") % {"balance": balance},
                field="amount",
            )
        session = None
        if kind == MovementKind.REFUND:
            if method not in ("cash", "bank_transfer"):
                raise ServiceError(_("Choose a valid way to return the deposit."), field="method")
            if method == "bank_transfer" and not trade_no.strip():
                raise ServiceError(_("Enter the transfer's transaction number."), field="trade_no")
            if method == "cash":
                session = open_session(deposit.project_id, actor, lock=True)
                if session is None:
                    raise ServiceError(
                        _("Open your drawer in My drawer before refunding cash."),
                        field="method",
                        code="no_drawer",
                    )
                if amount > cash_in_drawer(session):
                    raise ServiceError(_("Not enough cash in the drawer."), field="amount")
        movement = DepositMovement.objects.create(
            project_id=deposit.project_id,
            deposit=deposit,
            kind=kind,
            amount=amount,
            method=method,
            trade_no=trade_no.strip()[:64],
            reason=reason[:200],
            created_by=actor,
        )
        if session is not None:
            DrawerEntry.objects.create(
                project_id=deposit.project_id, session=session, amount=-amount, deposit_movement=movement
            )
        if kind == MovementKind.FORFEIT:
            lifecycle.move(deposit, to=DepositStatus.FORFEITED, actor=actor, reason=reason)
        elif amount == balance:
            lifecycle.move(deposit, to=DepositStatus.CLOSED, actor=actor, reason=reason)
    return movement


def deduct_deposit(*, deposit: Deposit, amount, reason: str, actor) -> DepositMovement:
    """扣除: part of the deposit kept, with its reason (each deduction a row)."""
    return _move(deposit=deposit, kind=MovementKind.DEDUCTION, amount=amount, reason=reason, actor=actor)


def refund_deposit(
    *, deposit: Deposit, method: str, reason: str, actor, trade_no: str = ""
) -> DepositMovement:
    """退还: the whole remaining balance, in cash (from the drawer) or by transfer; the deposit is settled."""
    return _move(
        deposit=deposit,
        kind=MovementKind.REFUND,
        reason=reason,
        actor=actor,
        method=method,
        trade_no=trade_no,
    )


def forfeit_deposit(*, deposit: Deposit, reason: str, actor) -> DepositMovement:
    """没收: the remaining balance kept, with the reason; needs billing.forfeit_deposit."""
    if not permissions.can_forfeit_deposit(actor, deposit):
        raise AccessDenied(_("You may not forfeit deposits."))
    return _move(deposit=deposit, kind=MovementKind.FORFEIT, reason=reason, actor=actor)
