"""Identity-number maths: GB 11643 (resident ID) and GB 32100 (unified social credit code)."""

from __future__ import annotations

import datetime as dt

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"

CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
_CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def id_check_digit(first17: str) -> str:
    """The 18th character of a resident ID number from its first 17 digits (ISO 7064 MOD 11-2)."""
    total = sum(int(ch) * w for ch, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def id_number_problem(value: str, *, today: dt.date | None = None) -> str | None:
    """None if `value` is a valid 18-character resident ID number, else what is wrong (Chinese)."""
    value = value.strip().upper()
    if len(value) != 18:
        return f"应为18位，实际为{len(value)}位"
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return "前17位须为数字，第18位为数字或X"
    try:
        birth = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return f"出生日期{value[6:14]}不是有效日期"
    today = today or dt.date.today()
    if birth > today or birth.year < 1900:
        return f"出生日期{birth:%Y-%m-%d}不合理"
    if id_check_digit(value[:17]) != value[17]:
        return "校验码错误"
    return None


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_CODE_CHARS.index(ch) * w for ch, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def credit_code_problem(value: str) -> str | None:
    """None if `value` is a valid 18-character unified social credit code, else what is wrong (Chinese)."""
    value = value.strip().upper()
    if len(value) != 18:
        return f"应为18位，实际为{len(value)}位"
    bad = [ch for ch in value if ch not in CREDIT_CODE_CHARS]
    if bad:
        return f"含有非法字符{''.join(bad)}"
    if credit_code_check_char(value[:17]) != value[17]:
        return "校验码错误"
    return None
