"""Billing runs (计费): one project's bills for one month, made in batches of units."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.models import Project, ProjectScopedQuerySet

from ..choices import RunStatus


class BillingRun(models.Model):
    """计费: one project's bills for one month, made in batches of units (`BillingRunBatch`).

    When the run starts or resumes, the units after `last_unit_id` are planned into batches
    and `last_unit_id` moves to the last unit planned: every unit up to it belongs to a batch.
    Each batch's bills, its done mark and the run's `processed_units` are committed together,
    so a run stopped at any point resumes with the batches not yet done.
    """

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    period = models.DateField(_("period"), help_text=_("The first day of the billed month."))
    status = models.CharField(
        _("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.PENDING
    )
    total_units = models.PositiveIntegerField(_("units"), default=0)
    processed_units = models.PositiveIntegerField(_("processed units"), default=0)
    last_unit_id = models.BigIntegerField(default=0)  # the last unit planned into a batch (see above)
    lines_created = models.PositiveIntegerField(_("bill lines created"), default=0)
    error = models.TextField(_("error"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("started by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("billing run")
        verbose_name_plural = _("billing runs")
        ordering = ["project_id", "-created_at"]
        indexes = [models.Index(fields=["project", "period"])]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m}"

    @property
    def is_working(self) -> bool:
        return self.status in (RunStatus.PENDING, RunStatus.RUNNING)

    @property
    def is_done(self) -> bool:
        return self.status == RunStatus.DONE

    @property
    def has_failed(self) -> bool:
        """Interrupted: starting it again resumes."""
        return self.status == RunStatus.FAILED

    @property
    def percent(self) -> int:
        if self.status == RunStatus.DONE:
            return 100
        if not self.total_units:
            return 0
        return min(100, self.processed_units * 100 // self.total_units)


class BillingRunBatch(models.Model):
    """One batch of a billing run: the project's units with id in [first_unit_id, last_unit_id].

    Job progress, not money: planned once when the run starts (or resumes), claimed by one
    worker at a time (`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL), and marked done in the
    same transaction as its bills. A batch whose transaction died is simply not done.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+", db_index=False)
    run = models.ForeignKey(BillingRun, on_delete=models.CASCADE, related_name="batches")
    first_unit_id = models.BigIntegerField()
    last_unit_id = models.BigIntegerField()
    units = models.PositiveIntegerField()
    done_at = models.DateTimeField(null=True, blank=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "run", "first_unit_id"], name="runbatch_one_per_start")
        ]
        indexes = [
            # What workers claim: the run's batches not yet done, in unit order.
            models.Index(
                fields=["run", "first_unit_id"],
                condition=models.Q(done_at__isnull=True),
                name="runbatch_undone",
            )
        ]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.first_unit_id}–{self.last_unit_id}"
