"""Reads for the service desk: lists with their joins decided here (constant query counts)."""

from __future__ import annotations

from django.db.models import Count, Q

from propdesk.core.access import visible_project_ids

from .choices import HandOffState, RequestStatus
from .models import HandOff, RequestEvent, ServiceRequest, WorkOrder


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


def repairs_waiting_for_dispatch(project):
    from .choices import RequestKind, WorkOrderState

    live = (
        WorkOrder.objects.filter(project=project).exclude(state=WorkOrderState.CANCELLED).values("request_id")
    )
    return (
        ServiceRequest.objects.filter(project=project, kind=RequestKind.REPAIR)
        .exclude(status__in=[RequestStatus.CLOSED, RequestStatus.CANCELLED, RequestStatus.RESOLVED])
        .exclude(pk__in=live)
        .select_related("unit__building", "category")
        .order_by("received_at")
    )


def technician_load(project):
    from propdesk.core.models import User

    from .choices import WorkOrderState

    return (
        User.objects.filter(
            memberships__project=project,
            memberships__is_active=True,
            memberships__position__permissions__codename="work_on_orders",
        )
        .distinct()
        .annotate(
            open_orders=Count(
                "work_orders",
                filter=Q(work_orders__project=project)
                & ~Q(work_orders__state__in=[WorkOrderState.RETURNED, WorkOrderState.CANCELLED]),
                distinct=True,
            )
        )
        .order_by("open_orders", "id")
    )


def orders_of(user, project):
    """The technician's open orders, each request with its live paid-service order (`live_paid`, 0 or 1)."""
    from django.db.models import Prefetch

    from propdesk.billing.models_special import SpecialServiceOrder

    return (
        WorkOrder.objects.filter(project=project, technician=user)
        .open()
        .select_related("request__unit__building", "request__category")
        .prefetch_related(
            Prefetch(
                "request__special_orders",
                queryset=SpecialServiceOrder.objects.exclude(
                    state__in=["declined", "cancelled"]
                ).prefetch_related("lines"),
                to_attr="live_paid",
            )
        )
        .order_by("dispatched_at")
    )


def work_orders_of_request(request):
    return (
        WorkOrder.objects.filter(project_id=request.project_id, request=request)
        .select_related("technician")
        .prefetch_related("materials")
        .order_by("dispatched_at")
    )


def callback_queue(project):
    rows = list(
        ServiceRequest.objects.filter(project=project, status=RequestStatus.RESOLVED)
        .select_related("unit__building", "category__parent", "holder")
        .order_by("resolved_at", "id")
    )
    from .services.complaints import door_visit_required

    return [(r, door_visit_required(r)) for r in rows]


def complaint_context(request: ServiceRequest):
    from propdesk.core.models import Department

    from .models import Callback, Improvement

    return {
        "complaint": getattr(request, "complaint", None) if request.kind == "complaint" else None,
        "departments": Department.objects.filter(project_id=request.project_id).order_by("kind"),
        "callbacks": Callback.objects.filter(project_id=request.project_id, request=request)
        .select_related("done_by")
        .prefetch_related("improvement__assigned_to")
        .order_by("done_at"),
        "open_improvements": Improvement.objects.filter(
            project_id=request.project_id, request=request, done_at__isnull=True
        ).select_related("assigned_to"),
    }
