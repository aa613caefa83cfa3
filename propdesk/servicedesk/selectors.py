"""Reads for the service desk: lists with their joins decided here (constant query counts)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils import timezone

from propdesk.core.access import has_project_perm
from propdesk.core.fastsql import Where, fetch
from propdesk.core.models import Department, User
from propdesk.registry.models import Building, Ownership, Unit
from propdesk.registry.search import search
from propdesk.sla.choices import ClockState, TargetCode
from propdesk.sla.models import SlaClock

from .choices import HandOffState, RequestKind, RequestStatus, WorkOrderState
from .models import Callback, Category, HandOff, Improvement, RequestEvent, ServiceRequest, WorkOrder
from .timeline import state_labels


@dataclass(frozen=True)
class RequestFilters:
    """The front desk's filter bar: every field optional; `status` "open" (default) or "all"."""

    kind: str = ""
    status: str = "open"
    channel: str = ""
    category: int | None = None
    building: int | None = None
    unit: int | None = None  # one room (the unit page's "more" link)
    overdue: bool = False
    mine: bool = False
    q: str = ""

    @classmethod
    def from_params(cls, params) -> RequestFilters:
        def number(name):
            value = params.get(name, "")
            return int(value) if value.isdigit() else None

        return cls(
            kind=params.get("kind", ""),
            status=params.get("status", "") or "open",
            channel=params.get("channel", ""),
            category=number("category"),
            building=number("building"),
            unit=number("unit"),
            overdue=params.get("overdue") == "1",
            mine=params.get("mine") == "1",
            q=params.get("q", "").strip(),
        )


OPEN_STATUSES = [s for s in RequestStatus.values if s not in (RequestStatus.CLOSED, RequestStatus.CANCELLED)]


def _request_type():
    return ContentType.objects.get_for_model(ServiceRequest)


def _late_clocks(now):
    """Clocks past their due time and not yet stopped (breached and still running, or running late)."""

    # The first filter matches the partial index `sla_clock_live`; the second picks the late ones.
    return SlaClock.objects.filter(
        subject_type=_request_type(),
        met_at__isnull=True,
        state__in=[ClockState.RUNNING, ClockState.BREACHED],
    ).filter(Q(state=ClockState.BREACHED) | Q(due_at__lte=now))


def _search(qs, project, q: str, user=None):
    """A request number (exact), or whatever the registry's search finds: a room (3-2-1501,
    3栋2单元1501, a bare 1501), an owner's name, pinyin initials, phone or its last four, a plate."""

    match = Q(number=q.upper())
    units, parties = set(), set()
    for hit in search(project, q, user=user, limit=20):
        if hit.unit is not None:
            units.add(hit.unit.pk)
        if hit.party is not None:
            parties.add(hit.party.pk)
            units.update(u.pk for u in hit.units)
    if units:
        match |= Q(unit_id__in=sorted(units))
    if parties:
        match |= Q(party_id__in=sorted(parties))
    return qs.filter(match)


def request_list(*, user, project, filters: RequestFilters | None = None, now=None):
    """The request list with its filters, newest first. Joins are decided here; the countdown
    badges of a page come from `attach_live_clocks` (one more query)."""

    f = filters or RequestFilters()
    qs = (
        ServiceRequest.objects.for_user(user)
        .filter(project=project)
        .select_related("unit__building", "category__parent", "holder", "first_receiver")
    )
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif f.status and f.status != "all":
        qs = qs.filter(status=f.status)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.category:
        # The category and its children, as ids first: one indexed IN instead of a join per row.
        ids = list(
            Category.objects.filter(Q(pk=f.category) | Q(parent_id=f.category), project=project).values_list(
                "pk", flat=True
            )
        )
        qs = qs.filter(category_id__in=ids)
    if f.building:
        # The building's units as ids first (a few hundred): PostgreSQL then reads those units'
        # requests by the unit index instead of walking every request newest first.
        unit_ids = list(
            Unit.objects.filter(project=project, building_id=f.building).values_list("pk", flat=True)
        )
        qs = qs.filter(unit_id__in=unit_ids)
    if f.unit:
        qs = qs.filter(unit_id=f.unit)
    if f.mine:
        qs = qs.filter(holder=user)
    if f.overdue:
        late = _late_clocks(now or timezone.now()).filter(project=project).values("subject_id")
        qs = qs.filter(pk__in=late)
    if f.q:
        qs = _search(qs, project, f.q, user)
    return qs.order_by("-received_at", "-id")


