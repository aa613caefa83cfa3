"""The problem report of an upload and the exports of units and parties, in the active language."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..choices import ImportKind
from .reading import (
    open_sheet,
)
from .templates import (
    BAD_FILL,
    HEAD_FILL,
    ID_TYPES,
    PARTY_COLUMNS,
    PARTY_KINDS,
    ROLES,
    SPECS,
    STATUSES,
    UNIT_COLUMNS,
    USES,
    sheet_title,
    workbook_bytes,
)

# --- the report and exports ------------------------------------------------------------------


def report_workbook(kind: str, data: bytes | None, problems: list[dict]) -> bytes:
    """The uploaded rows with every bad cell highlighted and commented, plus a list of the problems.
    Once the upload has been deleted (retention), the list of problems only."""
    if data is None:
        wb = Workbook()
        wb.remove(wb.active)
        _problem_list(wb, problems)
        return workbook_bytes(wb)
    by_cell: dict[tuple[int, str], list[str]] = {}
    for p in problems:
        by_cell.setdefault((p["row"], p["column"]), []).append(p["problem"])
    bad_rows = {p["row"] for p in problems}
    columns = SPECS[kind]
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(kind)
    ws.append([c.header for c in columns] + [_("Problem")])
    for i in range(1, len(columns) + 2):
        ws.cell(row=1, column=i).font = Font(bold=True)
        ws.cell(row=1, column=i).fill = HEAD_FILL
    separator = pgettext("clause separator", "; ")
    src_wb, src = open_sheet(data)
    try:
        for n, row in enumerate(src.iter_rows(min_row=2, max_col=len(columns), values_only=True), start=2):
            values = list(row) + [None] * (len(columns) - len(row))
            texts = (
                [msg for (r, _c), msgs in by_cell.items() if r == n for msg in msgs] if n in bad_rows else []
            )
            ws.append(values + [separator.join(texts)])
            if n in bad_rows:
                for i in range(1, len(columns) + 1):
                    msgs = by_cell.get((n, get_column_letter(i)))
                    if msgs:
                        cell = ws.cell(row=n, column=i)
                        cell.fill = BAD_FILL
                        cell.comment = Comment(separator.join(msgs), "PropDesk")
    finally:
        src_wb.close()
    _problem_list(wb, problems)
    return workbook_bytes(wb)


def _problem_list(wb, problems: list[dict]) -> None:
    listing = wb.create_sheet(_("List of problems"))
    listing.append([_("Row"), _("Column"), _("Heading"), _("Cell value"), _("Problem")])
    for p in problems:
        listing.append([p["row"], p["column"], p["header"], p["value"], p["problem"]])


def export_units_workbook(units) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title(ImportKind.UNITS))
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
                USES.word(u.use),
                STATUSES.word(u.status),
            ]
        )
    return workbook_bytes(wb)


def export_parties_workbook(parties, *, unmasked: bool) -> bytes:
    """Owners and residents in the import template's columns; masked unless `unmasked`."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title(ImportKind.PARTIES))
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
                    ROLES.word(role),
                    party.name,
                    PARTY_KINDS.word(party.kind),
                    ID_TYPES.word(party.id_type),
                    id_number,
                    phone,
                    landline,
                    share,
                    since,
                ]
            )
    return workbook_bytes(wb)
