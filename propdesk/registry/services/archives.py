"""业主档案管理: open a file, add documents, and log consulting and lending (查阅 / 外借)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core import lifecycle, uploads
from propdesk.core.audit import acting_as
from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.core.models import Project

from ..choices import DocumentType, LoanKind, LoanStatus
from ..models import ArchiveDocument, ArchiveFile, ArchiveLoan, Party, Unit

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


def _next_catalogue_number(project: Project, today: dt.date) -> str:
    # The project row is locked by the caller, so two clerks never get the same number.
    prefix = f"DA{today:%Y}-"
    last = (
        ArchiveFile.objects.filter(project=project, catalogue_number__startswith=prefix)
        .order_by("-catalogue_number")
        .values_list("catalogue_number", flat=True)
        .first()
    )
    seq = int(last[len(prefix) :]) + 1 if last and last[len(prefix) :].isdigit() else 1
    return f"{prefix}{seq:05d}"


@transaction.atomic
def open_archive_file(
    *,
    project: Project,
    unit: Unit | None = None,
    party: Party | None = None,
    title: str = "",
    location: str = "",
    catalogue_number: str = "",
    actor,
) -> ArchiveFile:
    """An archive file for one unit or one party, numbered DA2026-00001 unless a number is given."""
    if (unit is None) == (party is None):
        raise ServiceError(_("An archive file belongs to exactly one unit or one party."), field="unit")
    owner = unit or party
    if owner.project_id != project.pk:
        raise ServiceError(_("The unit or party is not in this project."), field="unit")
    Project.objects.select_for_update().filter(pk=project.pk).first()
    catalogue_number = catalogue_number.strip() or _next_catalogue_number(project, timezone.localdate())
    if ArchiveFile.objects.filter(project=project, catalogue_number=catalogue_number).exists():
        raise ServiceError(
            _("Catalogue number %(number)s already exists.") % {"number": catalogue_number},
            field="catalogue_number",
        )
    if not title:
        if unit:
            title = _("Unit file %(unit)s") % {"unit": unit.label}
        else:
            title = _("Party file %(name)s") % {"name": party.name}
    with acting_as(actor):
        return ArchiveFile.objects.create(
            project=project,
            unit=unit,
            party=party,
            title=title,
            location=location,
            catalogue_number=catalogue_number,
        )


@transaction.atomic
def add_document(
    *, archive_file: ArchiveFile, doc_type: str, upload, title: str = "", actor
) -> ArchiveDocument:
    if doc_type not in DocumentType.values:
        raise ServiceError(_("Choose the document type."), field="doc_type")
    uploads.check_upload(
        upload,
        field="file",
        accept=uploads.IMAGE | uploads.PDF | uploads.SCAN | uploads.OFFICE,
        max_bytes=MAX_DOCUMENT_BYTES,
    )
    with acting_as(actor):
        return ArchiveDocument.objects.create(
            project_id=archive_file.project_id,
            archive_file=archive_file,
            doc_type=doc_type,
            title=(title or upload.name)[:100],
            file=upload,
            size=upload.size,
            uploaded_by=actor,
            uploaded_at=timezone.now(),
        )


@transaction.atomic
def request_loan(
    *,
    archive_file: ArchiveFile,
    kind: str,
    requester: str,
    reason: str,
    due_on: dt.date | None = None,
    requester_department: str = "",
    actor,
) -> ArchiveLoan:
    """A request to consult (查阅) or borrow (外借) a file; it waits for approval."""
    if kind not in LoanKind.values:
        raise ServiceError(_("Choose consult or lend."), field="kind")
    if not (requester or "").strip():
        raise ServiceError(_("Enter the requester."), field="requester")
    if len((reason or "").strip()) < 2:
        raise ServiceError(_("Give the reason for consulting or lending."), field="reason")
    today = timezone.localdate()
    if kind == LoanKind.LEND:
        if due_on is None:
            raise ServiceError(_("Lending needs a due-back date."), field="due_on")
        if due_on < today:
            raise ServiceError(_("The due-back date cannot be before today."), field="due_on")
    if ArchiveLoan.objects.filter(
        archive_file=archive_file, kind=LoanKind.LEND, status=LoanStatus.APPROVED
    ).exists():
        raise ServiceError(_("This file is lent out and not returned yet."), field="archive_file")
    now = timezone.now()
    with acting_as(actor):
        loan = ArchiveLoan.objects.create(
            project_id=archive_file.project_id,
            archive_file=archive_file,
            kind=kind,
            requester=requester.strip(),
            requester_department=requester_department.strip(),
            reason=reason.strip()[:200],
            due_on=due_on if kind == LoanKind.LEND else None,
            requested_by=actor,
            requested_at=now,
        )
    lifecycle.record_created(loan, actor=actor, at=now)
    return loan


@transaction.atomic
def move_loan(*, loan: ArchiveLoan, to: str, actor, reason: str = "") -> ArchiveLoan:
    """Approve, reject or record the return of a loan: the one place its status changes, by a move
    of `transitions.LOAN` (core.lifecycle; approving and rejecting need `permissions.can_decide_loan`).

    A refused move is named before a missing permission, and both before a missing reason.
    """
    if to == LoanStatus.REJECTED and len(reason.strip()) < 2:
        locked = ArchiveLoan.objects.select_for_update().get(pk=loan.pk)
        if to in lifecycle.allowed_targets(locked, actor):
            raise ServiceError(_("Give the reason for rejecting."), field="reason")
    now = timezone.now()
    fields = {}
    if to == LoanStatus.APPROVED:
        fields = {"approved_by": actor, "approved_at": now}
    elif to == LoanStatus.RETURNED:
        fields = {"returned_at": now}
    try:
        return lifecycle.move(loan, to=to, actor=actor, reason=reason, at=now, **fields)
    except AccessDenied:
        raise AccessDenied(_("Your position may not approve consulting or lending archive files.")) from None
