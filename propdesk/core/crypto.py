"""Field encryption for personal data (PIPL art. 51).

ID numbers are stored as Fernet tokens; exact look-up uses an HMAC blind index
(keyed separately, so the index reveals nothing without the key). Masking
helpers are here so every screen masks the same way.
"""

from __future__ import annotations

import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import models


@functools.cache
def _fernet() -> Fernet:
    return Fernet(settings.FIELD_ENCRYPTION_KEY.encode())


def encrypt(value: str) -> str:
    if not value:
        return ""
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ValueError("cannot decrypt: wrong FIELD_ENCRYPTION_KEY or damaged value") from None


def encrypt_bytes(data: bytes) -> bytes:
    """A whole file (e.g. an uploaded workbook with ID numbers) as a Fernet token."""
    return _fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return _fernet().decrypt(token)
    except InvalidToken:
        raise ValueError("cannot decrypt: wrong FIELD_ENCRYPTION_KEY or damaged file") from None


def blind_index(value: str, *, purpose: str) -> str:
    """Deterministic keyed hash for exact search; normalised so 'x' and 'X' match."""
    if not value:
        return ""
    key = hmac.new(settings.BLIND_INDEX_KEY.encode(), purpose.encode(), hashlib.sha256).digest()
    return hmac.new(key, value.strip().upper().encode(), hashlib.sha256).hexdigest()


def mask_id_number(value: str) -> str:
    """110***********1234: first three and last four characters."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_phone(value: str) -> str:
    """138****5678 for mobiles; landlines keep the area code and the last four."""
    if not value:
        return ""
    digits = value.strip()
    if len(digits) == 11 and digits.isdigit():
        return digits[:3] + "****" + digits[-4:]
    if len(digits) > 4:
        return digits[: max(0, len(digits) - 8)] + "****" + digits[-4:]
    return "*" * len(digits)


class EncryptedTextField(models.TextField):
    """Stores a Fernet token; reads and writes plain text in Python."""

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return None
        return encrypt(value)

    def to_python(self, value):
        # A serialized dump carries the token (see value_to_string); loading it must not encrypt twice.
        if isinstance(value, str) and value.startswith("gAAAAA"):
            try:
                return decrypt(value)
            except ValueError:
                return value
        return value

    def value_to_string(self, obj):
        """dumpdata writes the Fernet token, never the plain value."""
        return encrypt(self.value_from_object(obj) or "")
