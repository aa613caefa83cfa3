"""Every write of billing. Keyword-only, with `actor=`; money rows are only ever inserted.

Lock order, everywhere: unit row → receipt counter. Both are held for the length of one
payment's transaction only.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import NoReturn

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core import lifecycle
from propdesk.core.audit import acting_as, system_user
from propdesk.core.errors import ServiceError
from propdesk.registry.models import Unit

from .. import providers, selectors
from ..choices import NotificationOutcome, OrderChannel, OrderStatus, PaymentMethod
from ..models import (
    Allocation,
    Payment,
    PaymentNotification,
    PaymentOrder,
    PrepaidEntry,
    ProviderAccount,
    Receipt,
    ReceiptCounter,
)
from ..money import ZERO, amount_input
from .cash import record_cash_payment
from .dunning import payment_received

# ---------------------------------------------------------------- payments and receipts


def _next_receipt_number(project_id: int) -> int:
    """The next number from the project's counter row, locked until the caller's transaction ends."""
    counter = ReceiptCounter.objects.select_for_update().filter(project_id=project_id).first()
    if counter is None:
        try:
            with transaction.atomic():
                ReceiptCounter.objects.create(project_id=project_id)
        except IntegrityError:
            pass  # another payment created it first
        counter = ReceiptCounter.objects.select_for_update().get(project_id=project_id)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _allocate(*, unit, amount: Decimal, bills, payment=None, project_id: int) -> Decimal:
    """Settle bills in the given order from `amount`; return what is left. Caller holds the unit lock."""
    left = amount
    settled = []
    for bill in bills:
        if left <= 0:
            break
        share = min(left, bill.outstanding)
        if share <= 0:
            continue
        if payment is not None:
            settled.append(Allocation(project_id=project_id, bill=bill, payment=payment, amount=share))
        else:
            entry = PrepaidEntry.objects.create(project_id=project_id, unit=unit, amount=-share, bill=bill)
            Allocation.objects.create(project_id=project_id, bill=bill, prepaid_entry=entry, amount=share)
        left -= share
    Allocation.objects.bulk_create(settled)  # one statement for a payment's bills
    return left


def take_payment(
    *,
    unit,
    amount: Decimal,
    method: str,
    actor,
    payer_name: str = "",
    bills: list[int] | None = None,
    trade_no: str = "",
    order: PaymentOrder | None = None,
    note: str = "",
    settle: bool = True,
) -> Payment:
    """Receive money for a unit and issue its receipt, in one transaction.

    Settles the chosen bills (in the order given) or else the oldest outstanding bills
    first; what is left becomes prepaid balance. The receipt number comes from the
    project's counter row locked in this same transaction: no gaps, no duplicates.
    A `trade_no` can be credited once per project and method (unique constraint). With
    `settle=False` nothing is settled: all of it is prepaid balance (money to be refunded).
    """
    amount = amount_input(amount)
    if method not in PaymentMethod.values:
        raise ServiceError(_("Choose a valid payment method."), field="method")
    adapter = providers.adapter_for(method)
    if adapter.is_online and order is None:
        raise ServiceError(
            _("Online payments are credited by the payment platform's notification."), field="method"
        )
    if adapter.needs_reference and not trade_no.strip():
        raise ServiceError(
            _("Enter the transaction number of the transfer or card payment."), field="trade_no"
        )
    with transaction.atomic(), acting_as(actor):
        Unit.objects.select_for_update().get(pk=unit.pk)
        open_bills = list(selectors.outstanding_bills(unit))
        if bills:
            by_id = {b.pk: b for b in open_bills}
            missing = [pk for pk in bills if pk not in by_id]
            if missing:
                raise ServiceError(
                    _("A chosen bill is not this unit's or is already settled."), field="bills"
                )
            chosen = [by_id[pk] for pk in bills]
        else:
            chosen = open_bills if settle else []
        try:
            with transaction.atomic():
                payment = Payment.objects.create(
                    project_id=unit.project_id,
                    unit=unit,
                    method=method,
                    amount=amount,
                    payer_name=payer_name.strip(),
                    trade_no=trade_no.strip(),
                    order=order,
                    note=note,
                    received_by=actor,
                )
        except IntegrityError:
            raise ServiceError(
                _("This transaction number is already credited."), field="trade_no", code="duplicate"
            ) from None
        if method == PaymentMethod.CASH:
            record_cash_payment(payment, actor=actor)  # refused without the cashier's open drawer
        left = _allocate(unit=unit, amount=amount, bills=chosen, payment=payment, project_id=unit.project_id)
        if left > 0:
            PrepaidEntry.objects.create(project_id=unit.project_id, unit=unit, amount=left, payment=payment)
        Receipt.objects.create(
            project_id=unit.project_id,
            number=_next_receipt_number(unit.project_id),
            payment=payment,
            issued_by=actor,
        )

        payment_received(payment)
    return payment


@transaction.atomic
def apply_prepaid(*, unit, actor) -> Decimal:
    """Use the unit's prepaid balance on its outstanding bills, oldest first. Returns the amount used."""
    Unit.objects.select_for_update().get(pk=unit.pk)
    balance = selectors.prepaid_balance(unit)
    if balance <= 0:
        return ZERO
    with acting_as(actor):
        left = _allocate(
            unit=unit, amount=balance, bills=selectors.outstanding_bills(unit), project_id=unit.project_id
        )
    return balance - left


