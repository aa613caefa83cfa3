"""Satisfaction survey campaigns (满意度调查, SPEC §2.4): twice a year, at least 95% of occupied units.

Formulas (docs/servicedesk.md):
- coverage = units that answered ÷ occupied units (registry status occupied or rented), target 95%;
- satisfaction index = the mean of every answer's points on 0–100 (满意 100, 基本满意 60, 不满意 0; on the
  1–5 scale 5→100, 4→75, 3→50, 2→25, 1→0);
- satisfaction rate = answers 满意 or 基本满意 (4 or 5 on the 1–5 scale) ÷ all answers, target 95%.

A campaign goes draft → open → closed by its lifecycle moves (transitions.SURVEY_CAMPAIGN), each with
its status event.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from propdesk.core import lifecycle
from propdesk.core.access import has_project_perm
from propdesk.core.audit import acting_as
from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.core.models import Project, User
from propdesk.registry.models import Unit
from propdesk.registry.models.core import building_order

from .. import permissions
from ..defaults import DEFAULT_QUESTIONS
from ..models import (
    SurveyAnswer,
    SurveyCampaign,
    SurveyMethod,
    SurveyQuestion,
    SurveyResponse,
    SurveyScale,
    SurveyState,
)
from ..models.surveys import SATISFIED_MIN, SCORE_POINTS, THREE_LABELS

SURVEY_PERM = permissions.SURVEY_PERM
OCCUPIED = ("occupied", "rented")


def occupied_units(project: Project) -> int:
    return Unit.objects.filter(project=project, status__in=OCCUPIED).count()


def _require(actor, project):
    if not has_project_perm(actor, project, SURVEY_PERM):
        raise AccessDenied(_("You do not run satisfaction surveys in this project."))


@transaction.atomic
def create_campaign(
    *,
    project: Project,
    actor: User,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    scale: str = SurveyScale.THREE,
    questions: list[str] | None = None,
) -> SurveyCampaign:
    _require(actor, project)
    if not title.strip():
        raise ServiceError(_("Give the survey a title."), field="title")
    if ends_on < starts_on:
        raise ServiceError(_("The survey ends before it starts."), field="ends_on")
    if scale not in SurveyScale.values:
        raise ServiceError(_("Unknown answer scale."), field="scale")
    texts = [q.strip() for q in (questions if questions is not None else DEFAULT_QUESTIONS) if q.strip()]
    if not texts:
        raise ServiceError(_("The questionnaire needs at least one question."), field="questions")
    with acting_as(actor):
        campaign = SurveyCampaign.objects.create(
            project=project,
            title=title.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            scale=scale,
            created_by=actor,
        )
        SurveyQuestion.objects.bulk_create(
            [
                SurveyQuestion(project=project, campaign=campaign, position=i, text=t)
                for i, t in enumerate(texts, 1)
            ]
        )
        lifecycle.record_created(campaign, actor=actor)
    return campaign


@transaction.atomic
def set_questions(*, campaign: SurveyCampaign, actor: User, questions: list[str]) -> None:
    campaign = SurveyCampaign.objects.select_for_update().get(pk=campaign.pk)
    _require(actor, campaign.project)
    if campaign.state != SurveyState.DRAFT:
        raise ServiceError(_("The questions can only be changed before the survey opens."), field="questions")
    texts = [q.strip() for q in questions if q.strip()]
    if not texts:
        raise ServiceError(_("The questionnaire needs at least one question."), field="questions")
    with acting_as(actor):
        campaign.questions.all().delete()
        SurveyQuestion.objects.bulk_create(
            [
                SurveyQuestion(project_id=campaign.project_id, campaign=campaign, position=i, text=t)
                for i, t in enumerate(texts, 1)
            ]
        )


@transaction.atomic
def open_campaign(*, campaign: SurveyCampaign, actor: User) -> SurveyCampaign:
    campaign = SurveyCampaign.objects.select_for_update().get(pk=campaign.pk)
    if not permissions.can_run_survey(actor, campaign):
        raise AccessDenied(_("You do not run satisfaction surveys in this project."))
    if campaign.state != SurveyState.DRAFT:
        raise ServiceError(_("The survey is already open or closed."), field="state")
    now = timezone.now()
    return lifecycle.move(
        campaign,
        to=SurveyState.OPEN,
        actor=actor,
        at=now,
        locked=True,
        opened_at=now,
        occupied_units=occupied_units(campaign.project),
    )


@transaction.atomic
def close_campaign(*, campaign: SurveyCampaign, actor: User) -> SurveyCampaign:
    campaign = SurveyCampaign.objects.select_for_update().get(pk=campaign.pk)
    if not permissions.can_run_survey(actor, campaign):
        raise AccessDenied(_("You do not run satisfaction surveys in this project."))
    if campaign.state != SurveyState.OPEN:
        raise ServiceError(_("The survey is not open."), field="state")
    now = timezone.now()
    return lifecycle.move(
        campaign,
        to=SurveyState.CLOSED,
        actor=actor,
        at=now,
        locked=True,
        closed_at=now,
        occupied_units=occupied_units(campaign.project),
    )


def write_analysis(*, campaign: SurveyCampaign, actor: User, text: str) -> SurveyCampaign:
    """The CS supervisor's analysis report (满意度调查分析报告)."""
    if not has_project_perm(actor, campaign.project, "servicedesk.decide_complaint"):
        raise AccessDenied(_("The customer service supervisor writes the survey analysis."))
    if campaign.state == SurveyState.DRAFT:
        raise ServiceError(_("The survey has not started yet."), field="analysis")
    if not text.strip():
        raise ServiceError(_("Write the analysis."), field="analysis")
    with acting_as(actor):
        campaign.analysis, campaign.analysis_by, campaign.analysis_at = text.strip(), actor, timezone.now()
        campaign.save(update_fields=["analysis", "analysis_by", "analysis_at"])
    return campaign


