"""Satisfaction survey campaigns (满意度调查): questionnaire, answers per unit, report, PDF and Excel."""

from __future__ import annotations

import datetime as dt
import io

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook
from openpyxl.styles import Font

from propdesk.core import lifecycle
from propdesk.core.access import get_object_for_user, has_project_perm
from propdesk.core.decorators import object_view, project_view
from propdesk.core.errors import ServiceError
from propdesk.registry.models.core import unit_order

from .. import permissions
from ..forms import find_unit
from ..models import SurveyAnswer, SurveyCampaign, SurveyMethod, SurveyResponse, SurveyScale, SurveyState
from ..services import surveys as services

VIEW = "servicedesk.view_surveycampaign"
RUN = services.SURVEY_PERM


def _campaign(request, pk, perm=VIEW):
    return get_object_for_user(
        SurveyCampaign.objects.select_related("project", "analysis_by", "created_by"),
        request.user,
        pk,
        perm=perm,
    )


def _back(campaign):
    return redirect("servicedesk:survey_detail", pk=campaign.pk)


def _run(request, fn, ok):
    try:
        fn()
    except ServiceError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, ok)
    return True


@project_view(VIEW)
def survey_list(request):
    campaigns = list(
        SurveyCampaign.objects.for_user(request.user)
        .filter(project=request.project)
        .annotate(responded=Count("responses"))
    )
    live = services.occupied_units(request.project)
    for c in campaigns:
        base = c.occupied_units if c.state == SurveyState.CLOSED else live
        c.coverage = round(100.0 * c.responded / base, 1) if base else None
    return render(
        request,
        "servicedesk/surveys.html",
        {"campaigns": campaigns, "can_run": has_project_perm(request.user, request.project, RUN)},
    )


def _default_title(today: dt.date) -> str:
    if today.month <= 6:
        return _("Owner satisfaction survey, first half of %(year)s") % {"year": today.year}
    return _("Owner satisfaction survey, second half of %(year)s") % {"year": today.year}


@project_view(RUN)
def survey_new(request):
    today = timezone.localdate()
    values = {
        "title": request.POST.get("title", _default_title(today)),
        "starts_on": request.POST.get("starts_on", today.isoformat()),
        "ends_on": request.POST.get("ends_on", (today + dt.timedelta(days=30)).isoformat()),
        "scale": request.POST.get("scale", SurveyScale.THREE),
        "questions": request.POST.get("questions", "\n".join(services.DEFAULT_QUESTIONS)),
    }
    error = None
    if request.method == "POST":
        try:
            campaign = services.create_campaign(
                project=request.project,
                actor=request.user,
                title=values["title"],
                starts_on=dt.date.fromisoformat(values["starts_on"]),
                ends_on=dt.date.fromisoformat(values["ends_on"]),
                scale=values["scale"],
                questions=values["questions"].splitlines(),
            )
        except ValueError:
            error = _("Enter the dates as YYYY-MM-DD.")
        except ServiceError as exc:
            error = exc.message
        else:
            messages.success(request, _("Survey saved as a draft. Open it when the questionnaire is final."))
            return _back(campaign)
    return render(
        request,
        "servicedesk/survey_new.html",
        {"values": values, "error": error, "scales": SurveyScale.choices},
    )


@project_view(VIEW)
@object_view(SurveyCampaign)
def survey_detail(request, pk: int):
    campaign = _campaign(request, pk)
    report = services.report(campaign)
    recent = (
        SurveyResponse.objects.for_user(request.user)
        .filter(campaign=campaign)
        .select_related("unit__building", "recorded_by")[:20]
    )
    return render(
        request,
        "servicedesk/survey_detail.html",
        {
            "r": report,
            "campaign": campaign,
            "recent": recent,
            "methods": [m for m in SurveyMethod.choices if m[0] != SurveyMethod.PORTAL],
            # What the campaign's lifecycle lets this user do now: open it, close it.
            "survey_moves": {m.name for m in lifecycle.allowed_moves(campaign, request.user)},
            "can_edit_questions": permissions.can_edit_questionnaire(request.user, campaign),
            "can_record_answers": permissions.can_record_answers(request.user, campaign),
            "can_analyse": permissions.can_analyse_survey(request.user, campaign),
            "chart": [
                {"name": f"{q['question'].position}", "index": q["index"], "rate": q["satisfaction_rate"]}
                for q in report["questions"]
            ],
        },
    )


@project_view(RUN)
@object_view(SurveyCampaign)
@require_POST
def survey_action(request, pk: int):
    campaign = _campaign(request, pk, perm=RUN)
    action = request.POST.get("action")
    if action == "open":
        _run(
            request,
            lambda: services.open_campaign(campaign=campaign, actor=request.user),
            _("Survey opened."),
        )
    elif action == "close":
        _run(
            request,
            lambda: services.close_campaign(campaign=campaign, actor=request.user),
            _("Survey closed."),
        )
    elif action == "questions":
        _run(
            request,
            lambda: services.set_questions(
                campaign=campaign,
                actor=request.user,
                questions=request.POST.get("questions", "").splitlines(),
            ),
            _("Questionnaire saved."),
        )
    return _back(campaign)


