"""Money arithmetic: Decimal only, two places, rounded half up; amounts in Chinese capitals.

Rounding: every stored amount is `quantize(Decimal("0.01"), ROUND_HALF_UP)` (四舍五入 to the fen),
applied once, to the final amount of a line, never to intermediate products.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from propdesk.formats import capitals as words

CENT = Decimal("0.01")
# Field shapes of money columns: amounts with two places, unit prices with four.
MONEY = {"max_digits": 14, "decimal_places": 2}
PRICE = {"max_digits": 12, "decimal_places": 4}
ZERO = Decimal("0.00")


def money(value) -> Decimal:
    """A Decimal with two places, rounded half up. Refuses floats: they are not exact."""
    if isinstance(value, float):
        raise TypeError("money must not be a float")
    try:
        return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {value!r}") from exc


# The largest amount one payment, deposit, refund, waiver or charge may carry: more is a typing
# mistake (an extra zero or two), not a fee of a residential or office project.
MAX_AMOUNT = Decimal("9999999.99")


def amount_input(value, *, field: str = "amount", allow_zero: bool = False) -> Decimal:
    """An amount someone typed, as money: refused with the field named when it is not a number, not
    positive (or negative, with `allow_zero`), or above MAX_AMOUNT."""
    from django.utils.translation import gettext as _  # noqa: PLC0415  (money maths stays importable alone)

    from propdesk.core.errors import ServiceError  # noqa: PLC0415  (same)

    try:
        amount = money(value)
    except (TypeError, ValueError, ArithmeticError):
        raise ServiceError(_("Enter an amount in yuan, e.g. 120.50."), field=field) from None
    if amount < 0 or (amount == 0 and not allow_zero):
        message = (
            _("The amount cannot be negative.") if allow_zero else _("The amount must be more than zero.")
        )
        raise ServiceError(message, field=field)
    if amount > MAX_AMOUNT:
        raise ServiceError(
            _("%(amount)s is more than one entry may carry (at most %(max)s).")
            % {"amount": format_yuan(amount), "max": format_yuan(MAX_AMOUNT)},
            field=field,
        )
    return amount


def format_yuan(value) -> str:
    """¥1,234.50"""
    amount = money(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"


def _group(n: int) -> str:
    """0 < n < 10000, without leading 零 (the caller adds it between groups)."""
    out, zero_pending = [], False
    for place in range(3, -1, -1):
        digit = n // 10**place % 10
        if digit == 0:
            zero_pending = bool(out)
            continue
        if zero_pending:
            out.append(words.ZERO)
            zero_pending = False
        out.append(words.DIGITS[digit] + words.PLACES[place])
    return "".join(out)


def _integer(n: int) -> str:
    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    out, zero_pending = "", False
    for index in range(len(groups) - 1, -1, -1):
        g = groups[index]
        if g == 0:
            zero_pending = bool(out)
            continue
        if out and (zero_pending or g < 1000):
            out += words.ZERO
        out += _group(g) + words.SECTIONS[index]
        zero_pending = False
    return out


def amount_in_words(value) -> str:
    """大写金额 as written on receipts (中国人民银行《支付结算办法》附件一):

    123.45 → 壹佰贰拾叁元肆角伍分; 10.00 → 壹拾元整; 0.05 → 伍分; 123.05 → 壹佰贰拾叁元零伍分;
    100000.10 → 壹拾万元零壹角整; 0 → 零元整. Ends in 整 unless there are fen.
    The leading 壹 of 壹拾 is always written, as on financial documents.
    """
    amount = money(value)
    if amount >= Decimal(10) ** 16:
        raise ValueError("amount too large")
    if amount < 0:
        return words.NEGATIVE + amount_in_words(-amount)
    cents = int(amount * 100)
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    if cents == 0:
        return words.ZERO_AMOUNT
    out = ""
    if yuan:
        out = _integer(yuan) + words.YUAN
    if jiao:
        if yuan and yuan % 10 == 0:
            out += words.ZERO
        out += words.DIGITS[jiao] + words.JIAO
    elif fen and yuan:
        out += words.ZERO
    if fen:
        out += words.DIGITS[fen] + words.FEN
    else:
        out += words.WHOLE
    return out
