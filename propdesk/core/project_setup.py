"""What a new project gets besides its departments: each module registers its defaults here.

`create_project` (and a project added in the admin) runs every registered step, so a new
project starts with the seed configuration (SLA calendars and policies, request categories …)
exactly as `load_demo` and the modules' `load_*` commands would give it.
"""

from __future__ import annotations

from collections.abc import Callable

_steps: list[tuple[int, Callable]] = []


def register(fn: Callable, *, order: int = 100) -> None:
    """`fn(project=..., actor=...)`; must be idempotent."""
    if all(existing is not fn for _o, existing in _steps):
        _steps.append((order, fn))


def apply_defaults(*, project, actor=None) -> None:
    for _order, fn in sorted(_steps, key=lambda s: s[0]):
        fn(project=project, actor=actor)