def rows_in_order(ids: list[int]) -> list[ServiceRequest]:
    """The requests with these ids, in this order, with what a list row shows (one query)."""
    by_id = ServiceRequest.objects.select_related(
        "unit__building", "category__parent", "holder", "first_receiver"
    ).in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


# The deadlines an owner or tenant is shown on their request: the ones promised to them (on site,
# resolved, the complaint's answer). The desk's own targets — dispatch, accepting, the callback, a
# hand-off — are staff work and stay on the staff pages.
OWNER_DEADLINES = (TargetCode.ARRIVE, TargetCode.RESOLVE, TargetCode.FEEDBACK)


def attach_live_clocks(rows, *, now=None, codes=None) -> list:
    """Give each request `live_clocks`: its clocks still counting (running, paused, or breached and
    not yet stopped), earliest due first — one query for the whole page. `codes`: only those targets."""

    rows = list(rows)
    by_id: dict[int, list] = {r.pk: [] for r in rows}
    if by_id:
        clocks = (
            SlaClock.objects.filter(subject_type=_request_type(), subject_id__in=list(by_id))
            .filter(
                Q(state__in=[ClockState.RUNNING, ClockState.PAUSED])
                | Q(state=ClockState.BREACHED, met_at__isnull=True)
            )
            .select_related("target")
            .order_by("due_at", "pk")
        )
        if codes is not None:
            clocks = clocks.filter(target__code__in=codes)
        for clock in clocks:
            by_id[clock.subject_id].append(clock)
    for row in rows:
        row.live_clocks = by_id[row.pk]
    return rows


def current_owner_id(unit) -> int | None:
    """The id of the party owning the unit now (the first current ownership), or None: one
    small read (asked at every intake), without loading (and decrypting) the party."""
    if unit is None:
        return None
    return owner_id_from(fetch(current_owner_query(unit))[0])


def current_owner_query(unit) -> Where:
    """The read behind `current_owner_id`, to send together with others (`fastsql.fetch`)."""
    # With the project: the index of current ownerships leads with it (without, PostgreSQL scans it whole).
    return Where(Ownership, project_id=unit.project_id, unit_id=unit.pk, ended_on=None, limit=1)


def owner_id_from(rows) -> int | None:
    return rows[0].party_id if rows else None


def current_owner(unit):
    """The party owning the unit now (the first current ownership), or None."""
    if unit is None:
        return None
    ownership = (
        unit.ownerships.filter(project_id=unit.project_id, ended_on__isnull=True)
        .select_related("party")
        .order_by("pk")
        .first()
    )
    return ownership.party if ownership else None


def timeline(request: ServiceRequest) -> list[RequestEvent]:
    """The request's steps, oldest first, each with `from_label`/`to_label`: the states in words, of
    the request or, for a work order's step, of the order."""
    events = list(
        RequestEvent.objects.filter(project_id=request.project_id, request=request)
        .select_related("actor")
        .order_by("at", "id")
    )
    for event in events:
        event.from_label, event.to_label = state_labels(event)
    return events


def pending_handoffs_for(user, project):
    return (
        HandOff.objects.for_user(user)
        .filter(project=project, to_user=user, state=HandOffState.REQUESTED)
        .select_related("request", "from_user")
        .order_by("requested_at")
    )


