"""Billing's month at a glance on a manager's landing page (`core.figures`): this month's collection
rate and the arrears still owed, from the arrears report's own selectors."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core.figures import Figure

from .money import format_yuan
from .selectors import dunning


def month_collection(user, project, today: dt.date) -> list[Figure]:
    rates = dunning.collection_rates(project, today.replace(day=1), now=timezone.now())
    aging = dunning.arrears_aging(project, today)
    url = reverse("billing:arrears_report")
    current = rates.current_rate
    return [
        Figure(
            "collection_rate",
            _("Collected of this month's bills"),
            "—" if current is None else f"{current:g}%",
            note=_("%(collected)s of %(billed)s")
            % {"collected": format_yuan(rates.collected), "billed": format_yuan(rates.billed)},
            url=url,
        ),
        Figure(
            "arrears",
            _("Arrears owed"),
            format_yuan(aging.total.total),
            note=_("%(units)s units") % {"units": aging.total.units},
            url=url,
            tone="danger" if aging.total.total > 0 else "",
        ),
    ]
