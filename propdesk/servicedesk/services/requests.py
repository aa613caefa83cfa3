"""Writes for the service desk. Keyword-only, with an actor; checks first, then the change.

First responsibility (首问责任制, seed 000 procedure 02):
- whoever first receives a request is its first receiver, for good;
- the holder (accountable person) changes only when a hand-off is accepted;
- a front-line employee hands over to the direct superior; a manager to the head of
  the one responsible department, or to the center director when the department is
  unclear or several departments are involved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core import fastsql, lifecycle, numbering
from propdesk.core.access import has_project_perm
from propdesk.core.audit import acting_as
from propdesk.core.choices import DepartmentKind
from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.core.fastsql import Where, fetch
from propdesk.core.models import Department, Membership, Project, User

from .. import permissions
from ..choices import (
    NUMBER_PREFIX,
    Channel,
    EventKind,
    HandOffState,
    RepairLocation,
    RequestKind,
    RequestStatus,
)
from ..defaults import DEFAULT_CATEGORIES
from ..models import Category, Complaint, HandOff, RequestCounter, ServiceRequest
from ..selectors import current_owner_query, owner_id_from
from ..timeline import record_event as _event
from .clocks import Event, handoff_sla_event, sla_event

DIRECTOR_POSITION = "center_director"
HANDLE_PERM = "servicedesk.handle_request"


def _require_handler(actor, project: Project) -> None:
    if not has_project_perm(actor, project, HANDLE_PERM):
        raise AccessDenied(_("You do not handle owner requests in this project."))


def day_number(*, project: Project, prefix: str, at: dt.datetime) -> str:
    """PREFIX-20260310-0012 from the service desk's day counter (`RequestCounter`); also used by
    apps above the service desk for their own prefixes (paid services: TF)."""
    return numbering.next_day_number(RequestCounter, project=project, prefix=prefix, at=at)


def next_number(*, project: Project, kind: str, at: dt.datetime) -> str:
    """BX-20260310-0012: per project, kind and local day, from a locked counter (no duplicates)."""
    return day_number(project=project, prefix=NUMBER_PREFIX[kind], at=at)


def receive_request(
    *,
    project: Project,
    actor: User,
    kind: str,
    channel: str,
    content: str,
    reporter_name: str,
    reporter_phone: str = "",
    unit=None,
    location: str = "",
    party=None,
    category: Category | None = None,
    owner_requirements: str = "",
    preferred_time: str = "",
    repair_location: str = "",
    repair_class: str = "",
    apologized: bool = False,
    received_at: dt.datetime | None = None,
    submitted_by: User | None = None,
) -> ServiceRequest:
    """Record a request. The actor becomes its first receiver and its holder.

    `submitted_by` is the owner when the request comes from the portal: the audit trail and
    the timeline name them, while the staff actor is accountable.

    A repair gets its location (in a unit / public area) and class from the category when not given.
    """
    _require_handler(actor, project)
    content = content.strip()
    if not content:
        raise ServiceError(_("Describe the matter."), field="content")
    if not reporter_name.strip():
        raise ServiceError(_("Name the person reporting it."), field="reporter_name")
    if kind not in RequestKind.values:
        raise ServiceError(_("Unknown kind of request."), field="kind")
    if channel not in Channel.values:
        raise ServiceError(_("Unknown channel."), field="channel")
    if unit is not None and unit.project_id != project.pk:
        raise ServiceError(_("The unit belongs to another project."), field="unit")
    if category is not None and category.project_id != project.pk:
        raise ServiceError(_("The category belongs to another project."), field="category")
    if party is not None and party.project_id != project.pk:
        raise ServiceError(_("The owner belongs to another project."), field="party")
    if unit is None and not location.strip():
        raise ServiceError(_("Give the unit or describe the location."), field="unit")
    if kind == RequestKind.REPAIR:
        repair_location = repair_location or (
            RepairLocation.IN_UNIT if unit is not None else RepairLocation.PUBLIC
        )
        if repair_location == RepairLocation.IN_UNIT and unit is None:
            raise ServiceError(_("A repair inside a unit needs the unit."), field="unit")
        repair_class = repair_class or (category.default_repair_class if category else "") or "general"
    else:
        repair_location, repair_class = "", ""
    now = received_at or timezone.now()
    # The room's current owner is the party of a request about it (the reporter may be a tenant or a
    # guard); the category's department is responsible. Both read in one round trip.
    owner_read = current_owner_query(unit) if party is None and unit is not None else None
    department_read = (
        Where(Department, project_id=project.pk, kind=category.department_kind, limit=1)
        if category is not None and category.department_kind
        else None
    )
    owner_rows, departments = fetch(owner_read, department_read)
    party_id = party.pk if party is not None else owner_id_from(owner_rows or [])
    department = departments[0] if departments else None
    recorder = submitted_by or actor
    number = None
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # The day's counter row is locked until its transaction ends. Taken by its one upsert statement
        # in autocommit, it is held for that statement only instead of for the whole intake, which made
        # every concurrent intake of the project wait in line. A failed intake then leaves a gap in the
        # day's numbers: they are unique, not gapless (receipts are the gapless ones). SQLite keeps it
        # in the transaction, which its writers take one at a time anyway.
        number = next_number(project=project, kind=kind, at=now)
    # write_behind: the rows whose ids nobody reads here (history, events) travel with the next statement.
    with transaction.atomic(), acting_as(recorder), fastsql.write_behind():
        request = ServiceRequest(
            project=project,
            number=number or next_number(project=project, kind=kind, at=now),
            kind=kind,
            channel=channel,
            unit=unit,
            location=location.strip(),
            reporter_name=reporter_name.strip(),
            reporter_phone=reporter_phone.strip(),
            party_id=party_id,
            content=content,
            owner_requirements=owner_requirements.strip(),
            preferred_time=preferred_time.strip(),
            category=category,
            repair_location=repair_location,
            repair_class=repair_class,
            responsible_department=department,
            first_receiver=actor,
            holder=actor,
            apologized=apologized,
            received_at=now,
        )
        fastsql.create(request)  # with its history row, as ServiceRequest.objects.create would
        _event(request, EventKind.RECEIVED, recorder, at=now, to_status=request.status, channel=channel)
        if kind == RequestKind.COMPLAINT:
            # The complaint report exists from intake: awaiting the validity decision.
            Complaint.objects.create(project=project, request=request)
        sla_event(request, Event.RECEIVED, recorder, at=now, new_subject=True)
    if kind == RequestKind.COMPLAINT:
        _complaint_to_customer_service(request, actor)
    return request


def _customer_service_for_complaint(project: Project, from_user: User, memberships) -> User | None:
    """投诉处理流程 4.2.2 (接受投訴部門或人立即轉告客戶服務部): the customer service head a complaint
    received by `from_user` goes to, or None when `from_user` works in customer service."""
    if any(
        m.department is not None and m.department.kind == DepartmentKind.CUSTOMER_SERVICE for m in memberships
    ):
        return None
    cs_head = department_head(project, DepartmentKind.CUSTOMER_SERVICE)
    return cs_head if cs_head is not None and cs_head != from_user else None


def _complaint_to_customer_service(request: ServiceRequest, actor: User) -> None:
    """A complaint received outside customer service is handed to it at once, at intake: the hand-off
    waits for customer service's acceptance and the receiver stays accountable until then (first
    responsibility), as with any hand-off. Without a customer service head nothing is sent and the
    request page proposes the usual target."""
    cs_head = _customer_service_for_complaint(
        request.project, actor, list(_members(request.project).filter(user=actor))
    )
    if cs_head is None or not has_project_perm(cs_head, request.project, HANDLE_PERM):
        return
    request_handoff(
        request=request,
        to=cs_head,
        reason=str(_("A complaint received outside customer service goes to customer service at once.")),
        actor=actor,
    )


def portal_receiver(project: Project) -> User | None:
    """Who receives portal requests: the CS supervisor, else the center director."""
    for code in ("cs_supervisor", DIRECTOR_POSITION):
        membership = _members(project).filter(position__code=code).order_by("id").first()
        if membership is not None:
            return membership.user
    return None


def receive_request_as_owner(*, project: Project, owner: User, **values) -> ServiceRequest:
    """A request from the owner portal: the customer-service supervisor is its first receiver."""
    receiver = portal_receiver(project)
    if receiver is None:
        raise ServiceError(
            _("The service center cannot take portal requests now; please call it."), field="project"
        )
    return receive_request(project=project, actor=receiver, submitted_by=owner, **values)


# --- Hand-offs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    user: User | None
    rule: str  # which rule of 首问责任制 chose the target, in words for the screen


def _members(project: Project):
    return Membership.objects.filter(project=project, is_active=True).select_related(
        "user", "position", "department"
    )


def director_of(project: Project) -> User | None:
    membership = _members(project).filter(position__code=DIRECTOR_POSITION).order_by("id").first()
    return membership.user if membership else None


def department_head(project: Project, kind: str) -> User | None:
    membership = (
        _members(project)
        .filter(department__kind=kind, position__is_department_head=True)
        .order_by("id")
        .first()
    )
    return membership.user if membership else None


def propose_handoff_target(
    *, request: ServiceRequest, from_user: User, multi_department: bool = False
) -> Proposal:
    """Whom the rule says `from_user` hands this request to."""
    project = request.project
    director = director_of(project)
    memberships = list(_members(project).filter(user=from_user))
    is_manager = any(
        m.position.is_department_head or m.position.code == DIRECTOR_POSITION for m in memberships
    )
    if multi_department:
        return Proposal(director, _("Several departments are involved: the center director."))
    if request.kind == RequestKind.COMPLAINT:
        # 投诉处理流程 4.2.2: to customer service — not the receiver's own superior.
        cs_head = _customer_service_for_complaint(project, from_user, memberships)
        if cs_head is not None:
            return Proposal(
                cs_head, _("A complaint received outside customer service goes to customer service at once.")
            )
    if not memberships:
        return Proposal(director, _("Not a member of the project's staff: the center director."))
    if not is_manager:
        for membership in memberships:
            superior = membership.position.superior
            if superior is None:
                continue
            candidate = (
                _members(project).filter(position=superior).exclude(user=from_user).order_by("id").first()
            )
            if candidate is not None:
                return Proposal(
                    candidate.user,
                    _("Front-line staff hand over to their direct superior (%(position)s).")
                    % {"position": superior.name},
                )
        return Proposal(director, _("No direct superior on duty: the center director."))
    kind = request.category.department_kind if request.category else ""
    if not kind or kind == DepartmentKind.MANAGEMENT:
        return Proposal(director, _("The responsible department is unclear: the center director."))
    head = department_head(project, kind)
    if head is None or head == from_user:
        return Proposal(director, _("The responsible department has no other head: the center director."))
    return Proposal(
        head,
        _("A manager hands over to the head of the one responsible department (%(department)s).")
        % {"department": DepartmentKind(kind).label},
    )


def _lock(request: ServiceRequest) -> ServiceRequest:
    return ServiceRequest.objects.select_for_update().get(pk=request.pk)


@transaction.atomic
def request_handoff(
    *, request: ServiceRequest, to: User, reason: str, actor: User, multi_department: bool = False
) -> HandOff:
    """Ask `to` to take the request over. The actor stays accountable until `to` accepts."""
    request = _lock(request)
    if not permissions.can_hand_off(actor, request):
        raise AccessDenied(_("Only the accountable person can hand this request over."))
    if not request.is_open:
        raise ServiceError(_("The request is closed."), field="request")
    if not reason.strip():
        raise ServiceError(_("Say why you hand it over."), field="reason")
    if to == request.holder:
        raise ServiceError(_("They already hold this request."), field="to")
    if multi_department:
        director = director_of(request.project)
        if director is None:
            raise ServiceError(_("The project has no center director to take it."), field="to")
        to = director
    if not has_project_perm(to, request.project, HANDLE_PERM):
        raise ServiceError(_("%(name)s does not handle requests in this project.") % {"name": to}, field="to")
    if request.handoffs.filter(state=HandOffState.REQUESTED).exists():
        raise ServiceError(_("A hand-off is already waiting for acceptance."), field="to")
    now = timezone.now()
    with acting_as(actor):
        handoff = HandOff.objects.create(
            project_id=request.project_id,
            request=request,
            from_user=request.holder,
            to_user=to,
            reason=reason.strip(),
            multi_department=multi_department,
            requested_at=now,
        )
        _event(
            request,
            EventKind.HANDOFF_REQUESTED,
            actor,
            at=now,
            reason=reason.strip(),
            handoff=handoff.pk,
            from_user=request.holder_id,
            to_user=to.pk,
            multi_department=multi_department,
        )
        handoff_sla_event(handoff, request, Event.HANDED_OFF, actor, at=now, reason=reason.strip())
    return handoff


def _decide(handoff: HandOff, actor: User, state: str, note: str, *, by_receiver: bool) -> HandOff:
    """The receiver's or the sender's decision: the hand-off's lifecycle move (transitions.HANDOFF),
    whose step on the request's timeline keeps who handed it to whom."""
    handoff = HandOff.objects.select_for_update().select_related("request").get(pk=handoff.pk)
    request = _lock(handoff.request)
    if handoff.state != HandOffState.REQUESTED:
        raise ServiceError(_("This hand-off was already decided."), field="handoff")
    if by_receiver and not permissions.can_decide_handoff(actor, handoff):
        raise AccessDenied(_("Only the person it is handed to can decide."))
    if not by_receiver and not permissions.can_withdraw_handoff(actor, handoff):
        raise AccessDenied(_("Only the person who handed it over can withdraw it."))
    now = timezone.now()
    note = note.strip()
    with acting_as(actor):
        lifecycle.move(
            handoff,
            to=state,
            actor=actor,
            reason=note,
            at=now,
            locked=True,
            event_data={
                "handoff": handoff.pk,
                "from_user": handoff.from_user_id,
                "to_user": handoff.to_user_id,
            },
            decided_at=now,
            decision_note=note,
        )
        if state == HandOffState.ACCEPTED:
            request.holder = handoff.to_user
            request.save(update_fields=["holder"])
        # Accepted: the hand-off's clock stops (met, or breached for good when it came late).
        # Declined or withdrawn: nobody is to accept it any more, its clock is cancelled.
        handoff_sla_event(
            handoff,
            request,
            Event.HANDOFF_ACCEPTED if state == HandOffState.ACCEPTED else Event.CANCELLED,
            actor,
            at=now,
            reason=note or state,
        )
    return handoff


