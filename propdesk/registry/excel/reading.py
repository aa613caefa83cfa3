"""Reading an uploaded file: the file-level checks, its rows, and each row's validation."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from propdesk.core.crypto import mask_id_number, mask_phone
from propdesk.core.errors import ServiceError

from ..choices import IdType, ImportKind, PartyKind
from ..services.units import HUNDRED
from ..validators import (
    credit_code_problem,
    id_number_problem,
    landline_problem,
    mobile_problem,
    normalize_phone,
)
from .templates import (
    ID_TYPES,
    MAX_BYTES,
    PARTY_KINDS,
    ROLES,
    SPECS,
    STATUS_ALIASES,
    STATUSES,
    USES,
    Column,
    Words,
    enumeration,
    fold,
)

# --- file-level checks -----------------------------------------------------------------------

_MERGE = re.compile(rb'<mergeCell ref="[A-Z]+(\d+):[A-Z]+(\d+)"')


def _header_merged(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = sorted(n for n in zf.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml$", n))
        if not names:
            return False
        xml = zf.read(names[0])
    return any(int(top) == 1 for top, _bottom in _MERGE.findall(xml))


def open_sheet(data: bytes):
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ServiceError(_unreadable(), field="file") from None
    return wb, wb.worksheets[0]


def _unreadable() -> str:
    return _("Cannot read this file: upload an Excel workbook (.xlsx); save an old .xls file as .xlsx first.")


def _matches(columns: list[Column], got: list[str]) -> bool:
    """The headings are the template's, in any language of the site."""
    return len(got) == len(columns) and all(fold(h) in c.spellings for h, c in zip(got, columns, strict=True))


def _header_problem(kind: str, got: list[str]) -> str:
    columns = SPECS[kind]
    known = {fold(h): c.key for c in columns for h in c.spellings}
    found = {known.get(fold(h)) for h in got if h}
    missing = [c.header for c in columns if c.key not in found]
    extra = [h for h in got if h and fold(h) not in known]
    parts = [_("missing columns: %(columns)s") % {"columns": enumeration(missing)}] if missing else []
    if extra:
        parts.append(_("extra columns: %(columns)s") % {"columns": enumeration(extra)})
    detail = pgettext("clause separator", "; ").join(parts) or _(
        "the columns are not in the template's order"
    )
    other = next((k for k, spec in SPECS.items() if k != kind and _matches(spec, got)), None)
    hint = (
        _("This is the “%(kind)s” template: choose that kind above.") % {"kind": ImportKind(other).label}
        if other
        else _("Download the template and fill it in under its headings.")
    )
    return _("This is not the “%(kind)s” import template (%(detail)s). %(hint)s") % {
        "kind": ImportKind(kind).label,
        "detail": detail,
        "hint": hint,
    }


def check_size(size: int) -> None:
    """Refuse a file over MAX_BYTES, by its size (an upload is refused before it is read)."""
    if size > MAX_BYTES:
        raise ServiceError(
            _(
                "The file is %(size).1f MB, over the 20 MB limit: delete extra worksheets"
                " or pictures, or split it into several files."
            )
            % {"size": size / 1024 / 1024},
            field="file",
        )


def check_file(kind: str, data: bytes) -> int:
    """Refuse a file we cannot import as a whole; return the number of data rows."""
    check_size(len(data))
    if not data[:2] == b"PK":
        raise ServiceError(_unreadable(), field="file")
    wb, ws = open_sheet(data)
    try:
        if _header_merged(data):
            raise ServiceError(
                _(
                    "The header (row 1) has merged cells: unmerge them, one heading per column as in the template."
                ),
                field="file",
            )
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        got = [str(v).strip() if v is not None else "" for v in (header or [])]
        while got and not got[-1]:
            got.pop()
        if not any(got):
            raise ServiceError(
                _(
                    "Worksheet “%(sheet)s” is empty: keep the headings in row 1 and fill in the data from row 2."
                )
                % {"sheet": ws.title},
                field="file",
            )
        if not _matches(SPECS[kind], got):
            raise ServiceError(_header_problem(kind, got), field="file")
        count = sum(1 for row in rows if any(v not in (None, "") for v in row))
        if count == 0:
            raise ServiceError(
                _("Worksheet “%(sheet)s” has headings but no data rows.") % {"sheet": ws.title}, field="file"
            )
        return count
    finally:
        wb.close()


def iter_rows(data: bytes, kind: str) -> Iterator[tuple[int, dict]]:
    """(Excel row number, {key: raw value}) for every non-empty data row."""
    keys = [c.key for c in SPECS[kind]]
    wb, ws = open_sheet(data)
    try:
        for n, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
            if not any(v not in (None, "") for v in row):
                continue
            values = list(row[: len(keys)]) + [None] * (len(keys) - len(row))
            yield n, dict(zip(keys, values, strict=True))
    finally:
        wb.close()


# --- row validation --------------------------------------------------------------------------


class RowProblems:
    def __init__(self, row: int, kind: str):
        self.row, self.items, self.columns = (
            row,
            [],
            {c.key: (i, c) for i, c in enumerate(SPECS[kind], start=1)},
        )

    def label(self, key: str) -> str:
        """The column's heading, as a field's name in a problem."""
        return self.columns[key][1].header

    def add(self, key: str, value, problem: str) -> None:
        index, col = self.columns[key]
        text = "" if value is None else str(value)
        self.items.append(
            {
                "row": self.row,
                "column": get_column_letter(index),
                "header": col.header,
                # The stored problem list is shown and returned by the API: personal data masked.
                "value": MASKED.get(key, str)(text),
                "problem": problem,
            }
        )


