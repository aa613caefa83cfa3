"""Paid services' side of the service desk's hooks (`propdesk.servicedesk.hooks`), registered from
`apps.py`: no paid work starts before the owner agreed, the finished work is billed, the request
page, the technician's page, the owner API and the printed repair slip show the order."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from propdesk.billing.money import amount_in_words
from propdesk.core.access import has_project_perm
from propdesk.core.errors import ServiceError
from propdesk.servicedesk import hooks
from propdesk.servicedesk.choices import RepairLocation, RequestKind

from . import services
from .api.serializers import SpecialOrderSerializer
from .choices import AgreementMethod, SpecialState
from .models import SpecialServiceOrder
from .permissions import REGISTER_PERM

PAID_KINDS = (RequestKind.REPAIR, RequestKind.PAID_SERVICE)


def request_panel_context(http_request, obj) -> dict:
    """特约服务 / paid repair: the live special-service order and whether this user may register one."""
    paid_order = services.live_order_for(obj) if obj.kind in PAID_KINDS else None
    can_mark_paid = (
        paid_order is None
        and obj.is_open
        and obj.unit_id is not None
        and (obj.kind == RequestKind.PAID_SERVICE or obj.repair_location == RepairLocation.IN_UNIT)
        and has_project_perm(http_request.user, obj.project, REGISTER_PERM)
    )
    return {"paid_order": paid_order, "can_mark_paid": can_mark_paid}


def annotate_work_orders(orders: list) -> None:
    """Each work order of the technician's page gets `live_paid` (its request's live order or None),
    and `start_blocked_note` while the owner has not agreed to the price."""
    request_ids = {o.request_id for o in orders}
    live = {}
    if request_ids:
        for paid in (
            SpecialServiceOrder.objects.filter(request_id__in=request_ids)
            .exclude(state__in=[SpecialState.DECLINED, SpecialState.CANCELLED])
            .prefetch_related(Prefetch("lines"))
        ):
            live[paid.request_id] = paid
    for order in orders:
        order.live_paid = live.get(order.request_id)
        if order.live_paid is not None and not order.live_paid.is_agreed:
            order.start_blocked_note = _("Work may not start until the owner has agreed to the price.")


def agree_price_step(*, order, actor, data) -> None:
    """A paid repair: the owner agrees to the price on the technician's phone before work starts."""
    paid = services.live_order_for(order.request)
    if paid is None or order.technician_id != actor.pk:
        raise ServiceError(_("There is no price waiting for the owner's agreement."), field="step")
    services.record_agreement(
        order=paid,
        actor=actor,
        method=AgreementMethod.SIGNATURE,
        signer_name=data.get("signer_name", ""),
        signature_data_url=data.get("signature", ""),
    )


def owner_paid_service(request) -> dict | None:
    """The owner API's `paid_service`: items, price, and whether it waits for the owner's agreement."""
    order = services.live_order_for(request)
    return SpecialOrderSerializer(order).data if order else None


def owner_agree_price(*, request, actor, data) -> bool:
    order = services.live_order_for(request)
    if order is None:
        return False
    services.record_agreement(order=order, actor=actor, method=AgreementMethod.PORTAL)
    return True


def owner_decline_price(*, request, actor, data) -> bool:
    order = services.live_order_for(request)
    if order is None:
        return False
    services.decline_order(order=order, actor=actor, reason=str(data.get("reason", ""))[:200], portal=True)
    return True


def slip_charges(request) -> dict | None:
    """The repair slip's charges section (特约服务单 lines, total in words, the owner's agreement)."""
    paid = services.live_order_for(request)
    if paid is None:
        return None
    return {"paid": paid, "paid_in_words": amount_in_words(paid.total)}


def register() -> None:
    hooks.on_work_start(services.check_work_may_start)
    hooks.on_work_completed(services.complete_for_work_order)
    hooks.register_request_panel("paidservices/_request_panel.html", request_panel_context, order=50)
    hooks.register_work_order_panel("paidservices/_work_order_panel.html", annotate_work_orders, order=50)
    hooks.register_work_order_step("agree_price", agree_price_step)
    hooks.register_owner_extra("paid_service", owner_paid_service)
    hooks.register_owner_action("agree_price", owner_agree_price)
    hooks.register_owner_action("decline_price", owner_decline_price)
    hooks.register_slip_charges("paidservices/_repair_slip_charges.html", slip_charges)
