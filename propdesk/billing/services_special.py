"""Special services (特约服务, SPEC §7 and §2.2 paid repairs): every write, keyword-only with `actor=`.

Flow: registered (lines from the price list, or a custom price set by the engineering
supervisor) → the performing department's head confirms content and price → the owner
agrees (signature on the technician's phone, or confirmation in the portal) → the work is
done → completed: one one-off bill line (reference = order number) that the cashier takes
at the normal desk, with the normal receipt. No technician may accept or arrive on a paid
work order before the owner has agreed (`check_work_may_start`, called by the service desk).

The order's state changes only through `core.lifecycle.move` (table in `transitions.SPECIAL_ORDER`,
who may make each move in `permissions.py`); each move writes its `SpecialServiceStep`.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from propdesk.core import lifecycle
from propdesk.core.access import has_project_perm
from propdesk.core.audit import acting_as, system_user
from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.core.models import Department, Membership

from . import permissions, transitions
from .choices import ChargeKind
from .models import ChargeItem
from .models_special import (
    AgreementMethod,
    ServiceItem,
    ServiceItemPrice,
    SpecialServiceLine,
    SpecialServiceOrder,
    SpecialServiceSummary,
    SpecialState,
)
from .money import ZERO, money
from .permissions import (  # noqa: F401  (the views, the API and the service desk read them here)
    CONFIRM_PERM,
    CUSTOM_PRICE_PERM,
    DIRECTOR_POSITION,
    PRICE_LIST_PERM,
    REGISTER_PERM,
)

S = SpecialState

SPECIAL_CHARGE_CODE = "special_service"
DEFAULT_PRICES_FROM = dt.date(2000, 1, 1)


# ---------------------------------------------------------------- price list


def price_of(item: ServiceItem, on: dt.date) -> ServiceItemPrice | None:
    """The item's price row in force on a date (the latest `effective_from` not after it)."""
    return (
        ServiceItemPrice.objects.filter(item=item, effective_from__lte=on).order_by("-effective_from").first()
    )


def _amount(value, field: str) -> Decimal:
    try:
        result = money(value)
    except (TypeError, ValueError, InvalidOperation):
        raise ServiceError("金额格式不正确", field=field) from None
    if result < 0:
        raise ServiceError("金额不能为负数", field=field)
    return result


def _require(actor, project, perm: str, message: str) -> None:
    if not has_project_perm(actor, project, perm):
        raise AccessDenied(message)


@transaction.atomic
def create_service_item(
    *,
    project,
    code: str,
    name: str,
    unit_label: str,
    labour_price,
    materials_price=ZERO,
    department_kind: str = "engineering",
    materials_note: str = "",
    sort_order: int = 100,
    effective_from: dt.date,
    actor,
) -> ServiceItem:
    _require(actor, project, PRICE_LIST_PERM, "您不能修改特约服务价目表")
    if not name.strip():
        raise ServiceError("请填写服务项目名称", field="name")
    if not code.strip():
        raise ServiceError("请填写编号", field="code")
    with acting_as(actor):
        try:
            with transaction.atomic():
                item = ServiceItem.objects.create(
                    project=project,
                    code=code.strip(),
                    name=name.strip(),
                    unit_label=unit_label.strip() or "次",
                    department_kind=department_kind,
                    materials_note=materials_note.strip(),
                    sort_order=sort_order,
                )
        except IntegrityError:
            raise ServiceError("该编号已存在", field="code") from None
        ServiceItemPrice.objects.create(
            project=project,
            item=item,
            labour_price=_amount(labour_price, "labour_price"),
            materials_price=_amount(materials_price, "materials_price"),
            effective_from=effective_from,
            created_by=actor,
        )
    return item


@transaction.atomic
def update_service_item(*, item: ServiceItem, actor, **fields) -> ServiceItem:
    """Name, unit, department, materials note, order and the active flag; prices change by `set_item_price`."""
    _require(actor, item.project, PRICE_LIST_PERM, "您不能修改特约服务价目表")
    allowed = {"name", "unit_label", "department_kind", "materials_note", "sort_order", "is_active"}
    unknown = set(fields) - allowed
    if unknown:
        raise ServiceError(f"不能修改：{', '.join(sorted(unknown))}")
    if "name" in fields and not str(fields["name"]).strip():
        raise ServiceError("请填写服务项目名称", field="name")
    with acting_as(actor):
        for key, value in fields.items():
            setattr(item, key, value.strip() if isinstance(value, str) else value)
        item.save(update_fields=list(fields))
    return item


