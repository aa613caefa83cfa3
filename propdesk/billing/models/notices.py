"""A batch of printed notices for one building, made in the background and downloaded when ready."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.models import Project, ProjectScopedQuerySet

from ..choices import BatchStatus


class NoticeBatch(models.Model):
    """催缴/缴费通知单批量打印: one PDF, one page per unit of the building that has something to pay."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    building = models.ForeignKey(
        "registry.Building", on_delete=models.PROTECT, related_name="+", verbose_name=_("building")
    )
    kind = models.CharField(_("kind"), max_length=20)
    status = models.CharField(
        _("status"), max_length=20, choices=BatchStatus.choices, default=BatchStatus.PENDING
    )
    pages = models.PositiveIntegerField(_("pages"), default=0)
    seconds = models.FloatField(_("seconds"), null=True, blank=True)
    content = models.BinaryField(editable=False, null=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice batch")
        verbose_name_plural = _("notice batches")
        ordering = ["project_id", "-created_at"]

    def __str__(self) -> str:
        return f"{self.building_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_waiting(self) -> bool:
        return self.status == BatchStatus.PENDING

    @property
    def is_ready(self) -> bool:
        return self.status == BatchStatus.DONE

    @property
    def has_failed(self) -> bool:
        return self.status == BatchStatus.FAILED