def _allowed_values(scale: str) -> set[int]:
    return set(SCORE_POINTS[scale])


@transaction.atomic
def record_response(
    *,
    campaign: SurveyCampaign,
    unit,
    method: str,
    answers: dict[int, int],
    actor: User,
    respondent: str = "",
    comment: str = "",
    as_owner: bool = False,
) -> SurveyResponse:
    """One unit's answers. `answers` maps question id → value (3 满意, 2 基本满意, 1 不满意; or 1–5)."""
    campaign = SurveyCampaign.objects.select_for_update().get(pk=campaign.pk)
    if not as_owner:
        _require(actor, campaign.project)
        if method == SurveyMethod.PORTAL:
            raise ServiceError(_("Portal answers come from the owners themselves."), field="method")
    if campaign.state != SurveyState.OPEN:
        raise ServiceError(_("The survey is not open."), field="campaign")
    if unit is None or unit.project_id != campaign.project_id:
        raise ServiceError(_("Choose a unit of this project."), field="unit")
    if method not in SurveyMethod.values:
        raise ServiceError(_("Unknown survey method."), field="method")
    questions = {q.pk: q for q in campaign.questions.all()}
    answers = {int(k): int(v) for k, v in answers.items() if v not in (None, "")}
    if set(answers) - set(questions):
        raise ServiceError(_("An answer belongs to another questionnaire."), field="answers")
    missing = [q.position for q in questions.values() if q.pk not in answers]
    if missing:
        raise ServiceError(
            _("Answer every question (missing: %(numbers)s).")
            % {"numbers": _(", ").join(map(str, sorted(missing)))},
            field="answers",
        )
    allowed = _allowed_values(campaign.scale)
    if any(v not in allowed for v in answers.values()):
        raise ServiceError(_("An answer is outside the scale."), field="answers")
    if SurveyResponse.objects.filter(campaign=campaign, unit=unit).exists():
        raise ServiceError(_("This unit has already answered the survey."), field="unit")
    with acting_as(actor):
        try:
            with transaction.atomic():
                response = SurveyResponse.objects.create(
                    project_id=campaign.project_id,
                    campaign=campaign,
                    unit=unit,
                    respondent=respondent.strip(),
                    method=method,
                    comment=comment.strip(),
                    recorded_by=actor,
                    recorded_at=timezone.now(),
                )
        except IntegrityError:
            raise ServiceError(_("This unit has already answered the survey."), field="unit") from None
        SurveyAnswer.objects.bulk_create(
            [
                SurveyAnswer(project_id=campaign.project_id, response=response, question_id=qid, value=value)
                for qid, value in answers.items()
            ]
        )
    return response


