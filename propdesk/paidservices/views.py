"""Staff pages of paid services (特约服务): price list, orders, the contact form, the monthly summary."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import DecimalField, Prefetch, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.billing import selectors as billing_selectors
from propdesk.core import lifecycle
from propdesk.core.access import get_object_for_user, has_project_perm
from propdesk.core.choices import DepartmentKind
from propdesk.core.decorators import object_view, project_view
from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.registry.models import Unit
from propdesk.servicedesk.models import ServiceRequest

from . import exports, pdf, permissions
from . import services as special
from .choices import AgreementMethod, SpecialState
from .models import (
    ServiceItem,
    ServiceItemPrice,
    SpecialServiceLine,
    SpecialServiceOrder,
    SpecialServiceSummary,
)
from .permissions import VIEW_ITEMS_PERM as VIEW_ITEMS
from .permissions import VIEW_ORDERS_PERM as VIEW_ORDERS


def _date(value: str, default: dt.date | None = None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return default


def _error(request, exc: ServiceError) -> None:
    messages.error(request, str(exc.message))


# ---------------------------------------------------------------- price list


@project_view(VIEW_ITEMS)
def service_items(request):
    """特约服务项目及收费标准: the list with today's prices; the price-list keepers add items here."""
    can_edit = has_project_perm(request.user, request.project, special.PRICE_LIST_PERM)
    if request.method == "POST":
        if not can_edit:
            return HttpResponse(status=403)
        post = request.POST
        try:
            item = special.create_service_item(
                project=request.project,
                code=post.get("code", ""),
                name=post.get("name", ""),
                unit_label=post.get("unit_label", ""),
                department_kind=post.get("department_kind") or DepartmentKind.ENGINEERING,
                materials_note=post.get("materials_note", ""),
                labour_price=post.get("labour_price") or "0",
                materials_price=post.get("materials_price") or "0",
                effective_from=_date(post.get("effective_from")),  # none: the service prices from today
                actor=request.user,
            )
        except ServiceError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Item added to the price list."))
            return redirect("paidservices:service_item", pk=item.pk)
    on = _date(request.GET.get("on"), timezone.localdate())
    items = ServiceItem.objects.for_user(request.user).filter(project=request.project)
    prices: dict[int, ServiceItemPrice] = {}
    upcoming: dict[int, ServiceItemPrice] = {}
    for price in ServiceItemPrice.objects.filter(project=request.project).order_by(
        "item_id", "effective_from"
    ):
        if price.effective_from <= on:
            prices[price.item_id] = price
        else:
            upcoming.setdefault(price.item_id, price)
    rows = [(item, prices.get(item.pk), upcoming.get(item.pk)) for item in items]
    return render(
        request,
        "paidservices/items.html",
        {
            "rows": rows,
            "on": on,
            "can_edit": can_edit,
            "departments": DepartmentKind.choices,
            "today": timezone.localdate(),
        },
    )


@project_view(VIEW_ITEMS)
@object_view(ServiceItem)
def service_item(request, pk: int):
    item = get_object_for_user(ServiceItem.objects, request.user, pk, perm=VIEW_ITEMS)
    can_edit = has_project_perm(request.user, item.project, special.PRICE_LIST_PERM)
    if request.method == "POST":
        if not can_edit:
            return HttpResponse(status=403)
        post = request.POST
        try:
            if post.get("action") == "price":
                special.set_item_price(
                    item=item,
                    labour_price=post.get("labour_price") or "0",
                    materials_price=post.get("materials_price") or "0",
                    effective_from=_date(post.get("effective_from")),  # none: the service prices from today
                    actor=request.user,
                )
                messages.success(request, _("New price recorded; orders already made keep their price."))
            else:
                special.update_service_item(
                    item=item,
                    actor=request.user,
                    name=post.get("name", ""),
                    unit_label=post.get("unit_label", ""),
                    department_kind=post.get("department_kind") or item.department_kind,
                    materials_note=post.get("materials_note", ""),
                    is_active=post.get("is_active") == "on",
                )
                messages.success(request, _("Saved."))
        except ServiceError as exc:
            _error(request, exc)
        return redirect("paidservices:service_item", pk=item.pk)
    return render(
        request,
        "paidservices/item.html",
        {
            "item": item,
            "prices": item.prices.select_related("created_by").order_by("-effective_from"),
            "can_edit": can_edit,
            "departments": DepartmentKind.choices,
            "today": timezone.localdate(),
        },
    )


