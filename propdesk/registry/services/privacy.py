"""Seeing personal data in full: a permission, a reason, and a log row (PIPL art. 51)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core.access import has_project_perm
from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.core.models import Project

from ..choices import PersonalDataPurpose
from ..models import Party, PersonalDataAccess

REVEAL_PERM = "registry.reveal_personal_data"


def _check_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ServiceError(_("Give the reason for seeing the full data."), field="reason")
    return reason[:200]


@transaction.atomic
def reveal_personal_data(
    *, party: Party, reason: str, actor, purpose: str = PersonalDataPurpose.REVEAL
) -> dict[str, str]:
    """The party's ID number and phones in full, after logging who asked, for whom, when and why."""
    if not has_project_perm(actor, party.project, REVEAL_PERM):
        raise AccessDenied(_("Your position may not see full ID numbers and phones."))
    reason = _check_reason(reason)
    PersonalDataAccess.objects.create(
        project_id=party.project_id,
        user=actor,
        party=party,
        purpose=purpose,
        reason=reason,
        at=timezone.now(),
    )
    return {"id_number": party.id_number, "phone": party.phone, "landline": party.landline}


@transaction.atomic
def log_export(*, project: Project, reason: str, records: int, actor) -> PersonalDataAccess:
    """An unmasked export: one log row for the whole file."""
    if not has_project_perm(actor, project, REVEAL_PERM):
        raise AccessDenied(_("Your position may not export full ID numbers and phones."))
    return PersonalDataAccess.objects.create(
        project=project,
        user=actor,
        party=None,
        purpose=PersonalDataPurpose.EXPORT,
        reason=_check_reason(reason),
        records=records,
        at=timezone.now(),
    )