def apply_prepaid_for_project(*, project, actor) -> int:
    """After a run: every unit with prepaid balance pays its new bills from it. Returns units touched."""
    unit_ids = (
        PrepaidEntry.objects.filter(project=project)
        .values("unit_id")
        .annotate(balance=Sum("amount"))
        .filter(balance__gt=0)
        .values_list("unit_id", flat=True)
    )
    touched = 0
    for unit in Unit.objects.filter(pk__in=list(unit_ids)):
        touched += apply_prepaid(unit=unit, actor=actor) > 0
    return touched


# ---------------------------------------------------------------- online payments


@transaction.atomic
def create_payment_order(
    *,
    unit,
    amount: Decimal,
    method: str,
    actor,
    payer_name: str = "",
    channel: str = OrderChannel.APP,
    bills: list[int] | None = None,
    code_tail: str = "",
) -> PaymentOrder:
    """Start an online payment: the money is credited when the provider's notification (or, for a
    code scanned at the desk, its signed answer) arrives. `bills` are the ones the cashier chose."""
    amount = amount_input(amount)
    if not providers.adapter_for(method).is_online:
        raise ServiceError(_("This payment method is not an online one."), field="method")
    account = provider_account(unit.project_id, method)
    if bills:
        open_ids = {b.pk for b in selectors.outstanding_bills(unit)}
        if not set(bills) <= open_ids:
            raise ServiceError(_("A chosen bill is not this unit's or is already settled."), field="bills")
    if channel == OrderChannel.APP:
        paying = _order_in_progress(unit=unit, actor=actor, method=method, amount=amount)
        if paying is not None:
            paying.provider_account = account
            return paying
    with acting_as(actor):
        order = PaymentOrder.objects.create(
            project_id=unit.project_id,
            unit=unit,
            method=method,
            amount=amount,
            payer_name=payer_name,
            out_trade_no=f"PD{timezone.now():%Y%m%d}{secrets.token_hex(6).upper()}",
            channel=channel,
            bills=list(bills or []),
            code_tail=code_tail,
            created_by=actor,
        )
        lifecycle.record_created(order, actor=actor)
    order.provider_account = account  # read once: starting the order at the provider needs it too
    return order


