"""Heating stop applications (办理停止供暖), SPEC §7 Heating.

An owner (or staff for them) applies before the project's cut-off to stop heating for a season
(the season starting in November of `season`). Once approved, the billing run charges that
season's heating (seasonal items) at the project's base-fee percentage instead of in full
(`HeatingStopRule`, data per project; seeded at 30 % with a 15 October cut-off).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.models import Project, ProjectScopedQuerySet, history

from ..choices import HeatingStopStatus


class HeatingStopRule(models.Model):
    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    base_fee_percent = models.DecimalField(
        _("base fee (% of the heating fee)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("30.00"),
        help_text=_("What a unit that stopped heating still pays (the base fee), as a percentage."),
    )
    cutoff_month = models.PositiveSmallIntegerField(_("cut-off month"), default=10)
    cutoff_day = models.PositiveSmallIntegerField(_("cut-off day"), default=15)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("heating stop rule")
        verbose_name_plural = _("heating stop rules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(base_fee_percent__gte=0, base_fee_percent__lte=100),
                name="heating_percent_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.base_fee_percent}%"


class HeatingStopApplication(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    unit = models.ForeignKey(
        "registry.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    season = models.PositiveSmallIntegerField(_("heating season"), help_text=_("The year the season starts."))
    applicant_name = models.CharField(_("applicant"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=HeatingStopStatus.choices, default=HeatingStopStatus.PENDING
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("applied by")
    )
    applied_at = models.DateTimeField(_("applied"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    comment = models.CharField(_("comment"), max_length=200, blank=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("heating stop application")
        verbose_name_plural = _("heating stop applications")
        ordering = ["project_id", "-applied_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "unit", "season"],
                condition=~models.Q(status="rejected"),
                name="heatingstop_once_per_season",
            )
        ]
        permissions = [("approve_heatingstopapplication", "Approve heating stop applications")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.season}"

    @property
    def season_label(self) -> str:
        return f"{self.season}–{self.season + 1}"


def season_of(period) -> int:
    """The heating season a month belongs to: November–March → the year it started in."""
    return period.year if period.month >= 7 else period.year - 1
