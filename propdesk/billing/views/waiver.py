"""Staff pages of waivers (费用减免): apply at the desk, the list, one application with its chain, statistics."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core.access import get_object_for_user
from propdesk.core.decorators import object_view, project_view
from propdesk.core.errors import ServiceError
from propdesk.registry.models import Unit

from .. import exports, selectors
from ..choices import WaiverStatus
from ..forms import PeriodForm, WaiverDecisionForm, WaiverForm
from ..models import WaiverApplication, WaiverReason
from ..models.waiver import WAIVER_LEVELS
from ..services import waiver as waiver_services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@project_view("billing.add_waiverapplication")
@object_view(Unit)
def apply(request, pk: int):
    """减免申请 for one room: tick the bills, an amount per bill (empty: all it still asks), the reason."""
    unit = get_object_for_user(
        Unit.objects.select_related("building"), request.user, pk, perm="billing.add_waiverapplication"
    )
    bills = selectors.outstanding_bills(unit)
    reasons = WaiverReason.objects.filter(project_id=unit.project_id, is_active=True)
    form = WaiverForm(request.POST or None, request.FILES or None, reasons=reasons)
    chosen = {int(v) for v in request.POST.getlist("bills") if v.isdigit()}
    line_errors = []
    if request.method == "POST" and form.is_valid():
        lines = []
        for bill in bills:
            if bill.pk not in chosen:
                continue
            raw = request.POST.get(f"amount_{bill.pk}", "").strip()
            try:
                amount = Decimal(raw) if raw else bill.outstanding
            except InvalidOperation:
                line_errors.append(_("The amount for %(bill)s is not a number.") % {"bill": bill.item.name})
                continue
            lines.append((bill, amount))
        if not line_errors:
            try:
                application = waiver_services.apply_for_waiver(
                    unit=unit,
                    lines=lines,
                    reason=form.cleaned_data["reason"],
                    details=form.cleaned_data["details"],
                    attachment=form.cleaned_data["attachment"],
                    actor=request.user,
                )
            except ServiceError as exc:
                line_errors.append(str(exc.message))
            else:
                messages.success(
                    request, _("Waiver application %(n)s submitted.") % {"n": application.number}
                )
                return redirect("billing:waiver", pk=application.pk)
    rules = [
        (rule.up_to, [str(WAIVER_LEVELS[lv][1]) for lv in rule.levels if lv in WAIVER_LEVELS])
        for rule in sorted(
            waiver_services.WaiverRule.objects.filter(project_id=unit.project_id),
            key=lambda r: (r.up_to is None, r.up_to or 0),
        )
    ]
    return render(
        request,
        "billing/waiver_apply.html",
        {
            "unit": unit,
            "bills": bills,
            "form": form,
            "chosen": chosen,
            "line_errors": line_errors,
            "rules": rules,
            "post": request.POST,
        },
    )


@project_view("billing.view_waiverapplication")
def waivers(request):
    status = request.GET.get("status") if request.GET.get("status") in WaiverStatus.values else None
    rows = (
        WaiverApplication.objects.for_user(request.user)
        .filter(project=request.project)
        .select_related("unit__building", "reason", "applied_by")
        .order_by("-applied_at", "-id")
    )
    if status:
        rows = rows.filter(status=status)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "billing/waivers.html",
        {
            "page": page,
            "status": status or "",
            "statuses": WaiverStatus.choices,
            "query": request.GET.urlencode(),
        },
    )


@project_view("billing.view_waiverapplication")
@object_view(WaiverApplication)
def waiver_detail(request, pk: int):
    application = get_object_for_user(
        WaiverApplication.objects.select_related("unit__building", "reason", "applied_by", "project"),
        request.user,
        pk,
        perm="billing.view_waiverapplication",
    )
    form = WaiverDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            waiver_services.decide_waiver(
                application=application,
                approve=form.cleaned_data["decision"] == "approve",
                comment=form.cleaned_data["comment"],
                actor=request.user,
            )
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("Waiver decision recorded."))
            return redirect("billing:waiver", pk=application.pk)
    steps = []
    decisions = {d.step: d for d in application.decisions.select_related("decided_by")}
    for n, level in enumerate(application.levels):
        steps.append({"label": WAIVER_LEVELS.get(level, ("", level))[1], "decision": decisions.get(n)})
    return render(
        request,
        "billing/waiver.html",
        {
            "application": application,
            "lines": application.lines.select_related("bill__item", "credit_note"),
            "steps": steps,
            "form": form,
            "can_decide": waiver_services.can_decide(application, request.user),
        },
    )


def _period(request) -> tuple[dt.date, dt.date, PeriodForm]:
    today = timezone.localdate()
    initial = {"since": today.replace(day=1), "until": today}
    form = PeriodForm(request.GET or None, initial=initial)
    if request.GET and form.is_valid():
        return form.cleaned_data["since"], form.cleaned_data["until"], form
    return initial["since"], initial["until"], PeriodForm(initial=initial)


@project_view("billing.view_waiverapplication")
def waiver_stats(request):
    """费用减免统计: approved waivers of a period by reason and by approver."""
    since, until, form = _period(request)
    stats = selectors.waiver_statistics(request.user, request.project, since=since, until=until)
    return render(
        request,
        "billing/waiver_stats.html",
        {"stats": stats, "form": form, "since": since, "until": until, "query": request.GET.urlencode()},
    )


@project_view("billing.view_waiverapplication")
def waiver_stats_export(request):
    since, until, _form = _period(request)
    stats = selectors.waiver_statistics(request.user, request.project, since=since, until=until)
    response = HttpResponse(
        exports.waiver_statistics_workbook(stats, since=since, until=until), content_type=XLSX
    )
    response["Content-Disposition"] = f'attachment; filename="waivers-{since:%Y%m%d}-{until:%Y%m%d}.xlsx"'
    return response
