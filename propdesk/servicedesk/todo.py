"""The service desk's to-do sections on the landing page (`core.todo`), registered in ready().

Each function returns one person's items: what they hold, what waits for them, what is late in
their part of the project. Deadlines are the request's live SLA clocks (the earliest still counting);
an item without a clock shows its age.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from propdesk.core import todo
from propdesk.core.choices import DepartmentKind
from propdesk.core.models import Department, Membership
from propdesk.core.todo import TodoItem
from propdesk.sla.choices import ClockState, TargetCode

from . import selectors
from .choices import ComplaintState, RepairClass, RequestKind, RequestStatus
from .models import Complaint, HandOff, Improvement, ServiceRequest, WorkOrder
from .permissions import CALLBACK_PERM, DECIDE_PERM, DISPATCH_PERM, HANDLE_PERM, WORK_PERM

VIEW_PERM = "servicedesk.view_servicerequest"
FRONT_DESK = ("frontdesk_assistant",)
BUTLER = ("butler",)
DISPATCH = ("dispatcher", "engineering_supervisor")
CS_SUPERVISOR = ("cs_supervisor",)
DIRECTOR = ("center_director", "general_manager")
WORKING = [RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS, RequestStatus.PAUSED]
LIMIT = 200  # a landing page shows the first few; the counts cover this many


def _about(r: ServiceRequest) -> str:
    place = r.unit.label if r.unit_id else (r.location or "")
    return f"{r.number} · {place}" if place else r.number


def _note(r: ServiceRequest) -> str:
    parts = [r.get_kind_display()]
    if r.category_id:
        parts.append(r.category.name)
    if r.repair_class:
        parts.append(r.get_repair_class_display())
    return " · ".join(str(p) for p in parts)


def _clock_fields(clock) -> dict:
    if clock is None:
        return {}
    return {
        "due": clock.due_at,
        "started": clock.started_at,
        "warn_at": clock.started_at if clock.warned else None,
    }


def _first_counting(clocks, code: str | None = None):
    for clock in clocks:
        if clock.state == ClockState.PAUSED:
            continue
        if code is None or clock.code == code:
            return clock
    return None


def _request_items(rows, title, now, *, code=None) -> list[TodoItem]:
    rows = selectors.attach_live_clocks(rows, now=now)
    items = []
    for r in rows:
        clock = _first_counting(r.live_clocks, code)
        items.append(
            TodoItem(
                title=str(title),
                about=_about(r),
                url=reverse("servicedesk:detail", args=[r.pk]),
                since=r.received_at,
                note=_note(r),
                urgent=r.repair_class == RepairClass.EMERGENCY,
                **_clock_fields(clock),
            )
        )
    return items


def _requests(user, project):
    """The project's requests `user` sees (a butler: her buildings'; a technician: his orders')."""
    return (
        ServiceRequest.objects.for_user(user)
        .filter(project=project)
        .select_related("unit__building", "category")
    )


def held_requests(user, project, now):
    rows = _requests(user, project).filter(holder=user, status__in=WORKING).order_by("received_at")[:LIMIT]
    return _request_items(rows, _("Follow up"), now)


def handoffs_waiting(user, project, now):
    handoffs = list(selectors.pending_handoffs_for(user, project).select_related("request__unit__building"))
    clocks = selectors.handoff_clocks(handoffs)
    items = []
    for h in handoffs:
        items.append(
            TodoItem(
                title=_("Hand-off from %(name)s") % {"name": h.from_user.get_full_name() or h.from_user},
                about=_about(h.request),
                url=reverse("servicedesk:handoffs"),
                since=h.requested_at,
                **_clock_fields(clocks.get(h.pk)),
            )
        )
    return items


def my_callbacks(user, project, now):
    rows = (
        _requests(user, project)
        .filter(holder=user, status=RequestStatus.RESOLVED)
        .order_by("resolved_at")[:LIMIT]
    )
    return _request_items(rows, _("Callback"), now, code=TargetCode.CALLBACK)


def callbacks_due(user, project, now):
    rows = _requests(user, project).filter(status=RequestStatus.RESOLVED).order_by("resolved_at")[:LIMIT]
    return _request_items(rows, _("Callback"), now, code=TargetCode.CALLBACK)


def complaints_to_decide(user, project, now):
    ids = Complaint.objects.filter(project=project, state=ComplaintState.REGISTERED).values("request_id")
    rows = _requests(user, project).filter(pk__in=ids).order_by("received_at")[:LIMIT]
    return _request_items(rows, _("Decide whether the complaint is valid"), now)


def undispatched_repairs(user, project, now):
    rows = selectors.repairs_waiting_for_dispatch(project, user)[:LIMIT]
    return _request_items(rows, _("Dispatch"), now)


def butler_building_ids(user, project) -> list[int]:
    """The buildings of the user's building-scoped memberships here (a butler's 辖区)."""
    return list(
        Membership.objects.filter(
            user=user, project=project, is_active=True, position__has_building_scope=True
        ).values_list("buildings", flat=True)
    )


