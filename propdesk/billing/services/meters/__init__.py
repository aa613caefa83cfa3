"""Meters and readings (抄表, SPEC §7 utility pass-through; seed 003 入驻流程 4.2.3 抄寫相應單元的電表讀數并
仔細核對): register a meter, enter readings (one, a page of them or a workbook of them — all or nothing),
correct or void a reading, change a meter (换表).

Readings are only inserted. A reading lower than the meter's previous one is refused, naming the room
and the field, unless a meter change was recorded: then the new meter's start reading is the previous
one. A wrong reading is corrected by a new row with the right value and a reason; once a billing run
has charged up to it, the correction also settles the difference on that bill (a credit note for too
much, a supplementary line for too little), so that what was billed always adds up to the readings.

Lock order: the meter rows (ascending id), then the unit row when money moves (credit notes).
"""

from .changes import change_meter, register_meter
from .common import Problem, ReadingProblems, parse_reading
from .excel import import_readings
from .readings import ReadingInput, Recorded, correct_reading, record_reading, record_readings, void_reading

__all__ = [
    "Problem",
    "ReadingInput",
    "ReadingProblems",
    "Recorded",
    "change_meter",
    "correct_reading",
    "import_readings",
    "parse_reading",
    "record_reading",
    "record_readings",
    "register_meter",
    "void_reading",
]
