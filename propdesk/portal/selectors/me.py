"""The Me page's reads (我的): units and roles, emergency contacts, the tenants' consent."""

from __future__ import annotations

from propdesk.registry.choices import ResidencyKind
from propdesk.registry.models import EmergencyContact, Party, Residency
from propdesk.registry.visibility import UnitAccess

from ..models import TenantConsent
from . import home_units


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
