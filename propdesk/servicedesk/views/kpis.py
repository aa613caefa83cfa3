"""The KPI page (SPEC §10 request rows): any period, one project or every project the user may see."""

from __future__ import annotations

import datetime as dt
import io

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from propdesk.core.access import project_ids_with_perm
from propdesk.core.decorators import project_view
from propdesk.core.models import Project

from .. import kpi_targets, kpis

KPI_PERM = "servicedesk.view_kpis"
PERIODS = [
    ("this_month", gettext_lazy("This month")),
    ("last_month", gettext_lazy("Last month")),
    ("this_quarter", gettext_lazy("This quarter")),
    ("last_12", gettext_lazy("Last 12 months")),
    ("custom", gettext_lazy("Custom period")),
]


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def period_bounds(params, today: dt.date) -> tuple[str, dt.date, dt.date]:
    """(period code, first day, last day inclusive) from the query string."""
    period = params.get("period", "this_month")
    if period == "last_month":
        first = _add_months(_month_start(today), -1)
        return period, first, _month_start(today) - dt.timedelta(days=1)
    if period == "this_quarter":
        first = dt.date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
        return period, first, _add_months(first, 3) - dt.timedelta(days=1)
    if period == "last_12":
        return period, _add_months(_month_start(today), -11), today
    if period == "custom":
        try:
            first = dt.date.fromisoformat(params.get("start", ""))
            last = dt.date.fromisoformat(params.get("end", ""))
        except ValueError:
            first, last = _month_start(today), today
        if last < first:
            first, last = last, first
        last = min(last, first + dt.timedelta(days=3 * 366))
        return period, first, last
    return "this_month", _month_start(today), _add_months(_month_start(today), 1) - dt.timedelta(days=1)


def _selection(request):
    params = request.GET
    today = timezone.localdate()
    period, first, last = period_bounds(params, today)
    allowed = project_ids_with_perm(request.user, KPI_PERM)
    scope = "all" if params.get("scope") == "all" and len(allowed) > 1 else "project"
    project_ids = allowed if scope == "all" else [request.project.pk]
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time(0), tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
    rows = kpis.compute(project_ids, start, end)
    fair = len(kpi_targets.fair_counting_projects(project_ids))
    return {
        "fair_counts": "yes" if fair == len(project_ids) else ("no" if not fair else "mixed"),
        "period": period,
        "first": first,
        "last": last,
        "scope": scope,
        "several": len(allowed) > 1,
        "project_ids": project_ids,
        "rows": rows,
    }


@project_view(KPI_PERM)
def kpi_page(request):
    ctx = _selection(request)
    rows = ctx["rows"]
    targeted = [r.as_dict() for r in rows if r.target is not None]
    chart = {
        "rates": [
            {"name": r["label"], "rate": r["rate"], "target": r["target"], "meets": r["meets"]}
            for r in targeted
        ],
        "kinds": [
            {"name": str(r.label), "value": r.numerator}
            for r in rows
            if r.code.startswith("kind.") and r.numerator
        ],
        "channels": [
            {"name": str(r.label), "value": r.numerator}
            for r in rows
            if r.code.startswith("channel.") and r.numerator
        ],
    }
    groups: dict[str, list] = {}
    for row in rows:
        if row.code.startswith(("kind.", "channel.")):
            continue
        groups.setdefault(row.group_label, []).append(row)
    scope_label = _("All my projects") if ctx["scope"] == "all" else request.project.name
    return render(
        request,
        "servicedesk/kpis.html",
        ctx
        | {
            "groups": groups,
            "kinds": [r for r in rows if r.code.startswith("kind.")],
            "channels": [r for r in rows if r.code.startswith("channel.")],
            "chart": chart,
            "periods": PERIODS,
            "scope_label": scope_label,
            "query": request.GET.urlencode(),
        },
    )


@project_view(KPI_PERM)
def kpi_export(request):
    ctx = _selection(request)
    wb = Workbook()
    ws = wb.active
    ws.title = _("Service desk KPIs")
    names = ", ".join(
        Project.objects.filter(pk__in=ctx["project_ids"]).order_by("name").values_list("name", flat=True)
    )
    ws.append(
        [
            _("Service desk KPIs %(first)s to %(last)s")
            % {"first": f"{ctx['first']:%Y-%m-%d}", "last": f"{ctx['last']:%Y-%m-%d}"}
        ]
    )
    ws.append([_("Projects: %(names)s") % {"names": names}])
    ws.append([])
    ws.append(
        [
            _("KPI group"),
            _("Indicator"),
            _("Numerator"),
            _("Denominator"),
            _("Rate (%)"),
            _("Target (%)"),
            _("On target?"),
        ]
    )
    for cell in ws[4]:
        cell.font = Font(bold=True)
    ws["A1"].font = Font(bold=True, size=13)
    for row in ctx["rows"]:
        meets = row.meets
        ws.append(
            [
                row.group_label,
                str(row.label),
                row.numerator,
                row.denominator,
                row.rate,
                (f"≤{row.target:g}" if row.at_most else f"≥{row.target:g}")
                if row.target is not None
                else None,
                {True: _("On target"), False: _("Off target"), None: "—"}[meets],
            ]
        )
    for col, width in zip("ABCDEFG", (16, 34, 10, 10, 10, 10, 10), strict=True):
        ws.column_dimensions[col].width = width
    out = io.BytesIO()
    wb.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="kpis-{ctx["first"]:%Y%m%d}-{ctx["last"]:%Y%m%d}.xlsx"'
    )
    return response
