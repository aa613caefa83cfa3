"""Excel import jobs: upload (file-level checks at once), then a background task checks every
row, then — on request — a second task imports. Re-importing the same file changes nothing."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from propdesk.core.crypto import decrypt_bytes, encrypt_bytes
from propdesk.core.errors import ServiceError
from propdesk.core.models import Project
from propdesk.core.tasks import enqueue

from .. import excel, tasks
from ..choices import ImportKind, ImportStatus
from ..models import ImportJob


def start_import(*, project: Project, kind: str, upload, actor) -> ImportJob:
    """Refuse a file that is not our template with one clear message; otherwise queue the row check.

    `upload` is the uploaded file (its `name`, `size`, `read()`), from the page's form or the API's
    multipart body; one over the size limit is refused before it is read.
    """
    if kind not in ImportKind.values:
        raise ServiceError(_("Choose what the file contains."), field="kind")
    filename = upload.name or ""
    excel.check_size(upload.size)
    if not filename.lower().endswith(".xlsx"):
        raise ServiceError(
            _(
                "“%(name)s” is not an .xlsx file: fill in the template and upload it"
                " (save an old .xls file as .xlsx first)."
            )
            % {"name": filename},
            field="file",
        )
    data = upload.read()
    total = excel.check_file(kind, data)
    with transaction.atomic():
        job = ImportJob(
            project=project, kind=kind, filename=filename[:200], total_rows=total, created_by=actor
        )
        # Stored encrypted (it holds ID numbers and phones) and deleted after the retention period.
        job.file.save(f"{filename}.enc", ContentFile(encrypt_bytes(data)), save=False)
        job.save()
        enqueue(tasks.validate_import, job.pk)
    return job


def run_import(*, job: ImportJob, valid_only: bool, actor) -> ImportJob:
    """Import a checked file. With problems, only when the user chose to import the valid rows."""
    allowed = [ImportStatus.VALID] + ([ImportStatus.INVALID] if valid_only else [])
    with transaction.atomic():
        moved = ImportJob.objects.filter(pk=job.pk, status__in=allowed).update(
            status=ImportStatus.IMPORTING, valid_only=valid_only, processed_rows=0
        )
        if not moved:
            if job.status == ImportStatus.INVALID:
                raise ServiceError(
                    _(
                        "The file has rows with problems: correct them and upload it again,"
                        " or choose “Import the valid rows only”."
                    ),
                    field="valid_only",
                )
            raise ServiceError(_("This import is already running or finished."), field="status")
        enqueue(tasks.apply_import, job.pk)
    job.refresh_from_db()
    return job


def uploaded_bytes(job: ImportJob) -> bytes | None:
    """The workbook as uploaded, or None once deleted after the retention period."""
    if not job.file:
        return None
    with job.file.open("rb") as handle:
        data = handle.read()
    if data.startswith(b"PK"):
        return data  # uploaded before files were encrypted
    return decrypt_bytes(data)


def purge_import_files(*, now=None) -> int:
    """Delete uploaded workbooks past IMPORT_FILE_RETENTION_DAYS after they were uploaded: the jobs
    keep their counts and (masked) problems. Returns the number of files deleted. Idempotent."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.IMPORT_FILE_RETENTION_DAYS)
    deleted = 0
    for job in (
        ImportJob.objects.filter(created_at__lt=cutoff)
        .exclude(file="")
        .exclude(status__in=[ImportStatus.VALIDATING, ImportStatus.IMPORTING])
    ):
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="")
        deleted += 1
    return deleted


def _progress(job_id: int):
    def report(n: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(processed_rows=n)

    return report


def validate_job(job_id: int) -> None:
    """The row check. Safe to run twice: it only rewrites the report of a job still being checked."""
    job = ImportJob.objects.select_related("project", "created_by").get(pk=job_id)
    if job.status != ImportStatus.VALIDATING:
        return
    try:
        out = excel.process(
            job.project,
            job.kind,
            uploaded_bytes(job),
            apply=False,
            actor=job.created_by,
            progress=_progress(job_id),
        )
    except Exception as exc:  # a crash must end the progress bar with a message, not spin forever
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportStatus.FAILED,
            message=_("Check failed: %(error)s") % {"error": exc},
            finished_at=timezone.now(),
        )
        raise
    ImportJob.objects.filter(pk=job_id, status=ImportStatus.VALIDATING).update(
        status=ImportStatus.INVALID if out.bad_rows else ImportStatus.VALID,
        total_rows=out.total,
        processed_rows=out.total,
        bad_rows=out.bad_rows,
        problems=out.problems[: excel.MAX_STORED_PROBLEMS],
        message=ngettext("%(n)s problem", "%(n)s problems", len(out.problems)) % {"n": len(out.problems)}
        if out.problems
        else "",
    )


def apply_job(job_id: int) -> None:
    """The import. Rows are checked again (the registry may have changed since) and bad rows skipped."""
    job = ImportJob.objects.select_related("project", "created_by").get(pk=job_id)
    if job.status != ImportStatus.IMPORTING:
        return
    try:
        out = excel.process(
            job.project,
            job.kind,
            uploaded_bytes(job),
            apply=True,
            actor=job.created_by,
            progress=_progress(job_id),
        )
    except Exception as exc:
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportStatus.FAILED,
            message=_("Import failed: %(error)s") % {"error": exc},
            finished_at=timezone.now(),
        )
        raise
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportStatus.DONE,
        processed_rows=out.total,
        bad_rows=out.bad_rows,
        problems=out.problems[: excel.MAX_STORED_PROBLEMS],
        created=out.created,
        updated=out.updated,
        unchanged=out.unchanged,
        finished_at=timezone.now(),
    )
