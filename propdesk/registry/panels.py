"""The unit page is the household's whole record (一户一档): panels that other modules contribute
(requests and their state, bills and arrears, payments and receipts, deposits, callbacks; later keys,
passes, renovations).

The registry never imports those modules: each registers its panel in its AppConfig.ready():

    register_unit_panel("billing/_unit_bills.html", bills_panel, perm="billing.view_bill", order=20)

`context_fn(unit, user)` returns the template's context (or None to hide the panel). A panel shows
only when the user holds `perm` in the unit's project, like a menu entry, and shows only the rows
the user may see (`for_user`). A panel lists at most `PANEL_ROWS` rows and links "more" to its
module's list filtered to the unit; it reads a constant number of queries, whatever the household's
history (the unit page's query budget is checked in registry/tests/test_unit_panels.py).
`column="main"` puts the panel in the wide column under the household; "side" under the unit's facts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string

from propdesk.core.access import project_permissions

PANEL_ROWS = 8  # rows a panel shows before its "more" link


@dataclass(frozen=True)
class UnitPanel:
    template_name: str
    context_fn: Callable
    perm: str
    order: int = 100
    column: str = "side"


_panels: list[UnitPanel] = []


def register_unit_panel(
    template_name: str, context_fn: Callable, *, perm: str, order: int = 100, column: str = "side"
) -> None:
    if column not in ("main", "side"):
        raise ValueError(f"column must be 'main' or 'side', not {column!r}")
    panel = UnitPanel(template_name, context_fn, perm, order, column)
    if all(p.template_name != template_name for p in _panels):
        _panels.append(panel)


def unregister_unit_panel(template_name: str) -> None:
    _panels[:] = [p for p in _panels if p.template_name != template_name]


def first_rows(queryset, limit: int = PANEL_ROWS) -> tuple[list, bool]:
    """The first `limit` rows and whether there are more (one query: limit + 1 rows)."""
    rows = list(queryset[: limit + 1])
    return rows[:limit], len(rows) > limit


def render_unit_panels(unit, request, *, column: str | None = None) -> list[str]:
    """The HTML of each panel the user may see, in order (of one column, or of both)."""
    held = project_permissions(request.user, unit.project)
    out = []
    for panel in sorted(_panels, key=lambda p: p.order):
        if panel.perm not in held or (column is not None and panel.column != column):
            continue
        context = panel.context_fn(unit, request.user)
        if context is None:
            continue
        out.append(render_to_string(panel.template_name, {"unit": unit, **context}, request=request))
    return out
