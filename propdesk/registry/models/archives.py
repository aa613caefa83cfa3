"""业主档案管理: archive files per unit or party, their documents, and who consulted or borrowed them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.models import Project, ProjectScopedQuerySet, history

from ..choices import DocumentType, LoanKind, LoanStatus
from .core import Party, Unit


class ArchiveFile(models.Model):
    """档案袋: one file per unit or per party under a catalogue number."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    catalogue_number = models.CharField(_("catalogue number"), max_length=30)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="archive_files",
        verbose_name=_("unit"),
    )
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="archive_files",
        verbose_name=_("party"),
    )
    title = models.CharField(_("title"), max_length=100)
    location = models.CharField(_("shelf location"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("archive file")
        verbose_name_plural = _("archive files")
        ordering = ["project_id", "catalogue_number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "catalogue_number"], name="archive_catalogue_unique"),
            models.CheckConstraint(
                condition=models.Q(unit__isnull=False, party__isnull=True)
                | models.Q(unit__isnull=True, party__isnull=False),
                name="archive_file_of_unit_or_party",
            ),
        ]
        permissions = [("approve_archiveloan", "Approve consulting and lending of archive files")]

    def __str__(self) -> str:
        return f"{self.catalogue_number} {self.title}"


def _document_path(instance, filename: str) -> str:
    return f"archives/{instance.project_id}/{instance.archive_file_id}/{filename}"


class ArchiveDocument(models.Model):
    """One uploaded document in an archive file (ID copy, contract, handover record …)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    archive_file = models.ForeignKey(
        ArchiveFile, on_delete=models.PROTECT, related_name="documents", verbose_name=_("archive file")
    )
    doc_type = models.CharField(_("document type"), max_length=20, choices=DocumentType.choices)
    title = models.CharField(_("title"), max_length=100)
    file = models.FileField(_("file"), upload_to=_document_path, max_length=255)
    size = models.PositiveIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded"))

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("archive document")
        verbose_name_plural = _("archive documents")
        ordering = ["archive_file_id", "doc_type", "-uploaded_at"]

    def __str__(self) -> str:
        return self.title


class ArchiveLoan(models.Model):
    """查阅 / 外借: a request to consult or borrow a file, its approval, due date and return."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    archive_file = models.ForeignKey(
        ArchiveFile, on_delete=models.PROTECT, related_name="loans", verbose_name=_("archive file")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=LoanKind.choices)
    requester = models.CharField(_("requester"), max_length=50)
    requester_department = models.CharField(_("department"), max_length=50, blank=True)
    reason = models.CharField(_("reason"), max_length=200)
    due_on = models.DateField(_("due back"), null=True, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=LoanStatus.choices, default=LoanStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    requested_at = models.DateTimeField(_("requested"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("archive loan")
        verbose_name_plural = _("archive loans")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["project", "status", "due_on"], name="loan_overdue_idx")]

    def __str__(self) -> str:
        return f"{self.archive_file_id} {self.kind} {self.requester}"


class ArchiveLoanEvent(models.Model):
    """A loan's status change (append-only)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    loan = models.ForeignKey(
        ArchiveLoan, on_delete=models.CASCADE, related_name="events", verbose_name=_("loan")
    )
    from_status = models.CharField(_("from status"), max_length=20, choices=LoanStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, choices=LoanStatus.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("time"))

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("archive loan event")
        verbose_name_plural = _("archive loan events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.loan_id}: {self.from_status} → {self.to_status}"