# --- report -----------------------------------------------------------------------


def _points(scale: str):
    return Case(
        *[When(value=v, then=Value(p)) for v, p in SCORE_POINTS[scale].items()],
        default=Value(0),
        output_field=IntegerField(),
    )


def report(campaign: SurveyCampaign) -> dict:
    """Coverage, satisfaction index and rate; per question (with the answer distribution) and per building.
    Four queries whatever the number of answers."""

    scale = campaign.scale
    values = sorted(SCORE_POINTS[scale], reverse=True)
    sat_min = SATISFIED_MIN[scale]
    answers = SurveyAnswer.objects.filter(response__campaign=campaign)
    occupied = (
        campaign.occupied_units if campaign.state == SurveyState.CLOSED else occupied_units(campaign.project)
    )
    per_question = {
        row["question_id"]: row
        for row in answers.values("question_id").annotate(
            n=Count("id"),
            points=Sum(_points(scale)),
            satisfied=Count("id", filter=Q(value__gte=sat_min)),
            **{f"v{v}": Count("id", filter=Q(value=v)) for v in values},
        )
    }
    questions = []
    total_n = total_points = total_satisfied = 0
    for q in campaign.questions.all():
        row = per_question.get(q.pk, {"n": 0, "points": 0, "satisfied": 0} | {f"v{v}": 0 for v in values})
        n = row["n"]
        total_n += n
        total_points += row["points"] or 0
        total_satisfied += row["satisfied"]
        questions.append(
            {
                "question": q,
                "n": n,
                "index": round((row["points"] or 0) / n, 1) if n else None,
                "satisfaction_rate": round(100.0 * row["satisfied"] / n, 1) if n else None,
                "distribution": [(v, row[f"v{v}"]) for v in values],
            }
        )
    responded = SurveyResponse.objects.filter(campaign=campaign).count()
    by_building_answers = {
        row["response__unit__building_id"]: row
        for row in answers.values("response__unit__building_id").annotate(
            n=Count("id"),
            points=Sum(_points(scale)),
            units=Count("response__unit_id", distinct=True),
            satisfied=Count("id", filter=Q(value__gte=sat_min)),
        )
    }
    buildings = []
    for row in (
        Unit.objects.filter(project=campaign.project, status__in=OCCUPIED)
        .values(
            "building_id", "building__name", "building__sort_order", "building__sort_key", "building__code"
        )
        .annotate(occupied=Count("id"))
        .order_by(*building_order("building__"))
    ):
        a = by_building_answers.get(row["building_id"], {"n": 0, "points": 0, "units": 0, "satisfied": 0})
        buildings.append(
            {
                "name": row["building__name"],
                "occupied": row["occupied"],
                "responded": a["units"],
                "coverage": round(100.0 * a["units"] / row["occupied"], 1) if row["occupied"] else None,
                "index": round((a["points"] or 0) / a["n"], 1) if a["n"] else None,
                "satisfaction_rate": round(100.0 * a["satisfied"] / a["n"], 1) if a["n"] else None,
            }
        )
    coverage = round(100.0 * responded / occupied, 1) if occupied else None
    return {
        "campaign": campaign,
        "occupied": occupied,
        "responded": responded,
        "coverage": coverage,
        "coverage_target": float(campaign.coverage_target),
        "coverage_met": coverage is not None and coverage >= float(campaign.coverage_target),
        "index": round(total_points / total_n, 1) if total_n else None,
        "satisfaction_rate": round(100.0 * total_satisfied / total_n, 1) if total_n else None,
        "satisfaction_met": bool(total_n) and 100.0 * total_satisfied / total_n >= 95.0,
        "questions": questions,
        "buildings": buildings,
        "value_labels": value_labels(scale),
    }


def value_labels(scale: str) -> list[tuple[int, str]]:
    values = sorted(SCORE_POINTS[scale], reverse=True)
    if scale == SurveyScale.THREE:
        return [(v, str(THREE_LABELS[v])) for v in values]
    return [(v, ngettext("%(score)d point", "%(score)d points", v) % {"score": v}) for v in values]
