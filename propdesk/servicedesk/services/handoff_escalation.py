"""A hand-off not accepted in time goes to the center director (SPEC §2.1, design/SLA.md).

The hand-off's HANDOFF_ACCEPT clock (policy 「转交接收」) breaches and the sweeper notifies the
sender and the center director. The director (or anyone who may reassign requests) then either
takes the request over — becoming its holder at once — or reassigns it: the late hand-off is
closed and a new one, with a new clock, goes to the person the director names.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core.access import has_project_perm
from propdesk.core.audit import acting_as
from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.core.models import User

from ..choices import EventKind, HandOffState
from ..models import HandOff, ServiceRequest
from .clocks import Event, handoff_sla_event
from .requests import _event, request_handoff

REASSIGN_PERM = "servicedesk.reassign_request"


def _lock_waiting(handoff: HandOff, actor: User) -> tuple[HandOff, ServiceRequest]:
    handoff = HandOff.objects.select_for_update().get(pk=handoff.pk)
    request = ServiceRequest.objects.select_for_update().get(pk=handoff.request_id)
    if not has_project_perm(actor, request.project, REASSIGN_PERM):
        raise AccessDenied(_("Only the center director can take over or reassign a hand-off."))
    if handoff.state != HandOffState.REQUESTED:
        raise ServiceError(_("This hand-off was already decided."), field="handoff")
    return handoff, request


@transaction.atomic
def take_over_handoff(*, handoff: HandOff, actor: User, note: str = "") -> HandOff:
    """The director takes the request: they hold it from now on; the hand-off is closed as taken over."""
    handoff, request = _lock_waiting(handoff, actor)
    now = timezone.now()
    with acting_as(actor):
        handoff.state, handoff.decided_at = HandOffState.TAKEN_OVER, now
        handoff.decision_note = note.strip()
        handoff.save(update_fields=["state", "decided_at", "decision_note"])
        previous = request.holder_id
        request.holder = actor
        request.save(update_fields=["holder"])
        handoff_sla_event(handoff, request, Event.HANDOFF_ACCEPTED, actor, at=now, reason="主任接手")
        _event(
            request,
            EventKind.HANDOFF_TAKEN_OVER,
            actor,
            at=now,
            reason=note.strip(),
            handoff=handoff.pk,
            from_user=previous,
            to_user=actor.pk,
        )
    return handoff


@transaction.atomic
def redirect_handoff(*, handoff: HandOff, to: User, reason: str, actor: User) -> HandOff:
    """The director names someone else: the late hand-off closes, a new one (new clock) goes to `to`.

    The sender stays accountable until `to` accepts, as with any hand-off. Returns the new hand-off.
    """
    handoff, request = _lock_waiting(handoff, actor)
    if not reason.strip():
        raise ServiceError(_("Say why you reassign it."), field="reason")
    if to == handoff.to_user:
        raise ServiceError(_("It is already waiting for them; choose someone else."), field="to")
    now = timezone.now()
    with acting_as(actor):
        handoff.state, handoff.decided_at = HandOffState.REDIRECTED, now
        handoff.decision_note = reason.strip()
        handoff.save(update_fields=["state", "decided_at", "decision_note"])
        handoff_sla_event(handoff, request, Event.HANDOFF_ACCEPTED, actor, at=now, reason="主任改派")
        _event(
            request,
            EventKind.HANDOFF_REDIRECTED,
            actor,
            at=now,
            reason=reason.strip(),
            handoff=handoff.pk,
            from_user=handoff.to_user_id,
            to_user=to.pk,
        )
    return request_handoff(request=request, to=to, reason=f"主任改派：{reason.strip()}", actor=actor)
