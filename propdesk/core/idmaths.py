"""Check characters of Chinese identity numbers, as pure maths: GB 11643 (resident ID, ISO 7064
MOD 11-2) and GB 32100 (unified social credit code). The registry validates with them; the fake-data
generator makes valid numbers with them."""

from __future__ import annotations

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"

CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
_CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def id_check_digit(first17: str) -> str:
    """The 18th character of a resident ID number from its first 17 digits (ISO 7064 MOD 11-2)."""
    total = sum(int(ch) * w for ch, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_CODE_CHARS.index(ch) * w for ch, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]
