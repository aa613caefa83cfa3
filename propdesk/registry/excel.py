"""Excel import and export (openpyxl): templates, file checks, row validation, the import itself.

A file is checked in two steps. `check_file` refuses a file that cannot be read as
our template at all (too big, not xlsx, wrong template, merged header cells, empty
sheet) with one clear message. `validate_rows` then checks every row and names the
row, column, value and problem. `apply_rows` imports with natural keys (building +
entrance + room; a party by its ID number's blind index), so importing the same
file twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from simple_history.utils import bulk_create_with_history

from propdesk.core.audit import acting_as
from propdesk.core.errors import ServiceError

from .choices import IdType, ImportKind, PartyKind, ResidencyKind, UnitStatus, UnitUse
from .models import Building, Ownership, Party, Residency, Unit, UnitEvent
from .services.units import HUNDRED, id_number_index, pinyin_initials
from .transitions import UNIT
from .validators import (
    credit_code_problem,
    id_number_problem,
    landline_problem,
    mobile_problem,
    normalize_phone,
)

MAX_BYTES = 20 * 1024 * 1024
MAX_STORED_PROBLEMS = 2000
BATCH = 2000
BAD_FILL = PatternFill("solid", fgColor="FFC7CE")
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")

ROLE_OWNER = "业主"
ROLES = {
    ROLE_OWNER: "owner",
    "租户": ResidencyKind.TENANT,
    "住户": ResidencyKind.RESIDENT,
    "家属": ResidencyKind.FAMILY,
}
# Spreadsheet words, fixed in Chinese whatever the user's language (the template is Chinese).
USES = {
    "住宅": UnitUse.RESIDENTIAL,
    "商铺": UnitUse.SHOP,
    "办公": UnitUse.OFFICE,
    "车位": UnitUse.PARKING,
    "储藏室": UnitUse.STORAGE,
}
STATUSES = {
    "未售": UnitStatus.UNSOLD,
    "已交付": UnitStatus.DELIVERED,
    "入住": UnitStatus.OCCUPIED,
    "空置": UnitStatus.VACANT,
    "装修中": UnitStatus.RENOVATING,
    "出租": UnitStatus.RENTED,
}
STATUS_ALIASES = {"已入住": UnitStatus.OCCUPIED, "已出租": UnitStatus.RENTED, "空置房": UnitStatus.VACANT}
PARTY_KINDS = {"个人": PartyKind.PERSON, "单位": PartyKind.COMPANY}
ID_TYPES = {
    "身份证": IdType.RESIDENT_ID,
    "护照": IdType.PASSPORT,
    "统一社会信用代码": IdType.CREDIT_CODE,
    "其他": IdType.OTHER,
}


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    note: str = ""


UNIT_COLUMNS = [
    Column("building", "楼栋号", True, "如 3；新楼栋会自动建立"),
    Column("entrance", "单元", False, "只有一个单元时留空"),
    Column("floor", "楼层", True, "整数"),
    Column("number", "房号", True, "如 1501"),
    Column("building_area", "建筑面积", True, "平方米，大于0"),
    Column("inner_area", "套内面积", False, "平方米，大于0"),
    Column("use", "用途", True, "、".join(USES)),
    Column("status", "状态", True, "、".join(STATUSES)),
]
PARTY_COLUMNS = [
    Column("building", "楼栋号", True, "房屋须已导入"),
    Column("entrance", "单元", False, ""),
    Column("number", "房号", True, ""),
    Column("role", "身份", True, "、".join(ROLES)),
    Column("name", "姓名", True, "个人姓名或单位名称"),
    Column("kind", "类别", False, "个人、单位；默认个人"),
    Column("id_type", "证件类型", False, "、".join(ID_TYPES)),
    Column("id_number", "证件号码", False, "身份证18位，统一社会信用代码18位"),
    Column("phone", "手机", False, "11位手机号码"),
    Column("landline", "固定电话", False, "含区号，如027-87654321"),
    Column("share", "产权份额(%)", False, "业主填写，默认100"),
    Column("started_on", "起始日期", True, "日期格式的单元格"),
]
SPECS = {ImportKind.UNITS: UNIT_COLUMNS, ImportKind.PARTIES: PARTY_COLUMNS}
SHEET_TITLES = {ImportKind.UNITS: "楼栋房屋", ImportKind.PARTIES: "业主住户"}


# --- templates -------------------------------------------------------------------------------


def template_workbook(kind: str) -> bytes:
    """The downloadable template: one header row, an example row, and a sheet explaining each column."""
    columns = SPECS[kind]
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLES[kind]
    ws.append([c.header for c in columns])
    for i, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = Font(bold=True, color="C00000" if col.required else "000000")
        cell.fill = HEAD_FILL
        ws.column_dimensions[get_column_letter(i)].width = max(10, len(col.header) * 2 + 4)
    if kind == ImportKind.UNITS:
        ws.append(["3", "2", 15, "1501", 120.5, 96.3, "住宅", "入住"])
    else:
        ws.append(
            [
                "3",
                "2",
                "1501",
                "业主",
                "张三",
                "个人",
                "身份证",
                "11010519491231002X",
                "13812345678",
                "",
                100,
                dt.date(2020, 5, 1),
            ]
        )
        ws.cell(row=2, column=12).number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"
    help_ws = wb.create_sheet("填写说明")
    help_ws.append(["列", "必填", "说明"])
    for col in columns:
        help_ws.append([col.header, "是" if col.required else "", col.note])
    help_ws.append([])
    help_ws.append(["第一行是表头，请勿修改或合并；示例行可以删除。红色表头为必填列。"])
    return _save(wb)


def _save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


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
        self.items.append(
            {
                "row": self.row,
                "column": get_column_letter(index),
                "header": col.header,
                "value": "" if value is None else str(value),
                "problem": problem,
            }
        )


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


# --- validation and import against the database ---------------------------------------------


@dataclass
class Outcome:
    total: int = 0
    problems: list | None = None
    bad_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _unit_key(building: str, entrance: str, number: str) -> tuple[str, str, str]:
    return (building.upper(), entrance.upper(), number.upper())


class _UnitsContext:
    def __init__(self, project):
        self.project = project
        self.buildings = {b.code.upper(): b for b in Building.objects.filter(project=project)}
        self.units = {
            _unit_key(u.building.code, u.entrance, u.number): u
            for u in Unit.objects.filter(project=project).select_related("building")
        }


def _process_units(project, rows, *, apply: bool, actor, progress) -> Outcome:
    ctx = _UnitsContext(project)
    out, seen, pending = Outcome(problems=[]), {}, []
    for i, (n, raw) in enumerate(rows, start=1):
        row, problems = clean_unit_row(n, raw)
        if not problems:
            key = _unit_key(row["building"], row["entrance"], row["number"])
            if key in seen:
                p = RowProblems(n, ImportKind.UNITS)
                p.add("number", raw["number"], f"与第{seen[key]}行是同一房号")
                problems = p.items
            else:
                seen[key] = n
                existing = ctx.units.get(key)
                if (
                    existing is not None
                    and existing.status != row["status"]
                    and not UNIT.can(existing.status, row["status"])
                ):
                    p = RowProblems(n, ImportKind.UNITS)
                    p.add(
                        "status",
                        raw["status"],
                        f"房屋现为“{existing.get_status_display()}”，不能改为“{UnitStatus(row['status']).label}”",
                    )
                    problems = p.items
        out.total += 1
        if problems:
            out.bad_rows += 1
            out.problems.extend(problems)
        elif apply:
            pending.append(row)
        if i % BATCH == 0:
            if apply and pending:
                _apply_units(ctx, pending, out, actor)
                pending = []
            progress(i)
    if apply and pending:
        _apply_units(ctx, pending, out, actor)
    progress(out.total)
    return out


@transaction.atomic
def _apply_units(ctx: _UnitsContext, rows: list[dict], out: Outcome, actor) -> None:
    from .services.units import change_unit_status

    new_units, now = [], timezone.now()
    for row in rows:
        code = row["building"]
        building = ctx.buildings.get(code.upper())
        if building is None:
            with acting_as(actor):
                building = Building.objects.create(project=ctx.project, code=code, name=f"{code}栋")
            ctx.buildings[code.upper()] = building
        key = _unit_key(code, row["entrance"], row["number"])
        existing = ctx.units.get(key)
        fields = {k: row[k] for k in ("floor", "building_area", "inner_area", "use")}
        if existing is None:
            unit = Unit(
                project=ctx.project,
                building=building,
                entrance=row["entrance"],
                number=row["number"],
                status=row["status"],
                **fields,
            )
            new_units.append(unit)
            ctx.units[key] = unit
            continue
        changed = [k for k, v in fields.items() if getattr(existing, k) != v]
        if changed:
            for k in changed:
                setattr(existing, k, fields[k])
            with acting_as(actor):
                existing.save(update_fields=changed)
        if existing.status != row["status"]:
            change_unit_status(unit=existing, to=row["status"], reason="Excel导入", actor=actor)
            changed.append("status")
        if changed:
            out.updated += 1
        else:
            out.unchanged += 1
    if new_units:
        created = bulk_create_with_history(new_units, Unit, batch_size=BATCH, default_user=actor)
        if created and created[0].pk is None:  # backends without RETURNING
            keys = {(u.building_id, u.entrance, u.number) for u in new_units}
            fresh = Unit.objects.filter(project=ctx.project, building_id__in={k[0] for k in keys})
            by_key = {(u.building_id, u.entrance, u.number): u for u in fresh}
            created = [by_key[(u.building_id, u.entrance, u.number)] for u in new_units]
            for u in created:
                ctx.units[_unit_key(u.building.code, u.entrance, u.number)] = u
        UnitEvent.objects.bulk_create(
            [
                UnitEvent(
                    project=ctx.project,
                    unit=u,
                    from_status="",
                    to_status=u.status,
                    reason="Excel导入",
                    actor=actor,
                    at=now,
                )
                for u in created
            ],
            batch_size=BATCH,
        )
        out.created += len(new_units)


class _PartiesContext:
    def __init__(self, project):
        self.project = project
        self.units = {
            _unit_key(u.building.code, u.entrance, u.number): u
            for u in Unit.objects.filter(project=project).select_related("building")
        }
        self.by_index = {}
        self.by_name_phone = {}
        for pk, index, name, phone in Party.objects.filter(project=project).values_list(
            "pk", "id_number_index", "name", "phone"
        ):
            if index:
                self.by_index[index] = pk
            if phone:
                self.by_name_phone[(name, phone)] = pk
        self.owned = set(
            Ownership.objects.filter(project=project, ended_on__isnull=True).values_list(
                "unit_id", "party_id"
            )
        )
        self.shares: dict[int, Decimal] = {}
        for unit_id, share in Ownership.objects.filter(project=project, ended_on__isnull=True).values_list(
            "unit_id", "share"
        ):
            self.shares[unit_id] = self.shares.get(unit_id, Decimal("0")) + share
        self.lives = set(
            Residency.objects.filter(project=project, ended_on__isnull=True).values_list(
                "unit_id", "party_id", "kind"
            )
        )

    def party_key(self, row) -> tuple:
        if row["id_number"]:
            return ("id", id_number_index(row["id_number"]))
        return ("np", row["name"], row["phone"])

    def party_id(self, key) -> int | None:
        return self.by_index.get(key[1]) if key[0] == "id" else self.by_name_phone.get((key[1], key[2]))


def _process_parties(project, rows, *, apply: bool, actor, progress) -> Outcome:
    ctx = _PartiesContext(project)
    out, pending = Outcome(problems=[]), []
    seen: dict[tuple, int] = {}
    file_shares: dict[int, Decimal] = {}
    for i, (n, raw) in enumerate(rows, start=1):
        row, problems = clean_party_row(n, raw)
        p = RowProblems(n, ImportKind.PARTIES)
        if not problems:
            unit = ctx.units.get(_unit_key(row["building"], row["entrance"], row["number"]))
            if unit is None:
                where = "-".join(x for x in (row["building"], row["entrance"], row["number"]) if x)
                p.add("number", raw["number"], f"房屋{where}不存在：请先导入楼栋房屋")
            else:
                row["unit"] = unit
                key = ctx.party_key(row)
                row["party_key"] = key
                relation = (unit.pk, key, row["role"])
                if relation in seen:
                    p.add("name", raw["name"], f"与第{seen[relation]}行重复")
                else:
                    seen[relation] = n
                    party_id = ctx.party_id(key)
                    already = party_id is not None and (
                        (unit.pk, party_id) in ctx.owned
                        if row["role"] == "owner"
                        else (unit.pk, party_id, row["role"]) in ctx.lives
                    )
                    row["already"] = already
                    if row["role"] == "owner" and not already:
                        total = (
                            ctx.shares.get(unit.pk, Decimal("0"))
                            + file_shares.get(unit.pk, Decimal("0"))
                            + row["share"]
                        )
                        if total > HUNDRED:
                            p.add(
                                "share",
                                raw["share"],
                                f"该房屋产权份额合计将为{total}%，超过100%；过户请在房屋页面办理",
                            )
                        else:
                            file_shares[unit.pk] = file_shares.get(unit.pk, Decimal("0")) + row["share"]
            problems = p.items
        out.total += 1
        if problems:
            out.bad_rows += 1
            out.problems.extend(problems)
        elif apply:
            pending.append(row)
        if i % BATCH == 0:
            if apply and pending:
                _apply_parties(ctx, pending, out, actor)
                pending = []
            progress(i)
    if apply and pending:
        _apply_parties(ctx, pending, out, actor)
    progress(out.total)
    return out


@transaction.atomic
def _apply_parties(ctx: _PartiesContext, rows: list[dict], out: Outcome, actor) -> None:
    new_parties: dict[tuple, Party] = {}
    for row in rows:
        key = row["party_key"]
        if ctx.party_id(key) is None and key not in new_parties:
            new_parties[key] = Party(
                project=ctx.project,
                kind=row["kind"],
                name=row["name"],
                name_initials=pinyin_initials(row["name"]),
                phone=row["phone"],
                phone_last4=row["phone"][-4:],
                landline=row["landline"],
                id_type=row["id_type"],
                id_number=row["id_number"],
                id_number_index=key[1] if key[0] == "id" else "",
            )
    if new_parties:
        made = bulk_create_with_history(
            list(new_parties.values()), Party, batch_size=BATCH, default_user=actor
        )
        if made and made[0].pk is None:
            made = list(Party.objects.filter(project=ctx.project).order_by("-id")[: len(new_parties)])[::-1]
        for key, party in zip(new_parties, made, strict=True):
            if key[0] == "id":
                ctx.by_index[key[1]] = party.pk
            else:
                ctx.by_name_phone[(key[1], key[2])] = party.pk
    ownerships, residencies = [], []
    for row in rows:
        if row.get("already"):
            out.unchanged += 1
            continue
        party_id, unit = ctx.party_id(row["party_key"]), row["unit"]
        if row["role"] == "owner":
            if (unit.pk, party_id) in ctx.owned:
                out.unchanged += 1
                continue
            ctx.owned.add((unit.pk, party_id))
            ctx.shares[unit.pk] = ctx.shares.get(unit.pk, Decimal("0")) + row["share"]
            ownerships.append(
                Ownership(
                    project=ctx.project,
                    unit=unit,
                    party_id=party_id,
                    share=row["share"],
                    started_on=row["started_on"],
                )
            )
        else:
            if (unit.pk, party_id, row["role"]) in ctx.lives:
                out.unchanged += 1
                continue
            ctx.lives.add((unit.pk, party_id, row["role"]))
            residencies.append(
                Residency(
                    project=ctx.project,
                    unit=unit,
                    party_id=party_id,
                    kind=row["role"],
                    started_on=row["started_on"],
                )
            )
        out.created += 1
    if ownerships:
        bulk_create_with_history(ownerships, Ownership, batch_size=BATCH, default_user=actor)
    if residencies:
        bulk_create_with_history(residencies, Residency, batch_size=BATCH, default_user=actor)


PROCESSORS: dict[str, Callable] = {ImportKind.UNITS: _process_units, ImportKind.PARTIES: _process_parties}


def process(project, kind: str, data: bytes, *, apply: bool, actor, progress=lambda n: None) -> Outcome:
    """Validate every row (apply=False), or validate and import the rows without problems (apply=True)."""
    return PROCESSORS[kind](project, iter_rows(data, kind), apply=apply, actor=actor, progress=progress)


# --- the report and exports ------------------------------------------------------------------


def report_workbook(kind: str, data: bytes, problems: list[dict]) -> bytes:
    """The uploaded rows with every bad cell highlighted and commented, plus a list of the problems."""
    by_cell: dict[tuple[int, str], list[str]] = {}
    for p in problems:
        by_cell.setdefault((p["row"], p["column"]), []).append(p["problem"])
    bad_rows = {p["row"] for p in problems}
    columns = SPECS[kind]
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLES[kind]
    ws.append([c.header for c in columns] + ["问题"])
    for i in range(1, len(columns) + 2):
        ws.cell(row=1, column=i).font = Font(bold=True)
        ws.cell(row=1, column=i).fill = HEAD_FILL
    src_wb, src = open_sheet(data)
    try:
        for n, row in enumerate(src.iter_rows(min_row=2, max_col=len(columns), values_only=True), start=2):
            values = list(row) + [None] * (len(columns) - len(row))
            texts = (
                [msg for (r, _c), msgs in by_cell.items() if r == n for msg in msgs] if n in bad_rows else []
            )
            ws.append(values + ["；".join(texts)])
            if n in bad_rows:
                for i in range(1, len(columns) + 1):
                    msgs = by_cell.get((n, get_column_letter(i)))
                    if msgs:
                        cell = ws.cell(row=n, column=i)
                        cell.fill = BAD_FILL
                        cell.comment = Comment("；".join(msgs), "PropDesk")
    finally:
        src_wb.close()
    listing = wb.create_sheet("问题清单")
    listing.append(["行", "列", "表头", "值", "问题"])
    for p in problems:
        listing.append([p["row"], p["column"], p["header"], p["value"], p["problem"]])
    return _save(wb)


def export_units_workbook(units) -> bytes:
    use_words = {v: k for k, v in USES.items()}
    status_words = {v: k for k, v in STATUSES.items()}
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET_TITLES[ImportKind.UNITS])
    ws.append([c.header for c in UNIT_COLUMNS])
    for u in units:
        ws.append(
            [
                u.building.code,
                u.entrance,
                u.floor,
                u.number,
                u.building_area,
                u.inner_area,
                use_words.get(u.use, ""),
                status_words.get(u.status, ""),
            ]
        )
    return _save(wb)


def export_parties_workbook(parties, *, unmasked: bool) -> bytes:
    """Owners and residents in the import template's columns; masked unless `unmasked`."""
    roles = {v: k for k, v in ROLES.items()}
    kinds = {v: k for k, v in PARTY_KINDS.items()}
    id_types = {v: k for k, v in ID_TYPES.items()}
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET_TITLES[ImportKind.PARTIES])
    ws.append([c.header for c in PARTY_COLUMNS])
    for party in parties:
        id_number = party.id_number if unmasked else party.masked_id_number
        phone = party.phone if unmasked else party.masked_phone
        landline = party.landline if unmasked else party.masked_landline
        relations = [(o.unit, "owner", o.share, o.started_on) for o in party.current_ownerships]
        relations += [(r.unit, r.kind, None, r.started_on) for r in party.current_residencies]
        for unit, role, share, since in relations:
            ws.append(
                [
                    unit.building.code,
                    unit.entrance,
                    unit.number,
                    roles.get(role, ""),
                    party.name,
                    kinds.get(party.kind, ""),
                    id_types.get(party.id_type, ""),
                    id_number,
                    phone,
                    landline,
                    share,
                    since,
                ]
            )
    return _save(wb)
