"""What an owner, a tenant or a resident sees of the units they are linked to: the one rule.

Used by every owner-facing read (the portal services, the owner API of the registry, the service
desk and billing). A person is linked to a unit through a registry Party whose `user` is them:

- **Owner** (a current `Ownership`): the unit and everything of it — all its requests, bills,
  payment orders and receipts, whoever made them.
- **Tenant** (a current `Residency` of kind tenant, 租户): the unit, its requests and its money from
  the first day of the tenancy on — bills whose billed span ends on or after that day, payment
  orders and receipts made since. What the owner or an earlier tenant owed or reported stays
  theirs.
- **Resident or family member** (住户 / 家庭成员): the unit and its requests from the first day of
  their residency; no money.

Accounts follow the same links: an owner opens a portal account with the registry's mobile number;
a tenant only with the owner's consent, recorded (`portal.TenantConsent`); a resident or family
member cannot open one. An account is closed when its last current link ends
(`registry.services.close_account_if_unlinked`) or, for a tenant, when the owner revokes consent.

Ended ownerships and residencies give nothing. Someone who is both owner and tenant of a unit is
its owner. Surveys ask owners only (`owned_units`).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .choices import ResidencyKind
from .models import Ownership, Residency, Unit

OWNER, TENANT, RESIDENT = "owner", "tenant", "resident"


@dataclass(frozen=True)
class UnitAccess:
    unit_id: int
    role: str
    since: dt.date | None
    """The first day seen; None for an owner (the unit's whole history)."""
    timezone: str = "Asia/Shanghai"

    @property
    def sees_money(self) -> bool:
        return self.role in (OWNER, TENANT)

    @property
    def since_at(self) -> dt.datetime | None:
        """`since` as the start of that day in the project's time zone."""
        if self.since is None:
            return None
        return dt.datetime.combine(self.since, dt.time.min, tzinfo=zoneinfo.ZoneInfo(self.timezone))


def unit_accesses(user) -> list[UnitAccess]:
    """Every unit `user` is linked to today, with the role and the first day they see (two queries)."""
    if user is None or not user.is_authenticated:
        return []
    found: dict[int, UnitAccess] = {}
    for unit_id, tz in Ownership.objects.filter(party__user=user, ended_on__isnull=True).values_list(
        "unit_id", "project__timezone"
    ):
        found[unit_id] = UnitAccess(unit_id, OWNER, None, tz)
    residencies = Residency.objects.filter(party__user=user, ended_on__isnull=True).values_list(
        "unit_id", "kind", "started_on", "project__timezone"
    )
    for unit_id, kind, started_on, tz in residencies:
        role = TENANT if kind == ResidencyKind.TENANT else RESIDENT
        known = found.get(unit_id)
        if known is not None and (known.role == OWNER or (known.role == TENANT and role == RESIDENT)):
            continue
        if known is not None and known.role == role and known.since <= started_on:
            continue
        found[unit_id] = UnitAccess(unit_id, role, started_on, tz)
    return sorted(found.values(), key=lambda a: a.unit_id)


def party_of(user, unit: Unit):
    """The registry party through which `user` is linked to `unit` today (as owner first)."""
    for model in (Ownership, Residency):
        link = (
            model.objects.filter(
                project_id=unit.project_id, unit=unit, party__user=user, ended_on__isnull=True
            )
            .select_related("party")
            .first()
        )
        if link is not None:
            return link.party
    return None


def portal_units(user) -> QuerySet[Unit]:
    """The units `user` sees as owner, tenant or resident."""
    ids = [a.unit_id for a in unit_accesses(user)]
    return Unit.objects.filter(pk__in=ids).select_related("building", "project")


def owned_units(user) -> QuerySet[Unit]:
    """The units `user` owns today."""
    ids = [a.unit_id for a in unit_accesses(user) if a.role == OWNER]
    return Unit.objects.filter(pk__in=ids).select_related("building", "project")


def visible(
    accesses: list[UnitAccess],
    *,
    unit: str = "unit",
    date_field: str = "",
    time_field: str = "",
    money: bool = False,
) -> Q:
    """The filter of the rows `accesses` see: rows of their units (`unit` names the path to the
    unit), from each access's first day on by `date_field` (a date the row's span ends) or
    `time_field` (when the row was made); `money=True` leaves out residents."""
    if not (date_field or time_field):
        raise TypeError("name the date_field or time_field from which a tenant or resident sees rows")
    q = Q(pk__in=[])
    for access in accesses:
        if money and not access.sees_money:
            continue
        part = Q(**{f"{unit}_id": access.unit_id})
        if access.since is not None:
            if date_field:
                part &= Q(**{f"{date_field}__gte": access.since})
            elif time_field:
                part &= Q(**{f"{time_field}__gte": access.since_at})
        q |= part
    return q
