"""The month at a glance on a manager's landing page: each app registers figure providers.

A provider is `fn(user, project, today) -> list[Figure]`, shown to those who hold its permission
(the director sees the service desk's KPIs and billing's collection, a cashier only money). The
figures link to the page that explains them; they are read-only and cheap (the KPI page's and the
arrears report's own selectors for the current month).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from .access import project_permissions


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: str
    note: str = ""
    url: str = ""
    tone: str = ""  # "success", "danger" …: a target met or missed


Provider = Callable[..., list[Figure]]
_providers: list[tuple[str, int, Provider]] = []


def register(provider: Provider, *, perm: str, order: int = 100) -> None:
    if all(p is not provider for _perm, _order, p in _providers):
        _providers.append((perm, order, provider))


def figures_for(user, project, today: dt.date | None = None) -> list[Figure]:
    held = project_permissions(user, project)
    today = today or timezone.localdate()
    shown: list[Figure] = []
    for perm, _order, provider in sorted(_providers, key=lambda p: p[1]):
        if perm in held:
            shown.extend(provider(user, project, today))
    return shown
