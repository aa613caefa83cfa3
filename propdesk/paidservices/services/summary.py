"""The monthly summary of paid services (特约服务统计表): made once per project and month by the
daily job `special_service_summary`, for the center director before the 25th."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from propdesk.billing.money import money
from propdesk.core.models import Membership
from propdesk.notices.services import Message, notify

from ..choices import SpecialState
from ..models import SpecialServiceLine, SpecialServiceSummary
from ..permissions import DIRECTOR_POSITION

S = SpecialState

SUMMARY_FROM_DAY = 21  # the statistics month M runs from the 21st of M-1 to the 20th of M


def summary_period(month: dt.date) -> tuple[dt.date, dt.date]:
    month = month.replace(day=1)
    previous = (month - dt.timedelta(days=1)).replace(day=SUMMARY_FROM_DAY)
    return previous, month.replace(day=SUMMARY_FROM_DAY - 1)


def due_summary_month(today: dt.date) -> dt.date:
    """The latest statistics month whose period has ended on `today`."""
    this_month = today.replace(day=1)
    if today.day >= SUMMARY_FROM_DAY:
        return this_month
    return (this_month - dt.timedelta(days=1)).replace(day=1)


def summary_rows(project, start: dt.date, end: dt.date) -> tuple[list[dict], int, Decimal]:
    """Per department and item: orders, quantity, revenue of orders completed between the dates (local)."""
    tz = zoneinfo.ZoneInfo(project.timezone)
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    lines = SpecialServiceLine.objects.filter(
        order__project=project,
        order__state=S.COMPLETED,
        order__completed_at__gte=since,
        order__completed_at__lt=until,
    ).values_list("order_id", "order__department__name", "name", "unit_label", "quantity", "amount")
    groups: dict[tuple[str, str, str], dict] = defaultdict(
        lambda: {"orders": set(), "quantity": Decimal("0"), "revenue": Decimal("0")}
    )
    orders: set[int] = set()
    total = Decimal("0.00")
    for order_id, department, name, unit_label, quantity, amount in lines:
        group = groups[(department, name, unit_label)]
        group["orders"].add(order_id)
        group["quantity"] += quantity
        group["revenue"] += amount
        orders.add(order_id)
        total += amount
    rows = [
        {
            "department": department,
            "item": name,
            "unit": unit_label,
            "orders": len(g["orders"]),
            "quantity": str(g["quantity"]),
            "revenue": str(money(g["revenue"])),
        }
        for (department, name, unit_label), g in sorted(groups.items())
    ]
    return rows, len(orders), money(total)


def produce_summary(*, project, month: dt.date, actor=None) -> tuple[SpecialServiceSummary, bool]:
    """Make the month's summary once and tell the center director(s). Returns (summary, made now)."""
    month = month.replace(day=1)
    existing = SpecialServiceSummary.objects.filter(project=project, month=month).first()
    if existing is not None:
        return existing, False
    start, end = summary_period(month)
    rows, count, revenue = summary_rows(project, start, end)
    try:
        with transaction.atomic():
            summary = SpecialServiceSummary.objects.create(
                project=project,
                month=month,
                period_start=start,
                period_end=end,
                rows=rows,
                order_count=count,
                revenue=revenue,
                produced_at=timezone.now(),
            )
            managers = list(
                Membership.objects.filter(project=project, is_active=True, position__code=DIRECTOR_POSITION)
                .values_list("user_id", flat=True)
                .distinct()
            )
            notify(
                messages=[
                    Message(
                        recipient_id=user_id,
                        project_id=project.pk,
                        title=_("The special services summary of %(year)s-%(month)s is ready")
                        % {"year": f"{month:%Y}", "month": f"{month:%m}"},
                        body=ngettext(
                            "%(start_month)s-%(start_day)s to %(end_month)s-%(end_day)s: %(n)s order,"
                            " revenue ¥%(revenue)s",
                            "%(start_month)s-%(start_day)s to %(end_month)s-%(end_day)s: %(n)s orders,"
                            " revenue ¥%(revenue)s",
                            count,
                        )
                        % {
                            "start_month": f"{start:%m}",
                            "start_day": f"{start:%d}",
                            "end_month": f"{end:%m}",
                            "end_day": f"{end:%d}",
                            "n": count,
                            "revenue": revenue,
                        },
                        link=reverse("paidservices:special_summary") + f"?month={month:%Y-%m}",
                    )
                    for user_id in managers
                ],
                actor=actor,
            )
            summary.notified = len(managers)
            summary.save(update_fields=["notified"])
    except IntegrityError:
        return SpecialServiceSummary.objects.get(project=project, month=month), False
    return summary, True