@transaction.atomic
def accept_handoff(*, handoff: HandOff, actor: User) -> HandOff:
    """The receiver takes the request: from now on they are accountable for it."""
    return _decide(handoff, actor, HandOffState.ACCEPTED, "", by_receiver=True)


@transaction.atomic
def decline_handoff(*, handoff: HandOff, actor: User, reason: str) -> HandOff:
    """The receiver refuses with a reason; the sender stays accountable."""
    if not reason.strip():
        raise ServiceError(_("Say why you decline it."), field="reason")
    return _decide(handoff, actor, HandOffState.DECLINED, reason, by_receiver=True)


@transaction.atomic
def withdraw_handoff(*, handoff: HandOff, actor: User) -> HandOff:
    return _decide(handoff, actor, HandOffState.WITHDRAWN, "", by_receiver=False)


# --- Status --------------------------------------------------------------------------------


@transaction.atomic
def transition_request(
    *, request: ServiceRequest, to_status: str, actor: User, reason: str = ""
) -> ServiceRequest:
    """The only way a request's status changes: its lifecycle move (transitions.REQUEST), the timeline step,
    and the SLA event the change means for the request's clocks."""
    request = _lock(request)
    _require_handler(actor, request.project)
    now = timezone.now()
    from_status = request.status
    if to_status == RequestStatus.PAUSED and not permissions.may_pause(request):
        raise ServiceError(
            _("An emergency repair is worked on continuously until it is fixed: it cannot be paused."),
            field="status",
            code="emergency_not_pausable",
        )
    fields = {}
    if to_status == RequestStatus.RESOLVED:
        fields["resolved_at"] = now
    if to_status == RequestStatus.CLOSED:
        fields["closed_at"] = now
    lifecycle.move(request, to=to_status, actor=actor, reason=reason.strip(), at=now, locked=True, **fields)
    with acting_as(actor):
        sla_status_event = {
            RequestStatus.PAUSED: Event.PAUSED,
            RequestStatus.CLOSED: Event.CLOSED,
            RequestStatus.CANCELLED: Event.CANCELLED,
        }.get(to_status)
        if from_status == RequestStatus.PAUSED and to_status == RequestStatus.IN_PROGRESS:
            sla_status_event = Event.RESUMED
        elif (
            from_status in (RequestStatus.RESOLVED, RequestStatus.CLOSED)
            and to_status == RequestStatus.IN_PROGRESS
        ):
            sla_status_event = Event.REOPENED
        if sla_status_event:
            sla_event(request, sla_status_event, actor, at=now, reason=reason.strip())
    return request


