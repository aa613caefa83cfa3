"""Chinese translations as data, one module per app or area, merged by `fill`.

Add a module here (e.g. `sla.py` with `ZH = {...}` and optional `PLURALS = {...}`) for a new
app's strings, then `make messages`. The .po/.mo files are generated from these modules:
on a merge conflict in them, take either side and run `make messages` again.
"""

from __future__ import annotations

import importlib
import pkgutil


def merged() -> tuple[dict[str, str], dict[str, list[str]]]:
    zh: dict[str, str] = {}
    plurals: dict[str, list[str]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for key, value in getattr(module, "ZH", {}).items():
            if key in zh and zh[key] != value:
                raise ValueError(
                    f"{info.name}: {key!r} translated twice differently ({zh[key]!r} / {value!r})"
                )
            zh[key] = value
        plurals.update(getattr(module, "PLURALS", {}))
    return zh, plurals
