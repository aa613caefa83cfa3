"""Staff page of heating stop applications (办理停止供暖): apply for an owner, approve or reject."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from propdesk.core.access import get_object_for_user, has_project_perm
from propdesk.core.decorators import object_view, project_view
from propdesk.core.errors import ServiceError

from .. import selectors
from ..choices import HeatingStopStatus
from ..models import HeatingStopApplication
from ..services import heating as heating_services


class HeatingStopForm(forms.Form):
    room = forms.CharField(label=_lazy("Room"), max_length=30, help_text=_lazy("e.g. 3-2-1501"))
    season = forms.IntegerField(label=_lazy("Heating season (starting year)"), min_value=2000, max_value=2100)
    applicant_name = forms.CharField(label=_lazy("Applicant"), max_length=100, required=False)


@project_view("billing.view_heatingstopapplication")
def heating_stops(request):
    can_add = has_project_perm(request.user, request.project, "billing.add_heatingstopapplication")
    today = timezone.localdate()
    form = HeatingStopForm(
        request.POST or None, initial={"season": today.year if today.month >= 7 else today.year}
    )
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            units = list(selectors.find_units(request.user, request.project, d["room"])[:2])
            if len(units) != 1:
                form.add_error("room", _("No single room matches."))
            else:
                try:
                    heating_services.apply_heating_stop(
                        unit=units[0],
                        season=d["season"],
                        applicant_name=d["applicant_name"],
                        actor=request.user,
                    )
                except ServiceError as exc:
                    form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
                else:
                    messages.success(request, _("Heating stop application recorded."))
                    return redirect("billing:heating_stops")
    rows = (
        HeatingStopApplication.objects.for_user(request.user)
        .filter(project=request.project)
        .select_related("project", "unit__building", "applied_by", "decided_by")
        .order_by("-applied_at", "-id")
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    rule = heating_services.rule_for(request.project)
    return render(
        request,
        "billing/heating_stops.html",
        {
            "page": page,
            "form": form,
            "can_add": can_add,
            "rule": rule,
            "HeatingStopStatus": HeatingStopStatus,
        },
    )


@project_view("billing.approve_heatingstopapplication")
@object_view(HeatingStopApplication)
@require_POST
def heating_stop_decide(request, pk: int):
    application = get_object_for_user(
        HeatingStopApplication.objects, request.user, pk, perm="billing.approve_heatingstopapplication"
    )
    try:
        heating_services.decide_heating_stop(
            application=application,
            approve=request.POST.get("decision") == "approve",
            comment=request.POST.get("comment", ""),
            actor=request.user,
        )
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("billing:heating_stops")
