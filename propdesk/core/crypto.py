"""Field encryption for personal data (PIPL art. 51).

ID numbers and personal phone numbers are stored as Fernet tokens; exact look-up uses an HMAC blind index
(keyed separately, so the index reveals nothing without the key). Masking
helpers are here so every screen masks the same way.
"""

from __future__ import annotations

import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from django import forms
from django.conf import settings
from django.core.exceptions import FieldError
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


# Phone numbers (issue 17, item 13) are encrypted like ID numbers. Two blind indexes stand in for
# the clear number: one of the whole number (exact look-ups: activation, duplicates, the caller's
# number) and one of its last four digits (the front desk's "last four" search). Both purposes are
# shared by every table that holds a phone, so the same number has the same index everywhere.
PHONE_INDEX_PURPOSE = "phone"
PHONE_LAST4_INDEX_PURPOSE = "phone-last4"


def phone_digits(value: str) -> str:
    """The digits of a stored phone number: '027-8600 1234' and '02786001234' index the same."""
    return "".join(c for c in (value or "") if c.isdigit())


def phone_index(value: str) -> str:
    """Blind index of a whole phone number (pass it normalised, as it is stored)."""
    return blind_index(phone_digits(value), purpose=PHONE_INDEX_PURPOSE)


def phone_last4_index(value: str) -> str:
    """Blind index of a number's last four digits; `value` may be the four digits alone."""
    digits = phone_digits(value)
    return blind_index(digits[-4:], purpose=PHONE_LAST4_INDEX_PURPOSE) if len(digits) >= 4 else ""


class _BlankOnlyExact(models.lookups.Exact):
    """A Fernet token differs on every encryption, so comparing with one never matches: only the
    blank value can be compared. A look-up by number is a mistake that would silently find nothing;
    it raises instead, pointing at the blind index."""

    def get_prep_lookup(self):
        if self.rhs not in ("", None) and not hasattr(self.rhs, "resolve_expression"):
            raise FieldError(f"{self.lhs.target.name} is encrypted: look it up by its blind index")
        return super().get_prep_lookup()


class EncryptedPhoneField(EncryptedTextField):
    """A phone number stored as a Fernet token; shown masked (history pages included)."""

    mask = staticmethod(mask_phone)

    def formfield(self, **kwargs):
        return super().formfield(**{"widget": forms.TextInput, "max_length": 30, **kwargs})

    def get_lookup(self, lookup_name):
        if lookup_name == "exact":
            return _BlankOnlyExact
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        return None  # no contains/startswith/in on a token: Django reports an unsupported lookup


class PhoneIndexField(models.CharField):
    """The HMAC blind index of a phone field of the same row, kept in step on every save,
    `bulk_create` and fastsql insert (all call `pre_save`). A `save(update_fields=…)` that changes
    the source must name this field too; `QuerySet.update()` and `bulk_update()` do not refresh it.

    `last=4` indexes the source's last four digits instead of the whole number."""

    def __init__(self, *args, source: str = "", last: int = 0, **kwargs):
        self.source, self.last = source, last
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(source=self.source, last=self.last)
        for key, default in (("max_length", 64), ("blank", True), ("editable", False)):
            if kwargs.get(key) == default:
                del kwargs[key]
        return name, path, args, kwargs

    def index_of(self, value: str) -> str:
        return phone_last4_index(value) if self.last == 4 else phone_index(value)

    def pre_save(self, model_instance, add):
        value = self.index_of(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, value)
        return value
