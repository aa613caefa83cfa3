"""Paid-service orders (特约服务单, SPEC §7 and §2.2 paid repairs): every write, keyword-only with `actor=`.

Flow: registered (lines from the price list, or a custom price set by the engineering
supervisor) → the performing department's head confirms content and price → the owner
agrees (signature on the technician's phone, or confirmation in the portal) → the work is
done → completed: one one-off bill line (reference = order number) that the cashier takes
at the normal desk, with the normal receipt. No technician may accept or arrive on a paid
work order before the owner has agreed (`check_work_may_start`, registered with the service
desk's hooks in `hooks.py`).

The order's state changes only through `core.lifecycle.move` (table in `transitions.SPECIAL_ORDER`,
who may make each move in `permissions.py`); each move writes its `SpecialServiceStep` and a note
on the request's timeline (the service desk's `timeline.record_event`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.billing import services as billing_services
from propdesk.billing.choices import ChargeKind
from propdesk.billing.models import ChargeItem
from propdesk.billing.money import ZERO, money
from propdesk.core import lifecycle
from propdesk.core.audit import acting_as
from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.core.models import Department
from propdesk.servicedesk.choices import EventKind, RepairLocation, RequestKind, WorkOrderState
from propdesk.servicedesk.models import WorkOrder
from propdesk.servicedesk.services import day_number
from propdesk.servicedesk.services.repairs import decode_signature
from propdesk.servicedesk.timeline import record_event

from .. import permissions, transitions
from ..choices import AgreementMethod, SpecialState
from ..defaults import DEFAULT_CUSTOM_LINE_UNIT, SPECIAL_CHARGE_NAME
from ..models import ServiceItem, SpecialServiceLine, SpecialServiceOrder
from ..permissions import REGISTER_PERM
from .common import amount, local_day, require
from .prices import price_of

S = SpecialState

NUMBER_PREFIX = "TF"  # 特服: TF-20260310-0003, from the service desk's day counter
SPECIAL_CHARGE_CODE = "special_service"
# Once a technician is on site the work has started: too late to make it paid.
WORK_STARTED = [
    WorkOrderState.ARRIVED,
    WorkOrderState.COMPLETED,
    WorkOrderState.SIGNED,
    WorkOrderState.RETURNED,
]


def _next_number(project, at: dt.datetime) -> str:
    """TF-20260310-0003: per project and day, from the service desk's day counter (prefix TF)."""
    return day_number(project=project, prefix=NUMBER_PREFIX, at=at)


def _move(
    order: SpecialServiceOrder, to_state: str, actor, at: dt.datetime, note: str = "", **fields
) -> None:
    """Move the locked `order` by the kit (its step row, the fields the move sets), then note the
    change on its request's timeline."""
    lifecycle.move(order, to=to_state, actor=actor, reason=note, at=at, locked=True, **fields)
    if order.request_id:
        record_event(
            order.request,
            EventKind.NOTE,
            actor,
            at=at,
            reason=_timeline_note(order, to_state, note),
            special_order=order.pk,
            state=to_state,
        )


def _timeline_note(order: SpecialServiceOrder, to_state: str, note: str) -> str:
    """特约服务单 TF-…：业主已同意（note）: the move as the request's timeline shows it."""
    text = _("Special service order %(number)s: %(state)s") % {
        "number": order.number,
        "state": SpecialState(to_state).label,
    }
    return _("%(event)s (%(note)s)") % {"event": text, "note": note} if note else text


def _lock(order: SpecialServiceOrder) -> SpecialServiceOrder:
    return (
        SpecialServiceOrder.objects.select_for_update(of=("self",))
        .select_related("request", "project")
        .get(pk=order.pk)
    )


