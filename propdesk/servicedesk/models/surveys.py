"""Satisfaction survey campaigns (满意度调查, SPEC §2.4): twice a year, reaching at least 95% of occupied units.

A campaign carries its questionnaire as data (questions copied from the default questionnaire and
editable while the campaign is a draft). Each occupied unit answers once (door visit, phone, paper or
the owner portal). Coverage = units answered ÷ occupied units; the satisfaction index is the mean score
of all answers on a 0–100 scale (see `SCORE_POINTS` and docs/servicedesk.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.models import Project, ProjectScopedQuerySet, StatusEvent, history

from ..choices import SurveyMethod, SurveyScale, SurveyState

# Answer value → points on 0–100. Three-level: 3 满意, 2 基本满意, 1 不满意.
SCORE_POINTS = {
    SurveyScale.THREE: {3: 100, 2: 60, 1: 0},
    SurveyScale.FIVE: {5: 100, 4: 75, 3: 50, 2: 25, 1: 0},
}
# Answers that count as satisfied for the satisfaction rate (target 95%).
SATISFIED_MIN = {SurveyScale.THREE: 2, SurveyScale.FIVE: 4}
THREE_LABELS = {3: _("Satisfied"), 2: _("Basically satisfied"), 1: _("Unsatisfied")}


class SurveyCampaign(models.Model):
    """满意度调查: one half-year campaign of one project."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="survey_campaigns", verbose_name=_("project")
    )
    title = models.CharField(_("title"), max_length=100)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    scale = models.CharField(
        _("answer scale"), max_length=10, choices=SurveyScale.choices, default=SurveyScale.THREE
    )
    state = models.CharField(
        _("state"), max_length=10, choices=SurveyState.choices, default=SurveyState.DRAFT
    )
    occupied_units = models.PositiveIntegerField(
        _("occupied units"),
        default=0,
        help_text=_("Counted when the campaign opens and again when it closes."),
    )
    coverage_target = models.DecimalField(
        _("coverage target (%)"), max_digits=5, decimal_places=1, default=95
    )
    analysis = models.TextField(_("analysis"), blank=True)
    analysis_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("analysis by"),
    )
    analysis_at = models.DateTimeField(_("analysis written at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["project", "ends_on"])]
        permissions = [
            ("run_survey", "Run satisfaction surveys and record answers"),
            ("view_kpis", "See the service desk's KPIs"),
        ]

    def __str__(self) -> str:
        return self.title


class SurveyQuestion(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(
        SurveyCampaign, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey")
    )
    position = models.PositiveSmallIntegerField(_("number"), default=1)
    text = models.CharField(_("question"), max_length=200)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["campaign_id", "position", "id"]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"


class SurveyResponse(models.Model):
    """One unit's answers. A unit answers a campaign once."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(
        SurveyCampaign, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey")
    )
    unit = models.ForeignKey(
        "registry.Unit", on_delete=models.PROTECT, related_name="survey_responses", verbose_name=_("unit")
    )
    respondent = models.CharField(_("respondent"), max_length=50, blank=True)
    method = models.CharField(_("how answered"), max_length=20, choices=SurveyMethod.choices)
    comment = models.TextField(_("opinions and suggestions"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "campaign", "unit"], name="survey_one_response_per_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} · {self.unit_id}"


class SurveyAnswer(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField(_("answer"))

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="survey_one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.value}"


class SurveyCampaignEvent(StatusEvent):
    """A survey campaign's status change (draft → open → closed), written by `core.lifecycle`;
    append-only (immutable triggers from migration 0013)."""

    campaign = models.ForeignKey(
        SurveyCampaign, on_delete=models.PROTECT, related_name="events", verbose_name=_("satisfaction survey")
    )

    class Meta(StatusEvent.Meta):
        verbose_name = _("survey status event")
        verbose_name_plural = _("survey status events")
        indexes = [models.Index(fields=["campaign", "at"])]
