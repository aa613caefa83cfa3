"""The service desk's month at a glance on a manager's landing page (`core.figures`): requests
received, arrival within 20 minutes, callbacks and satisfaction, from the KPI page's own figures."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core.figures import Figure

from . import kpis

SHOWN = ("requests", "arrival", "callback_rate", "satisfaction")


def month_kpis(user, project, today: dt.date) -> list[Figure]:
    start = timezone.make_aware(dt.datetime.combine(today.replace(day=1), dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min))
    rows = {row.code: row for row in kpis.compute([project.pk], start, end)}
    url = reverse("servicedesk:kpis")
    figures = []
    for code in SHOWN:
        row = rows.get(code)
        if row is None:
            continue
        if code == "requests":
            figures.append(Figure(code, _("Requests this month"), str(row.numerator), url=url))
            continue
        value = "—" if row.rate is None else f"{row.rate:g}%"
        tone = "" if row.meets is None else ("success" if row.meets else "danger")
        note = _("%(part)s of %(whole)s") % {"part": row.numerator, "whole": row.denominator}
        if row.target is not None:
            note += " · " + _("target %(target)s%%") % {"target": f"{row.target:g}"}
        figures.append(Figure(code, str(row.label), value, note=note, url=url, tone=tone))
    return figures
