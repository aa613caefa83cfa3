"""Online payments through the live adapters (WeChat Pay API v3, Alipay) and the sandbox.

- `connection(account)`: the adapter of a project's merchant account, built from the keys its
  company added (providers/wechatpay.py, providers/alipay.py) or the sandbox.
- `start_online_payment`: open the order at the provider and return what the payer's device needs
  (a code_url to show as a QR code, JSAPI parameters, an H5 or WAP address).
- `handle_provider_notification`: a live provider's notification, verified by the adapter, then
  credited exactly like the sandbox's (`payments.credit_verified`: the amount checked against the
  order, once per transaction number, the order row locked).
- `credit_answer`: a desk answer or a query's answer (SUCCESS) credited the same way.
- `close_online_order`: close at the provider first (so it takes no more money), then here.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from propdesk.core import lifecycle
from propdesk.core.errors import ServiceError

from .. import providers
from ..choices import OrderStatus, ProviderKind
from ..models import Payment, PaymentOrder, ProviderAccount
from .payments import _reject, credit_verified, handle_notification, provider_account

Connection = providers.SandboxDesk | providers.WeChatPayV3 | providers.Alipay


def notify_url(account: ProviderAccount) -> str:
    path = reverse("provider-notification", kwargs={"kind": account.kind, "merchant_id": account.merchant_id})
    return settings.SITE_URL.rstrip("/") + path


def connection(account: ProviderAccount) -> Connection:
    """The adapter for a merchant account; refused when its company has not added every key."""
    missing = account.missing_keys()
    if missing:
        raise ServiceError(
            _("This payment account is missing its merchant keys: take the payment another way."),
            field="method",
            code="not_configured",
        )
    if account.kind == ProviderKind.WECHATPAY_V3:
        return providers.WeChatPayV3(
            mchid=account.merchant_id,
            appid=account.app_id,
            serial_no=account.cert_serial_no,
            private_key=account.private_key,
            api_v3_key=account.signing_key,
            platform_public_key=account.platform_public_key,
            platform_key_id=account.platform_key_id,
            notify_url=notify_url(account),
        )
    if account.kind == ProviderKind.ALIPAY:
        return providers.Alipay(
            app_id=account.app_id or account.merchant_id,
            private_key=account.private_key,
            alipay_public_key=account.platform_public_key,
            notify_url=notify_url(account),
        )
    return providers.SandboxDesk(account.method, account.merchant_id, account.signing_key)


def description(order: PaymentOrder) -> str:
    """What the payer's wallet shows for the order."""
    return _("Property fees %(unit)s") % {"unit": order.unit.label}


def _unreachable(exc: Exception) -> ServiceError:
    return ServiceError(
        _("The payment platform did not answer properly (%(error)s): try again in a moment.")
        % {"error": getattr(exc, "code", "") or type(exc).__name__},
        field="method",
        code="provider_error",
    )


def start_online_payment(
    *, order: PaymentOrder, scene: str = "native", openid: str = "", client_ip: str = "", return_url: str = ""
) -> dict:
    """Open `order` at its provider; what the device needs ({} for the sandbox: `sandbox-pay` plays it).

    scene: WeChat Pay `native` (code_url) / `jsapi` (needs openid; the pay-sign parameters) / `h5`
    (h5_url); Alipay `native` (precreate: code_url) / `wap` (pay_url, the phone's browser)."""
    account = order.provider_account or provider_account(order.project_id, order.method)
    if account.kind == ProviderKind.SANDBOX:
        return {}
    adapter = connection(account)
    try:
        pay = adapter.create(  # type: ignore[union-attr]
            out_trade_no=order.out_trade_no,
            amount=order.amount,
            description=description(order),
            scene=scene,
            openid=openid,
            client_ip=client_ip,
            return_url=return_url,
        )
    except (providers.ProviderError, providers.TransportError) as exc:
        raise _unreachable(exc) from None
    if pay.get("code_url") and not order.code_url:
        order.code_url = pay["code_url"][:300]
        order.save(update_fields=["code_url"])
    return pay


def handle_provider_notification(
    *, kind: str, merchant_id: str, headers: dict, body: str, form: dict | None = None
) -> tuple[str, Payment | None]:
    """A live provider's notification: verified by the account's adapter, then credited once."""
    account = ProviderAccount.objects.filter(merchant_id=merchant_id, kind=kind).first()
    kept = {"body": body[:4000]} if form is None else dict(form)
    if account is None or kind == ProviderKind.SANDBOX:
        _reject(kept, account=None, message=_("Unknown merchant number."), code="unknown_merchant")
    adapter = connection(account)
    try:
        if isinstance(adapter, providers.WeChatPayV3):
            fields = adapter.parse_notification(headers=headers, body=body)
        else:
            fields = adapter.parse_notification(form=form or {})  # type: ignore[union-attr]
    except providers.NotificationRefused as exc:
        message = {
            "unknown_merchant": _("Unknown merchant number."),
        }.get(exc.code, _("The signature does not verify."))
        _reject(kept, account=account, message=message, code=exc.code)
    # Kept: the verified, decrypted fields (the WeChat resource's payer openid is left out).
    return credit_verified(account=account, fields=fields, payload=fields)


def credit_answer(order: PaymentOrder, answer: providers.ProviderAnswer) -> None:
    """A SUCCESS answer from the desk or a query: the sandbox's is HMAC-signed (verified as a
    notification); a live adapter's was verified on arrival."""
    if answer.verified:
        account = provider_account(order.project_id, order.method)
        credit_verified(account=account, fields=answer.fields, payload=answer.fields)
    else:
        handle_notification(payload=answer.fields)


def query_online_order(*, order: PaymentOrder) -> PaymentOrder:
    """Ask the provider about an open order (a lost notification); credit it when it was paid."""
    account = provider_account(order.project_id, order.method)
    if account.kind == ProviderKind.SANDBOX or order.status == OrderStatus.PAID:
        return order
    try:
        answer = connection(account).query(out_trade_no=order.out_trade_no)  # type: ignore[call-arg]
    except (providers.ProviderError, providers.TransportError) as exc:
        raise _unreachable(exc) from None
    if answer.state == "SUCCESS":
        credit_answer(order, answer)
    order.refresh_from_db()
    return order


def close_online_order(*, order: PaymentOrder, actor, reason: str) -> PaymentOrder:
    """Give an open order up: closed at the provider first (it then takes no money for it), then
    here. A provider that says it was paid meanwhile: credited instead."""
    account = provider_account(order.project_id, order.method)
    if account.kind != ProviderKind.SANDBOX and order.status == OrderStatus.OPEN:
        adapter = connection(account)
        try:
            answer = adapter.query(out_trade_no=order.out_trade_no)  # type: ignore[call-arg]
            if answer.state == "SUCCESS":
                credit_answer(order, answer)
                order.refresh_from_db()
                return order
            adapter.close(out_trade_no=order.out_trade_no)  # type: ignore[union-attr]
        except (providers.ProviderError, providers.TransportError) as exc:
            raise _unreachable(exc) from None
    reason = (reason or "").strip() or _("Given up")
    lifecycle.move(order, to=OrderStatus.CLOSED, actor=actor, reason=reason, failure=reason[:200])
    order.refresh_from_db()
    return order
