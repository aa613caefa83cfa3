"""An Excel import: the uploaded file, its row-by-row report and the progress of the task."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.models import Project, ProjectScopedQuerySet

from ..choices import ImportKind, ImportStatus


def _import_path(instance, filename: str) -> str:
    return f"imports/{instance.project_id}/{filename}"


class ImportJob(models.Model):
    """One uploaded workbook. The task validates every row, then (on request) imports."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    file = models.FileField(_("file"), upload_to=_import_path, max_length=255)
    filename = models.CharField(_("file name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.VALIDATING
    )
    valid_only = models.BooleanField(_("import the valid rows only"), default=False)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    bad_rows = models.PositiveIntegerField(_("rows with problems"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    created = models.PositiveIntegerField(_("rows created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    message = models.TextField(_("message"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]
        permissions = [("export_registry", "Export units and owners to Excel")]

    def __str__(self) -> str:
        return self.filename

    @property
    def running(self) -> bool:
        return self.status in (ImportStatus.VALIDATING, ImportStatus.IMPORTING)

    @property
    def ready_to_import(self) -> bool:
        return self.status == ImportStatus.VALID

    @property
    def has_problems(self) -> bool:
        return self.status == ImportStatus.INVALID

    @property
    def is_done(self) -> bool:
        return self.status == ImportStatus.DONE

    @property
    def has_failed(self) -> bool:
        return self.status == ImportStatus.FAILED

    @property
    def percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0
