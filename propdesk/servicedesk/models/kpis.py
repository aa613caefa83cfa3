"""Daily KPI roll-ups (kpis.py): exact per-day counts, a dirty-day log the database keeps, a lock row.

A day's counts (`KpiCount`) are trusted only while the day has a `KpiDay` row and no `KpiDirty` row.
Database triggers (kpi_triggers.py) append a `KpiDirty` row for every (project, UTC day) whose figures a
write can change, in the same transaction as the write, whatever wrote it (services, admin, raw SQL).
`services.kpi_rollups.refresh()` rebuilds dirty and missing days and consumes only the dirty rows it read first.
"""

from __future__ import annotations

from django.db import models

from propdesk.core.models import Project


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