@transaction.atomic
def set_item_price(
    *, item: ServiceItem, labour_price, materials_price=ZERO, effective_from: dt.date, actor
) -> ServiceItemPrice:
    """A new price from a date. Orders already made keep the price copied into their lines."""
    _require(actor, item.project, PRICE_LIST_PERM, "您不能修改特约服务价目表")
    with acting_as(actor):
        try:
            with transaction.atomic():
                return ServiceItemPrice.objects.create(
                    project_id=item.project_id,
                    item=item,
                    labour_price=_amount(labour_price, "labour_price"),
                    materials_price=_amount(materials_price, "materials_price"),
                    effective_from=effective_from,
                    created_by=actor,
                )
        except IntegrityError:
            raise ServiceError("该日期已有收费标准", field="effective_from") from None


def load_default_service_items(*, project, actor=None) -> int:
    """The default price list (defaults.SPECIAL_SERVICE_ITEMS) for a project; existing codes are left alone."""
    from .defaults import SPECIAL_SERVICE_ITEMS

    actor = actor or system_user()
    existing = set(ServiceItem.objects.filter(project=project).values_list("code", flat=True))
    created = 0
    with transaction.atomic(), acting_as(actor):
        for order, (code, name, unit_label, dept, labour, materials, note) in enumerate(
            SPECIAL_SERVICE_ITEMS
        ):
            if code in existing:
                continue
            item = ServiceItem.objects.create(
                project=project,
                code=code,
                name=name,
                unit_label=unit_label,
                department_kind=dept,
                materials_note=note,
                sort_order=(order + 1) * 10,
            )
            ServiceItemPrice.objects.create(
                project=project,
                item=item,
                labour_price=Decimal(labour),
                materials_price=Decimal(materials),
                effective_from=DEFAULT_PRICES_FROM,
                created_by=actor,
            )
            created += 1
    return created


def published_price_list(
    project, on: dt.date | None = None
) -> list[tuple[ServiceItem, ServiceItemPrice | None]]:
    """Active items with the price in force on a date, in two queries."""
    on = on or timezone.localdate()
    items = list(ServiceItem.objects.filter(project=project, is_active=True).order_by("sort_order", "code"))
    prices: dict[int, ServiceItemPrice] = {}
    for price in ServiceItemPrice.objects.filter(project=project, effective_from__lte=on).order_by(
        "item_id", "effective_from"
    ):
        prices[price.item_id] = price  # the last one in date order is the one in force
    return [(item, prices.get(item.pk)) for item in items]


# ---------------------------------------------------------------- orders


def _local_day(project, at: dt.datetime) -> dt.date:
    return at.astimezone(zoneinfo.ZoneInfo(project.timezone)).date()


def _next_number(project, at: dt.datetime) -> str:
    """TF-20260310-0003: per project and day, from the service desk's locked counter (prefix TF)."""
    from propdesk.servicedesk.models import RequestCounter

    day = _local_day(project, at)
    RequestCounter.objects.get_or_create(project=project, prefix="TF", day=day)
    counter = RequestCounter.objects.select_for_update().get(project=project, prefix="TF", day=day)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"TF-{day:%Y%m%d}-{counter.last:04d}"


def _move(
    order: SpecialServiceOrder, to_state: str, actor, at: dt.datetime, note: str = "", **fields
) -> None:
    """Move the locked `order` by the kit (its step row, the fields the move sets), then note the
    change on its request's timeline."""
    lifecycle.move(order, to=to_state, actor=actor, reason=note, at=at, locked=True, **fields)
    if order.request_id:
        from propdesk.servicedesk.choices import EventKind
        from propdesk.servicedesk.services.requests import _event

        _event(
            order.request,
            EventKind.NOTE,
            actor,
            at=at,
            reason=f"特约服务单 {order.number}：{SpecialState(to_state).label}"
            + (f"（{note}）" if note else ""),
            special_order=order.pk,
            state=to_state,
        )


def _lock(order: SpecialServiceOrder) -> SpecialServiceOrder:
    return (
        SpecialServiceOrder.objects.select_for_update(of=("self",))
        .select_related("request", "project")
        .get(pk=order.pk)
    )


def _department_for(project, kind: str) -> Department:
    department = Department.objects.filter(project=project, kind=kind).first()
    if department is None:
        raise ServiceError("本项目没有该部门", field="department")
    return department


