from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from propdesk.core import lifecycle
from propdesk.core.access import get_object_for_user, has_project_perm
from propdesk.core.decorators import object_view, project_view
from propdesk.core.downloads import stamp
from propdesk.core.errors import ServiceError
from propdesk.core.forms import select_options
from propdesk.core.models import User
from propdesk.registry.models import Building, Unit
from propdesk.registry.models.core import building_order

from .. import hooks, permissions, selectors, services
from ..choices import (
    CallbackMethod,
    Channel,
    HandOffState,
    RepairClass,
    RequestKind,
    RequestStatus,
    Satisfaction,
)
from ..exports import requests_workbook
from ..forms import HandOffForm, IntakeForm, ReasonForm, match_units
from ..models import Category, HandOff, ServiceRequest
from ..pdf import complaint_report_pdf, repair_slip_pdf
from ..services.clocks import clocks_of
from .repairs import with_actions

VIEW = "servicedesk.view_servicerequest"
HANDLE = services.HANDLE_PERM


EXPORT_LIMIT = 10_000


class CappedPaginator(Paginator):
    """Counts at most `cap` rows: a year of requests is a million, and nobody pages past 200.
    `capped` tells the page to say "more than …, narrow the filters"."""

    cap = 10_000
    capped = False

    @cached_property
    def count(self) -> int:
        n = self.object_list.values("pk")[: self.cap + 1].count()
        self.capped = n > self.cap
        return min(n, self.cap)


def _list_filters(request):
    filters = selectors.RequestFilters.from_params(request.GET)
    rows = selectors.request_list(user=request.user, project=request.project, filters=filters)
    choices = {
        "unit_filter": (
            Unit.objects.for_user(request.user)
            .filter(project=request.project, pk=filters.unit)
            .select_related("building")
            .first()
            if filters.unit
            else None
        ),
        "kinds": RequestKind.choices,
        "statuses": RequestStatus.choices,
        "channels": Channel.choices,
        "category_options": select_options(
            (
                (c.pk, str(c))
                for c in Category.objects.filter(project=request.project, is_active=True).select_related(
                    "parent"
                )
            ),
            filters.category,
        ),
        "building_options": select_options(
            (
                (pk, name or code)
                for pk, name, code in Building.objects.for_user(request.user)
                .filter(project=request.project)
                .order_by(*building_order())
                .values_list("pk", "name", "code")
            ),
            filters.building,
        ),
    }
    return filters, rows, choices


@project_view(VIEW)
def request_list(request):
    """业户诉求: the front desk's list with its filter bar, countdowns and Excel export."""
    filters, rows, choices = _list_filters(request)
    # The page's ids first (one lean index walk), then those 50 rows with their joins: sorting
    # thousands of joined rows to keep 50 is what made "overdue only" slow.
    page = CappedPaginator(rows.values_list("pk", flat=True), 50).get_page(request.GET.get("page"))
    page.object_list = selectors.attach_live_clocks(selectors.rows_in_order(list(page.object_list)))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "servicedesk/list.html",
        {"page": page, "f": filters, "params": request.GET, "query": query.urlencode(), **choices},
    )


