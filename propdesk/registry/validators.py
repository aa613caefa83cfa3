"""Identity-number maths: GB 11643 (resident ID) and GB 32100 (unified social credit code)."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from propdesk.core.idmaths import CREDIT_CODE_CHARS, credit_code_check_char, id_check_digit
from propdesk.formats.addresses import PLATE_PROVINCES, PLATE_SUFFIXES

__all__ = ["CREDIT_CODE_CHARS", "credit_code_check_char", "id_check_digit"]  # re-exported for callers


def id_number_problem(value: str, *, today: dt.date | None = None) -> str | None:
    """None if `value` is a valid 18-character resident ID number, else what is wrong (translated)."""
    value = value.strip().upper()
    if len(value) != 18:
        return _("should have 18 characters, not %(n)s") % {"n": len(value)}
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return _("the first 17 characters must be digits and the 18th a digit or X")
    try:
        birth = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return _("date of birth %(date)s is not a valid date") % {"date": value[6:14]}
    today = today or dt.date.today()
    if birth > today or birth.year < 1900:
        return _("date of birth %(date)s is not plausible") % {"date": f"{birth:%Y-%m-%d}"}
    if id_check_digit(value[:17]) != value[17]:
        return _("wrong check character")
    return None


def credit_code_problem(value: str) -> str | None:
    """None if `value` is a valid 18-character unified social credit code, else what is wrong (translated)."""
    value = value.strip().upper()
    if len(value) != 18:
        return _("should have 18 characters, not %(n)s") % {"n": len(value)}
    bad = [ch for ch in value if ch not in CREDIT_CODE_CHARS]
    if bad:
        return _("contains invalid characters %(chars)s") % {"chars": "".join(bad)}
    if credit_code_check_char(value[:17]) != value[17]:
        return _("wrong check character")
    return None


# Mobile numbers: 11 digits starting 13–19 (MIIT numbering plan).
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
# Landlines: area code 0xx/0xxx, 7–8 digit number, optional extension; 400/800 service numbers.
_LANDLINE = re.compile(r"^(?:0\d{2,3}-?[2-9]\d{6,7}(?:-\d{1,6})?|[48]00-?\d{3}-?\d{4})$")

PROVINCES = PLATE_PROVINCES  # the first character of a plate (propdesk/formats/addresses.py)
_PLATE_LETTER = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I or O on plates
_PLATE_CHAR = f"[{_PLATE_LETTER}0-9]"
# GA 36-2018: ordinary plates are 7 characters; new-energy plates 8 — small cars have a
# letter D/F (since 2021 also A–K) then a letter or digit and four digits; large vehicles
# five digits then D/F.
_PLATE_7 = re.compile(
    rf"^[{PROVINCES}][{_PLATE_LETTER}]{_PLATE_CHAR}{{4}}(?:{_PLATE_CHAR}|[{PLATE_SUFFIXES}])$"
)
_PLATE_8 = re.compile(rf"^[{PROVINCES}][{_PLATE_LETTER}](?:[A-HJK]{_PLATE_CHAR}\d{{4}}|\d{{5}}[DF])$")


def normalize_phone(value: str) -> str:
    """Strip spaces and the +86 prefix; a mobile loses its dashes, a landline keeps them."""
    value = (value or "").strip().replace(" ", "")
    for prefix in ("+86", "0086"):
        rest = value[len(prefix) :].lstrip("-")
        # Only a country code in front of a full mobile number; "0086" alone is just digits.
        if value.startswith(prefix) and len(rest.replace("-", "")) == 11:
            value = rest
    compact = value.replace("-", "")
    if _MOBILE.match(compact):
        return compact
    return value


def mobile_problem(value: str) -> str | None:
    """None for a valid mainland mobile number, else what is wrong (translated, without the field name)."""
    value = normalize_phone(value)
    if not value.isdigit():
        return _("“%(value)s” contains characters other than digits") % {"value": value}
    if len(value) != 11:
        return _("should have 11 digits, not %(n)s") % {"n": len(value)}
    if not _MOBILE.match(value):
        return _("“%(value)s” is not a valid mobile prefix (it should start with 13–19)") % {"value": value}
    return None


def landline_problem(value: str) -> str | None:
    """None for a landline with its area code (027-87654321, 0755-1234567-801) or a 400/800 number."""
    value = normalize_phone(value)
    if not _LANDLINE.match(value):
        return _("“%(value)s” is not a valid landline: include the area code, e.g. 027-87654321") % {
            "value": value
        }
    return None


def normalize_plate(value: str) -> str:
    """京a·12345 → 京A12345: upper case, no spaces, dots or dashes."""
    return re.sub(r"[\s·\.\-•]", "", (value or "")).upper()


def plate_problem(value: str) -> str | None:
    """None for a valid mainland plate (7 characters, or 8 for new-energy vehicles)."""
    plate = normalize_plate(value)
    if not plate:
        return _("cannot be empty")
    if plate[0] not in PROVINCES:
        return _(
            "“%(plate)s” should start with a province abbreviation (e.g. those of Beijing, Shanghai, Hubei)"
        ) % {"plate": plate}
    if len(plate) not in (7, 8):
        return _("should have 7 characters (8 for new-energy vehicles), not %(n)s") % {"n": len(plate)}
    if len(plate) == 7 and not _PLATE_7.match(plate):
        return _("“%(plate)s” is malformed (the second character is a letter other than I and O)") % {
            "plate": plate
        }
    if len(plate) == 8 and not _PLATE_8.match(plate):
        return _(
            "“%(plate)s” is not a valid new-energy plate (e.g. AD12345 or A12345D after the province)"
        ) % {"plate": plate}
    return None


def is_new_energy_plate(value: str) -> bool:
    return len(normalize_plate(value)) == 8