@transaction.atomic
def create_order(
    *,
    actor,
    request=None,
    unit=None,
    content: str = "",
    customer_name: str = "",
    appointment: str = "",
    department_kind: str = "",
    items: list[tuple[ServiceItem, object]] = (),
    at: dt.datetime | None = None,
) -> SpecialServiceOrder:
    """Register a special service, for a paid-service request, a paid repair inside a unit, or a walk-in.

    Public-area repairs are never paid. Lines from the price list may be given now or added later.
    """
    from propdesk.servicedesk.choices import RepairLocation, RequestKind

    if request is not None:
        if request.kind not in (RequestKind.REPAIR, RequestKind.PAID_SERVICE):
            raise ServiceError("只有报修和特约服务诉求可以收费", field="request")
        if request.kind == RequestKind.REPAIR and request.repair_location != RepairLocation.IN_UNIT:
            raise ServiceError("公共区域报修不收费", field="request")
        if not request.is_open:
            raise ServiceError("该诉求已关闭", field="request")
        from propdesk.servicedesk.models import WorkOrder

        started = WorkOrder.objects.filter(
            request=request, state__in=["arrived", "completed", "signed", "returned"]
        )
        if started.exists():
            raise ServiceError("维修已开始，不能再转为有偿服务：收费须在施工前经业主同意", field="request")
        unit = request.unit
        content = content.strip() or request.content
        customer_name = customer_name.strip() or request.reporter_name
        appointment = appointment.strip() or request.preferred_time
        if not department_kind and request.responsible_department_id:
            department_kind = request.responsible_department.kind
    if unit is None:
        raise ServiceError("特约服务须指定房屋", field="unit")
    project = unit.project
    _require(actor, project, REGISTER_PERM, "您不能登记特约服务")
    if not content.strip():
        raise ServiceError("请填写服务内容", field="content")
    if not customer_name.strip():
        raise ServiceError("请填写业户姓名", field="customer_name")
    department = _department_for(project, department_kind or "engineering")
    now = at or timezone.now()
    with acting_as(actor):
        try:
            with transaction.atomic():
                order = SpecialServiceOrder.objects.create(
                    project=project,
                    number=_next_number(project, now),
                    unit=unit,
                    request=request,
                    department=department,
                    content=content.strip(),
                    customer_name=customer_name.strip(),
                    appointment=appointment.strip(),
                    created_by=actor,
                    created_at=now,
                )
        except IntegrityError:
            raise ServiceError("该诉求已有特约服务单", field="request") from None
        lifecycle.record_created(order, actor=actor, at=now)
        if request is not None:
            from propdesk.servicedesk.choices import EventKind
            from propdesk.servicedesk.services.requests import _event

            _event(
                request, EventKind.NOTE, actor, at=now, reason=f"登记为有偿服务：特约服务单 {order.number}"
            )
        for item, quantity in items:
            _add_item_line(order, item, quantity, actor, now)
    return order


def _quantity(value) -> Decimal:
    try:
        qty = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ServiceError("数量格式不正确", field="quantity") from None
    if qty <= 0:
        raise ServiceError("数量必须大于零", field="quantity")
    return qty.quantize(Decimal("0.01"))


def _add_item_line(order, item: ServiceItem, quantity, actor, at: dt.datetime) -> SpecialServiceLine:
    if item.project_id != order.project_id or not item.is_active:
        raise ServiceError("该服务项目不在本项目的价目表中", field="item")
    qty = _quantity(quantity)
    price = price_of(item, _local_day(order.project, at))
    if price is None:
        raise ServiceError(f"“{item.name}”没有有效的收费标准", field="item")
    return SpecialServiceLine.objects.create(
        project_id=order.project_id,
        order=order,
        item=item,
        price=price,
        name=item.name,
        unit_label=item.unit_label,
        quantity=qty,
        labour_price=price.labour_price,
        materials_price=price.materials_price,
        amount=money(qty * (price.labour_price + price.materials_price)),
    )


def _editable(order: SpecialServiceOrder) -> None:
    if order.state != S.DRAFT:
        raise ServiceError("内容和价格经主管确认后不能修改，请先退回重新核价", field="state")


@transaction.atomic
def add_item_line(*, order: SpecialServiceOrder, item: ServiceItem, quantity, actor) -> SpecialServiceLine:
    """A price-list line: quantity × the price in force today, copied into the line."""
    order = _lock(order)
    _require(actor, order.project, REGISTER_PERM, "您不能登记特约服务")
    _editable(order)
    with acting_as(actor):
        return _add_item_line(order, item, quantity, actor, timezone.now())