@project_view(VIEW_ITEMS)
def service_price_list(request):
    """The published list (代办、特约服务收费价目表) as a printable page, for the notice board."""
    on = _date(request.GET.get("on"), timezone.localdate())
    return render(
        request,
        "paidservices/price_list_print.html",
        {"rows": special.published_price_list(request.project, on), "on": on, "project": request.project},
    )


# ---------------------------------------------------------------- orders


def _orders(request):
    return (
        SpecialServiceOrder.objects.for_user(request.user)
        .filter(project=request.project)
        .select_related("unit__building", "department", "request")
        .annotate(
            amount=Coalesce(
                Sum("lines__amount"),
                Value(Decimal("0.00")),
                output_field=DecimalField(max_digits=14, decimal_places=2),
            )
        )
    )


@project_view(VIEW_ORDERS)
def special_orders(request):
    rows = _orders(request)
    state = request.GET.get("state", "")
    if state in SpecialState.values:
        rows = rows.filter(state=state)
    page = Paginator(rows.order_by("-created_at", "-id"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "paidservices/orders.html",
        {
            "page": page,
            "states": SpecialState.choices,
            "state": state,
            "can_add": has_project_perm(request.user, request.project, special.REGISTER_PERM),
        },
    )


@project_view(special.REGISTER_PERM)
def special_order_new(request):
    """Register a special service for a room, or for a service request (?request=<id>)."""
    source = None
    request_id = request.GET.get("request") or request.POST.get("request")
    if request_id:
        source = get_object_for_user(
            ServiceRequest.objects.select_related("unit__building", "responsible_department"),
            request.user,
            request_id,
            perm="servicedesk.view_servicerequest",
        )
    items = ServiceItem.objects.filter(project=request.project, is_active=True)
    if request.method == "POST":
        post = request.POST
        unit = None
        if source is None:
            unit = (
                Unit.objects.for_user(request.user)
                .filter(
                    project=request.project, pk=post.get("unit") if str(post.get("unit", "")).isdigit() else 0
                )
                .first()
            )
        chosen = []
        for item_id, quantity in zip(post.getlist("item"), post.getlist("quantity"), strict=False):
            item = items.filter(pk=item_id if item_id.isdigit() else 0).first()
            if item is not None and quantity:
                chosen.append((item, quantity))
        try:
            order = special.create_order(
                actor=request.user,
                request=source,
                unit=unit,
                content=post.get("content", ""),
                customer_name=post.get("customer_name", ""),
                appointment=post.get("appointment", ""),
                department_kind=post.get("department_kind", ""),
                items=chosen,
            )
        except ServiceError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Special service %(number)s registered.") % {"number": order.number})
            return redirect("paidservices:special_order", pk=order.pk)
    units = None
    if source is None:
        query = request.GET.get("q", "").strip()
        if query:
            units = list(billing_selectors.find_units(request.user, request.project, query)[:20])
    return render(
        request,
        "paidservices/order_new.html",
        {
            "source": source,
            "items": items,
            "units": units,
            "query": request.GET.get("q", ""),
            "departments": DepartmentKind.choices,
        },
    )


def _order(request, pk):
    return get_object_for_user(
        SpecialServiceOrder.objects.select_related(
            "unit__building",
            "department",
            "request",
            "created_by",
            "confirmed_by",
            "approved_by",
            "completed_by",
            "bill",
            "project",
        ).prefetch_related(
            Prefetch("lines", queryset=SpecialServiceLine.objects.select_related("priced_by"))
        ),
        request.user,
        pk,
        perm=VIEW_ORDERS,
    )


@project_view(VIEW_ORDERS)
@object_view(SpecialServiceOrder)
def special_order(request, pk: int):
    order = _order(request, pk)
    if request.method == "POST":
        return _order_action(request, order)
    project = order.project
    return render(
        request,
        "paidservices/order.html",
        {
            "order": order,
            "lines": list(order.lines.all()),
            "steps": order.steps.select_related("actor"),
            "items": ServiceItem.objects.filter(project=project, is_active=True),
            "can_register": has_project_perm(request.user, project, special.REGISTER_PERM),
            "can_price": permissions.can_price_custom_special(request.user, order),
            "can_edit_lines": permissions.can_edit_special_lines(request.user, order),
            # The state changes this user may make now (transitions.SPECIAL_ORDER, permissions.py).
            "moves": {m.name for m in lifecycle.allowed_moves(order, request.user)},
            "S": SpecialState,
            "methods": AgreementMethod,
        },
    )


def _order_action(request, order):
    post, actor = request.POST, request.user
    action = post.get("action", "")
    try:
        if action == "add_item":
            item = ServiceItem.objects.filter(project=order.project, pk=post.get("item") or 0).first()
            if item is None:
                raise ServiceError(_("Choose an item of the price list."), field="item")
            special.add_item_line(order=order, item=item, quantity=post.get("quantity") or "1", actor=actor)
        elif action == "add_custom":
            special.add_custom_line(
                order=order,
                name=post.get("name", ""),
                unit_label=post.get("unit_label", ""),
                quantity=post.get("quantity") or "1",
                labour_price=post.get("labour_price") or "0",
                materials_price=post.get("materials_price") or "0",
                actor=actor,
            )
        elif action == "remove_line":
            line = order.lines.filter(pk=post.get("line") or 0).first()
            if line is None:
                raise ServiceError(_("No such line."), field="line")
            special.remove_line(line=line, actor=actor)
        elif action == "confirm":
            special.confirm_order(order=order, actor=actor, note=post.get("note", ""))
        elif action == "reopen":
            special.reopen_order(order=order, actor=actor, reason=post.get("reason", ""))
        elif action == "approve":
            special.approve_order(order=order, actor=actor, note=post.get("note", ""))
        elif action == "send_back":
            special.send_back_order(order=order, actor=actor, reason=post.get("reason", ""))
        elif action == "agree":
            method = post.get("method", AgreementMethod.PAPER)
            if method == AgreementMethod.PORTAL:
                raise ServiceError(_("Only the owner confirms in the portal."), field="method")
            special.record_agreement(
                order=order,
                actor=actor,
                method=method,
                signer_name=post.get("signer_name", ""),
                signature_data_url=post.get("signature", ""),
            )
        elif action == "decline":
            special.decline_order(order=order, actor=actor, reason=post.get("reason", ""))
        elif action == "cancel":
            special.cancel_order(order=order, actor=actor, reason=post.get("reason", ""))
        elif action == "complete":
            special.complete_order(order=order, actor=actor)
        else:
            raise ServiceError(_("Unknown action."), field="action")
    except AccessDenied as exc:
        messages.error(request, str(exc.message))
        return HttpResponse(str(exc.message), status=403)
    except ServiceError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Recorded."))
    return redirect("paidservices:special_order", pk=order.pk)


@project_view(VIEW_ORDERS)
@object_view(SpecialServiceOrder)
def special_order_pdf(request, pk: int):
    """特约服务联络单, four copies: 业主联, 客服联, 财务联, 部门联."""
    order = _order(request, pk)
    response = HttpResponse(pdf.special_order_pdf(order), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{order.number}.pdf"'
    return response


# ---------------------------------------------------------------- monthly summary


def _month(request) -> dt.date:
    try:
        return dt.datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
    except ValueError:
        return special.due_summary_month(timezone.localdate())


def _summary_data(request):
    month = _month(request)
    stored = (
        SpecialServiceSummary.objects.for_user(request.user)
        .filter(project=request.project, month=month)
        .first()
    )
    if stored is not None:
        return (
            month,
            stored,
            stored.rows,
            stored.order_count,
            stored.revenue,
            stored.period_start,
            stored.period_end,
        )
    start, end = special.summary_period(month)
    rows, count, revenue = special.summary_rows(request.project, start, end)
    return month, None, rows, count, revenue, start, end


@project_view(VIEW_ORDERS)
def special_summary(request):
    """特约服务统计表: the stored summary of a month, or live figures before the job made it."""
    month, stored, rows, count, revenue, start, end = _summary_data(request)
    departments: dict[str, dict] = {}
    for row in rows:
        dept = departments.setdefault(row["department"], {"orders": 0, "revenue": Decimal("0.00")})
        dept["orders"] += row["orders"]
        dept["revenue"] += Decimal(row["revenue"])
    return render(
        request,
        "paidservices/summary.html",
        {
            "month": month,
            "stored": stored,
            "rows": rows,
            "count": count,
            "revenue": revenue,
            "start": start,
            "end": end,
            "departments": departments,
            "previous": (month - dt.timedelta(days=1)).replace(day=1),
            "next": (month + dt.timedelta(days=32)).replace(day=1),
            "history": SpecialServiceSummary.objects.filter(project=request.project).order_by("-month")[:12],
        },
    )


@project_view(VIEW_ORDERS)
def special_summary_export(request):
    month, _stored, rows, count, revenue, start, end = _summary_data(request)
    content = exports.special_summary_workbook(request.project, month, start, end, rows, count, revenue)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="special-services-{month:%Y%m}.xlsx"'
    return response
