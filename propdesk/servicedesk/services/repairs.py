"""Repairs (接修流程, seed 003): dispatch → the technician accepts → arrives → completes →
the owner signs (inside a unit) → the slip returns to customer service for the callback.

Each step is a move of the work order declared in transitions.WORK_ORDER (core.lifecycle),
under a row lock, with an event on the request's timeline.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core import lifecycle
from propdesk.core.access import has_project_perm
from propdesk.core.audit import acting_as
from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.core.models import Membership, User

from .. import hooks, permissions
from ..choices import EventKind, RepairClass, RequestKind, RequestStatus, WorkOrderState
from ..models import ServiceRequest, TechnicianSkill, WorkOrder, WorkOrderMaterial
from .clocks import Event, reclassify_clocks, sla_event
from .notifications import tell_technicians
from .requests import _event, transition_request

DISPATCH_PERM = permissions.DISPATCH_PERM
WORK_PERM = permissions.WORK_PERM
SLIP_PERM = permissions.SLIP_PERM
MAX_SIGNATURE_BYTES = 512 * 1024


def suggest_technicians(*, request: ServiceRequest) -> list[tuple[User, int, bool]]:
    """Technicians of the project, least loaded first, those skilled in the category before the rest.

    Returns (technician, open orders, skilled) tuples.
    """
    project = request.project
    technicians = (
        User.objects.filter(
            memberships__project=project,
            memberships__is_active=True,
            memberships__position__permissions__codename="work_on_orders",
        )
        .distinct()
        .annotate(
            load=Count(
                "work_orders",
                filter=Q(work_orders__project=project)
                & ~Q(work_orders__state__in=[WorkOrderState.RETURNED, WorkOrderState.CANCELLED]),
                distinct=True,
            )
        )
    )
    skilled: set[int] = set()
    if request.category_id:
        categories = [request.category_id] + (
            [request.category.parent_id] if request.category.parent_id else []
        )
        skilled = set(
            TechnicianSkill.objects.filter(project=project, category_id__in=categories).values_list(
                "technician_id", flat=True
            )
        )
    ranked = sorted(technicians, key=lambda t: (t.pk not in skilled, t.load, t.pk))
    return [(t, t.load, t.pk in skilled) for t in ranked]


def _lock_order(order: WorkOrder) -> WorkOrder:
    return WorkOrder.objects.select_for_update().select_related("request").get(pk=order.pk)


def move_order(
    order: WorkOrder, to_state: str, actor: User, at: dt.datetime, *, data=None, **fields
) -> WorkOrder:
    """The order's lifecycle move (transitions.WORK_ORDER) with its timeline step, then the SLA event
    it means for the request's clocks. `order` is already locked by the caller."""
    lifecycle.move(
        order,
        to=to_state,
        actor=actor,
        at=at,
        locked=True,
        event_data={"order": order.pk, **(data or {})},
        **fields,
    )
    sla = {
        WorkOrderState.ACCEPTED: Event.ACCEPTED,
        WorkOrderState.ARRIVED: Event.ARRIVED,
        WorkOrderState.COMPLETED: Event.COMPLETED,
        WorkOrderState.SIGNED: Event.OWNER_SIGNED,
    }.get(to_state)
    if sla:
        with acting_as(actor):
            sla_event(order.request, sla, actor, at=at)
    return order


@transaction.atomic
def dispatch(
    *, request: ServiceRequest, technician: User, actor: User, at: dt.datetime | None = None
) -> WorkOrder:
    """Send a repair to a technician. The arrival clock starts here (20 minutes by default)."""
    request = ServiceRequest.objects.select_for_update().get(pk=request.pk)
    if not permissions.can_dispatch(actor, request):
        raise AccessDenied(_("You do not dispatch repairs in this project."))
    if not permissions.takes_dispatch(request):
        if request.kind in permissions.DISPATCHED_KINDS:
            raise ServiceError(_("The request is closed."), field="request")
        raise ServiceError(
            _("Only repairs and paid services are dispatched to technicians."), field="request"
        )
    if not has_project_perm(technician, request.project, WORK_PERM):
        raise ServiceError(
            _("%(name)s is not a technician of this project.") % {"name": technician}, field="technician"
        )
    now = at or timezone.now()
    replaced = []
    with acting_as(actor):
        for live in WorkOrder.objects.select_for_update().filter(request=request).open():
            # Re-dispatch: the earlier order is cancelled, its times stay on record. Checked against the
            # table like every other step: once the technician is on site the order is finished, not replaced.
            if not lifecycle.can_move(live, live.state, WorkOrderState.CANCELLED):
                raise ServiceError(
                    _("The technician is already on site: finish this order instead of re-dispatching."),
                    field="technician",
                )
            lifecycle.move(
                live,
                to=WorkOrderState.CANCELLED,
                actor=actor,
                at=now,
                locked=True,
                reason=_("Re-dispatched"),
                event_data={"order": live.pk},
            )
            replaced.append(live)
        order = WorkOrder.objects.create(
            project_id=request.project_id,
            request=request,
            technician=technician,
            dispatcher=actor,
            dispatched_at=now,
        )
        _event(
            request,
            EventKind.DISPATCHED,
            actor,
            at=now,
            order=order.pk,
            technician=technician.pk,
            technician_name=str(technician),
        )
        clocks = sla_event(request, Event.DISPATCHED, actor, at=now, assignee=technician)
    if request.status == RequestStatus.RECEIVED:
        transition_request(request=request, to_status=RequestStatus.IN_PROGRESS, actor=actor)
    tell_technicians(order=order, clocks=clocks, replaced=replaced, actor=actor)
    return order