def _department_for(project, kind: str) -> Department:
    department = Department.objects.filter(project=project, kind=kind).first()
    if department is None:
        raise ServiceError(_("This project has no such department."), field="department")
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
    if request is not None:
        if request.kind not in (RequestKind.REPAIR, RequestKind.PAID_SERVICE):
            raise ServiceError(_("Only repair and special service requests can be charged."), field="request")
        if request.kind == RequestKind.REPAIR and request.repair_location != RepairLocation.IN_UNIT:
            raise ServiceError(_("Repairs in public areas are not charged."), field="request")
        if not request.is_open:
            raise ServiceError(_("This request is closed."), field="request")
        started = WorkOrder.objects.filter(request=request, state__in=WORK_STARTED)
        if started.exists():
            raise ServiceError(
                _(
                    "The repair has started and cannot become a paid service: a charge needs the"
                    " owner's agreement before the work."
                ),
                field="request",
            )
        unit = request.unit
        content = content.strip() or request.content
        customer_name = customer_name.strip() or request.reporter_name
        appointment = appointment.strip() or request.preferred_time
        if not department_kind and request.responsible_department_id:
            department_kind = request.responsible_department.kind
    if unit is None:
        raise ServiceError(_("A special service needs a unit."), field="unit")
    project = unit.project
    require(actor, project, REGISTER_PERM, _("You may not register special services."))
    if not content.strip():
        raise ServiceError(_("Describe the service."), field="content")
    if not customer_name.strip():
        raise ServiceError(_("Enter the owner's or tenant's name."), field="customer_name")
    # The performing department: as asked, else the request's, else the first item's (a cleaning
    # order goes to the cleaning lead), else engineering.
    if not department_kind and items:
        department_kind = items[0][0].department_kind
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
            raise ServiceError(
                _("This request already has a special service order."), field="request"
            ) from None
        lifecycle.record_created(order, actor=actor, at=now)
        if request is not None:
            record_event(
                request,
                EventKind.NOTE,
                actor,
                at=now,
                reason=_("Registered as a paid service: special service order %(number)s")
                % {"number": order.number},
            )
        for item, quantity in items:
            _add_item_line(order, item, quantity, actor, now)
    return order


def _quantity(value) -> Decimal:
    try:
        qty = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ServiceError(_("The quantity is not a valid number."), field="quantity") from None
    if qty <= 0:
        raise ServiceError(_("The quantity must be greater than zero."), field="quantity")
    return qty.quantize(Decimal("0.01"))


def _add_item_line(order, item: ServiceItem, quantity, actor, at: dt.datetime) -> SpecialServiceLine:
    if item.project_id != order.project_id or not item.is_active:
        raise ServiceError(_("This service is not on the project's price list."), field="item")
    qty = _quantity(quantity)
    price = price_of(item, local_day(order.project, at))
    if price is None:
        raise ServiceError(_("“%(item)s” has no price in force.") % {"item": item.name}, field="item")
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
        raise ServiceError(
            _("Content and price cannot change once confirmed: send the order back for a new price first."),
            field="state",
        )


@transaction.atomic
def add_item_line(*, order: SpecialServiceOrder, item: ServiceItem, quantity, actor) -> SpecialServiceLine:
    """A price-list line: quantity × the price in force today, copied into the line."""
    order = _lock(order)
    require(actor, order.project, REGISTER_PERM, _("You may not register special services."))
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
    """Work not on the price list, priced with the owner by the performing department's head: the
    engineering supervisor for repairs, the cleaning lead for cleaning (seed 003 服务收费 4.2.2)."""
    order = _lock(order)
    _require_pricer(actor, order)
    _editable(order)
    if not name.strip():
        raise ServiceError(_("Enter the name of the service."), field="name")
    qty = _quantity(quantity)
    labour, materials = amount(labour_price, "labour_price"), amount(materials_price, "materials_price")
    if labour + materials <= 0:
        raise ServiceError(_("The price must be greater than zero."), field="labour_price")
    with acting_as(actor):
        return SpecialServiceLine.objects.create(
            project_id=order.project_id,
            order=order,
            name=name.strip(),
            unit_label=unit_label.strip() or DEFAULT_CUSTOM_LINE_UNIT,
            quantity=qty,
            labour_price=labour,
            materials_price=materials,
            amount=money(qty * (labour + materials)),
            priced_by=actor,
        )


def _require_pricer(actor, order: SpecialServiceOrder) -> None:
    if not permissions.can_price_custom_special(actor, order):
        raise AccessDenied(
            _(
                "Work not on the price list is priced by the head of %(department)s "
                "(the engineering supervisor or the cleaning lead) or the center director."
            )
            % {"department": order.department.name}
        )


