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

from propdesk.core import lifecycle
from propdesk.core.audit import acting_as
from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.core.models import User

from .. import permissions
from ..choices import HandOffState
from ..models import HandOff, ServiceRequest
from .clocks import Event, handoff_sla_event
from .requests import request_handoff

REASSIGN_PERM = permissions.REASSIGN_PERM


def _lock_waiting(handoff: HandOff, actor: User) -> tuple[HandOff, ServiceRequest]:
    handoff = HandOff.objects.select_for_update().get(pk=handoff.pk)
    request = ServiceRequest.objects.select_for_update().get(pk=handoff.request_id)
    handoff.request = request  # the locked row, for the rule and the timeline
    if not permissions.can_intervene_in_handoff(actor, handoff):
        raise AccessDenied(_("Only the center director can take over or reassign a hand-off."))
    if handoff.state != HandOffState.REQUESTED:
        raise ServiceError(_("This hand-off was already decided."), field="handoff")
    return handoff, request


@transaction.atomic
def take_over_handoff(*, handoff: HandOff, actor: User, note: str = "") -> HandOff:
    """The director takes the request: they hold it from now on; the hand-off is closed as taken over."""
    handoff, request = _lock_waiting(handoff, actor)
    now = timezone.now()
    note = note.strip()
    with acting_as(actor):
        previous = request.holder_id
        lifecycle.move(
            handoff,
            to=HandOffState.TAKEN_OVER,
            actor=actor,
            reason=note,
            at=now,
            locked=True,
            event_data={"handoff": handoff.pk, "from_user": previous, "to_user": actor.pk},
            decided_at=now,
            decision_note=note,
        )
        request.holder = actor
        request.save(update_fields=["holder"])
        handoff_sla_event(
            handoff,
            request,
            Event.HANDOFF_ACCEPTED,
            actor,
            at=now,
            reason=_("Director took over"),
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
    if not to.memberships.filter(project_id=handoff.project_id, is_active=True).exists():
        # The same rule for the page's list and the API's id: only a member of this project takes it.
        raise ServiceError(_("Choose whom to hand it to."), field="to_user")
    now = timezone.now()
    with acting_as(actor):
        lifecycle.move(
            handoff,
            to=HandOffState.REDIRECTED,
            actor=actor,
            reason=reason.strip(),
            at=now,
            locked=True,
            event_data={"handoff": handoff.pk, "from_user": handoff.to_user_id, "to_user": to.pk},
            decided_at=now,
            decision_note=reason.strip(),
        )
        handoff_sla_event(
            handoff,
            request,
            Event.HANDOFF_ACCEPTED,
            actor,
            at=now,
            reason=_("Director reassigned"),
        )
    return request_handoff(
        request=request,
        to=to,
        reason=_("Director reassigned: %(reason)s") % {"reason": reason.strip()},
        actor=actor,
    )