@transaction.atomic
def link_to_incident(*, request: ServiceRequest, incident: ServiceRequest, actor: User) -> ServiceRequest:
    """Mark `request` as another report of `incident` (many owners, one problem)."""
    request = _lock(request)
    _require_handler(actor, request.project)
    incident = ServiceRequest.objects.filter(pk=incident.pk).select_related("incident").first()
    if incident is None or incident.project_id != request.project_id or incident.pk == request.pk:
        raise ServiceError(_("Choose another request of this project."), field="incident")
    if incident.incident_id is not None:
        incident = incident.incident  # always link to the root, read fresh from the database
    with acting_as(actor):
        request.incident = incident
        request.save(update_fields=["incident"])
        _event(request, EventKind.LINKED, actor, incident=incident.pk, number=incident.number)
    return request


# --- Configuration --------------------------------------------------------------------------


@transaction.atomic
def load_default_categories(*, project: Project, actor=None) -> int:
    """The seed categories for a project; existing codes are left as edited. Returns how many were created."""
    created = 0
    by_code = {c.code: c for c in Category.objects.filter(project=project)}
    with acting_as(actor):
        for order, (code, name, dept, repair_class, important, parent) in enumerate(DEFAULT_CATEGORIES):
            if code in by_code:
                continue
            by_code[code] = Category.objects.create(
                project=project,
                code=code,
                name=name,
                department_kind=dept,
                default_repair_class=repair_class,
                requires_door_visit=important,
                parent=by_code.get(parent) if parent else None,
                sort_order=order * 10,
            )
            created += 1
    return created
