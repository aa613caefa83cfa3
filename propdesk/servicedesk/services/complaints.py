"""Complaints (投诉处理流程, seed 003) and callbacks (回访, seeds 003 and 004).

Complaint: customer service decides validity; a valid one goes with its report to the
responsible department with a deadline (special cases: the center manager names the
person and the deadline); the department writes its action; after the callback the
manager signs the report off and it is archived.

Callback: every completed request is called back; important items need a door visit;
unsatisfied → improvement with a deadline → another callback, until the owner accepts.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core import lifecycle
from propdesk.core.access import has_project_perm
from propdesk.core.audit import acting_as
from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.core.models import Department, Membership, User
from propdesk.sla import clockmath
from propdesk.sla.calendars import spec_for
from propdesk.sla.models import Calendar

from .. import permissions
from ..choices import CallbackMethod, ComplaintState, EventKind, RequestKind, RequestStatus, Satisfaction
from ..models import Callback, Complaint, Improvement, ServiceRequest
from .clocks import Event, sla_event
from .repairs import decode_signature
from .requests import _event, transition_request

DECIDE_PERM = "servicedesk.decide_complaint"
ACT_PERM = "servicedesk.act_on_complaint"
SIGN_OFF_PERM = "servicedesk.sign_off_complaint"
CALLBACK_PERM = "servicedesk.do_callback"
IMPROVE_PERM = "servicedesk.assign_improvement"
# An improvement after an unsatisfied callback is due, unless the manager sets a time, one working
# day later on the project's business calendar (the SLA engine's default calendar).
IMPROVEMENT_WORKDAYS = 1


def default_improvement_deadline(*, project, start: dt.datetime) -> dt.datetime:
    """`IMPROVEMENT_WORKDAYS` working days after `start` on the project's default SLA calendar
    (holidays and 调休 included); 24 hours a working day when the project has no calendar."""

    calendar = (
        Calendar.objects.filter(project=project, is_default=True)
        .select_related("project")
        .prefetch_related("intervals", "exceptions")
        .first()
    )
    if calendar is None:
        return start + dt.timedelta(days=IMPROVEMENT_WORKDAYS)
    return clockmath.add_workdays(start, IMPROVEMENT_WORKDAYS, spec_for(calendar))


def _lock_complaint(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().select_related("request").get(pk=complaint.pk)


def ensure_complaint_report(request: ServiceRequest) -> Complaint:
    """Every complaint has its report row from intake on (state: awaiting the validity decision)."""
    complaint, _created = Complaint.objects.get_or_create(project_id=request.project_id, request=request)
    return complaint


@transaction.atomic
def give_feedback(*, request: ServiceRequest, note: str, actor: User, at: dt.datetime | None = None) -> None:
    """Feedback to the complainant (SPEC §2.3: within 24 hours)."""
    if not has_project_perm(actor, request.project, "servicedesk.handle_request"):
        raise AccessDenied(_("You do not handle owner requests in this project."))
    if not note.strip():
        raise ServiceError(_("Write what the owner was told."), field="note")
    with acting_as(actor):
        when = at or timezone.now()
        _event(request, EventKind.FEEDBACK, actor, at=when, reason=note.strip())
        sla_event(request, Event.FEEDBACK_GIVEN, actor, at=when, reason=note.strip())


@transaction.atomic
def decide_complaint(
    *,
    complaint: Complaint,
    valid: bool,
    actor: User,
    explanation: str = "",
    owner_response: str = "",
    summary: str = "",
    department: Department | None = None,
    deadline: dt.datetime | None = None,
    responsible_person: User | None = None,
    special_case: bool = False,
    major: bool = False,
) -> Complaint:
    """投诉成立? Not valid: the explanation and the owner's response are recorded and the request closes.
    Valid: the report goes to the responsible department, and the complaint's resolution clock starts:
    its deadline is that clock's (the policy's 12 days from now — 投訴處理流程 5.2 普通事件，處理周期為12天 —
    or `deadline` for a major complaint or a special case; pauses extend it)."""
    complaint = _lock_complaint(complaint)
    project = complaint.request.project
    if not has_project_perm(actor, project, DECIDE_PERM):
        raise AccessDenied(_("Customer service supervisors decide whether a complaint is valid."))
    if department is not None and department.project_id != project.pk:
        raise ServiceError(_("Choose a department of this project."), field="department")
    now = timezone.now()
    if not valid:
        if not explanation.strip():
            raise ServiceError(_("Explain why the complaint is not valid."), field="explanation")
        if not owner_response.strip():
            raise ServiceError(_("Record the owner's response to the explanation."), field="owner_response")
        lifecycle.move(
            complaint,
            to=ComplaintState.INVALID,
            actor=actor,
            at=now,
            locked=True,
            reason=explanation.strip(),
            event_data={"owner_response": owner_response.strip()},
            decided_by=actor,
            decided_at=now,
            explanation=explanation.strip(),
            owner_response=owner_response.strip(),
        )
        transition_request(request=complaint.request, to_status=RequestStatus.RESOLVED, actor=actor)
        transition_request(
            request=complaint.request,
            to_status=RequestStatus.CLOSED,
            actor=actor,
            reason=_("Complaint not valid, explained to the owner"),
        )
        return complaint
    if not summary.strip():
        raise ServiceError(_("Write the complaint report's summary."), field="summary")
    if special_case:
        if not has_project_perm(actor, project, SIGN_OFF_PERM):
            raise AccessDenied(_("Special cases are organised by the center manager."))
        if responsible_person is None:
            raise ServiceError(_("Name the responsible person."), field="responsible_person")
        if deadline is None:
            raise ServiceError(_("Set the deadline."), field="deadline")
    if department is None and responsible_person is not None:
        membership = Membership.objects.filter(
            project=project, user=responsible_person, is_active=True
        ).first()
        department = membership.department if membership else None
    if department is None or department.project_id != project.pk:
        raise ServiceError(_("Choose the responsible department of this project."), field="department")
    if major and deadline is None:
        raise ServiceError(_("A major complaint gets its deadline case by case: set it."), field="deadline")
    if deadline is not None and deadline <= now:
        raise ServiceError(_("The deadline must be in the future."), field="deadline")
    event_data = {
        "department": department.pk,
        "department_name": department.name,
        "special_case": special_case,
    }
    if deadline is not None:
        event_data["deadline"] = deadline.isoformat()
    lifecycle.move(
        complaint,
        to=ComplaintState.ASSIGNED,
        actor=actor,
        at=now,
        locked=True,
        reason=summary.strip(),
        event_data=event_data,
        decided_by=actor,
        decided_at=now,
        summary=summary.strip(),
        department=department,
        responsible_person=responsible_person,
        special_case=special_case,
        major=major,
    )
    with acting_as(actor):
        request = ServiceRequest.objects.select_for_update().get(pk=complaint.request_id)
        request.responsible_department = department
        request.save(update_fields=["responsible_department"])
        # The valid complaint is taken on: its resolution clock starts — the one deadline of the complaint
        # (12 days by the policy, or the deadline set here for a major or special case).
        sla_event(request, Event.ACCEPTED, actor, at=now, reason=summary.strip(), due_at=deadline)
    if complaint.request.status == RequestStatus.RECEIVED:
        transition_request(request=complaint.request, to_status=RequestStatus.IN_PROGRESS, actor=actor)
    return complaint


@transaction.atomic
def record_department_action(*, complaint: Complaint, action: str, actor: User) -> Complaint:
    """The responsible department writes its action into the report and returns it to customer service."""
    complaint = _lock_complaint(complaint)
    if not permissions.can_act_on_complaint(actor, complaint):
        raise AccessDenied(_("Only the responsible department writes its action."))
    if not action.strip():
        raise ServiceError(_("Describe what the department did."), field="action")
    now = timezone.now()
    lifecycle.move(
        complaint,
        to=ComplaintState.ANSWERED,
        actor=actor,
        at=now,
        locked=True,
        reason=action.strip(),
        department_action=action.strip(),
        action_by=actor,
        action_at=now,
    )
    with acting_as(actor):
        sla_event(complaint.request, Event.COMPLETED, actor, at=now, reason=action.strip())
    transition_request(request=complaint.request, to_status=RequestStatus.RESOLVED, actor=actor)
    return complaint


@transaction.atomic
def sign_off_complaint(*, complaint: Complaint, actor: User) -> Complaint:
    """The manager signs the report off once the owner accepted the callback."""
    complaint = _lock_complaint(complaint)
    if not has_project_perm(actor, complaint.request.project, SIGN_OFF_PERM):
        raise AccessDenied(_("The center manager signs complaint reports off."))
    last = complaint.request.callbacks.order_by("-done_at", "-id").first()
    if last is None or last.satisfaction == Satisfaction.UNSATISFIED:
        raise ServiceError(_("The owner has not accepted a callback yet."), field="callback")
    now = timezone.now()
    lifecycle.move(
        complaint,
        to=ComplaintState.SIGNED_OFF,
        actor=actor,
        at=now,
        locked=True,
        signed_off_by=actor,
        signed_off_at=now,
    )
    return complaint


@transaction.atomic
def archive_complaint(*, complaint: Complaint, actor: User) -> Complaint:
    """File the signed-off report with the departments concerned; the request closes."""
    complaint = _lock_complaint(complaint)
    if not has_project_perm(actor, complaint.request.project, DECIDE_PERM):
        raise AccessDenied(_("Customer service files complaint reports."))
    now = timezone.now()
    lifecycle.move(complaint, to=ComplaintState.ARCHIVED, actor=actor, at=now, locked=True, archived_at=now)
    transition_request(request=complaint.request, to_status=RequestStatus.CLOSED, actor=actor)
    return complaint


# --- Callbacks -------------------------------------------------------------------------------


def door_visit_required(request: ServiceRequest) -> bool:
    """Important items (air conditioning, water outage, heating/cooling stopped, curtain-wall leak) need a visit."""
    category = request.category
    while category is not None:
        if category.requires_door_visit:
            return True
        category = category.parent
    return False


@transaction.atomic
def record_callback(
    *,
    request: ServiceRequest,
    method: str,
    satisfaction: str,
    owner_words: str,
    actor: User,
    signer_name: str = "",
    signature_data_url: str = "",
    at: dt.datetime | None = None,
) -> Callback:
    """Record a callback. Satisfied or fair: the request closes (a complaint waits for the manager's sign-off).
    Unsatisfied: the request is reopened and the manager assigns improvement.

    A door visit's record is signed by the owner (seed 004 回访 4: 填写《回访记录》并由业主签字):
    `signer_name` and the signature drawn on the visitor's phone (a PNG data URL, as the repair
    sign-off takes it) are required then; a callback by phone or letter has no signature."""
    request = (
        ServiceRequest.objects.select_for_update(of=("self",))
        .select_related("category__parent")
        .get(pk=request.pk)
    )
    if not has_project_perm(actor, request.project, CALLBACK_PERM):
        raise AccessDenied(_("You do not call owners back in this project."))
    if request.status != RequestStatus.RESOLVED:
        raise ServiceError(_("Only a completed request is called back."), field="request")
    if method not in CallbackMethod.values:
        raise ServiceError(_("Unknown callback method."), field="method")
    if satisfaction not in Satisfaction.values:
        raise ServiceError(_("Unknown satisfaction."), field="satisfaction")
    if door_visit_required(request) and method != CallbackMethod.DOOR_VISIT:
        raise ServiceError(_("This is an important item: the callback must be a door visit."), field="method")
    if not owner_words.strip():
        raise ServiceError(_("Write down what the owner said."), field="owner_words")
    signed = _callback_signature(request, method, signer_name.strip(), signature_data_url)
    now = at or timezone.now()
    with acting_as(actor):
        callback = Callback(
            project_id=request.project_id,
            request=request,
            method=method,
            satisfaction=satisfaction,
            owner_words=owner_words.strip(),
            done_by=actor,
            done_at=now,
            signer_name=signer_name.strip() if signed else "",
        )
        if signed:
            callback.signature.save(f"{request.number}-callback.png", ContentFile(signed), save=False)
        callback.save()
        signer = {"signer": callback.signer_name} if signed else {}
        _event(
            request,
            EventKind.CALLBACK,
            actor,
            at=now,
            reason=owner_words.strip(),
            method=method,
            satisfaction=satisfaction,
            callback=callback.pk,
            **signer,
        )
        sla_event(request, Event.CALLBACK_DONE, actor, at=now, reason=satisfaction)
    if satisfaction == Satisfaction.UNSATISFIED:
        transition_request(
            request=request,
            to_status=RequestStatus.IN_PROGRESS,
            actor=actor,
            reason=_("Owner unsatisfied at the callback"),
        )
    elif request.kind != RequestKind.COMPLAINT:
        transition_request(request=request, to_status=RequestStatus.CLOSED, actor=actor)
    return callback


def _callback_signature(request: ServiceRequest, method: str, signer_name: str, data_url: str) -> bytes:
    """The PNG of the owner's signature a door visit needs; b"" for other methods (which take none)."""
    if method != CallbackMethod.DOOR_VISIT:
        if data_url:
            raise ServiceError(_("Only a door-visit callback is signed by the owner."), field="signature")
        return b""
    if not signer_name:
        raise ServiceError(_("Who signed?"), field="signer_name")
    if not data_url:
        raise ServiceError(
            _("The owner signs the record of a door-visit callback: ask them to sign on the phone."),
            field="signature",
        )
    return decode_signature(data_url)


