"""Staff pages of dunning (催缴) and the arrears report. Writes go through dunning_services."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from propdesk.core import lifecycle
from propdesk.core.access import get_object_for_user, has_project_perm
from propdesk.core.decorators import object_view, project_view
from propdesk.core.errors import ServiceError
from propdesk.registry.models import Building, Unit
from propdesk.registry.models.core import unit_order

from .. import permissions, selectors
from ..choices import CaseStatus
from ..exports import dunning as dunning_exports
from ..forms import CloseCaseForm, DunningContactForm
from ..models import DunningCase, DunningContact, DunningStage
from ..money import ZERO
from ..pricing import month_start
from ..selectors import dunning as dunning_selectors
from ..services import dunning as dunning_services


def visible_buildings(request):
    """The project's buildings the user sees: a butler (building-scoped position) only their 辖区."""
    return Building.objects.for_user(request.user).filter(project=request.project)


@project_view("billing.view_dunningcase")
def dunning(request):
    """催缴: the open cases of the buildings the user sees, with arrears, stage and the next promise."""
    status = request.GET.get("status") or CaseStatus.OPEN
    cases = (
        DunningCase.objects.for_user(request.user)
        .filter(project=request.project)
        .select_related("unit__building", "stage", "butler")
        .annotate(last_contact=Max("contacts__contacted_at"), next_promise=Max("contacts__promised_on"))
        .order_by(*unit_order("unit__"))
    )
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    building = request.GET.get("building", "")
    if building.isdigit():
        cases = cases.filter(unit__building_id=building)
    stage = request.GET.get("stage", "")
    if stage.isdigit():
        cases = cases.filter(stage_id=stage)
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    owed = dunning_selectors.overdue_by_unit(
        request.project, timezone.localdate(), unit_ids=[c.unit_id for c in page.object_list]
    )
    for case in page.object_list:
        case.arrears = owed.get(case.unit_id, ZERO)
    return render(
        request,
        "billing/dunning.html",
        {
            "page": page,
            "count": page.paginator.count,
            "buildings": visible_buildings(request),
            "stages": DunningStage.objects.filter(project=request.project, is_active=True),
            "filters": request.GET,
            "status": status,
            "CaseStatus": CaseStatus,
            # Opening cases for the whole project is not for a butler, who sees only her 辖区.
            "can_open": permissions.can_open_cases_for_project(request.user, request.project),
        },
    )


@project_view("billing.add_dunningcase")
@require_POST
def dunning_open_all(request):
    """Open a case for every unit in arrears that has none."""
    if not permissions.can_open_cases_for_project(request.user, request.project):
        raise PermissionDenied  # the whole project, beyond a butler's buildings
    count = dunning_services.open_cases_for_arrears(project=request.project, actor=request.user)
    messages.success(request, _("%(count)s dunning cases opened.") % {"count": count})
    return redirect("billing:dunning")


@project_view("billing.add_dunningcase")
@object_view(Unit)
@require_POST
def dunning_open(request, pk: int):
    unit = get_object_for_user(Unit.objects, request.user, pk, perm="billing.add_dunningcase")
    try:
        case = dunning_services.open_case(unit=unit, actor=request.user)
    except ServiceError as exc:
        messages.error(request, str(exc.message))
        return redirect("billing:desk_unit", pk=unit.pk)
    return redirect("billing:dunning_case", pk=case.pk)


def _case(request, pk, perm="billing.view_dunningcase"):
    case = get_object_for_user(
        DunningCase.objects.select_related("unit__building", "stage", "butler", "project"),
        request.user,
        pk,
        perm=perm,
    )
    return case  # a butler's for_user leaves out the cases beyond her 辖区: 404, as in the list


@project_view("billing.view_dunningcase")
@object_view(DunningCase)
def dunning_case(request, pk: int):
    """One case: what the unit owes, every contact so far, and the form to log the next one."""
    case = _case(request, pk)
    stages = DunningStage.objects.filter(project=case.project, is_active=True)
    can_log = has_project_perm(request.user, case.project, permissions.LOG_CONTACT_PERM)
    form = DunningContactForm(request.POST or None, stages=stages, initial={"stage": case.stage_id})
    if request.method == "POST":
        if not can_log:
            return HttpResponse(status=403)
        if form.is_valid():
            data = form.cleaned_data
            try:
                dunning_services.log_contact(
                    case=case,
                    stage=data["stage"],
                    method=data["method"],
                    outcome=data["outcome"],
                    promised_on=data["promised_on"],
                    promised_amount=data["promised_amount"],
                    note=data["note"],
                    actor=request.user,
                )
            except ServiceError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
            else:
                messages.success(request, _("Contact recorded."))
                return redirect("billing:dunning_case", pk=case.pk)
    contacts = (
        DunningContact.objects.filter(case=case)
        .select_related("stage", "contacted_by")
        .order_by("-contacted_at")
    )
    bills = [b for b in selectors.outstanding_bills(case.unit) if b.due_on < timezone.localdate()]
    return render(
        request,
        "billing/dunning_case.html",
        {
            "case": case,
            "contacts": contacts,
            "bills": bills,
            "arrears": sum((b.outstanding for b in bills), start=ZERO),
            "owner_name": selectors.current_owner_name(case.unit),
            "form": form,
            "close_form": CloseCaseForm(),
            "can_log": permissions.can_log_contact(request.user, case),
            "can_close": permissions.can_close_case(request.user, case)
            and lifecycle.may(case, request.user, "close"),
        },
    )


@project_view("billing.change_dunningcase")
@object_view(DunningCase)
@require_POST
def dunning_close(request, pk: int):
    case = _case(request, pk, perm="billing.change_dunningcase")
    form = CloseCaseForm(request.POST)
    if form.is_valid():
        try:
            dunning_services.close_case(case=case, reason=form.cleaned_data["reason"], actor=request.user)
        except ServiceError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Case closed."))
    else:
        messages.error(request, _("Give the reason for closing."))
    return redirect("billing:dunning_case", pk=case.pk)


def _report_period(request) -> dt.date:
    text = request.GET.get("period", "")
    try:
        return month_start(dt.datetime.strptime(text, "%Y-%m").date())
    except ValueError:
        return month_start(timezone.localdate())


def _report_data(request):
    as_of = timezone.localdate()
    period = _report_period(request)
    buildings = list(visible_buildings(request).values_list("pk", flat=True))
    aging = dunning_selectors.arrears_aging(request.project, as_of, buildings=buildings)
    rates = dunning_selectors.collection_rates(request.project, period, now=timezone.now())
    return aging, rates, period


@project_view("billing.view_arrears_report")
def arrears_report(request):
    """欠费账龄与收缴率: aging by building and by butler, collection rates, a chart, Excel export."""
    aging, rates, period = _report_data(request)
    chart = {
        "buckets": [str(label) for _key, label in dunning_selectors.BUCKETS],
        "buildings": [{"name": r.label, "values": [str(v) for v in r.values]} for r in aging.by_building],
    }
    return render(
        request,
        "billing/arrears_report.html",
        {
            "aging": aging,
            "rates": rates,
            "period": period,
            "buckets": dunning_selectors.BUCKETS,
            "chart": chart,
            "query": request.GET.urlencode(),
        },
    )


@project_view("billing.view_arrears_report")
def arrears_report_export(request):
    aging, rates, period = _report_data(request)
    content = dunning_exports.arrears_workbook(aging, rates)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="arrears-{aging.as_of:%Y%m%d}.xlsx"'
    return response
