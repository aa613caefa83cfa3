"""Payment providers behind one adapter interface.

Live adapters (a company adds its merchant keys to a `ProviderAccount`, see docs/billing.md):
`wechatpay.WeChatPayV3` (WeChat Pay API v3) and `alipay.Alipay` (Alipay Open Platform, RSA2). They
talk HTTP only through `transport.send`, which tests replace with a fake provider.

Counter methods (cash, bank transfer, POS card) are recorded by the cashier at the desk.
Online methods (WeChat Pay, Alipay) start an order and are credited only by the
provider's signed notification. The sandbox adapter signs its notifications the way the
real ones do (HMAC-SHA256 over the canonical fields with the merchant's key, as in
WeChat Pay's v2 `sign_type=HMAC-SHA256`), and can deliver one notification several times,
which is what real providers do when they do not hear back in time.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from ..choices import ONLINE_METHODS, PaymentMethod
from .alipay import Alipay
from .base import (
    ORDER_MINUTES,
    NotificationRefused,
    ProviderAnswer,
    ProviderError,
    amount_from_fen,
    fen,
)
from .transport import TransportError
from .wechatpay import WeChatPayV3

__all__ = [
    "ORDER_MINUTES",
    "Alipay",
    "NotificationRefused",
    "ProviderAnswer",
    "ProviderError",
    "TransportError",
    "WeChatPayV3",
    "amount_from_fen",
    "fen",
]

SIGNED_FIELDS = (
    "merchant_id",
    "out_trade_no",
    "transaction_id",
    "total_fee",
    "trade_state",
    "time_end",
    "nonce_str",
)


def sandbox_allowed() -> bool:
    """Sandbox accounts (payments simulated, any owner can mark a bill paid) are refused in production
    (PROPDESK_REQUIRE_SECRETS=true)."""
    from django.conf import settings  # noqa: PLC0415  (this module is also imported by settings-free tools)

    return not settings.REQUIRE_SECRETS


def canonical(fields: dict) -> str:
    """key=value pairs sorted by key, empty values and `sign` left out, then the key appended."""
    return "&".join(f"{k}={fields[k]}" for k in sorted(fields) if k != "sign" and fields[k] not in ("", None))


def sign(fields: dict, key: str) -> str:
    message = canonical(fields) + "&key=" + key
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest().upper()


def signature_valid(fields: dict, key: str) -> bool:
    given = str(fields.get("sign", ""))
    return hmac.compare_digest(given, sign(fields, key))


@dataclass(frozen=True)
class PaymentAdapter:
    """What the billing services need from a way of paying."""

    method: str

    @property
    def is_online(self) -> bool:
        return self.method in ONLINE_METHODS

    @property
    def needs_reference(self) -> bool:
        # A transfer or a card slip has a number the bank statement will show; cash has none.
        return self.method in (PaymentMethod.BANK_TRANSFER, PaymentMethod.POS)


@dataclass(frozen=True)
class SandboxAdapter(PaymentAdapter):
    """Plays the provider: builds signed notifications for an order and delivers them."""

    def notification(
        self,
        *,
        merchant_id: str,
        key: str,
        out_trade_no: str,
        amount: Decimal,
        transaction_id: str | None = None,
    ) -> dict:
        fields = {
            "merchant_id": merchant_id,
            "out_trade_no": out_trade_no,
            "transaction_id": transaction_id or "SBX" + secrets.token_hex(10).upper(),
            "total_fee": fen(amount),
            "trade_state": "SUCCESS",
            "time_end": "20260310102500",
            "nonce_str": secrets.token_hex(8),
        }
        fields["sign"] = sign(fields, key)
        return fields

    def deliver(self, payload: dict, send: Callable[[dict], object], *, times: int = 1) -> list:
        """Send the same notification `times` times, as a provider retrying does."""
        return [send(dict(payload)) for _ in range(times)]


# 付款码 (the code an owner's wallet shows, scanned at the desk): WeChat Pay's are 18 digits starting
# 10–15, Alipay's 16–24 digits starting 25–30. The prefix says whose code it is.
PAYMENT_CODE_FORMATS = (
    (PaymentMethod.WECHAT, re.compile(r"1[0-5]\d{16}")),
    (PaymentMethod.ALIPAY, re.compile(r"(2[5-9]|30)\d{14,22}")),
)


def method_for_payment_code(code: str) -> str | None:
    """WeChat Pay or Alipay, by the code's prefix and length; None for anything else."""
    for method, pattern in PAYMENT_CODE_FORMATS:
        if pattern.fullmatch(code):
            return method
    return None


