"""Natural order for the numbers staff read: 2栋 before 10栋, 1-1-101 before 1-1-1001.

`natural_key("10栋")` pads every run of digits to a fixed width ("0000000010栋"), so that the
database orders the stored key as a person would, on SQLite and PostgreSQL alike, with an ordinary
index. Models keep the key in a `sort_key` field written on save (and by their bulk paths).
"""

from __future__ import annotations

import re

WIDTH = 10
_DIGITS = re.compile(r"\d+")


def natural_key(*parts: str) -> str:
    """The parts (e.g. entrance and room number), lower-cased, digit runs zero-padded, joined by a
    space (which sorts before digits and letters: an empty entrance comes first)."""
    return " ".join(
        _DIGITS.sub(lambda m: m.group().lstrip("0").rjust(WIDTH, "0"), (p or "").strip().lower())
        for p in parts
    )