@transaction.atomic
def remove_line(*, line: SpecialServiceLine, actor) -> None:
    order = _lock(line.order)
    require(actor, order.project, REGISTER_PERM, _("You may not register special services."))
    _editable(order)
    if line.is_custom:
        _require_pricer(actor, order)
    with acting_as(actor):
        line.delete()


@transaction.atomic
def confirm_order(*, order: SpecialServiceOrder, actor, note: str = "", at: dt.datetime | None = None):
    """The performing department's head confirms content and price (部门主管审核)."""
    order = _lock(order)
    if not permissions.can_review_special(actor, order):
        raise AccessDenied(_("The department's head confirms a special service's content and price."))
    if not permissions.heads_special_department(actor, order):
        raise AccessDenied(
            _("The head of %(department)s or the center director confirms this.")
            % {"department": order.department.name}
        )
    if not order.lines.exists():
        raise ServiceError(_("Add the services and their prices first."), field="lines")
    now = at or timezone.now()
    with acting_as(actor):
        if not permissions.needs_manager_approval(order):
            _move(order, S.CONFIRMED, actor, now, note, confirmed_by=actor, confirmed_at=now)
        elif permissions.can_approve_special(actor, order):  # the manager confirms: approved at once
            _move(
                order,
                S.CONFIRMED,
                actor,
                now,
                note,
                confirmed_by=actor,
                confirmed_at=now,
                approved_by=actor,
                approved_at=now,
            )
        else:
            _move(order, S.PENDING_APPROVAL, actor, now, note, confirmed_by=actor, confirmed_at=now)
    return order


@transaction.atomic
def approve_order(*, order: SpecialServiceOrder, actor, note: str = "", at: dt.datetime | None = None):
    """The property manager approves the content and price of work off the price list (物业经理审批,
    seed 003 服务收费 3.4); the order then waits for the owner's agreement."""
    order = _lock(order)
    if not permissions.can_approve_special(actor, order):
        raise AccessDenied(_("The property manager approves the content and price of special services."))
    now = at or timezone.now()
    with acting_as(actor):
        _move(order, S.CONFIRMED, actor, now, note, approved_by=actor, approved_at=now)
    return order


@transaction.atomic
def send_back_order(*, order: SpecialServiceOrder, actor, reason: str):
    """The property manager does not approve: back to the draft, with the reason, to be re-priced."""
    order = _lock(order)
    if not permissions.can_approve_special(actor, order):
        raise AccessDenied(_("The property manager approves the content and price of special services."))
    if not reason.strip():
        raise ServiceError(_("Enter the reason."), field="reason")
    with acting_as(actor):
        _move(order, S.DRAFT, actor, timezone.now(), reason.strip(), confirmed_by=None, confirmed_at=None)
    return order


@transaction.atomic
def reopen_order(*, order: SpecialServiceOrder, actor, reason: str):
    """Back to the draft for new content or price, before the owner agreed."""
    order = _lock(order)
    if not permissions.can_reopen_special(actor, order):
        raise AccessDenied(_("The department's head confirms a special service's content and price."))
    if not reason.strip():
        raise ServiceError(_("Enter the reason."), field="reason")
    with acting_as(actor):
        _move(order, S.DRAFT, actor, timezone.now(), reason.strip(), confirmed_by=None, confirmed_at=None)
    return order


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
        raise ServiceError(_("Choose a valid way of agreeing."), field="method")
    if method == AgreementMethod.PORTAL:
        if not permissions.owns_special_unit(actor, order):
            raise AccessDenied(_("This unit is not yours."))
        signer_name = signer_name or _("%(name)s (confirmed in the portal)") % {"name": order.customer_name}
    else:
        if not permissions.can_record_agreement_special(actor, order):
            raise AccessDenied(_("You may not record the owner's agreement."))
        if not signer_name.strip():
            raise ServiceError(_("Enter who signed."), field="signer_name")
    raw = decode_signature(signature_data_url) if method == AgreementMethod.SIGNATURE else None
    now = at or timezone.now()
    fields = {"agreed_at": now, "agreement_method": method, "signer_name": signer_name.strip()}
    if raw is not None:
        # Written to storage when the move saves the order (the field's pre_save), not before.
        fields["signature"] = ContentFile(raw, name=f"{order.number}.png")
    with acting_as(actor):
        note = _("%(signer)s, %(method)s") % {
            "signer": signer_name.strip(),
            "method": AgreementMethod(method).label,
        }
        _move(order, S.AGREED, actor, now, note, **fields)
    return order