@project_view(VIEW)
def export_list(request):
    """The filtered list as an Excel workbook (the first EXPORT_LIMIT rows, newest first)."""
    _filters, rows, _choices = _list_filters(request)
    rows = selectors.attach_live_clocks(rows[:EXPORT_LIMIT])
    response = HttpResponse(
        requests_workbook(rows, limit=EXPORT_LIMIT),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    when = stamp(request.project, "%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="requests-{when}.xlsx"'
    return response


@project_view(HANDLE)
def new_request(request):
    form = IntakeForm(request.POST or None, project=request.project, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.receive_request(
                project=request.project,
                actor=request.user,
                kind=data["kind"],
                channel=data["channel"],
                content=data["content"],
                reporter_name=data["reporter_name"],
                reporter_phone=data["reporter_phone"],
                unit=form.unit,
                location=data["location"],
                category=data["category"],
                owner_requirements=data["owner_requirements"],
                preferred_time=data["preferred_time"],
                repair_class=data["repair_class"],
                apologized=data["apologized"],
            )
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _("Request %(number)s recorded; you are its first receiver.") % {"number": created.number},
            )
            return redirect("servicedesk:detail", pk=created.pk)
    show_people = has_project_perm(request.user, request.project, "registry.view_party")
    return render(request, "servicedesk/new.html", {"form": form, "show_people": show_people})


@project_view(HANDLE)
def unit_hint(request):
    """htmx: the rooms the text typed so far means (as the search box finds them). One: the room and
    who owns it (name and masked phone, to fill the reporter); several: a list to choose from."""
    label = request.GET.get("unit_label", "").strip()
    matches = match_units(request.project, label, user=request.user) if label else []
    unit = matches[0].unit if len(matches) == 1 else None
    # Found through a person (name, initials, phone, plate's owner): that person is likely calling.
    caller = matches[0].party if unit is not None else None
    show_people = has_project_perm(request.user, request.project, "registry.view_party")
    owner = selectors.current_owner(unit) if unit is not None and show_people else None
    return render(
        request,
        "servicedesk/_unit_hint.html",
        {
            "unit": unit,
            "owner": owner,
            "caller": caller,
            "how": matches[0].how if unit is not None else "",
            "label": label,
            "matches": matches,
            "show_people": show_people,
        },
    )


def _get_request(request, pk):
    return get_object_for_user(
        ServiceRequest.objects.select_related(
            "unit__building",
            "category",
            "holder",
            "first_receiver",
            "responsible_department",
            "incident",
            "project",
        ),
        request.user,
        pk,
        perm=VIEW,
    )


@project_view(VIEW)
@object_view(ServiceRequest)
def request_detail(request, pk: int):
    obj = _get_request(request, pk)
    pending = obj.handoffs.filter(state=HandOffState.REQUESTED).select_related("to_user", "from_user").first()
    proposal = services.propose_handoff_target(request=obj, from_user=request.user)
    candidates = User.objects.filter(memberships__project=obj.project, memberships__is_active=True).distinct()
    handoff_form = HandOffForm(initial={"to_user": proposal.user}, candidates=candidates)
    can_act = has_project_perm(request.user, obj.project, HANDLE)
    can_dispatch = permissions.takes_dispatch(obj) and permissions.can_dispatch(request.user, obj)
    complaint = selectors.complaint_context(obj)
    # Panels of the apps above the service desk (paid services: the order, or "mark as paid").
    panels, panel_context = hooks.request_panels(request, obj)
    door_visit = services.door_visit_required(obj)
    return render(
        request,
        "servicedesk/detail.html",
        {
            "obj": obj,
            "events": selectors.timeline(obj),
            "pending": pending,
            # The waiting hand-off's decisions this user may make (accept, decline, withdraw, …).
            "handoff_moves": {m.name for m in lifecycle.allowed_moves(pending, request.user)}
            if pending
            else set(),
            "proposal": proposal,
            "handoff_form": handoff_form,
            "can_handoff": can_act
            and permissions.can_hand_off(request.user, obj)
            and obj.is_open
            and pending is None,
            "next_statuses": [s for s in RequestStatus if s in lifecycle.allowed_targets(obj, request.user)],
            "reason_form": ReasonForm(),
            "orders": with_actions(selectors.work_orders_of_request(obj), request.user),
            "can_dispatch": can_dispatch,
            "request_panels": panels,
            **panel_context,
            "suggestions": services.suggest_technicians(request=obj) if can_dispatch else [],
            "staff": candidates,
            "clocks": clocks_of(obj),
            **complaint,
            # The complaint report's moves this user may make now (decide, answer, sign off, archive).
            "complaint_moves": {m.name for m in lifecycle.allowed_moves(complaint["complaint"], request.user)}
            if complaint["complaint"]
            else set(),
            "door_visit": door_visit,
            "callback_methods": CallbackMethod.choices,
            # An important item is called back by a door visit: the form starts there.
            "callback_default": CallbackMethod.DOOR_VISIT if door_visit else "",
            "door_visit_method": CallbackMethod.DOOR_VISIT,
            "satisfactions": Satisfaction.choices,
            "can": {
                "callback": permissions.can_record_request_callback(request.user, obj),
                "improve": has_project_perm(request.user, obj.project, "servicedesk.assign_improvement"),
                "feedback": can_act and obj.is_open,
                "reclassify": permissions.can_reclassify(request.user, obj),
            },
            "other_classes": [c for c in RepairClass if c != obj.repair_class],
        },
    )


@project_view(HANDLE)
@object_view(ServiceRequest)
@require_POST
def handoff(request, pk: int):
    obj = _get_request(request, pk)
    form = HandOffForm(
        request.POST, candidates=User.objects.filter(memberships__project=obj.project).distinct()
    )
    if form.is_valid():
        try:
            services.request_handoff(
                request=obj,
                to=form.cleaned_data["to_user"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
                multi_department=form.cleaned_data["multi_department"],
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Hand-off requested. You stay accountable until it is accepted."))
    else:
        messages.error(request, _("Choose whom to hand it to and say why."))
    return redirect("servicedesk:detail", pk=obj.pk)


@project_view(HANDLE)
@object_view(HandOff)
@require_POST
def decide_handoff(request, pk: int):
    item = get_object_for_user(HandOff.objects.select_related("request"), request.user, pk, perm=HANDLE)
    action = request.POST.get("action")
    try:
        if action == "accept":
            services.accept_handoff(handoff=item, actor=request.user)
            messages.success(request, _("You now hold %(number)s.") % {"number": item.request.number})
        elif action == "decline":
            services.decline_handoff(handoff=item, actor=request.user, reason=request.POST.get("reason", ""))
            messages.info(request, _("Declined; it stays with the sender."))
        elif action == "withdraw":
            services.withdraw_handoff(handoff=item, actor=request.user)
            messages.info(request, _("Hand-off withdrawn."))
        else:
            messages.error(request, _("Unknown action."))
    except ServiceError as exc:
        messages.error(request, exc.message)
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("servicedesk:detail", pk=item.request_id)


@project_view(HANDLE)
@object_view(ServiceRequest)
@require_POST
def change_status(request, pk: int):
    obj = _get_request(request, pk)
    try:
        services.transition_request(
            request=obj,
            to_status=request.POST.get("status", ""),
            actor=request.user,
            reason=request.POST.get("reason", ""),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Status changed."))
    return redirect("servicedesk:detail", pk=obj.pk)


@project_view(HANDLE)
def my_handoffs(request):
    """Hand-offs waiting for me; for the center director also those not accepted in time."""
    pending = list(selectors.pending_handoffs_for(request.user, request.project))
    overdue = list(selectors.overdue_handoffs(request.user, request.project))
    clocks = selectors.handoff_clocks([*pending, *overdue])
    for item in (*pending, *overdue):
        item.clock = clocks.get(item.pk)
    return render(
        request,
        "servicedesk/handoffs.html",
        {
            "pending": pending,
            "overdue": overdue,
            "staff": User.objects.filter(
                memberships__project=request.project, memberships__is_active=True
            ).distinct()
            if overdue
            else [],
        },
    )


@project_view(VIEW)
@object_view(ServiceRequest)
def repair_slip(request, pk: int):
    """报修单/派工单 as a PDF, two copies (customer service, engineering)."""
    obj = _get_request(request, pk)
    if obj.kind not in (RequestKind.REPAIR, RequestKind.PAID_SERVICE):
        raise Http404
    response = HttpResponse(repair_slip_pdf(obj), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{obj.number}.pdf"'
    return response


@project_view(VIEW)
@object_view(ServiceRequest)
def complaint_report(request, pk: int):
    """投诉处理报告 as a PDF."""
    obj = _get_request(request, pk)
    if obj.kind != RequestKind.COMPLAINT:
        raise Http404
    response = HttpResponse(complaint_report_pdf(obj), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{obj.number}.pdf"'
    return response
