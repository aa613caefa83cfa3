"""Reading an uploaded file: the file-level checks, its rows, and each row's validation."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

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
        raise ServiceError(
            "无法读取该文件：请上传Excel工作簿（.xlsx），旧版.xls请先另存为.xlsx", field="file"
        ) from None
    return wb, wb.worksheets[0]


def check_file(kind: str, data: bytes) -> int:
    """Refuse a file we cannot import as a whole; return the number of data rows."""
    if len(data) > MAX_BYTES:
        raise ServiceError(
            f"文件大小为{len(data) / 1024 / 1024:.1f} MB，超过20 MB上限；请删除多余的工作表或图片，或分成几个文件导入",
            field="file",
        )
    if not data[:2] == b"PK":
        raise ServiceError(
            "无法读取该文件：请上传Excel工作簿（.xlsx），旧版.xls请先另存为.xlsx", field="file"
        )
    wb, ws = open_sheet(data)
    try:
        if _header_merged(data):
            raise ServiceError(
                "表头（第1行）有合并单元格：请取消合并，每列一个表头，与模板一致", field="file"
            )
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        expected = [c.header for c in SPECS[kind]]
        got = [str(v).strip() if v is not None else "" for v in (header or [])]
        while got and not got[-1]:
            got.pop()
        if not any(got):
            raise ServiceError(
                f"工作表“{ws.title}”是空的：请在第1行保留表头，从第2行起填写数据", field="file"
            )
        if got != expected:
            missing = [h for h in expected if h not in got]
            extra = [h for h in got if h and h not in expected]
            detail = (
                "；".join(
                    p
                    for p in (
                        f"缺少列：{'、'.join(missing)}" if missing else "",
                        f"多出列：{'、'.join(extra)}" if extra else "",
                    )
                    if p
                )
                or "列的顺序与模板不同"
            )
            other = next(
                (k for k, spec in SPECS.items() if k != kind and got == [c.header for c in spec]), None
            )
            hint = (
                f"这是“{ImportKind(other).label}”模板，请在上方选择对应的类型"
                if other
                else "请下载模板，按模板的表头填写"
            )
            raise ServiceError(f"这不是“{ImportKind(kind).label}”导入模板（{detail}）。{hint}", field="file")
        count = sum(1 for row in rows if any(v not in (None, "") for v in row))
        if count == 0:
            raise ServiceError(f"工作表“{ws.title}”只有表头，没有数据行", field="file")
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


def _decimal(p: RowProblems, key: str, value, label: str, required: bool) -> Decimal | None:
    if value in (None, ""):
        if required:
            p.add(key, value, f"{label}不能为空")
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        p.add(key, value, f"{label}应为数字")
        return None
    if number <= 0:
        p.add(key, value, f"{label}必须大于0")
        return None
    return number.quantize(Decimal("0.01"))


def _required(p: RowProblems, key: str, value, label: str) -> str:
    text = _text(value)
    if not text:
        p.add(key, value, f"{label}不能为空")
    return text


def _date(p: RowProblems, key: str, value, label: str) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value in (None, ""):
        p.add(key, value, f"{label}不能为空")
    elif isinstance(value, str):
        p.add(key, value, f"{label}“{value}”是文本，不是日期：请把该单元格设为日期格式（如2020-05-01）")
    else:
        p.add(key, value, f"{label}不是有效的日期")
    return None


def clean_unit_row(n: int, raw: dict) -> tuple[dict, list]:
    p = RowProblems(n, ImportKind.UNITS)
    row = {
        "building": _required(p, "building", raw["building"], "楼栋号"),
        "entrance": _text(raw["entrance"]),
        "number": _required(p, "number", raw["number"], "房号"),
    }
    try:
        row["floor"] = int(_text(raw["floor"]))
    except ValueError:
        p.add("floor", raw["floor"], "楼层应为整数，如15或-1")
    row["building_area"] = _decimal(p, "building_area", raw["building_area"], "建筑面积", True)
    row["inner_area"] = _decimal(p, "inner_area", raw["inner_area"], "套内面积", False)
    if row["building_area"] and row["inner_area"] and row["inner_area"] > row["building_area"]:
        p.add("inner_area", raw["inner_area"], "套内面积不能大于建筑面积")
    use, status = _text(raw["use"]), _text(raw["status"])
    if use not in USES:
        p.add("use", raw["use"], f"用途应为：{'、'.join(USES)}")
    status_value = STATUSES.get(status) or STATUS_ALIASES.get(status)
    if status_value is None:
        p.add("status", raw["status"], f"状态应为：{'、'.join(STATUSES)}")
    row["use"], row["status"] = USES.get(use), status_value
    return row, p.items


def clean_party_row(n: int, raw: dict) -> tuple[dict, list]:
    p = RowProblems(n, ImportKind.PARTIES)
    row = {
        "building": _required(p, "building", raw["building"], "楼栋号"),
        "entrance": _text(raw["entrance"]),
        "number": _required(p, "number", raw["number"], "房号"),
        "name": _required(p, "name", raw["name"], "姓名"),
    }
    role = _text(raw["role"])
    if role not in ROLES:
        p.add("role", raw["role"], f"身份应为：{'、'.join(ROLES)}")
    row["role"] = ROLES.get(role)
    kind = _text(raw["kind"]) or "个人"
    if kind not in PARTY_KINDS:
        p.add("kind", raw["kind"], "类别应为：个人、单位")
    row["kind"] = PARTY_KINDS.get(kind, PartyKind.PERSON)
    id_type_text, id_number = _text(raw["id_type"]), _text(raw["id_number"]).upper()
    id_type = ID_TYPES.get(id_type_text, "")
    if id_type_text and not id_type:
        p.add("id_type", raw["id_type"], f"证件类型应为：{'、'.join(ID_TYPES)}")
    if id_number and not id_type_text:
        p.add("id_type", raw["id_type"], "填写了证件号码时须填写证件类型")
    if id_number and id_type == IdType.RESIDENT_ID:
        problem = id_number_problem(id_number)
        if problem:
            p.add("id_number", raw["id_number"], f"身份证号码{problem}")
    if id_number and id_type == IdType.CREDIT_CODE:
        problem = credit_code_problem(id_number)
        if problem:
            p.add("id_number", raw["id_number"], f"统一社会信用代码{problem}")
    row["id_type"], row["id_number"] = id_type, id_number
    phone = normalize_phone(_text(raw["phone"]))
    if phone:
        problem = mobile_problem(phone)
        if problem:
            p.add("phone", raw["phone"], f"手机号码{problem}")
    landline = normalize_phone(_text(raw["landline"]))
    if landline:
        problem = landline_problem(landline)
        if problem:
            p.add("landline", raw["landline"], f"固定电话{problem}")
    row["phone"], row["landline"] = phone, landline
    if not id_number and not phone:
        p.add("id_number", raw["id_number"], "证件号码和手机至少填写一项，用于识别同一个人")
    share = raw["share"]
    row["share"] = HUNDRED
    if row["role"] == "owner" and share not in (None, ""):
        value = _decimal(p, "share", share, "产权份额", False)
        if value is not None and value > HUNDRED:
            p.add("share", share, "产权份额不能超过100")
        row["share"] = value or HUNDRED
    row["started_on"] = _date(p, "started_on", raw["started_on"], "起始日期")
    return row, p.items
