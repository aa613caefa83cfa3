"""收费公示: a project's fee items, standards and billing method, open to everyone (no login)."""

from __future__ import annotations

from collections import defaultdict

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from propdesk.core.models import Project

from ..choices import ChargeKind
from ..models import ChargeItem, Price

HOTLINE = "12358"  # 价格举报/投诉电话


def public_fees(request, pk: int):
    project = get_object_or_404(Project, pk=pk)
    today = timezone.localdate()
    items = list(ChargeItem.objects.filter(project=project, is_active=True).order_by("sort_order", "code"))
    prices = defaultdict(list)
    for p in Price.objects.filter(project=project, item__in=items).order_by(
        "item_id", "use", "-effective_from"
    ):
        prices[p.item_id].append(p)
    rows = []
    for item in items:
        current: dict[str, Price] = {}
        upcoming = []
        for p in prices[item.pk]:
            if p.effective_from > today:
                upcoming.append(p)
            elif p.use not in current:
                current[p.use] = p
        rows.append({"item": item, "current": list(current.values()), "upcoming": upcoming})
    return render(
        request,
        "billing/public_fees.html",
        {"project": project, "rows": rows, "today": today, "hotline": HOTLINE, "ChargeKind": ChargeKind},
    )
