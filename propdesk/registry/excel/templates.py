"""The import templates: the columns of each kind, the spreadsheet words, the downloadable template.

The template is written in the active language (Chinese by default). Its headings and fixed values
(use, status, role …) are msgids in the "import template" context, and a file is read in either
language: a heading or a value matches its English msgid or its translation in any language of the
site, so a file filled in from a Chinese template imports in an English session and vice versa.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from ..choices import IdType, ImportKind, PartyKind, ResidencyKind, UnitStatus, UnitUse

MAX_BYTES = 20 * 1024 * 1024
MAX_STORED_PROBLEMS = 2000
BATCH = 2000
BAD_FILL = PatternFill("solid", fgColor="FFC7CE")
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")


def fold(text) -> str:
    """A cell's text as compared with the template's words."""
    return str(text).strip().casefold()


def spellings(word: Promise | str) -> frozenset[str]:
    """A template word as written in every language of the site (its English msgid among them)."""
    found = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found.add(fold(word))
    return frozenset(found)


def enumeration(words) -> str:
    """Words listed in the active language: 住宅、商铺 / Residential, Shop."""
    return pgettext("list separator", ", ").join(str(w) for w in words)


class Words:
    """A fixed vocabulary of the template: stored value → the word written in the spreadsheet."""

    def __init__(self, words: dict[str, Promise]):
        self.words = words

    def word(self, value) -> str:
        """The word for a stored value, in the active language ("" for an unknown value)."""
        return str(self.words[value]) if value in self.words else ""

    def listing(self) -> str:
        return enumeration(self.words.values())

    @cached_property
    def _by_spelling(self) -> dict[str, str]:
        return {spelling: value for value, word in self.words.items() for spelling in spellings(word)}

    def read(self, text: str) -> str | None:
        """The stored value of a word written in any language of the site, or None."""
        return self._by_spelling.get(fold(text)) if text else None


ROLES = Words(
    {
        "owner": pgettext_lazy("import template", "Owner"),
        ResidencyKind.TENANT: pgettext_lazy("import template", "Tenant"),
        ResidencyKind.RESIDENT: pgettext_lazy("import template", "Resident"),
        ResidencyKind.FAMILY: pgettext_lazy("import template", "Family member"),
    }
)
USES = Words(
    {
        UnitUse.RESIDENTIAL: pgettext_lazy("import template", "Residential"),
        UnitUse.SHOP: pgettext_lazy("import template", "Shop"),
        UnitUse.OFFICE: pgettext_lazy("import template", "Office"),
        UnitUse.PARKING: pgettext_lazy("import template", "Parking space"),
        UnitUse.STORAGE: pgettext_lazy("import template", "Storage"),
    }
)
STATUSES = Words(
    {
        UnitStatus.UNSOLD: pgettext_lazy("import template", "Unsold"),
        UnitStatus.DELIVERED: pgettext_lazy("import template", "Delivered"),
        UnitStatus.OCCUPIED: pgettext_lazy("import template", "Occupied"),
        UnitStatus.VACANT: pgettext_lazy("import template", "Vacant"),
        UnitStatus.RENOVATING: pgettext_lazy("import template", "Renovating"),
        UnitStatus.RENTED: pgettext_lazy("import template", "Rented"),
    }
)
# Other spellings people write for a status (已入住 for 入住 …): read, never written.
STATUS_ALIASES = Words(
    {
        UnitStatus.OCCUPIED: pgettext_lazy("import template, also accepted", "Occupied"),
        UnitStatus.RENTED: pgettext_lazy("import template, also accepted", "Rented"),
        UnitStatus.VACANT: pgettext_lazy("import template, also accepted", "Vacant"),
    }
)
PARTY_KINDS = Words(
    {
        PartyKind.PERSON: pgettext_lazy("import template", "Person"),
        PartyKind.COMPANY: pgettext_lazy("import template", "Company"),
    }
)
ID_TYPES = Words(
    {
        IdType.RESIDENT_ID: pgettext_lazy("import template", "Resident ID card"),
        IdType.PASSPORT: pgettext_lazy("import template", "Passport"),
        IdType.CREDIT_CODE: pgettext_lazy("import template", "Unified social credit code"),
        IdType.OTHER: pgettext_lazy("import template", "Other"),
    }
)


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise  # the heading, in the active language when read
    required: bool = False
    note: Promise | Callable[[], str] | str = ""

    @property
    def header(self) -> str:
        return str(self.label)

    @cached_property
    def spellings(self) -> frozenset[str]:
        return spellings(self.label)

    def note_text(self) -> str:
        return self.note() if callable(self.note) else str(self.note)


def _kind_note() -> str:
    return _("%(choices)s; default %(default)s") % {
        "choices": PARTY_KINDS.listing(),
        "default": PARTY_KINDS.word(PartyKind.PERSON),
    }


BUILDING = pgettext_lazy("import template", "Building number")
ENTRANCE = pgettext_lazy("import template", "Entrance")
ROOM = pgettext_lazy("import template", "Room number")
UNIT_COLUMNS = [
    Column("building", BUILDING, True, gettext_lazy("e.g. 3; a new building is created automatically")),
    Column("entrance", ENTRANCE, False, gettext_lazy("leave empty when there is only one entrance")),
    Column("floor", pgettext_lazy("import template", "Floor"), True, gettext_lazy("a whole number")),
    Column("number", ROOM, True, gettext_lazy("e.g. 1501")),
    Column(
        "building_area",
        pgettext_lazy("import template", "Building area"),
        True,
        gettext_lazy("square metres, greater than 0"),
    ),
    Column(
        "inner_area",
        pgettext_lazy("import template", "Inner area"),
        False,
        gettext_lazy("square metres, greater than 0"),
    ),
    Column("use", pgettext_lazy("import template", "Use"), True, USES.listing),
    Column("status", pgettext_lazy("import template", "Status"), True, STATUSES.listing),
]
PARTY_COLUMNS = [
    Column("building", BUILDING, True, gettext_lazy("the unit must have been imported")),
    Column("entrance", ENTRANCE),
    Column("number", ROOM, True),
    Column("role", pgettext_lazy("import template", "Role"), True, ROLES.listing),
    Column(
        "name",
        pgettext_lazy("import template", "Name"),
        True,
        gettext_lazy("a person's full name or a company's name"),
    ),
    Column("kind", pgettext_lazy("import template", "Kind"), False, _kind_note),
    Column("id_type", pgettext_lazy("import template", "ID type"), False, ID_TYPES.listing),
    Column(
        "id_number",
        pgettext_lazy("import template", "ID number"),
        False,
        gettext_lazy("resident ID card 18 characters, unified social credit code 18 characters"),
    ),
    Column(
        "phone",
        pgettext_lazy("import template", "Mobile phone"),
        False,
        gettext_lazy("an 11-digit mobile number"),
    ),
    Column(
        "landline",
        pgettext_lazy("import template", "Landline"),
        False,
        gettext_lazy("with the area code, e.g. 027-87654321"),
    ),
    Column(
        "share",
        pgettext_lazy("import template", "Ownership share (%)"),
        False,
        gettext_lazy("for owners, 100 if left empty"),
    ),
    Column(
        "started_on",
        pgettext_lazy("import template", "Start date"),
        True,
        gettext_lazy("a cell formatted as a date"),
    ),
]
SPECS = {ImportKind.UNITS: UNIT_COLUMNS, ImportKind.PARTIES: PARTY_COLUMNS}


def sheet_title(kind: str) -> str:
    return str(ImportKind(kind).label)


# --- templates -------------------------------------------------------------------------------


def template_workbook(kind: str) -> bytes:
    """The downloadable template, in the active language: one header row, an example row, and a
    sheet explaining each column."""
    columns = SPECS[kind]
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(kind)
    ws.append([c.header for c in columns])
    for i, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = Font(bold=True, color="C00000" if col.required else "000000")
        cell.fill = HEAD_FILL
        ws.column_dimensions[get_column_letter(i)].width = max(10, len(col.header) * 2 + 4)
    if kind == ImportKind.UNITS:
        ws.append(
            [
                "3",
                "2",
                15,
                "1501",
                120.5,
                96.3,
                USES.word(UnitUse.RESIDENTIAL),
                STATUSES.word(UnitStatus.OCCUPIED),
            ]
        )
    else:
        ws.append(
            [
                "3",
                "2",
                "1501",
                ROLES.word("owner"),
                pgettext("import template example", "Zhang San"),
                PARTY_KINDS.word(PartyKind.PERSON),
                ID_TYPES.word(IdType.RESIDENT_ID),
                "11010519491231002X",
                "13812345678",
                "",
                100,
                dt.date(2020, 5, 1),
            ]
        )
        ws.cell(row=2, column=12).number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"
    help_ws = wb.create_sheet(pgettext("import template", "How to fill in"))
    help_ws.append(
        [
            pgettext("import template", "Column"),
            pgettext("import template", "Required"),
            pgettext("import template", "Notes"),
        ]
    )
    for col in columns:
        help_ws.append(
            [col.header, pgettext("import template", "Yes") if col.required else "", col.note_text()]
        )
    help_ws.append([])
    help_ws.append(
        [
            _(
                "The first row holds the headings: do not change or merge them. The example row may be"
                " deleted. Red headings are required columns."
            )
        ]
    )
    return workbook_bytes(wb)


def workbook_bytes(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