@transaction.atomic
def add_custom_line(
    *,
    order: SpecialServiceOrder,
    name: str,
    unit_label: str,
    quantity,
    labour_price,
    materials_price=ZERO,
    actor,
) -> SpecialServiceLine:
    """Work not on the price list, priced by the engineering supervisor."""
    order = _lock(order)
    _require(actor, order.project, CUSTOM_PRICE_PERM, "价目表以外的项目由工程主管定价")
    _editable(order)
    if not name.strip():
        raise ServiceError("请填写服务项目名称", field="name")
    qty = _quantity(quantity)
    labour, materials = _amount(labour_price, "labour_price"), _amount(materials_price, "materials_price")
    if labour + materials <= 0:
        raise ServiceError("价格必须大于零", field="labour_price")
    with acting_as(actor):
        return SpecialServiceLine.objects.create(
            project_id=order.project_id,
            order=order,
            name=name.strip(),
            unit_label=unit_label.strip() or "项",
            quantity=qty,
            labour_price=labour,
            materials_price=materials,
            amount=money(qty * (labour + materials)),
            priced_by=actor,
        )


@transaction.atomic
def remove_line(*, line: SpecialServiceLine, actor) -> None:
    order = _lock(line.order)
    _require(actor, order.project, REGISTER_PERM, "您不能登记特约服务")
    _editable(order)
    if line.is_custom and not has_project_perm(actor, order.project, CUSTOM_PRICE_PERM):
        raise AccessDenied("价目表以外的项目由工程主管定价")
    with acting_as(actor):
        line.delete()


@transaction.atomic
def confirm_order(*, order: SpecialServiceOrder, actor, note: str = "", at: dt.datetime | None = None):
    """The performing department's head confirms content and price (部门主管审核)."""
    order = _lock(order)
    if not permissions.can_review_special(actor, order):
        raise AccessDenied("特约服务由部门主管确认内容和价格")
    if not permissions.heads_special_department(actor, order):
        raise AccessDenied(f"须由{order.department.name}主管或服务中心主任确认")
    if not order.lines.exists():
        raise ServiceError("请先填写服务项目和价格", field="lines")
    now = at or timezone.now()
    with acting_as(actor):
        _move(order, S.CONFIRMED, actor, now, note, confirmed_by=actor, confirmed_at=now)
    return order


@transaction.atomic
def reopen_order(*, order: SpecialServiceOrder, actor, reason: str):
    """Back to the draft for new content or price, before the owner agreed."""
    order = _lock(order)
    if not permissions.can_reopen_special(actor, order):
        raise AccessDenied("特约服务由部门主管确认内容和价格")
    if not reason.strip():
        raise ServiceError("请填写原因", field="reason")
    with acting_as(actor):
        _move(order, S.DRAFT, actor, timezone.now(), reason.strip(), confirmed_by=None, confirmed_at=None)
    return order


def _decode_signature(data_url: str) -> bytes:
    from propdesk.servicedesk.services.repairs import _decode_signature as decode

    return decode(data_url)


@transaction.atomic
def record_agreement(
    *,
    order: SpecialServiceOrder,
    actor,
    method: str,
    signer_name: str = "",
    signature_data_url: str = "",
    at: dt.datetime | None = None,
):
    """The owner agrees to content and price before work starts.

    `signature`: the owner signs on the technician's (or front desk's) phone, the image is kept.
    `portal`: the owner confirms in the portal (the caller checked it is their order).
    `paper`: staff record that the owner signed the printed contact form.
    """
    order = _lock(order)
    if method not in AgreementMethod.values:
        raise ServiceError("同意方式不正确", field="method")
    if method == AgreementMethod.PORTAL:
        if not permissions.owns_special_unit(actor, order):
            raise AccessDenied("这不是您的房屋")
        signer_name = signer_name or f"{order.customer_name}（业主端确认）"
    else:
        if not permissions.can_record_agreement_special(actor, order):
            raise AccessDenied("您不能为业主登记同意")
        if not signer_name.strip():
            raise ServiceError("请填写签字人", field="signer_name")
    raw = _decode_signature(signature_data_url) if method == AgreementMethod.SIGNATURE else None
    now = at or timezone.now()
    fields = {"agreed_at": now, "agreement_method": method, "signer_name": signer_name.strip()}
    if raw is not None:
        # Written to storage when the move saves the order (the field's pre_save), not before.
        fields["signature"] = ContentFile(raw, name=f"{order.number}.png")
    with acting_as(actor):
        _move(
            order, S.AGREED, actor, now, f"{signer_name.strip()}，{AgreementMethod(method).label}", **fields
        )
    return order


