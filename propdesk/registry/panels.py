"""Panels on the unit page that other modules contribute (open requests, arrears, keys, renovation).

The registry never imports those modules: each registers its panel in its AppConfig.ready():

    register_unit_panel("billing/_unit_arrears.html", arrears_context, perm="billing.view_bill", order=20)

`context_fn(unit, user)` returns the template's context (or None to hide the panel). A panel shows
only when the user holds `perm` in the unit's project, like a menu entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string

from propdesk.core.access import project_permissions


@dataclass(frozen=True)
class UnitPanel:
    template_name: str
    context_fn: Callable
    perm: str
    order: int = 100


_panels: list[UnitPanel] = []


def register_unit_panel(template_name: str, context_fn: Callable, *, perm: str, order: int = 100) -> None:
    panel = UnitPanel(template_name, context_fn, perm, order)
    if all(p.template_name != template_name for p in _panels):
        _panels.append(panel)


def unregister_unit_panel(template_name: str) -> None:
    _panels[:] = [p for p in _panels if p.template_name != template_name]


def render_unit_panels(unit, request) -> list[str]:
    """The HTML of each panel the user may see, in order."""
    held = project_permissions(request.user, unit.project)
    out = []
    for panel in sorted(_panels, key=lambda p: p.order):
        if panel.perm not in held:
            continue
        context = panel.context_fn(unit, request.user)
        if context is None:
            continue
        out.append(render_to_string(panel.template_name, {"unit": unit, **context}, request=request))
    return out