def repairs_waiting_for_dispatch(project, user):
    """The repairs of the project (that `user` sees) without a live work order, oldest first."""
    live = (
        WorkOrder.objects.filter(project=project).exclude(state=WorkOrderState.CANCELLED).values("request_id")
    )
    return (
        ServiceRequest.objects.for_user(user)
        .filter(project=project, kind=RequestKind.REPAIR)
        .exclude(status__in=[RequestStatus.CLOSED, RequestStatus.CANCELLED, RequestStatus.RESOLVED])
        .exclude(pk__in=live)
        .select_related("unit__building", "category")
        .order_by("received_at")
    )


def technician_load(project):
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
    """The technician's open orders (apps above add their panels through `hooks.work_order_panels`)."""
    return (
        WorkOrder.objects.for_user(user)
        .filter(project=project, technician=user)
        .open()
        .select_related("request__unit__building", "request__category")
        .order_by("dispatched_at")
    )


def work_orders_of_request(request):
    return (
        WorkOrder.objects.filter(project_id=request.project_id, request=request)
        .select_related("technician", "request__project")
        .prefetch_related("materials")
        .order_by("dispatched_at")
    )


def callback_queue(project, user):
    """回访: the resolved requests (that `user` sees) waiting for their callback, oldest first."""
    rows = list(
        ServiceRequest.objects.for_user(user)
        .filter(project=project, status=RequestStatus.RESOLVED)
        .select_related("unit__building", "category__parent", "holder")
        .order_by("resolved_at", "id")
    )
    from .services.complaints import door_visit_required  # noqa: PLC0415  (cycle: services import selectors)

    return [(r, door_visit_required(r)) for r in rows]


def complaint_context(request: ServiceRequest):
    from .services.clocks import complaint_clock  # noqa: PLC0415  (cycle: services import selectors)

    is_complaint = request.kind == RequestKind.COMPLAINT
    return {
        "complaint": getattr(request, "complaint", None) if is_complaint else None,
        # The complaint's one deadline: its resolution clock (none until it is found valid).
        "complaint_clock": complaint_clock(request) if is_complaint else None,
        "departments": Department.objects.filter(project_id=request.project_id).order_by("kind"),
        "callbacks": Callback.objects.filter(project_id=request.project_id, request=request)
        .select_related("done_by")
        .prefetch_related("improvement__assigned_to")
        .order_by("done_at"),
        "open_improvements": Improvement.objects.filter(
            project_id=request.project_id, request=request, done_at__isnull=True
        ).select_related("assigned_to"),
    }


def handoff_clocks(handoffs) -> dict:
    """{hand-off id: its HANDOFF_ACCEPT clock} for the given hand-offs, in one query."""

    ids = [h.pk for h in handoffs]
    if not ids:
        return {}
    clocks = SlaClock.objects.filter(
        subject_type=ContentType.objects.get_for_model(HandOff), subject_id__in=ids
    ).select_related("target")
    return {c.subject_id: c for c in clocks}


def overdue_handoffs(user, project):
    """Hand-offs still waiting whose acceptance clock has breached: they went to the center director
    (SPEC §2.1), who takes them over or reassigns them. Empty for anyone who may not reassign."""

    if not has_project_perm(user, project, "servicedesk.reassign_request"):
        return HandOff.objects.none()
    late = SlaClock.objects.filter(
        project=project,
        subject_type=ContentType.objects.get_for_model(HandOff),
        state=ClockState.BREACHED,
    ).values("subject_id")
    return (
        HandOff.objects.filter(project=project, state=HandOffState.REQUESTED, pk__in=late)
        .select_related("request", "from_user", "to_user")
        .order_by("requested_at")
    )


def plan_choices(project, user) -> dict:
    """What a callback plan may name, for the plan page's form and the API alike: the project's
    active staff as the responsible person, its active categories, the buildings the planner sees."""
    return {
        "responsible": User.objects.filter(memberships__project=project, memberships__is_active=True)
        .distinct()
        .order_by("pk"),
        "category": Category.objects.filter(project=project, is_active=True).select_related("parent"),
        "buildings": Building.objects.for_user(user).filter(project=project),
    }