@transaction.atomic
def assign_improvement(
    *,
    callback: Callback,
    assigned_to: User,
    instructions: str,
    actor: User,
    deadline: dt.datetime | None = None,
) -> Improvement:
    """After an unsatisfied callback the manager names who improves what, by when
    (by default `default_improvement_deadline`)."""
    callback = Callback.objects.select_related("request").get(pk=callback.pk)
    project = callback.request.project
    if not has_project_perm(actor, project, IMPROVE_PERM):
        raise AccessDenied(_("Managers assign improvement."))
    if callback.satisfaction != Satisfaction.UNSATISFIED:
        raise ServiceError(_("Improvement follows an unsatisfied callback."), field="callback")
    if Improvement.objects.filter(callback=callback).exists():
        raise ServiceError(_("Improvement is already assigned for this callback."), field="callback")
    if not has_project_perm(assigned_to, project, "servicedesk.handle_request"):
        raise ServiceError(
            _("%(name)s does not work in this project.") % {"name": assigned_to}, field="assigned_to"
        )
    if not instructions.strip():
        raise ServiceError(_("Say what to improve."), field="instructions")
    if deadline is None:
        deadline = default_improvement_deadline(project=project, start=timezone.now())
    if deadline <= timezone.now():
        raise ServiceError(_("The deadline must be in the future."), field="deadline")
    with acting_as(actor):
        improvement = Improvement.objects.create(
            project_id=project.pk,
            request=callback.request,
            callback=callback,
            assigned_to=assigned_to,
            assigned_by=actor,
            instructions=instructions.strip(),
            deadline=deadline,
        )
        _event(
            callback.request,
            EventKind.IMPROVEMENT,
            actor,
            reason=instructions.strip(),
            assigned_to=assigned_to.pk,
            deadline=deadline.isoformat(),
        )
    return improvement


@transaction.atomic
def complete_improvement(*, improvement: Improvement, note: str, actor: User) -> Improvement:
    """The improvement is done: the request is completed again and another callback is due."""
    improvement = Improvement.objects.select_for_update().select_related("request").get(pk=improvement.pk)
    if actor != improvement.assigned_to and not has_project_perm(
        actor, improvement.request.project, IMPROVE_PERM
    ):
        raise AccessDenied(_("Only the person assigned can report the improvement done."))
    if improvement.done_at is not None:
        raise ServiceError(_("This improvement is already done."), field="improvement")
    if not note.strip():
        raise ServiceError(_("Describe what was improved."), field="note")
    now = timezone.now()
    with acting_as(actor):
        improvement.done_at, improvement.done_note = now, note.strip()
        improvement.save(update_fields=["done_at", "done_note"])
        _event(improvement.request, EventKind.IMPROVEMENT_DONE, actor, at=now, reason=note.strip())
    transition_request(request=improvement.request, to_status=RequestStatus.RESOLVED, actor=actor)
    return improvement
