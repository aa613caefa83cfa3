"""The service desk's deadlines run on the SLA engine: every step of a request is also an SLA event.

The request is the clock's subject; its kind, repair class, category and channel choose the
policy (SPEC §2.5). Events are recorded in the same transaction as the step they mirror.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from propdesk.sla import services as sla
from propdesk.sla.choices import Event, TargetCode
from propdesk.sla.defaults import HANDOFF_SUBJECT
from propdesk.sla.models import SlaClock

from ..models import ServiceRequest


def attrs_of(request: ServiceRequest) -> dict:
    return {
        "kind": request.kind,
        "repair_class": request.repair_class or "",
        "category": request.category.code if request.category_id else "",
        "channel": request.channel,
    }


def sla_event(
    request: ServiceRequest,
    event: str,
    actor,
    *,
    at: dt.datetime | None = None,
    reason: str = "",
    new_subject: bool = False,
    assignee=None,
    due_at: dt.datetime | None = None,
):
    """Record `event` for the request's clocks (start, pause, resume or stop them). `assignee`: the
    technician just dispatched, whom the arrival clock's warnings reach (Recipient.ASSIGNEE) with his
    supervisor. `due_at`: a deadline set by hand for the clocks the event starts (a major complaint)."""
    return sla.record_event(
        new_subject=new_subject,
        subject=request,
        event=event,
        at=at or timezone.now(),
        actor=actor,
        reason=reason,
        project=request.project,
        attrs=attrs_of(request),
        holder=request.holder,
        department=request.responsible_department,
        assignee=assignee,
        due_at=due_at,
    )


def reclassify_clocks(request: ServiceRequest, actor, *, at: dt.datetime, reason: str, assignee=None):
    """The request's class changed: its clocks are recomputed under the new class's policy from their
    original start, keeping recorded pauses and breaches (sla.services.reclassify)."""
    return sla.reclassify(
        subject=request,
        attrs=attrs_of(request),
        actor=actor,
        at=at,
        reason=reason,
        project=request.project,
        holder=request.holder,
        department=request.responsible_department,
        assignee=assignee,
    )


def handoff_sla_event(
    handoff, request: ServiceRequest, event: str, actor, *, at: dt.datetime | None = None, reason: str = ""
):
    """A hand-off is the subject of its own clock (target HANDOFF_ACCEPT of the 「转交接收」 policy):
    the sender stays the holder it escalates to, with the request's department."""

    return sla.record_event(
        subject=handoff,
        event=event,
        at=at or timezone.now(),
        actor=actor,
        reason=reason,
        project=request.project,
        attrs={"kind": HANDOFF_SUBJECT, "channel": request.channel, "repair_class": "", "category": ""},
        holder=handoff.from_user,
        department=request.responsible_department,
    )


def clocks_of(request: ServiceRequest):
    return (
        SlaClock.objects.filter(
            project_id=request.project_id,
            subject_type=ContentType.objects.get_for_model(ServiceRequest),
            subject_id=request.pk,
        )
        .select_related("target")
        .order_by("started_at", "pk")
    )


def complaint_clock(request: ServiceRequest) -> SlaClock | None:
    """A complaint's deadline: the clock of its resolution (12 days from the validity decision, or the
    deadline set for a major or special case, extended by its pauses). None until it is found valid."""
    return clocks_of(request).filter(code=TargetCode.RESOLVE).first()


__all__ = [
    "Event",
    "attrs_of",
    "clocks_of",
    "complaint_clock",
    "handoff_sla_event",
    "reclassify_clocks",
    "sla_event",
]
