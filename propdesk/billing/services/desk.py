"""WeChat Pay and Alipay at the cashier's desk, through the payment adapter.

Two ways, as the trade does them (the printed notices tell owners to pay so):

- **付款码** (`scan_payment_code`): the cashier scans the code the owner's wallet shows. The
  order is saved first (so a lost answer can be asked about again), then the provider is asked
  to take the money. Its signed answer is credited exactly as a notification is
  (`handle_notification`: signature, amount, once per transaction). An answer of USERPAYING means
  the owner must confirm in the wallet: the desk asks again (`check_desk_order`) until it is paid
  or refused. A refusal closes the order with the provider's reason.
- **收款码** (`show_payment_code`): an order whose code the desk shows; the owner scans it and
  pays, and the provider's notification credits it. The desk page watches the order.

A closed order that is paid after all (the owner's wallet was slow) is still credited: money is
never turned away. The connection is the account's adapter (`online.connection`): the sandbox
(`providers.SandboxDesk`), Alipay (当面付: alipay.trade.pay and precreate) or WeChat Pay API v3
(Native codes only: 付款码 is an API v2 service, taken on sandbox accounts only).
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from propdesk.core import lifecycle
from propdesk.core.errors import ServiceError

from .. import providers
from ..choices import OrderChannel, OrderStatus
from ..models import PaymentOrder
from .online import Connection as online_connection
from .online import close_online_order, connection, credit_answer, description
from .payments import create_payment_order, handle_notification, provider_account


def _refusal(answer: providers.ProviderAnswer) -> str:
    """The provider's refusal in words a cashier can say to the owner."""
    if answer.error == "NOTENOUGH":
        return _("The owner's balance is not enough: ask for another card in the wallet or another method.")
    if answer.error in ("AUTH_CODE_INVALID", "AUTHCODEEXPIRE"):
        return _("The payment code is invalid or expired: ask the owner to refresh it and scan again.")
    if answer.error == "PAYERROR":
        return _("The owner cancelled the payment in the wallet.")
    return _("The payment platform declined the payment (%(code)s).") % {"code": answer.error}


def desk_connection(order_or_project_id, method: str | None = None) -> online_connection:
    """The provider's desk services for an order's (or a project's) merchant account."""
    if isinstance(order_or_project_id, PaymentOrder):
        project_id, method = order_or_project_id.project_id, order_or_project_id.method
    else:
        project_id = order_or_project_id
    return connection(provider_account(project_id, method))


def sandbox_page_token(order: PaymentOrder) -> str:
    """What the sandbox wallet's page needs in its address: unguessable, bound to the order."""
    desk = desk_connection(order)
    if not isinstance(desk, providers.SandboxDesk):
        raise ServiceError(_("No such order."), code="not_sandbox")
    return providers.sign({"pay": order.out_trade_no}, desk.key)[:24]


def _apply(order: PaymentOrder, answer: providers.ProviderAnswer, *, actor) -> PaymentOrder:
    if answer.state == "SUCCESS":
        credit_answer(order, answer)
    elif answer.state == "FAIL":
        lifecycle.move(
            order,
            to=OrderStatus.CLOSED,
            actor=actor,
            reason=_refusal(answer),
            failure=f"{_refusal(answer)} ({answer.error})"[:200],
        )
    order.refresh_from_db()
    return order


def scan_payment_code(
    *,
    unit,
    amount: Decimal,
    payment_code: str,
    actor,
    bills: list[int] | None = None,
    payer_name: str = "",
) -> PaymentOrder:
    """付款码支付: take `amount` from the wallet whose code the cashier scanned."""
    code = re.sub(r"\s", "", payment_code or "")
    method = providers.method_for_payment_code(code)
    if method is None:
        raise ServiceError(
            _(
                "This is not a WeChat Pay or Alipay payment code (WeChat: 18 digits from 10 to 15; "
                "Alipay: 16 to 24 digits from 25 to 30). Scan the code in the owner's wallet again."
            ),
            field="payment_code",
        )
    desk = desk_connection(unit.project_id, method)
    if not desk.supports_payment_codes:
        raise ServiceError(
            _(
                "This WeChat Pay account (API v3) cannot take payment codes: show a payment code "
                "for the owner to scan instead."
            ),
            field="payment_code",
        )
    order = create_payment_order(
        unit=unit,
        amount=amount,
        method=method,
        actor=actor,
        payer_name=payer_name,
        channel=OrderChannel.DESK_SCAN,
        bills=bills,
        code_tail=code[-4:],
    )
    try:
        answer = desk.micropay(
            out_trade_no=order.out_trade_no,
            amount=order.amount,
            payment_code=code,
            description=description(order),
        )
    except (providers.ProviderError, providers.TransportError):
        return order  # the outcome is unknown: the order stays open and the desk asks again
    return _apply(order, answer, actor=actor)


def show_payment_code(
    *,
    unit,
    amount: Decimal,
    method: str,
    actor,
    bills: list[int] | None = None,
    payer_name: str = "",
) -> PaymentOrder:
    """收款码: an order whose code the desk shows; the provider's notification credits it."""
    desk = desk_connection(unit.project_id, method)
    order = create_payment_order(
        unit=unit,
        amount=amount,
        method=method,
        actor=actor,
        payer_name=payer_name,
        channel=OrderChannel.DESK_CODE,
        bills=bills,
    )
    if isinstance(desk, providers.SandboxDesk):
        page = reverse("billing:sandbox_pay", kwargs={"pk": order.pk, "token": sandbox_page_token(order)})
        order.code_url = desk.code_url(out_trade_no=order.out_trade_no, pay_page=page)
    else:
        try:
            order.code_url = desk.code_url(
                out_trade_no=order.out_trade_no, amount=order.amount, description=description(order)
            )[:300]
        except (providers.ProviderError, providers.TransportError) as exc:
            raise ServiceError(
                _("The payment platform did not answer properly (%(error)s): try again in a moment.")
                % {"error": getattr(exc, "code", "") or type(exc).__name__},
                field="method",
            ) from None
    order.save(update_fields=["code_url"])
    return order


def check_desk_order(*, order: PaymentOrder, actor) -> PaymentOrder:
    """Ask the provider about a scanned order the owner was confirming; credit or close it."""
    if order.status != OrderStatus.OPEN or order.channel != OrderChannel.DESK_SCAN:
        return order
    try:
        answer = desk_connection(order).query(
            out_trade_no=order.out_trade_no, amount=order.amount, code_tail=order.code_tail
        )
    except (providers.ProviderError, providers.TransportError):
        return order  # asked again on the next check
    if answer.state == "NOTPAY":
        return order
    return _apply(order, answer, actor=actor)


def close_desk_order(*, order: PaymentOrder, actor, reason: str) -> PaymentOrder:
    """The cashier gives an open order up (the owner left, pays another way). Money that still
    arrives for it is credited."""
    reason = (reason or "").strip() or _("Given up at the desk")
    return close_online_order(order=order, actor=actor, reason=reason)


def sandbox_wallet_pays(*, order: PaymentOrder) -> PaymentOrder:
    """The sandbox wallet: the owner confirms a shown code and the provider notifies us."""
    desk = desk_connection(order)
    if not isinstance(desk, providers.SandboxDesk):
        raise ServiceError(_("No such order."), code="not_sandbox")
    handle_notification(payload=desk.paid_notification(out_trade_no=order.out_trade_no, amount=order.amount))
    order.refresh_from_db()
    return order