def _resume_for_work(order: WorkOrder, actor: User, now: dt.datetime, step: str) -> None:
    """A work step on a paused request ends the pause first: the wait (for parts, for the owner) is
    over once the technician is working on it again. Without this a completed repair stayed paused,
    its slip could not be returned and its callback was refused while the clock ran."""
    request = ServiceRequest.objects.select_for_update().get(pk=order.request_id)
    if request.status != RequestStatus.PAUSED:
        return
    reason = _("Work resumed: %(step)s") % {"step": step}
    with acting_as(actor):
        lifecycle.move(request, to=RequestStatus.IN_PROGRESS, actor=actor, reason=reason, at=now, locked=True)
        sla_event(request, Event.RESUMED, actor, at=now, reason=reason)
    order.request = request


def _require_technician(order: WorkOrder, actor: User) -> None:
    if not permissions.can_work_order(actor, order):
        raise AccessDenied(_("Only the technician of this order can do that."))


@transaction.atomic
def accept_order(*, order: WorkOrder, actor: User, at: dt.datetime | None = None) -> WorkOrder:
    """The technician signs for the order (接单) and the time is recorded. Paid work: only after the owner agreed."""
    order = _lock_order(order)
    _require_technician(order, actor)
    hooks.check_work_may_start(order.request)
    now = at or timezone.now()
    _resume_for_work(order, actor, now, _("order accepted"))
    with acting_as(actor):
        move_order(order, WorkOrderState.ACCEPTED, actor, now, accepted_at=now)
    return order


@transaction.atomic
def arrive(*, order: WorkOrder, actor: User, at: dt.datetime | None = None) -> WorkOrder:
    """The technician is on site: this stops the arrival clock. Paid work: only after the owner agreed."""
    order = _lock_order(order)
    _require_technician(order, actor)
    hooks.check_work_may_start(order.request)
    now = at or timezone.now()
    _resume_for_work(order, actor, now, _("on site"))
    with acting_as(actor):
        move_order(
            order,
            WorkOrderState.ARRIVED,
            actor,
            now,
            data={"minutes_after_dispatch": round((now - order.dispatched_at).total_seconds() / 60, 1)},
            arrived_at=now,
        )
    return order


@transaction.atomic
def complete_order(
    *,
    order: WorkOrder,
    actor: User,
    work_done: str,
    labour_minutes: int,
    materials: list[tuple[str, str, str]] = (),
    at: dt.datetime | None = None,
) -> WorkOrder:
    """Record what was done, the materials (name, quantity, unit) and the labour; the work is finished."""
    order = _lock_order(order)
    _require_technician(order, actor)
    if not work_done.strip():
        raise ServiceError(_("Describe the work done."), field="work_done")
    if labour_minutes is None or labour_minutes < 0:
        raise ServiceError(_("Labour must be zero or more minutes."), field="labour_minutes")
    rows = []
    for index, (name, quantity, unit) in enumerate(materials):
        if not str(name).strip():
            continue
        try:
            qty = Decimal(str(quantity))
        except InvalidOperation:
            raise ServiceError(
                _("Material %(n)d: the quantity is not a number.") % {"n": index + 1}, field="materials"
            ) from None
        if qty <= 0:
            raise ServiceError(
                _("Material %(n)d: the quantity must be more than zero.") % {"n": index + 1},
                field="materials",
            )
        rows.append(
            WorkOrderMaterial(
                project_id=order.project_id,
                order=order,
                name=str(name).strip(),
                quantity=qty,
                unit=str(unit).strip(),
            )
        )
    now = at or timezone.now()
    _resume_for_work(order, actor, now, _("work completed"))
    with acting_as(actor):
        move_order(
            order,
            WorkOrderState.COMPLETED,
            actor,
            now,
            data={"labour_minutes": labour_minutes, "materials": len(rows)},
            completed_at=now,
            work_done=work_done.strip(),
            labour_minutes=labour_minutes,
        )
        WorkOrderMaterial.objects.bulk_create(rows)
    # Apps above the service desk act on the finished work (paid services: the order is billed).
    hooks.work_completed(request=order.request, actor=actor, at=now)
    return order


