"""发送开通邀请: the front desk sends a current owner or tenant the activation link by SMS from the
unit page. Recorded (who, when, to whom) and throttled per person."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core.access import has_project_perm
from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.notices.channels import sms_backend
from propdesk.registry.choices import ResidencyKind
from propdesk.registry.models import Ownership, Party, Residency, Unit

from ..models import PortalInvitation

INVITE_PERM = "portal.add_portalinvitation"
INVITATIONS_PER_PERSON_PER_DAY = 3  # invitations to one person in 24 hours


def invitees(unit: Unit) -> list[Party]:
    """The unit's current owners and tenants with a mobile number (owners first)."""
    owners = [
        o.party
        for o in Ownership.objects.filter(unit=unit, ended_on__isnull=True).select_related("party__user")
        if o.party.phone
    ]
    tenants = [
        r.party
        for r in Residency.objects.filter(
            unit=unit, ended_on__isnull=True, kind=ResidencyKind.TENANT
        ).select_related("party__user")
        if r.party.phone
    ]
    seen, out = set(), []
    for party in owners + tenants:
        if party.pk not in seen:
            seen.add(party.pk)
            out.append(party)
    return out


def activation_link() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("portal:activate")


def invitation_text(unit: Unit) -> str:
    return _(
        "%(project)s invites you to the owner portal: activate your account at %(link)s with this number."
    ) % {
        "project": unit.project.name,
        "link": activation_link(),
    }


@transaction.atomic
def send_invitation(*, unit: Unit, party: Party, actor) -> PortalInvitation:
    if not has_project_perm(actor, unit.project, INVITE_PERM):
        raise AccessDenied(_("You may not send portal invitations in this project."))
    if party.pk not in {p.pk for p in invitees(unit)}:
        raise ServiceError(
            _("%(name)s is not a current owner or tenant of this unit with a mobile number.")
            % {"name": party.name},
            field="party",
        )
    now = timezone.now()
    sent = PortalInvitation.objects.filter(party=party, sent_at__gte=now - dt.timedelta(days=1)).count()
    if sent >= INVITATIONS_PER_PERSON_PER_DAY:
        raise ServiceError(
            _("%(name)s was already invited %(n)d times today: try again tomorrow.")
            % {"name": party.name, "n": sent},
            field="party",
            code="throttled",
        )
    invitation = PortalInvitation.objects.create(
        project_id=unit.project_id, unit=unit, party=party, sent_by=actor, sent_at=now
    )
    text, phone, project_id = invitation_text(unit), party.phone, unit.project_id
    transaction.on_commit(
        lambda: sms_backend().send(project_id=project_id, phone=phone, text=text, notification_id=None)
    )
    return invitation
