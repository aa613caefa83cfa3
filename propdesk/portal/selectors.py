"""Reads of the owner portal. Everything an owner sees goes through `registry.visibility`."""

from __future__ import annotations

from dataclasses import dataclass

from propdesk.registry.models import Unit
from propdesk.registry.visibility import OWNER, TENANT, UnitAccess


@dataclass(frozen=True)
class HomeUnit:
    unit: Unit
    role: str

    @property
    def is_owner(self) -> bool:
        return self.role == OWNER

    @property
    def is_tenant(self) -> bool:
        return self.role == TENANT


def home_units(accesses: list[UnitAccess]) -> list[HomeUnit]:
    """The person's units in the order of their project, building and number (one query)."""
    roles = {a.unit_id: a.role for a in accesses}
    units = (
        Unit.objects.filter(pk__in=roles)
        .select_related("building", "project")
        .order_by("project__name", "building__name", "number")
    )
    return [HomeUnit(unit, roles[unit.pk]) for unit in units]
