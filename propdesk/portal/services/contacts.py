"""The owner or tenant edits their unit's emergency contacts (紧急联络人) in the portal, through the
registry's own services. Residents and family members see them but do not edit them."""

from __future__ import annotations

from django.utils.translation import gettext as _

from propdesk.core.errors import AccessDenied
from propdesk.registry.models import EmergencyContact, Unit
from propdesk.registry.services import add_emergency_contact, remove_emergency_contact
from propdesk.registry.visibility import OWNER, TENANT, unit_accesses


def may_edit_contacts(user, unit_id: int) -> bool:
    return any(a.unit_id == unit_id and a.role in (OWNER, TENANT) for a in unit_accesses(user))


def _check(user, unit_id: int) -> None:
    if not may_edit_contacts(user, unit_id):
        raise AccessDenied(_("Only the unit's owner or tenant may edit its emergency contacts."))


def add_contact(*, unit: Unit, name: str, phone: str, relation: str = "", actor) -> EmergencyContact:
    _check(actor, unit.pk)
    return add_emergency_contact(unit=unit, name=name, phone=phone, relation=relation, actor=actor)


def remove_contact(*, contact: EmergencyContact, actor) -> EmergencyContact:
    _check(actor, contact.unit_id)
    return remove_emergency_contact(contact=contact, actor=actor)