@project_view(VIEW)
@object_view(SurveyCampaign)
@require_POST
def survey_analysis(request, pk: int):
    campaign = _campaign(request, pk)
    _run(
        request,
        lambda: services.write_analysis(
            campaign=campaign, actor=request.user, text=request.POST.get("analysis", "")
        ),
        _("Analysis saved."),
    )
    return _back(campaign)


@project_view(RUN)
@object_view(SurveyCampaign)
@require_POST
def survey_respond(request, pk: int):
    campaign = _campaign(request, pk, perm=RUN)
    post = request.POST

    def go():
        unit = find_unit(campaign.project, post.get("unit_label", "").strip(), user=request.user)
        if unit is None:
            raise ServiceError(_("No such room in this project."), field="unit")
        answers = {
            key.removeprefix("q"): value
            for key, value in post.items()
            if key.startswith("q") and key[1:].isdigit()
        }
        services.record_response(
            campaign=campaign,
            unit=unit,
            method=post.get("method", ""),
            answers=answers,
            actor=request.user,
            respondent=post.get("respondent", ""),
            comment=post.get("comment", ""),
        )

    _run(request, go, _("Answers recorded."))
    return _back(campaign)


@project_view(VIEW)
@object_view(SurveyCampaign)
def survey_pdf(request, pk: int):
    """满意度调查分析报告 as a PDF (A4, Chinese)."""
    from weasyprint import HTML  # noqa: PLC0415  (WeasyPrint takes seconds to import; only this page needs it)

    campaign = _campaign(request, pk)
    html = render_to_string(
        "servicedesk/pdf/survey_report.html",
        {"r": services.report(campaign), "project": campaign.project, "printed_at": timezone.localtime()},
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="survey-{campaign.pk}.pdf"'
    return response


@project_view(VIEW)
@object_view(SurveyCampaign)
def survey_export(request, pk: int):
    """Every response with its answers, one row per unit, plus the summary sheet."""
    campaign = _campaign(request, pk)
    report = services.report(campaign)
    labels = dict(report["value_labels"])
    questions = [q["question"] for q in report["questions"]]
    wb = Workbook()
    ws = wb.active
    ws.title = _("Survey summary")
    ws.append([campaign.title])
    ws["A1"].font = Font(bold=True, size=13)
    occupied, responded = _("Occupied units"), _("Units answered")
    coverage, index, rate = _("Coverage (%)"), _("Satisfaction index"), _("Satisfaction rate (%)")
    ws.append([occupied, report["occupied"], responded, report["responded"], coverage, report["coverage"]])
    ws.append([index, report["index"], rate, report["satisfaction_rate"]])
    ws.append([])
    ws.append(
        [
            _("Item no."),
            _("Survey question"),
            _("Number of answers"),
            index,
            rate,
        ]
        + [labels[v] for v, _l in report["value_labels"]]
    )
    for q in report["questions"]:
        ws.append(
            [q["question"].position, q["question"].text, q["n"], q["index"], q["satisfaction_rate"]]
            + [n for _v, n in q["distribution"]]
        )
    ws.append([])
    ws.append([_("Building"), occupied, responded, coverage, index, rate])
    for b in report["buildings"]:
        ws.append(
            [b["name"], b["occupied"], b["responded"], b["coverage"], b["index"], b["satisfaction_rate"]]
        )
    ws.column_dimensions["B"].width = 36

    detail = wb.create_sheet(_("Questionnaire details"))
    detail.append(
        [
            _("Room"),
            _("Respondent"),
            _("Survey method"),
            _("Entered by"),
            _("Recorded at"),
        ]
        + [f"{q.position}. {q.text}" for q in questions]
        + [_("Opinions and suggestions")]
    )
    for cell in detail[1]:
        cell.font = Font(bold=True)
    answers: dict[int, dict[int, int]] = {}
    for response_id, question_id, value in SurveyAnswer.objects.filter(
        response__campaign=campaign
    ).values_list("response_id", "question_id", "value"):
        answers.setdefault(response_id, {})[question_id] = value
    methods = dict(SurveyMethod.choices)
    for resp in (
        SurveyResponse.objects.filter(campaign=campaign)
        .select_related("unit__building", "recorded_by")
        .order_by(*unit_order("unit__"))
    ):
        got = answers.get(resp.pk, {})
        detail.append(
            [
                resp.unit.label,
                resp.respondent,
                str(methods.get(resp.method, resp.method)),
                str(resp.recorded_by),
                timezone.localtime(resp.recorded_at).strftime("%Y-%m-%d %H:%M"),
            ]
            + [labels.get(got.get(q.pk), "") for q in questions]
            + [resp.comment]
        )
    out = io.BytesIO()
    wb.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="survey-{campaign.pk}.xlsx"'
    return response
