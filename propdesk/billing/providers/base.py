"""What every adapter shares: amounts in fen, the provider's answer, a refused notification."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..money import money

# A payment order is open this long at the provider (WeChat `time_expire`, Alipay `timeout_express`):
# after it the provider refuses to take money for it, so another phone may start a new one.
ORDER_MINUTES = 15


def amount_from_fen(fen: str) -> Decimal:
    if not str(fen).isdigit():
        raise ValueError("total_fee must be whole fen")
    return money(Decimal(int(fen)) / 100)


def fen(amount: Decimal) -> str:
    return str(int(money(amount) * 100))


def yuan(amount: Decimal) -> str:
    """Alipay's amounts: yuan with two places."""
    return f"{money(amount):.2f}"


@dataclass(frozen=True)
class ProviderAnswer:
    """The provider's answer to a desk request or a query: SUCCESS with its fields (credited like a
    notification), USERPAYING (the owner must confirm in the wallet: ask again), NOTPAY, or FAIL
    with the provider's error code and message.

    `verified`: the adapter checked the provider's signature on this answer itself (the live
    adapters); the fields are then the normalised ones (merchant_id, out_trade_no, transaction_id,
    total_fee in fen, trade_state). The sandbox's fields carry their own HMAC `sign` instead."""

    state: str
    fields: dict
    error: str = ""
    message: str = ""
    verified: bool = False


class ProviderError(Exception):
    """The provider refused a request, or its answer could not be trusted (bad signature)."""

    def __init__(self, code: str, message: str = ""):
        super().__init__(f"{code}: {message}" if message else code)
        self.code, self.message = code, message


class NotificationRefused(Exception):
    """A notification that cannot be trusted or read; `code` as in services.handle_notification."""

    def __init__(self, code: str, message: str = ""):
        super().__init__(message or code)
        self.code, self.message = code, message


def normalised(
    *, merchant_id: str, out_trade_no: str, transaction_id: str, total_fee: str, state: str
) -> dict:
    return {
        "merchant_id": str(merchant_id),
        "out_trade_no": str(out_trade_no),
        "transaction_id": str(transaction_id),
        "total_fee": str(total_fee),
        "trade_state": state,
    }