@transaction.atomic
def decline_order(*, order: SpecialServiceOrder, actor, reason: str, portal: bool = False):
    """The owner does not agree to the price: recorded, nothing is done or charged."""
    order = _lock(order)
    if portal:
        if not permissions.owns_special_unit(actor, order):
            raise AccessDenied(_("This unit is not yours."))
    elif not permissions.can_register_special(actor, order):
        raise AccessDenied(_("You may not register special services."))
    with acting_as(actor):
        _move(
            order,
            S.DECLINED,
            actor,
            timezone.now(),
            reason.strip() or _("The owner does not agree to the price"),
            end_reason=reason.strip()[:200],
        )
    return order


@transaction.atomic
def cancel_order(*, order: SpecialServiceOrder, actor, reason: str):
    order = _lock(order)
    if not permissions.can_cancel_special(actor, order):
        raise AccessDenied(_("You may not register special services."))
    if not reason.strip():
        raise ServiceError(_("Enter the reason for cancelling."), field="reason")
    with acting_as(actor):
        _move(order, S.CANCELLED, actor, timezone.now(), reason.strip(), end_reason=reason.strip()[:200])
    return order


def special_charge_item(project) -> ChargeItem:
    item, _made = ChargeItem.objects.get_or_create(
        project=project,
        code=SPECIAL_CHARGE_CODE,
        defaults={"name": SPECIAL_CHARGE_NAME, "kind": ChargeKind.ONE_OFF, "sort_order": 85, "due_days": 7},
    )
    return item


@transaction.atomic
def complete_order(*, order: SpecialServiceOrder, actor, at: dt.datetime | None = None):
    """The work is done: the order becomes one bill line for the cashier (reference = order number)."""
    order = _lock(order)
    if not permissions.can_complete_special(actor, order):
        raise AccessDenied(_("You may not complete special services."))
    if not transitions.SPECIAL_ORDER.can(order.state, S.COMPLETED):
        raise ServiceError(_("Work is completed and charged only after the owner agreed."), field="state")
    now = at or timezone.now()
    total = order.total
    with acting_as(actor):
        bill = None
        if total > 0:
            bill = billing_services.charge_one_off(
                unit=order.unit,
                item=special_charge_item(order.project),
                amount=total,
                on=local_day(order.project, now),
                reference=order.number,
                description=_("Special service %(number)s: %(content)s")
                % {"number": order.number, "content": order.content[:60]},
                actor=actor,
            )
        _move(order, S.COMPLETED, actor, now, completed_by=actor, completed_at=now, bill=bill)
    return order


# ---------------------------------------------------------------- for the service desk's hooks (hooks.py)


def live_order_for(request) -> SpecialServiceOrder | None:
    return (
        SpecialServiceOrder.objects.filter(request=request)
        .exclude(state__in=[S.DECLINED, S.CANCELLED])
        .prefetch_related("lines")
        .first()
    )


def check_work_may_start(request) -> None:
    """Refuse to start (accept, arrive) paid work the owner has not agreed to."""
    order = live_order_for(request)
    if order is None:
        if request.kind == RequestKind.PAID_SERVICE:
            raise ServiceError(
                _("A special service needs its order registered and agreed by the owner before work starts."),
                field="state",
            )
        return
    if not order.is_agreed:
        raise ServiceError(
            _("Paid service %(number)s: the owner has not agreed to the price yet, work cannot start.")
            % {"number": order.number},
            field="state",
        )


def complete_for_work_order(*, request, actor, at: dt.datetime) -> SpecialServiceOrder | None:
    """The technician completed the paid work order: complete the special order (makes the bill line)."""
    order = live_order_for(request)
    if order is None or order.state != S.AGREED:
        return None
    return complete_order(order=order, actor=actor, at=at)
