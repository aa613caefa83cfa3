"""Excel import and export (openpyxl): templates, file checks, row validation, the import itself.

A file is checked in two steps. `check_file` refuses a file that cannot be read as
our template at all (too big, not xlsx, wrong template, merged header cells, empty
sheet) with one clear message. `process(apply=False)` then checks every row and names the
row, column, value and problem; `process(apply=True)` imports with natural keys (building +
entrance + room; a party by its ID number's blind index), so importing the same
file twice changes nothing.

`templates` holds the columns and the downloadable template, `reading` the file checks and
row validation, `importing` the import against the database, `export` the problem report and
the exports.
"""

from .export import export_parties_workbook, export_units_workbook, report_workbook
from .importing import Outcome, process
from .reading import check_file, check_size
from .templates import MAX_BYTES, MAX_STORED_PROBLEMS, PARTY_COLUMNS, UNIT_COLUMNS, template_workbook

__all__ = [
    "MAX_BYTES",
    "MAX_STORED_PROBLEMS",
    "PARTY_COLUMNS",
    "UNIT_COLUMNS",
    "Outcome",
    "check_file",
    "check_size",
    "export_parties_workbook",
    "export_units_workbook",
    "process",
    "report_workbook",
    "template_workbook",
]