MASKED = {"id_number": mask_id_number, "phone": mask_phone, "landline": mask_phone}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _problem(label, problem) -> str:
    """A field's name and its problem: 楼栋号不能为空 / Building number: cannot be empty."""
    return _("%(label)s: %(problem)s") % {"label": label, "problem": problem}


def _decimal(p: RowProblems, key: str, value, required: bool, label=None) -> Decimal | None:
    label = label or p.label(key)
    if value in (None, ""):
        if required:
            p.add(key, value, _problem(label, _("cannot be empty")))
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        p.add(key, value, _problem(label, _("should be a number")))
        return None
    if number <= 0:
        p.add(key, value, _problem(label, _("must be greater than 0")))
        return None
    return number.quantize(Decimal("0.01"))


def _required(p: RowProblems, key: str, value) -> str:
    text = _text(value)
    if not text:
        p.add(key, value, _problem(p.label(key), _("cannot be empty")))
    return text


def _date(p: RowProblems, key: str, value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    label = p.label(key)
    if value in (None, ""):
        p.add(key, value, _problem(label, _("cannot be empty")))
    elif isinstance(value, str):
        problem = _("“%(value)s” is text, not a date: format the cell as a date (e.g. 2020-05-01)")
        p.add(key, value, _problem(label, problem % {"value": value}))
    else:
        p.add(key, value, _problem(label, _("is not a valid date")))
    return None


def _choice(p: RowProblems, key: str, value, words: Words) -> None:
    p.add(
        key, value, _problem(p.label(key), _("should be one of %(choices)s") % {"choices": words.listing()})
    )


def clean_unit_row(n: int, raw: dict) -> tuple[dict, list]:
    p = RowProblems(n, ImportKind.UNITS)
    row = {
        "building": _required(p, "building", raw["building"]),
        "entrance": _text(raw["entrance"]),
        "number": _required(p, "number", raw["number"]),
    }
    try:
        row["floor"] = int(_text(raw["floor"]))
    except ValueError:
        p.add("floor", raw["floor"], _problem(p.label("floor"), _("should be a whole number, e.g. 15 or -1")))
    row["building_area"] = _decimal(p, "building_area", raw["building_area"], True)
    row["inner_area"] = _decimal(p, "inner_area", raw["inner_area"], False)
    if row["building_area"] and row["inner_area"] and row["inner_area"] > row["building_area"]:
        p.add("inner_area", raw["inner_area"], _("The inner area cannot be larger than the building area."))
    use = USES.read(_text(raw["use"]))
    if use is None:
        _choice(p, "use", raw["use"], USES)
    status_text = _text(raw["status"])
    status = STATUSES.read(status_text) or STATUS_ALIASES.read(status_text)
    if status is None:
        _choice(p, "status", raw["status"], STATUSES)
    row["use"], row["status"] = use, status
    return row, p.items


def clean_party_row(n: int, raw: dict) -> tuple[dict, list]:
    p = RowProblems(n, ImportKind.PARTIES)
    row = {
        "building": _required(p, "building", raw["building"]),
        "entrance": _text(raw["entrance"]),
        "number": _required(p, "number", raw["number"]),
        "name": _required(p, "name", raw["name"]),
    }
    row["role"] = ROLES.read(_text(raw["role"]))
    if row["role"] is None:
        _choice(p, "role", raw["role"], ROLES)
    kind_text = _text(raw["kind"])
    kind = PARTY_KINDS.read(kind_text) if kind_text else PartyKind.PERSON
    if kind is None:
        _choice(p, "kind", raw["kind"], PARTY_KINDS)
    row["kind"] = kind or PartyKind.PERSON
    id_type_text, id_number = _text(raw["id_type"]), _text(raw["id_number"]).upper()
    id_type = ID_TYPES.read(id_type_text) or ""
    if id_type_text and not id_type:
        _choice(p, "id_type", raw["id_type"], ID_TYPES)
    if id_number and not id_type_text:
        p.add("id_type", raw["id_type"], _("Fill in the ID type when there is an ID number."))
    if id_number and id_type == IdType.RESIDENT_ID:
        problem = id_number_problem(id_number)
        if problem:
            p.add("id_number", raw["id_number"], _problem(_("Resident ID number"), problem))
    if id_number and id_type == IdType.CREDIT_CODE:
        problem = credit_code_problem(id_number)
        if problem:
            p.add("id_number", raw["id_number"], _problem(_("Unified social credit code"), problem))
    row["id_type"], row["id_number"] = id_type, id_number
    phone = normalize_phone(_text(raw["phone"]))
    if phone:
        problem = mobile_problem(phone)
        if problem:
            p.add("phone", raw["phone"], _problem(_("Mobile number"), problem))
    landline = normalize_phone(_text(raw["landline"]))
    if landline:
        problem = landline_problem(landline)
        if problem:
            p.add("landline", raw["landline"], _problem(_("Landline"), problem))
    row["phone"], row["landline"] = phone, landline
    if not id_number and not phone:
        p.add(
            "id_number",
            raw["id_number"],
            _("Fill in at least the ID number or the mobile phone: they identify the same person."),
        )
    share = raw["share"]
    row["share"] = HUNDRED
    if row["role"] == "owner" and share not in (None, ""):
        label = _("Ownership share")
        value = _decimal(p, "share", share, False, label)
        if value is not None and value > HUNDRED:
            p.add("share", share, _problem(label, _("cannot be more than 100")))
        row["share"] = value or HUNDRED
    row["started_on"] = _date(p, "started_on", raw["started_on"])
    return row, p.items
