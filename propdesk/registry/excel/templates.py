"""The import templates: the columns of each kind, the spreadsheet words (fixed in Chinese), the downloadable template."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from ..choices import IdType, ImportKind, PartyKind, ResidencyKind, UnitStatus, UnitUse

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
    return workbook_bytes(wb)


def workbook_bytes(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
