"""同意租户开通: a tenant's portal account needs the owner's consent, recorded.

The owner grants or revokes it in the portal (Me page) for a current tenant of a unit they own; the
front desk records it from the owner's written consent, with a reason. Revoking it closes the
tenant's account unless another link still allows one (`registry.services.close_account`).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core.access import has_project_perm
from propdesk.core.audit import acting_as
from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.registry.choices import ResidencyKind
from propdesk.registry.models import Ownership, Party, Residency, Unit
from propdesk.registry.services import close_account
from propdesk.registry.visibility import party_of

from ..models import TenantConsent

DESK_PERM = "portal.add_tenantconsent"


def current_consent(unit_id: int, tenant_id: int) -> TenantConsent | None:
    return TenantConsent.objects.filter(unit_id=unit_id, tenant_id=tenant_id, revoked_at__isnull=True).first()


def tenant_may_activate(residency: Residency) -> bool:
    """Whether this current tenancy's owner agreed to the tenant's account."""
    return current_consent(residency.unit_id, residency.party_id) is not None


def _tenancy(unit: Unit, tenant: Party) -> Residency:
    residency = Residency.objects.filter(
        project_id=unit.project_id, unit=unit, party=tenant, kind=ResidencyKind.TENANT, ended_on__isnull=True
    ).first()
    if residency is None:
        raise ServiceError(
            _("%(name)s is not a current tenant of this unit.") % {"name": tenant.name}, field="tenant"
        )
    return residency


def _granting_owner(unit: Unit, actor) -> Party | None:
    """The actor's owner party of `unit`; None when the actor is the front desk (then a reason is needed)."""
    party = party_of(actor, unit)
    if party is not None and Ownership.objects.filter(unit=unit, party=party, ended_on__isnull=True).exists():
        return party
    if has_project_perm(actor, unit.project, DESK_PERM):
        return None
    raise AccessDenied(_("Only the unit's owner or the front desk may record this consent."))


@transaction.atomic
def grant_tenant_consent(*, unit: Unit, tenant: Party, actor, reason: str = "") -> TenantConsent:
    owner = _granting_owner(unit, actor)
    reason = (reason or "").strip()
    if owner is None and not reason:
        raise ServiceError(
            _("Enter the reason, e.g. the owner's written consent of which date."), field="reason"
        )
    _tenancy(unit, tenant)
    if current_consent(unit.pk, tenant.pk) is not None:
        raise ServiceError(_("The owner has already agreed to this tenant's account."), field="tenant")
    with acting_as(actor):
        return TenantConsent.objects.create(
            project_id=unit.project_id,
            unit=unit,
            tenant=tenant,
            owner=owner,
            reason=reason[:200],
            granted_by=actor,
            granted_at=timezone.now(),
        )


@transaction.atomic
def revoke_tenant_consent(*, consent: TenantConsent, actor) -> TenantConsent:
    unit = consent.unit
    _granting_owner(unit, actor)
    locked = TenantConsent.objects.select_for_update().get(pk=consent.pk)
    if locked.revoked_at is not None:
        raise ServiceError(_("This consent has already been revoked."), field="consent")
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor
    with acting_as(actor):
        locked.save(update_fields=["revoked_at", "revoked_by"])
    tenant = locked.tenant
    if tenant.user_id and not _still_allowed(tenant.user):
        close_account(user=tenant.user, actor=actor)
    return locked


def _still_allowed(user) -> bool:
    """Whether the account still has a reason to exist: an ownership, or a tenancy with consent."""
    if Ownership.objects.filter(party__user=user, ended_on__isnull=True).exists():
        return True
    tenancies = Residency.objects.filter(party__user=user, ended_on__isnull=True, kind=ResidencyKind.TENANT)
    return any(tenant_may_activate(r) for r in tenancies)
