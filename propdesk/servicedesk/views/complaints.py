"""Pages for complaints and callbacks: actions posted from the request page, and the callback queue."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from propdesk.core.access import get_object_for_user
from propdesk.core.decorators import object_view, project_view
from propdesk.core.errors import ServiceError
from propdesk.core.models import Department, User

from .. import selectors, services
from ..models import Callback, Complaint, Improvement, ServiceRequest
from ..services.complaints import ACT_PERM, CALLBACK_PERM, DECIDE_PERM, IMPROVE_PERM, SIGN_OFF_PERM


def _when(value: str):
    """A local date-time from a form (2026-03-10T18:00 or 2026-03-10 18:00), aware in the current time zone."""
    if not value:
        return None
    parsed = parse_datetime(value.replace(" ", "T"))
    if parsed is None:
        raise ServiceError(_("Write the time as 2026-03-10 18:00."), field="deadline")
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def _back(obj_or_pk):
    return redirect("servicedesk:detail", pk=getattr(obj_or_pk, "pk", obj_or_pk))


def _run(request, fn, ok_message):
    try:
        fn()
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, ok_message)


@project_view(DECIDE_PERM)
@object_view(Complaint)
@require_POST
def decide(request, pk: int):
    complaint = get_object_for_user(
        Complaint.objects.select_related("request"), request.user, pk, perm=DECIDE_PERM
    )
    post = request.POST

    def go():
        department = Department.objects.filter(
            project=complaint.project_id, pk=post.get("department") or 0
        ).first()
        person = User.objects.filter(pk=post.get("responsible_person") or 0).first()
        services.decide_complaint(
            complaint=complaint,
            valid=post.get("valid") == "1",
            actor=request.user,
            explanation=post.get("explanation", ""),
            owner_response=post.get("owner_response", ""),
            summary=post.get("summary", ""),
            department=department,
            deadline=_when(post.get("deadline", "")),
            responsible_person=person,
            special_case=post.get("special_case") == "on",
            major=post.get("major") == "on",
        )

    _run(request, go, _("Decision recorded."))
    return _back(complaint.request_id)


@project_view(ACT_PERM)
@object_view(Complaint)
@require_POST
def department_action(request, pk: int):
    complaint = get_object_for_user(
        Complaint.objects.select_related("request"), request.user, pk, perm=ACT_PERM
    )
    _run(
        request,
        lambda: services.record_department_action(
            complaint=complaint, action=request.POST.get("action", ""), actor=request.user
        ),
        _("Action recorded; the callback is due."),
    )
    return _back(complaint.request_id)


@project_view(SIGN_OFF_PERM)
@object_view(Complaint)
@require_POST
def sign_off(request, pk: int):
    complaint = get_object_for_user(
        Complaint.objects.select_related("request"), request.user, pk, perm=SIGN_OFF_PERM
    )
    _run(
        request,
        lambda: services.sign_off_complaint(complaint=complaint, actor=request.user),
        _("Signed off."),
    )
    return _back(complaint.request_id)


@project_view(DECIDE_PERM)
@object_view(Complaint)
@require_POST
def archive(request, pk: int):
    complaint = get_object_for_user(
        Complaint.objects.select_related("request"), request.user, pk, perm=DECIDE_PERM
    )
    _run(request, lambda: services.archive_complaint(complaint=complaint, actor=request.user), _("Archived."))
    return _back(complaint.request_id)


@project_view("servicedesk.handle_request")
@object_view(ServiceRequest)
@require_POST
def feedback(request, pk: int):
    obj = get_object_for_user(ServiceRequest.objects, request.user, pk, perm="servicedesk.handle_request")
    _run(
        request,
        lambda: services.give_feedback(request=obj, note=request.POST.get("note", ""), actor=request.user),
        _("Feedback recorded."),
    )
    return _back(obj)


@project_view(CALLBACK_PERM)
@object_view(ServiceRequest)
@require_POST
def callback(request, pk: int):
    obj = get_object_for_user(ServiceRequest.objects, request.user, pk, perm=CALLBACK_PERM)
    post = request.POST
    _run(
        request,
        lambda: services.record_callback(
            request=obj,
            method=post.get("method", ""),
            satisfaction=post.get("satisfaction", ""),
            owner_words=post.get("owner_words", ""),
            actor=request.user,
            signer_name=post.get("signer_name", ""),
            signature_data_url=post.get("signature", ""),
        ),
        _("Callback recorded."),
    )
    return _back(obj)


@project_view(IMPROVE_PERM)
@object_view(Callback)
@require_POST
def improve(request, pk: int):
    item = get_object_for_user(
        Callback.objects.select_related("request"), request.user, pk, perm=IMPROVE_PERM
    )
    post = request.POST

    def go():
        person = User.objects.filter(pk=post.get("assigned_to") or 0).first()
        if person is None:
            raise ServiceError(_("Choose who improves it."), field="assigned_to")
        services.assign_improvement(
            callback=item,
            assigned_to=person,
            instructions=post.get("instructions", ""),
            deadline=_when(post.get("deadline", "")),
            actor=request.user,
        )

    _run(request, go, _("Improvement assigned."))
    return _back(item.request_id)


@project_view("servicedesk.handle_request")
@object_view(Improvement)
@require_POST
def improvement_done(request, pk: int):
    item = get_object_for_user(
        Improvement.objects.select_related("request"), request.user, pk, perm="servicedesk.handle_request"
    )
    _run(
        request,
        lambda: services.complete_improvement(
            improvement=item, note=request.POST.get("note", ""), actor=request.user
        ),
        _("Improvement done; call the owner back."),
    )
    return _back(item.request_id)


@project_view(CALLBACK_PERM)
def callback_queue(request):
    """回访: every completed request waits here until the owner has been called back."""
    return render(
        request,
        "servicedesk/callbacks.html",
        {"rows": selectors.callback_queue(request.project, request.user)},
    )
