"""Seeing personal data in full: a permission, a reason, and a log row (PIPL art. 51)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from propdesk.core.access import has_project_perm
from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.core.models import Project

from ..choices import PersonalDataPurpose
from ..models import Party, PersonalDataAccess

REVEAL_PERM = "registry.reveal_personal_data"


def _check_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ServiceError("请填写查看完整信息的原因", field="reason")
    return reason[:200]


@transaction.atomic
def reveal_personal_data(
    *, party: Party, reason: str, actor, purpose: str = PersonalDataPurpose.REVEAL
) -> dict[str, str]:
    """The party's ID number and phones in full, after logging who asked, for whom, when and why."""
    if not has_project_perm(actor, party.project, REVEAL_PERM):
        raise AccessDenied("您的岗位无权查看完整的证件号码和电话")
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
        raise AccessDenied("您的岗位无权导出完整的证件号码和电话")
    return PersonalDataAccess.objects.create(
        project=project,
        user=actor,
        party=None,
        purpose=PersonalDataPurpose.EXPORT,
        reason=_check_reason(reason),
        records=records,
        at=timezone.now(),
    )
