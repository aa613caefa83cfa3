"""Excel exports (openpyxl) of the service desk: the filtered request list."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font

from propdesk.core.crypto import mask_phone
from propdesk.sla.selectors import countdown

HEADER = [
    _("Number"),
    _("Kind"),
    _("Intake channel"),
    _("Category"),
    _("Room or location"),
    _("Reporter"),
    _("Contact phone"),
    _("Content"),
    _("First receiver"),
    _("Current holder"),
    _("Status"),
    _("Received at"),
    _("Resolved at"),
    _("Closed at"),
    _("Deadlines"),
]


def _local(at):
    return timezone.localtime(at).replace(tzinfo=None) if at else None


def requests_workbook(rows, *, limit: int) -> bytes:
    """One row per request; phones masked; the 时限 column lists each live countdown."""
    wb = Workbook()
    ws = wb.active
    ws.title = gettext("Owner requests")
    ws.append([str(heading) for heading in HEADER])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    now = timezone.now()
    count = 0
    for r in rows:
        count += 1
        ws.append(
            [
                r.number,
                r.get_kind_display(),
                r.get_channel_display(),
                str(r.category) if r.category_id else "",
                r.unit.label if r.unit_id else r.location,
                r.reporter_name,
                mask_phone(r.reporter_phone) if r.reporter_phone else "",
                r.content,
                str(r.first_receiver),
                str(r.holder),
                r.get_status_display(),
                _local(r.received_at),
                _local(r.resolved_at),
                _local(r.closed_at),
                gettext("; ").join(
                    f"{c.target.name} {countdown(c, now=now).text}" for c in getattr(r, "live_clocks", [])
                ),
            ]
        )
    for col in "LMN":
        for cell in ws[col][1:]:
            cell.number_format = "yyyy-mm-dd hh:mm"
    widths = (18, 8, 10, 14, 14, 10, 14, 40, 10, 10, 10, 17, 17, 17, 30)
    for col, width in zip("ABCDEFGHIJKLMNO", widths, strict=True):
        ws.column_dimensions[col].width = width
    if count >= limit:
        ws.append(
            [
                gettext(
                    "Only the first %(limit)s records are exported: narrow the filters to export the rest."
                )
                % {"limit": limit}
            ]
        )
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
