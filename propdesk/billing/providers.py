"""Payment providers behind one adapter interface.

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
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from .choices import ONLINE_METHODS, PaymentMethod
from .money import money

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


def amount_from_fen(fen: str) -> Decimal:
    if not str(fen).isdigit():
        raise ValueError("total_fee must be whole fen")
    return money(Decimal(int(fen)) / 100)


def fen(amount: Decimal) -> str:
    return str(int(money(amount) * 100))


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


def adapter_for(method: str) -> PaymentAdapter:
    if method not in PaymentMethod.values:
        raise ValueError(f"unknown payment method {method!r}")
    return SandboxAdapter(method) if method in ONLINE_METHODS else PaymentAdapter(method)