def decode_signature(data_url: str) -> bytes:
    """The PNG bytes of a signature drawn on a phone (a data URL), checked; `ServiceError` otherwise."""
    prefix = "data:image/png;base64,"
    if not data_url.startswith(prefix):
        raise ServiceError(_("The signature must be a PNG image."), field="signature")
    try:
        raw = base64.b64decode(data_url[len(prefix) :], validate=True)
    except (binascii.Error, ValueError):
        raise ServiceError(_("The signature image is damaged."), field="signature") from None
    if not raw.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ServiceError(_("The signature must be a PNG image."), field="signature")
    if len(raw) > MAX_SIGNATURE_BYTES:
        raise ServiceError(_("The signature image is too large."), field="signature")
    return raw


@transaction.atomic
def sign_order(
    *, order: WorkOrder, signer_name: str, signature_data_url: str, actor: User, at: dt.datetime | None = None
) -> WorkOrder:
    """The owner confirms the completed repair by signing on the technician's phone."""
    order = _lock_order(order)
    _require_technician(order, actor)
    if not order.needs_owner_signature:
        raise ServiceError(_("Public-area repairs are not signed by an owner."), field="signature")
    if not signer_name.strip():
        raise ServiceError(_("Who signed?"), field="signer_name")
    raw = decode_signature(signature_data_url)
    now = at or timezone.now()
    with acting_as(actor):
        order.signature.save(f"{order.request.number}.png", ContentFile(raw), save=False)
        move_order(
            order,
            WorkOrderState.SIGNED,
            actor,
            now,
            data={"signer": signer_name.strip()},
            signed_at=now,
            signer_name=signer_name.strip(),
            signature=order.signature,
        )
    return order


@transaction.atomic
def return_slip(*, order: WorkOrder, actor: User, at: dt.datetime | None = None) -> WorkOrder:
    """Customer service receives the completed slip back; the request is resolved and its callback is due."""
    order = _lock_order(order)
    if not has_project_perm(actor, order.request.project, SLIP_PERM):
        raise AccessDenied(_("Customer service receives the returned slips."))
    if order.needs_owner_signature and order.state != WorkOrderState.SIGNED:
        raise ServiceError(_("The owner has not signed this repair yet."), field="state")
    now = at or timezone.now()
    with acting_as(actor):
        move_order(order, WorkOrderState.RETURNED, actor, now, returned_at=now)
    if ServiceRequest.objects.filter(pk=order.request_id, status=RequestStatus.PAUSED).exists():
        # Paused after the work was done: the returned slip ends the wait before the request resolves.
        transition_request(request=order.request, to_status=RequestStatus.IN_PROGRESS, actor=actor)
    transition_request(request=order.request, to_status=RequestStatus.RESOLVED, actor=actor)
    return order


@transaction.atomic
def reclassify_repair(
    *, request: ServiceRequest, to_class: str, reason: str, actor: User, at: dt.datetime | None = None
) -> ServiceRequest:
    """Change a repair's class (接修流程 5.2: 急修項目連續搶修，小修項目當天完成，一般維修2天內完成), saying why.

    The timeline records who changed it, from what, to what and why. The request's SLA clocks are
    recomputed under the new class's policy from their original start, keeping the pauses and any
    breach already recorded (sla.services.reclassify): an emergency's continuous-work clock starts when
    the technician arrived (or will arrive); back to general, the two workdays count from the report.
    An emergency is never paused: a waiting repair made an emergency is resumed first, on the timeline.
    """
    request = ServiceRequest.objects.select_for_update().get(pk=request.pk)
    if not permissions.can_reclassify(actor, request):
        if not has_project_perm(actor, request.project, permissions.RECLASSIFY_PERM):
            raise AccessDenied(_("You may not change the class of repairs in this project."))
        if request.kind != RequestKind.REPAIR:
            raise ServiceError(_("Only a repair has a repair class."), field="request")
        raise ServiceError(
            _("The repair is resolved or closed: its class no longer changes."), field="request"
        )
    if to_class not in RepairClass.values:
        raise ServiceError(_("Unknown repair class."), field="to_class")
    if to_class == request.repair_class:
        raise ServiceError(_("The repair already has this class."), field="to_class")
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("Say why the class changes."), field="reason")
    now = at or timezone.now()
    from_class = request.repair_class
    live = (
        WorkOrder.objects.filter(request=request)
        .open()
        .select_related("technician")
        .order_by("-dispatched_at", "-pk")
        .first()
    )
    with acting_as(actor):
        if request.status == RequestStatus.PAUSED and to_class == RepairClass.EMERGENCY:
            why = _("Resumed: an emergency repair is worked continuously until it is fixed")
            lifecycle.move(
                request, to=RequestStatus.IN_PROGRESS, actor=actor, reason=why, at=now, locked=True
            )
            sla_event(request, Event.RESUMED, actor, at=now, reason=why)
        request.repair_class = to_class
        request.save(update_fields=["repair_class"])
        _event(
            request,
            EventKind.RECLASSIFIED,
            actor,
            at=now,
            reason=reason,
            from_class=from_class,
            to_class=to_class,
        )
        reclassify_clocks(
            request, actor, at=now, reason=reason, assignee=live.technician if live is not None else None
        )
    return request


def technicians_of(project) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(
            project=project, is_active=True, position__permissions__codename="work_on_orders"
        )
        .select_related("user")
        .distinct()
    ]