def building_requests(user, project, now):
    buildings = [b for b in butler_building_ids(user, project) if b is not None]
    rows = (
        _requests(user, project)
        .filter(unit__building_id__in=buildings, status__in=WORKING)
        .order_by("received_at")[:LIMIT]
    )
    return _request_items(rows, _("Open request in your building"), now)


def _department_of(r, names: dict) -> str:
    """The department a late request belongs to: its responsible department, else the one its
    category or kind goes to (repairs to engineering, the rest to customer service)."""
    if r is None:
        return str(_("No department"))
    if r.responsible_department_id:
        return r.responsible_department.name
    kind = r.category.department_kind if r.category_id and r.category.department_kind else None
    kind = kind or (
        DepartmentKind.ENGINEERING if r.kind == RequestKind.REPAIR else DepartmentKind.CUSTOMER_SERVICE
    )
    return names.get(kind) or str(DepartmentKind(kind).label)


def late_items(user, project, now):
    """Every department's late items: breached or overrun clocks (a complaint past its deadline is its
    resolution clock) and improvements past their deadline — each with its department, so the page
    counts them per department."""
    items = []
    clocks = list(selectors._late_clocks(now).filter(project=project).select_related("department")[:LIMIT])
    types = ContentType.objects.get_for_models(ServiceRequest, HandOff, WorkOrder)
    request_of = {}
    for model, attr in ((HandOff, "request_id"), (WorkOrder, "request_id")):
        ids = [c.subject_id for c in clocks if c.subject_type_id == types[model].pk]
        request_of[model] = dict(model.objects.filter(pk__in=ids).values_list("pk", attr))
    request_ids = set()
    for c in clocks:
        if c.subject_type_id == types[ServiceRequest].pk:
            request_ids.add(c.subject_id)
        for model in (HandOff, WorkOrder):
            if c.subject_type_id == types[model].pk and c.subject_id in request_of[model]:
                request_ids.add(request_of[model][c.subject_id])
    requests = _requests(user, project).select_related("responsible_department").in_bulk(request_ids)
    names = dict(Department.objects.filter(project=project).order_by("-pk").values_list("kind", "name"))
    for c in clocks:
        rid = c.subject_id
        for model in (HandOff, WorkOrder):
            if c.subject_type_id == types[model].pk:
                rid = request_of[model].get(c.subject_id)
        r = requests.get(rid)
        # A complaint's deadline is its resolution clock (there is no other): late, it is the complaint.
        late_complaint = r is not None and r.kind == RequestKind.COMPLAINT and c.code == TargetCode.RESOLVE
        items.append(
            TodoItem(
                title=_("Complaint past its deadline") if late_complaint else str(c.get_code_display()),
                about=_about(r) if r else str(c.target),
                url=reverse("servicedesk:detail", args=[r.pk]) if r else reverse("sla:clock", args=[c.pk]),
                due=c.due_at,
                started=c.started_at,
                group=c.department.name if c.department_id else _department_of(r, names),
            )
        )
    improvements = Improvement.objects.filter(
        project=project, done_at__isnull=True, deadline__lt=now
    ).select_related("request__unit__building", "request__responsible_department")[:LIMIT]
    for improvement in improvements:
        department = improvement.request.responsible_department
        items.append(
            TodoItem(
                title=_("Improvement past its deadline"),
                about=_about(improvement.request),
                url=reverse("servicedesk:detail", args=[improvement.request_id]),
                due=improvement.deadline,
                group=department.name if department else _("No department"),
            )
        )
    return items


def register() -> None:
    S = todo.Section
    for section in (
        S(
            "sd_held",
            gettext_lazy("Requests I hold"),
            held_requests,
            HANDLE_PERM,
            FRONT_DESK,
            10,
            "servicedesk:list",
        ),
        S(
            "sd_handoffs",
            gettext_lazy("Hand-offs waiting for me"),
            handoffs_waiting,
            HANDLE_PERM,
            (),
            15,
            "servicedesk:handoffs",
            hide_empty=True,
        ),
        S("sd_my_callbacks", gettext_lazy("My callbacks due"), my_callbacks, CALLBACK_PERM, FRONT_DESK, 20),
        S(
            "sd_callbacks",
            gettext_lazy("Callbacks due"),
            callbacks_due,
            CALLBACK_PERM,
            CS_SUPERVISOR,
            20,
            "servicedesk:callbacks",
        ),
        S(
            "sd_complaints",
            gettext_lazy("Complaints awaiting the validity decision"),
            complaints_to_decide,
            DECIDE_PERM,
            CS_SUPERVISOR,
            25,
        ),
        S(
            "sd_dispatch",
            gettext_lazy("Repairs waiting for dispatch"),
            undispatched_repairs,
            DISPATCH_PERM,
            DISPATCH,
            10,
            "servicedesk:dispatch_board",
        ),
        S(
            "sd_buildings",
            gettext_lazy("Open requests in my buildings"),
            building_requests,
            VIEW_PERM,
            BUTLER,
            20,
        ),
        S(
            "sd_late",
            gettext_lazy("Late items by department"),
            late_items,
            VIEW_PERM,
            DIRECTOR,
            5,
            by_group=True,
            limit=15,
        ),
    ):
        todo.register(section)
    todo.register_landing("technician", "servicedesk:my_orders", perm=WORK_PERM)