def _order_in_progress(*, unit, actor, method: str, amount: Decimal) -> PaymentOrder | None:
    """Two phones paying one unit's bills at once: the unit row is locked (until the caller's
    transaction ends) and an order still payable at the provider (open, younger than
    `ORDER_MINUTES`, after which the provider refuses money for it) blocks a second one. The
    same person asking again for the same payment (a second tap, a reload) gets the open order back."""
    Unit.objects.select_for_update().get(pk=unit.pk)
    since = timezone.now() - dt.timedelta(minutes=providers.ORDER_MINUTES)
    paying = (
        PaymentOrder.objects.filter(unit=unit, status=OrderStatus.OPEN, created_at__gte=since)
        .order_by("-created_at")
        .first()
    )
    if paying is None:
        return None
    if (
        paying.created_by_id == actor.pk
        and paying.channel == OrderChannel.APP
        and paying.method == method
        and paying.amount == amount
    ):
        return paying
    left = providers.ORDER_MINUTES - int((timezone.now() - paying.created_at).total_seconds() // 60)
    raise ServiceError(
        _(
            "This unit's bills are already being paid (order %(order)s, started on another phone or at "
            "the desk). To avoid paying twice, finish or cancel that payment first, or try again in "
            "%(minutes)s minutes."
        )
        % {"order": paying.out_trade_no, "minutes": max(left, 1)},
        field="unit",
        code="order_in_progress",
    )


def provider_account(project_id: int, method: str) -> ProviderAccount:
    """The project's merchant account for `method`, refused when missing or a sandbox in production."""
    account = ProviderAccount.objects.filter(project_id=project_id, method=method).first()
    if account is None:
        raise ServiceError(_("This project has not set up this payment method."), field="method")
    if account.is_sandbox and not providers.sandbox_allowed():
        raise ServiceError(
            _("This project's payment account is a sandbox, refused in production."), field="method"
        )
    return account


def _reject(payload, *, account, message: str, code: str) -> NoReturn:
    PaymentNotification.objects.create(
        project_id=account.project_id if account else None,
        method=account.method if account else "",
        trade_no=str(payload.get("transaction_id", ""))[:64],
        payload=payload,
        outcome=NotificationOutcome.REJECTED,
        error=message,
    )
    raise ServiceError(message, code=code)


def handle_notification(*, payload: dict) -> tuple[str, Payment | None]:
    """Verify a provider's notification and credit it once per transaction number.

    Refused (logged, nothing credited): unknown merchant, a missing or bad signature, unknown
    order, an amount that is not the order's, a trade state other than SUCCESS. A notification
    for a transaction already credited is acknowledged as a duplicate. A genuine *second*
    transaction for an order already paid means the owner was charged twice: the money is
    received to the unit's prepaid balance (no bill settled), and the notification is kept as a
    double charge that the cashier's desk lists until the payment is refunded.
    """
    payload = {str(k): (v if isinstance(v, str) else str(v)) for k, v in payload.items()}
    account = ProviderAccount.objects.filter(merchant_id=payload.get("merchant_id", "")).first()
    if account is None:
        _reject(payload, account=None, message=_("Unknown merchant number."), code="unknown_merchant")
    if account.is_sandbox and not providers.sandbox_allowed():
        _reject(
            payload,
            account=account,
            message=_("A sandbox account cannot be used in production."),
            code="sandbox_refused",
        )
    if not payload.get("sign"):
        _reject(payload, account=account, message=_("The signature is missing."), code="invalid_signature")
    if not providers.signature_valid(payload, account.signing_key):
        _reject(
            payload, account=account, message=_("The signature does not verify."), code="invalid_signature"
        )
    return credit_verified(account=account, fields=payload, payload=payload)


def credit_verified(*, account: ProviderAccount, fields: dict, payload: dict) -> tuple[str, Payment | None]:
    """Credit a notification (or a provider's answer) whose signature was verified: `fields` are
    merchant_id, out_trade_no, transaction_id, total_fee (fen) and trade_state; `payload` is what
    is kept as received. Refused (logged): unknown order, another amount, not SUCCESS."""
    order = PaymentOrder.objects.filter(
        project_id=account.project_id, out_trade_no=fields.get("out_trade_no", "")
    ).first()
    if order is None or order.method != account.method:
        _reject(payload, account=account, message=_("No such order."), code="unknown_order")
    try:
        amount = providers.amount_from_fen(fields.get("total_fee", ""))
    except ValueError:
        amount = None
    if amount != order.amount:
        _reject(
            payload,
            account=account,
            message=_("The notified amount is not the order's amount."),
            code="amount_mismatch",
        )
    if fields.get("trade_state") != "SUCCESS":
        _reject(payload, account=account, message=_("The transaction did not succeed."), code="not_paid")
    trade_no = fields.get("transaction_id", "")
    if not trade_no:
        _reject(payload, account=account, message=_("The transaction number is missing."), code="invalid")
    # At the desk the cashier who started the order receives the money and issues the receipt.
    actor = system_user() if order.channel == OrderChannel.APP else order.created_by
    with transaction.atomic():
        order = PaymentOrder.objects.select_related("unit").select_for_update(of=("self",)).get(pk=order.pk)
        existing = Payment.objects.filter(
            project_id=order.project_id, method=order.method, trade_no=trade_no
        ).first()
        if existing is not None:
            outcome, payment = NotificationOutcome.DUPLICATE, existing
        elif order.status == OrderStatus.PAID:
            payment = take_payment(
                unit=order.unit,
                amount=amount,
                method=order.method,
                actor=actor,
                payer_name=order.payer_name,
                trade_no=trade_no,
                note=_("Charged twice for order %(order)s: refund due") % {"order": order.out_trade_no},
                order=order,
                settle=False,
            )
            outcome = NotificationOutcome.DOUBLE_CHARGE
        else:
            # The bills the cashier chose, those still open (another payment may have settled some).
            open_ids = {b.pk for b in selectors.outstanding_bills(order.unit)} if order.bills else set()
            payment = take_payment(
                unit=order.unit,
                amount=amount,
                method=order.method,
                actor=actor,
                payer_name=order.payer_name,
                trade_no=trade_no,
                order=order,
                bills=[pk for pk in order.bills if pk in open_ids] or None,
            )
            lifecycle.move(
                order,
                to=OrderStatus.PAID,
                actor=actor,
                reason=_("Transaction %(trade_no)s") % {"trade_no": trade_no},
                locked=True,
            )
            outcome = NotificationOutcome.APPLIED
        PaymentNotification.objects.create(
            project_id=order.project_id,
            method=order.method,
            trade_no=trade_no,
            payload=payload,
            outcome=outcome,
            payment=payment,
        )
    return outcome, payment
