"""Batch notices: requested from the page, rendered by a background task, downloaded when ready."""

from __future__ import annotations

import time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core.errors import ServiceError
from propdesk.core.tasks import enqueue

from ..choices import BatchStatus
from ..models import NoticeBatch
from ..pdf import notices as notice_pdfs
from ..tasks import render_notice_batch


def start_notice_batch(*, building, kind: str, actor) -> NoticeBatch:
    """Queue the notices of one building (`kind`: payment or dunning), rendered after commit."""
    if kind not in notice_pdfs.KINDS:
        raise ServiceError(_("Choose the kind of notice: payment or dunning."), field="kind")
    with transaction.atomic():
        batch = NoticeBatch.objects.create(
            project_id=building.project_id, building=building, kind=kind, requested_by=actor
        )

        enqueue(render_notice_batch, batch.pk)
    return batch


def execute_notice_batch(batch_id: int) -> NoticeBatch:
    """Render the batch's PDF. Safe to run twice: a batch already done is left as it is."""
    batch = NoticeBatch.objects.select_related("building__project").get(pk=batch_id)
    if batch.status == BatchStatus.DONE:
        return batch
    began = time.perf_counter()
    try:
        content, pages = notice_pdfs.building_notice_pdf(batch.building, kind=batch.kind)
    except Exception as exc:
        NoticeBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.FAILED, error=str(exc)[:500])
        raise
    batch.content, batch.pages = content, pages
    batch.status, batch.finished_at = BatchStatus.DONE, timezone.now()
    batch.seconds = round(time.perf_counter() - began, 2)
    batch.save(update_fields=["content", "pages", "status", "finished_at", "seconds"])
    return batch
