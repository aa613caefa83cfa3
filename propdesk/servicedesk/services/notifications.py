"""Telling staff about requests and work orders: the technician on dispatch, and what the SLA warnings
name (the request number, room and category) and open (the request, or the technician's order card).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.notices.channels import staff_channels
from propdesk.notices.services import Message, notify
from propdesk.sla.choices import TargetCode
from propdesk.sla.subjects import About

from ..models import HandOff, ServiceRequest, WorkOrder


def request_text(request: ServiceRequest) -> str:
    """R20261207-0001 · 3-2-1501 · Plumbing: what a notification is about, as staff say it."""
    where = request.unit.label if request.unit_id else request.location
    parts = [request.number, where, request.category.name if request.category_id else ""]
    return " · ".join(p for p in parts if p)


def order_card_link(order: WorkOrder) -> str:
    return reverse("servicedesk:my_orders") + f"#order-{order.pk}"


def describe_requests(ids: list[int]) -> dict[int, About]:
    """For the SLA sweeper: each request named, linked to its page; its technician to his order card."""
    requests = ServiceRequest.objects.filter(pk__in=ids).select_related("unit__building", "category")
    cards = {
        o.request_id: order_card_link(o)
        for o in WorkOrder.objects.filter(request_id__in=ids).open().only("pk", "request_id")
    }
    return {
        r.pk: About(
            text=request_text(r),
            link=reverse("servicedesk:detail", kwargs={"pk": r.pk}),
            assignee_link=cards.get(r.pk, ""),
        )
        for r in requests
    }


def describe_handoffs(ids: list[int]) -> dict[int, About]:
    handoffs = HandOff.objects.filter(pk__in=ids).select_related(
        "request__unit__building", "request__category"
    )
    return {
        h.pk: About(
            text=request_text(h.request), link=reverse("servicedesk:detail", kwargs={"pk": h.request_id})
        )
        for h in handoffs
    }


def tell_technicians(*, order: WorkOrder, clocks, replaced: list[WorkOrder], actor) -> None:
    """The technician of a new order is told at once (in-app, and by SMS/WeCom as configured), with
    the arrival deadline; a technician whose order was re-dispatched to someone else is told too."""
    request = order.request
    about = request_text(request)
    arrive = next((c for c in clocks if c.code == TargetCode.ARRIVE), None)
    body = request.content[:120]
    if arrive is not None:
        body = _("Be on site by %(time)s. %(content)s") % {
            "time": f"{timezone.localtime(arrive.due_at):%H:%M}",
            "content": body,
        }
    channels = staff_channels()
    messages = [
        Message(
            recipient_id=order.technician_id,
            project_id=order.project_id,
            title=_("New work order: %(about)s") % {"about": about},
            body=body,
            link=order_card_link(order),
            channels=channels,
        )
    ]
    for old in replaced:
        if old.technician_id == order.technician_id:
            continue
        messages.append(
            Message(
                recipient_id=old.technician_id,
                project_id=order.project_id,
                title=_("Work order re-dispatched: %(about)s") % {"about": about},
                body=_("It went to %(name)s; you need not go.") % {"name": order.technician},
                link=reverse("servicedesk:my_orders"),
                channels=channels,
            )
        )
    notify(messages=messages, actor=actor)
