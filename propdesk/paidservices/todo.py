"""Paid services' to-do section on the landing page (`core.todo`): special-service orders awaiting
the confirmation of the head of the department that performs them."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from propdesk.core import todo
from propdesk.core.models import Membership
from propdesk.core.todo import TodoItem

from .choices import SpecialState
from .models import SpecialServiceOrder
from .permissions import APPROVE_PERM, CONFIRM_PERM

LIMIT = 200


def orders_to_confirm(user, project, now):
    departments = Membership.objects.filter(user=user, project=project, is_active=True).values("department")
    orders = (
        SpecialServiceOrder.objects.filter(
            project=project, state=SpecialState.DRAFT, department__in=departments
        )
        .select_related("unit__building")
        .order_by("created_at")[:LIMIT]
    )
    return [
        TodoItem(
            title=_("Confirm content and price"),
            about=f"{order.number} · {order.unit.label}",
            url=reverse("paidservices:special_order", args=[order.pk]),
            since=order.created_at,
            note=order.content[:40],
        )
        for order in orders
    ]


def orders_to_approve(user, project, now):
    orders = (
        SpecialServiceOrder.objects.filter(project=project, state=SpecialState.PENDING_APPROVAL)
        .select_related("unit__building", "confirmed_by")
        .order_by("confirmed_at")[:LIMIT]
    )
    return [
        TodoItem(
            title=_("Approve content and price"),
            about=f"{order.number} · {order.unit.label}",
            url=reverse("paidservices:special_order", args=[order.pk]),
            since=order.confirmed_at or order.created_at,
            note=f"{order.confirmed_by} · {order.content[:30]}",
        )
        for order in orders
    ]


def register() -> None:
    todo.register(
        todo.Section(
            "paid_approve",
            gettext_lazy("Special services awaiting my approval"),
            orders_to_approve,
            APPROVE_PERM,
            ("center_director",),
            25,
            "paidservices:special_orders",
            hide_empty=True,
        )
    )
    todo.register(
        todo.Section(
            "paid_confirm",
            gettext_lazy("Special services awaiting my confirmation"),
            orders_to_confirm,
            CONFIRM_PERM,
            ("cs_supervisor", "engineering_supervisor", "cleaning_lead"),
            30,
            "paidservices:special_orders",
            hide_empty=True,
        )
    )
