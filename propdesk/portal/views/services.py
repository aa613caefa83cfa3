"""满意度调查 and 特约服务: the open surveys (answered once per unit) and the published price list."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from propdesk.core.decorators import object_view
from propdesk.core.errors import ServiceError
from propdesk.registry.models import Unit
from propdesk.registry.visibility import OWNER, unit_accesses
from propdesk.servicedesk.models import SurveyCampaign, SurveyMethod
from propdesk.servicedesk.services import surveys as survey_services

from ..decorators import portal_view
from ..forms import survey_form
from ..selectors import open_surveys
from ..selectors import requests as reads


def _owned(request):
    return [a for a in unit_accesses(request.user) if a.role == OWNER]


@portal_view
def surveys(request):
    """The open surveys of the projects where the person owns a unit."""
    return render(request, "portal/surveys.html", {"campaigns": open_surveys(_owned(request)), "tab": "home"})


@portal_view
@object_view(SurveyCampaign)
def survey(request, pk: int):
    """Answer a survey for one of the owner's units that has not answered yet."""
    campaign = next((c for c in open_surveys(_owned(request)) if c.pk == pk), None)
    if campaign is None:
        raise Http404
    units = list(Unit.objects.filter(pk__in=campaign.open_units).select_related("building"))
    questions = list(campaign.questions.order_by("position", "pk"))
    values = survey_services.value_labels(campaign.scale)
    form = survey_form(
        campaign, questions, values, units, data=request.POST if request.method == "POST" else None
    )
    if request.method == "POST" and units and form.is_valid():
        data = form.cleaned_data
        try:
            survey_services.record_response(
                campaign=campaign,
                unit=next(u for u in units if u.pk == data["unit"]),
                method=SurveyMethod.PORTAL,
                answers={q.pk: data[f"q{q.pk}"] for q in questions},
                comment=data["comment"],
                actor=request.user,
                respondent=request.user.display_name or request.user.username,
                as_owner=True,
            )
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("Thank you for answering the survey."))
            return redirect("portal:surveys")
    return render(
        request, "portal/survey.html", {"campaign": campaign, "form": form, "units": units, "tab": "home"}
    )


@portal_view
def services(request):
    """特约服务: the published price list of the person's projects; ordering one opens a request."""
    return render(
        request,
        "portal/services.html",
        {"lists": reads.price_lists(unit_accesses(request.user)), "tab": "home"},
    )
