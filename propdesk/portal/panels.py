"""The portal's panel on the staff unit page: the household's portal accounts, the 发送开通邀请 action
for each current owner or tenant with a mobile, the tenant consent recorded at the desk, and — while
the SMS sandbox is on — the SMS that would have been sent to them (so the desk can read a code to a
person at the counter in a demo). A fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from propdesk.core.access import project_permissions
from propdesk.notices.models import SmsOutbox
from propdesk.registry.choices import ResidencyKind
from propdesk.registry.models import Residency

from .models import PortalInvitation, TenantConsent
from .services.consent import DESK_PERM
from .services.invitations import INVITE_PERM, invitees

SANDBOX_SMS_WINDOW = dt.timedelta(hours=1)


def accounts_panel(unit, user) -> dict:
    people = invitees(unit)
    tenant_ids = set(
        Residency.objects.filter(
            unit=unit, ended_on__isnull=True, kind=ResidencyKind.TENANT, party__in=people
        ).values_list("party_id", flat=True)
    )
    consents = {
        c.tenant_id: c
        for c in TenantConsent.objects.filter(unit=unit, revoked_at__isnull=True, tenant_id__in=tenant_ids)
    }
    last_invites: dict[int, PortalInvitation] = {}
    for inv in PortalInvitation.objects.filter(unit=unit, party__in=people).select_related("sent_by")[:50]:
        last_invites.setdefault(inv.party_id, inv)
    users = {p.pk: p.user for p in people}
    rows = [
        {
            "party": p,
            "is_tenant": p.pk in tenant_ids,
            "consent": consents.get(p.pk),
            "has_account": bool(users[p.pk] and users[p.pk].is_active),
            "last_invitation": last_invites.get(p.pk),
        }
        for p in people
    ]
    sandbox = []
    if settings.SMS_BACKEND == "sandbox" and people:
        sandbox = list(
            SmsOutbox.objects.filter(
                project_id=unit.project_id,
                phone_index__in=[p.phone_index for p in people if p.phone_index],
                notification__isnull=True,
                created_at__gte=timezone.now() - SANDBOX_SMS_WINDOW,
            ).order_by("-created_at")[:5]
        )
    held = project_permissions(user, unit.project)
    return {
        "rows": rows,
        "can_invite": INVITE_PERM in held,
        "can_consent": DESK_PERM in held,
        "sandbox_sms": sandbox,
    }
