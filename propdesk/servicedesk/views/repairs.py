"""Pages for repairs: the dispatcher's board, the technician's phone page, dispatch and slip return."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from propdesk.core import lifecycle
from propdesk.core.access import get_object_for_user
from propdesk.core.decorators import object_view, project_view
from propdesk.core.errors import ServiceError
from propdesk.core.models import User

from .. import hooks, selectors, services
from ..models import ServiceRequest, WorkOrder
from ..permissions import RECLASSIFY_PERM
from ..services.repairs import DISPATCH_PERM, SLIP_PERM, WORK_PERM


def with_actions(orders, user):
    """Each work order with the names of the moves `user` may make on it now (for its buttons)."""
    orders = list(orders)
    for order in orders:
        order.actions = {m.name for m in lifecycle.allowed_moves(order, user)}
    return orders


@project_view(DISPATCH_PERM)
def dispatch_board(request):
    """派工: repairs waiting for a technician, and each technician's open orders."""
    return render(
        request,
        "servicedesk/dispatch_board.html",
        {
            "waiting": selectors.repairs_waiting_for_dispatch(request.project, request.user),
            "load": selectors.technician_load(request.project),
        },
    )


@project_view(RECLASSIFY_PERM)
@object_view(ServiceRequest)
@require_POST
def reclassify(request, pk: int):
    """Change a repair's class (general ↔ emergency …) with the reason; its deadlines are recomputed."""
    obj = get_object_for_user(ServiceRequest.objects, request.user, pk, perm=RECLASSIFY_PERM)
    try:
        services.reclassify_repair(
            request=obj,
            to_class=request.POST.get("repair_class", ""),
            reason=request.POST.get("reason", ""),
            actor=request.user,
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Repair class changed: the deadlines were recomputed from the start."))
    return redirect("servicedesk:detail", pk=obj.pk)


@project_view(DISPATCH_PERM)
@object_view(ServiceRequest)
@require_POST
def dispatch(request, pk: int):
    obj = get_object_for_user(ServiceRequest.objects, request.user, pk, perm=DISPATCH_PERM)
    technician = User.objects.filter(pk=request.POST.get("technician") or 0).first()
    if technician is None:
        messages.error(request, _("Choose a technician."))
        return redirect("servicedesk:detail", pk=obj.pk)
    try:
        order = services.dispatch(request=obj, technician=technician, actor=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Dispatched to %(name)s. He must be on site within the arrival time.")
            % {"name": order.technician},
        )
    if request.POST.get("back") == "board":
        return redirect("servicedesk:dispatch_board")
    return redirect("servicedesk:detail", pk=obj.pk)


@project_view(WORK_PERM)
def my_orders(request):
    """The technician's phone page: his open orders, one big button for the next step each."""
    orders = with_actions(selectors.orders_of(request.user, request.project), request.user)
    # Each card shows its request's running deadlines, computed as the request list computes them.
    selectors.attach_live_clocks([o.request for o in orders])
    panels = hooks.work_order_panels(orders)  # apps above add to each card (paid services: the price)
    return render(
        request,
        "servicedesk/my_orders.html",
        {"orders": orders, "work_order_panels": panels, "poll_seconds": settings.NOTICE_POLL_SECONDS},
    )


@project_view(WORK_PERM)
@object_view(WorkOrder)
@require_POST
def order_step(request, pk: int):
    order = get_object_for_user(WorkOrder.objects.select_related("request"), request.user, pk, perm=WORK_PERM)
    step = request.POST.get("step")
    try:
        if step == "accept":
            services.accept_order(order=order, actor=request.user)
        elif step == "arrive":
            services.arrive(order=order, actor=request.user)
        elif step == "complete":
            names = request.POST.getlist("material_name")
            quantities = request.POST.getlist("material_quantity")
            units = request.POST.getlist("material_unit")
            try:
                labour = int(request.POST.get("labour_minutes") or 0)
            except ValueError:
                raise ServiceError(
                    _("Labour must be zero or more minutes."), field="labour_minutes"
                ) from None
            services.complete_order(
                order=order,
                actor=request.user,
                work_done=request.POST.get("work_done", ""),
                labour_minutes=labour,
                materials=list(zip(names, quantities, units, strict=False)),
            )
        elif hooks.work_order_step(step or "") is not None:
            # A step an app above the service desk offers (paid services: the owner agrees to the price).
            hooks.work_order_step(step)(order=order, actor=request.user, data=request.POST)
        elif step == "sign":
            services.sign_order(
                order=order,
                actor=request.user,
                signer_name=request.POST.get("signer_name", ""),
                signature_data_url=request.POST.get("signature", ""),
            )
        else:
            raise ServiceError(_("Unknown action."), field="step")
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Recorded."))
    return redirect("servicedesk:my_orders")


@project_view(SLIP_PERM)
@object_view(WorkOrder)
@require_POST
def return_slip(request, pk: int):
    order = get_object_for_user(WorkOrder.objects.select_related("request"), request.user, pk, perm=SLIP_PERM)
    try:
        services.return_slip(order=order, actor=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Slip received; the callback is due."))
    return redirect("servicedesk:detail", pk=order.request_id)
