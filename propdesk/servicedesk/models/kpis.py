"""Daily KPI roll-ups (kpis.py): exact per-day counts, a dirty-day log the database keeps, a lock row.

A day's counts (`KpiCount`) are trusted only while the day has a `KpiDay` row and no `KpiDirty` row.
Database triggers (kpi_triggers.py) append a `KpiDirty` row for every (project, UTC day) whose figures a
write can change, in the same transaction as the write, whatever wrote it (services, admin, raw SQL).
`services.kpi_rollups.refresh()` rebuilds dirty and missing days and consumes only the dirty rows it read first.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.models import Company, Project, ProjectScopedQuerySet, history

from ..choices import KpiCode


class KpiState(models.Model):
    """One row per project: refreshes lock it, so two never rebuild the same days at once."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="+")
    refreshed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.project_id}: {self.refreshed_at}"


class KpiDay(models.Model):
    """The counts of this (project, UTC day) are in KpiCount (rows with zero are left out)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    built_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "day"], name="kpi_day_unique")]

    def __str__(self) -> str:
        return f"{self.project_id} {self.day}"


class KpiCount(models.Model):
    """One figure of one day, e.g. `req|repair|phone`, `clk|arrive|12|met`, `cbr|called` (kpis.py)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    code = models.CharField(max_length=80)
    n = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "day", "code"], name="kpi_count_unique")]

    def __str__(self) -> str:
        return f"{self.project_id} {self.day} {self.code}={self.n}"


class KpiDirty(models.Model):
    """Appended by database triggers (no unique constraint: concurrent writers never wait on it)."""

    project_id = models.BigIntegerField()
    day = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["project_id", "day"], name="kpi_dirty_day")]

    def __str__(self) -> str:
        return f"{self.project_id} {self.day}"


class KpiTargetQuerySet(models.QuerySet):
    def for_user(self, user):
        """The defaults of the user's companies and the targets of the user's projects."""
        from propdesk.core.access import visible_company_ids, visible_project_ids  # noqa: PLC0415  (access imports core models)

        return self.filter(company_id__in=visible_company_ids(user)).filter(
            models.Q(project__isnull=True) | models.Q(project_id__in=visible_project_ids(user))
        )


class KpiTarget(models.Model):
    """考核指标: one KPI's target in percent, the company's default (no project) or one project's own,
    from a day on. The KPI page takes, for the period's last day, the project's latest row on or
    before it, else the company's, else the seed documents' value (`kpi_targets.SEED_TARGETS`)."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="+", verbose_name=_("company")
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("project"),
        help_text=_("Blank: the company's default for every project without its own target."),
    )
    code = models.CharField(_("indicator"), max_length=40, choices=KpiCode.choices)
    target = models.DecimalField(
        _("target (%)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    effective_from = models.DateField(_("effective from"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = KpiTargetQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("KPI target")
        verbose_name_plural = _("KPI targets")
        ordering = ["company", "project", "code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "project", "code", "effective_from"],
                condition=models.Q(project__isnull=False),
                name="kpi_target_project_unique",
            ),
            models.UniqueConstraint(
                fields=["company", "code", "effective_from"],
                condition=models.Q(project__isnull=True),
                name="kpi_target_company_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()} {self.target}% ({self.effective_from})"


class KpiSettings(models.Model):
    """How one project counts its KPIs."""

    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    fair_counts_as_satisfied = models.BooleanField(
        _("“fair” counts as satisfied"),
        default=False,
        help_text=_("Whether a callback answered “fair” counts towards the satisfaction rate."),
    )

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("KPI settings")
        verbose_name_plural = _("KPI settings")

    def __str__(self) -> str:
        return str(self.project)
