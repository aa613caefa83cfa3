"""Printed forms of the service desk: the repair slip (报修单/派工单, two copies) and the
complaint report (投诉处理报告). HTML rendered by WeasyPrint on A4 with a CJK font."""

from __future__ import annotations

import base64

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from . import hooks, selectors
from .models import ServiceRequest
from .services.clocks import complaint_clock


def _signature_data_uri(row) -> str:
    """A work order's or a callback's signature, embedded in the PDF."""
    if not row or not row.signature:
        return ""
    with row.signature.open("rb") as handle:
        return "data:image/png;base64," + base64.b64encode(handle.read()).decode()


def _callbacks(request: ServiceRequest) -> list:
    """The request's callbacks, oldest first, each with `signature_uri` (a door visit's, signed)."""
    rows = list(request.callbacks.select_related("done_by").order_by("done_at"))
    for row in rows:
        row.signature_uri = _signature_data_uri(row)
    return rows


def repair_slip_pdf(request: ServiceRequest) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415  (WeasyPrint loads only when a PDF is made)

    orders = list(selectors.work_orders_of_request(request))
    live = next((o for o in reversed(orders) if o.state != "cancelled"), None)
    html = render_to_string(
        "servicedesk/pdf/repair_slip.html",
        {
            "obj": request,
            "project": request.project,
            "order": live,
            "signature": _signature_data_uri(live),
            "callbacks": _callbacks(request),
            # The charges section of an app above the service desk (paid services), if any.
            **hooks.slip_charges(request),
            "copies": [_("Customer service copy"), _("Engineering copy")],
            "printed_at": timezone.localtime(),
        },
    )
    return HTML(string=html).write_pdf()


def complaint_report_pdf(request: ServiceRequest) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415  (WeasyPrint loads only when a PDF is made)

    html = render_to_string(
        "servicedesk/pdf/complaint_report.html",
        {
            "obj": request,
            "project": request.project,
            "complaint": request.complaint,
            "deadline": complaint_clock(request),  # the complaint's one deadline: its resolution clock
            "callbacks": _callbacks(request),
            "printed_at": timezone.localtime(),
        },
    )
    return HTML(string=html).write_pdf()