@transaction.atomic
def decline_order(*, order: SpecialServiceOrder, actor, reason: str, portal: bool = False):
    """The owner does not agree to the price: recorded, nothing is done or charged."""
    order = _lock(order)
    if portal:
        if not permissions.owns_special_unit(actor, order):
            raise AccessDenied("这不是您的房屋")
    elif not permissions.can_register_special(actor, order):
        raise AccessDenied("您不能登记特约服务")
    with acting_as(actor):
        _move(
            order,
            S.DECLINED,
            actor,
            timezone.now(),
            reason.strip() or "业主不同意价格",
            end_reason=reason.strip()[:200],
        )
    return order


@transaction.atomic
def cancel_order(*, order: SpecialServiceOrder, actor, reason: str):
    order = _lock(order)
    if not permissions.can_cancel_special(actor, order):
        raise AccessDenied("您不能登记特约服务")
    if not reason.strip():
        raise ServiceError("请填写取消原因", field="reason")
    with acting_as(actor):
        _move(order, S.CANCELLED, actor, timezone.now(), reason.strip(), end_reason=reason.strip()[:200])
    return order


def special_charge_item(project) -> ChargeItem:
    item, _made = ChargeItem.objects.get_or_create(
        project=project,
        code=SPECIAL_CHARGE_CODE,
        defaults={"name": "特约服务费", "kind": ChargeKind.ONE_OFF, "sort_order": 85, "due_days": 7},
    )
    return item


@transaction.atomic
def complete_order(*, order: SpecialServiceOrder, actor, at: dt.datetime | None = None):
    """The work is done: the order becomes one bill line for the cashier (reference = order number)."""
    from . import services

    order = _lock(order)
    if not permissions.can_complete_special(actor, order):
        raise AccessDenied("您不能完成特约服务")
    if not transitions.SPECIAL_ORDER.can(order.state, S.COMPLETED):
        raise ServiceError("业主同意后才能完工计费", field="state")
    now = at or timezone.now()
    total = order.total
    with acting_as(actor):
        bill = None
        if total > 0:
            bill = services.charge_one_off(
                unit=order.unit,
                item=special_charge_item(order.project),
                amount=total,
                on=_local_day(order.project, now),
                reference=order.number,
                description=f"特约服务 {order.number}：{order.content[:60]}",
                actor=actor,
            )
        _move(order, S.COMPLETED, actor, now, completed_by=actor, completed_at=now, bill=bill)
    return order


# ---------------------------------------------------------------- the service desk's hooks


def live_order_for(request) -> SpecialServiceOrder | None:
    return (
        SpecialServiceOrder.objects.filter(request=request)
        .exclude(state__in=[S.DECLINED, S.CANCELLED])
        .prefetch_related("lines")
        .first()
    )


def check_work_may_start(request) -> None:
    """Refuse to start (accept, arrive) paid work the owner has not agreed to."""
    from propdesk.servicedesk.choices import RequestKind

    order = live_order_for(request)
    if order is None:
        if request.kind == RequestKind.PAID_SERVICE:
            raise ServiceError("特约服务须先登记服务单并经业主同意，才能开始工作", field="state")
        return
    if not order.is_agreed:
        raise ServiceError(f"有偿服务 {order.number} 业主尚未同意价格，不能开始工作", field="state")


def complete_for_work_order(*, request, actor, at: dt.datetime) -> SpecialServiceOrder | None:
    """The technician completed the paid work order: complete the special order (makes the bill line)."""
    order = live_order_for(request)
    if order is None or order.state != S.AGREED:
        return None
    return complete_order(order=order, actor=actor, at=at)


# ---------------------------------------------------------------- monthly summary (特约服务统计表)

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
    from django.urls import reverse

    from propdesk.notices.services import Message, notify

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
                        title=f"{month:%Y年%m月}特约服务统计表已生成",
                        body=f"{start:%m月%d日}至{end:%m月%d日}：{count} 单，收入 ¥{revenue}",
                        link=reverse("billing:special_summary") + f"?month={month:%Y-%m}",
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