# The sandbox's rules, by the payment code's last digit (documented in docs/billing.md, shown on the
# desk page in sandbox mode): 7 is declined (balance too low); 8 and 6 need the owner's password —
# asked again, 8 then succeeds and 6 is given up by the owner; any other digit succeeds at once.
SANDBOX_DECLINED, SANDBOX_PASSWORD, SANDBOX_GIVES_UP = "7", "8", "6"


@dataclass(frozen=True)
class SandboxDesk:
    """Plays the provider's desk services (WeChat Pay 付款码支付/Native 支付, Alipay 当面付) for one
    merchant account: same answers, same signatures, transaction ids stable per order (so asking
    twice returns the same transaction, which is credited once)."""

    method: str
    merchant_id: str
    key: str
    supports_payment_codes = True

    def _success(self, out_trade_no: str, amount: Decimal) -> ProviderAnswer:
        digest = hmac.new(self.key.encode(), out_trade_no.encode(), hashlib.sha256).hexdigest()
        fields = {
            "merchant_id": self.merchant_id,
            "out_trade_no": out_trade_no,
            "transaction_id": "SBX" + digest[:20].upper(),
            "total_fee": fen(amount),
            "trade_state": "SUCCESS",
            "time_end": "20260310102500",
            "nonce_str": secrets.token_hex(8),
        }
        fields["sign"] = sign(fields, self.key)
        return ProviderAnswer("SUCCESS", fields)

    def micropay(
        self, *, out_trade_no: str, amount: Decimal, payment_code: str, **_ignored
    ) -> ProviderAnswer:
        if method_for_payment_code(payment_code) != self.method:
            return ProviderAnswer("FAIL", {}, "AUTH_CODE_INVALID", "payment code invalid")
        last = payment_code[-1]
        if last == SANDBOX_DECLINED:
            return ProviderAnswer("FAIL", {}, "NOTENOUGH", "balance not enough")
        if last in (SANDBOX_PASSWORD, SANDBOX_GIVES_UP):
            return ProviderAnswer("USERPAYING", {}, "USERPAYING", "waiting for the payer's password")
        return self._success(out_trade_no, amount)

    def query(self, *, out_trade_no: str, amount: Decimal, code_tail: str) -> ProviderAnswer:
        """The state of a scanned order the owner was asked to confirm."""
        if code_tail.endswith(SANDBOX_GIVES_UP):
            return ProviderAnswer("FAIL", {}, "PAYERROR", "the payer cancelled")
        return self._success(out_trade_no, amount)

    def code_url(self, *, out_trade_no: str, pay_page: str, **_ignored) -> str:
        """What the QR code encodes. The real providers answer weixin://wxpay/bizpayurl?pr=… or
        https://qr.alipay.com/…; the sandbox's wallet is a page of ours a phone can open."""
        return pay_page

    def paid_notification(self, *, out_trade_no: str, amount: Decimal) -> dict:
        """The signed notification the provider sends once the owner has paid a shown code."""
        return self._success(out_trade_no, amount).fields


def adapter_for(method: str) -> PaymentAdapter:
    if method not in PaymentMethod.values:
        raise ValueError(f"unknown payment method {method!r}")
    return SandboxAdapter(method) if method in ONLINE_METHODS else PaymentAdapter(method)
