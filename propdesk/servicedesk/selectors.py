"""Reads for the service desk: lists with their joins decided here (constant query counts)."""

from __future__ import annotations

from django.db.models import Q

from propdesk.core.access import visible_project_ids

from .choices import HandOffState, RequestStatus
from .models import HandOff, RequestEvent, ServiceRequest


def request_list(*, user, project, kind: str = "", status: str = "", q: str = "", mine: bool = False):
    qs = (
        ServiceRequest.objects.for_user(user)
        .filter(project=project)
        .select_related("unit__building", "category", "holder", "first_receiver")
    )
    if kind:
        qs = qs.filter(kind=kind)
    if status == "open":
        qs = qs.exclude(status__in=[RequestStatus.CLOSED, RequestStatus.CANCELLED])
    elif status:
        qs = qs.filter(status=status)
    if mine:
        qs = qs.filter(holder=user)
    q = q.strip()
    if q:
        qs = qs.filter(
            Q(number__icontains=q)
            | Q(reporter_name__icontains=q)
            | Q(reporter_phone__endswith=q)
            | Q(content__icontains=q)
            | Q(unit__number=q.split("-")[-1])
        )
    return qs.order_by("-received_at", "-id")


def timeline(request: ServiceRequest):
    return (
        RequestEvent.objects.filter(project_id=request.project_id, request=request)
        .select_related("actor")
        .order_by("at", "id")
    )


def pending_handoffs_for(user, project):
    return (
        HandOff.objects.filter(
            project=project,
            to_user=user,
            state=HandOffState.REQUESTED,
            project_id__in=visible_project_ids(user),
        )
        .select_related("request", "from_user")
        .order_by("requested_at")
    )
