"""Reads of the owner portal. Everything an owner sees goes through `registry.visibility`."""

from __future__ import annotations

from dataclasses import dataclass

from propdesk.registry.choices import ResidencyKind
from propdesk.registry.models import EmergencyContact, Party, Residency, Unit
from propdesk.registry.visibility import OWNER, TENANT, UnitAccess

from .models import TenantConsent


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


def me_context(user, accesses: list[UnitAccess]) -> dict:
    """The Me page (我的): the person's units and roles, each unit's emergency contacts, the tenants of
    the units they own with their consent, a fixed number of queries."""
    units = home_units(accesses)
    ids = [u.unit.pk for u in units]
    contacts: dict[int, list] = {}
    for contact in EmergencyContact.objects.filter(unit_id__in=ids, is_active=True).order_by("id"):
        contacts.setdefault(contact.unit_id, []).append(contact)
    owned = [u.unit.pk for u in units if u.is_owner]
    tenancies = list(
        Residency.objects.filter(unit_id__in=owned, ended_on__isnull=True, kind=ResidencyKind.TENANT)
        .select_related("party", "unit__building")
        .order_by("unit_id", "party__name")
    )
    consents = {
        (c.unit_id, c.tenant_id): c
        for c in TenantConsent.objects.filter(unit_id__in=owned, revoked_at__isnull=True)
    }
    tenants = [{"residency": r, "consent": consents.get((r.unit_id, r.party_id))} for r in tenancies]
    parties = list(Party.objects.filter(user=user).order_by("pk"))
    return {
        "units": [
            {"entry": u, "contacts": contacts.get(u.unit.pk, []), "can_edit": u.is_owner or u.is_tenant}
            for u in units
        ],
        "tenants": tenants,
        "party": parties[0] if parties else None,
    }
