"""Billing's to-do sections on the landing page (`core.todo`), registered in ready().

The butler's dunning cases (only the buildings of their 辖区), the cashier's drawer of today and the
refunds owed to owners charged twice.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from propdesk.core import todo
from propdesk.core.models import Membership
from propdesk.core.todo import TodoItem

from .choices import CaseStatus, DrawerStatus, OrderStatus
from .models import DrawerSession, DunningCase, PaymentOrder
from .selectors import core as billing_selectors

LIMIT = 200


def _end_of_local_day(moment: dt.datetime) -> dt.datetime:
    day = timezone.localtime(moment).date() + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def dunning_visits(user, project, now):
    """Open dunning cases in the user's buildings: a promise past its date is overdue."""
    buildings = Membership.objects.filter(
        user=user, project=project, is_active=True, position__has_building_scope=True
    ).values("buildings")
    cases = (
        DunningCase.objects.filter(project=project, status=CaseStatus.OPEN, unit__building__in=buildings)
        .select_related("unit__building", "stage")
        .annotate(last_contact=Max("contacts__contacted_at"), next_promise=Max("contacts__promised_on"))
        .order_by("opened_at")[:LIMIT]
    )
    items = []
    for case in cases:
        due = None
        if case.next_promise is not None:
            due = _end_of_local_day(timezone.make_aware(dt.datetime.combine(case.next_promise, dt.time(12))))
        items.append(
            TodoItem(
                title=_("Arrears visit"),
                about=case.unit.label,
                url=reverse("billing:dunning_case", args=[case.pk]),
                since=case.last_contact or case.opened_at,
                due=due,
                note=str(case.stage),
            )
        )
    return items


def drawer_today(user, project, now):
    """The cashier's drawer: open it in the morning, close it (日结) the same day, bank what was closed."""
    sessions = list(
        DrawerSession.objects.filter(
            project=project, cashier=user, status__in=[DrawerStatus.OPEN, DrawerStatus.CLOSED]
        ).order_by("opened_at")
    )
    url = reverse("billing:my_drawer")
    items = []
    for session in sessions:
        if session.status == DrawerStatus.OPEN:
            items.append(
                TodoItem(
                    title=_("Close the drawer at the end of the day"),
                    about=_("Drawer opened %(time)s")
                    % {"time": timezone.localtime(session.opened_at).strftime("%m-%d %H:%M")},
                    url=url,
                    due=_end_of_local_day(session.opened_at),
                    started=session.opened_at,
                )
            )
        else:
            items.append(
                TodoItem(
                    title=_("Bank the cash of a closed drawer"),
                    about=_("Drawer closed %(time)s")
                    % {"time": timezone.localtime(session.closed_at or now).strftime("%m-%d %H:%M")},
                    url=url,
                    since=session.closed_at,
                )
            )
    if not any(s.status == DrawerStatus.OPEN for s in sessions):
        items.append(TodoItem(title=_("Open today's drawer"), about=_("Cashier desk"), url=url))
    return items


def refunds_owed(user, project, now):
    items = []
    for notification in billing_selectors.refunds_due(user, project)[:LIMIT]:
        payment = notification.payment
        items.append(
            TodoItem(
                title=_("Refund a double charge"),
                about=payment.unit.label,
                url=reverse("billing:desk_unit", args=[payment.unit_id]),
                since=notification.received_at,
                note=f"¥{payment.amount}",
            )
        )
    return items


def open_payment_orders(user, project, now):
    """Orders the cashier sent to the payment provider (a code shown or scanned) still awaiting payment."""
    orders = (
        PaymentOrder.objects.filter(project=project, created_by=user, status=OrderStatus.OPEN)
        .select_related("unit__building")
        .order_by("created_at")[:LIMIT]
    )
    return [
        TodoItem(
            title=_("Payment order awaiting payment"),
            about=order.unit.label,
            url=reverse("billing:desk_unit", args=[order.unit_id]),
            since=order.created_at,
            note=f"{order.get_method_display()} · ¥{order.amount}",
        )
        for order in orders
    ]


def register() -> None:
    S = todo.Section
    todo.register(
        S(
            "billing_dunning",
            gettext_lazy("Arrears cases to visit"),
            dunning_visits,
            "billing.view_dunningcase",
            ("butler",),
            10,
            "billing:dunning",
        )
    )
    todo.register(
        S(
            "billing_drawer",
            gettext_lazy("Today's drawer"),
            drawer_today,
            "billing.add_payment",
            ("cashier",),
            10,
        )
    )
    todo.register(
        S(
            "billing_refunds",
            gettext_lazy("Refunds due"),
            refunds_owed,
            "billing.add_payment",
            ("cashier",),
            20,
            "billing:desk",
        )
    )
    todo.register(
        S(
            "billing_orders",
            gettext_lazy("Payment orders awaiting payment"),
            open_payment_orders,
            "billing.add_payment",
            ("cashier",),
            15,
            hide_empty=True,
        )
    )
