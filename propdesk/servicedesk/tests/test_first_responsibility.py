"""首问责任制 (seed 000 procedure 02) as scenarios."""

import pytest
import time_machine
from django.db import IntegrityError, transaction

from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.servicedesk.choices import EventKind, HandOffState, RequestStatus
from propdesk.servicedesk.models import RequestEvent, ServiceRequest
from propdesk.servicedesk.services import (
    accept_handoff,
    decline_handoff,
    link_to_incident,
    propose_handoff_target,
    receive_request,
    request_handoff,
    transition_request,
    withdraw_handoff,
)

pytestmark = pytest.mark.django_db


def complaint(desk, actor, category=None, kind="complaint", **kw):
    return receive_request(
        project=desk.project,
        actor=actor,
        kind=kind,
        channel="walk_in",
        content="电梯经常停运，投诉",
        reporter_name="张先生",
        unit=desk.unit,
        category=category,
        **kw,
    )


def test_a_guard_receives_a_complaint_and_stays_its_first_receiver_through_two_hand_offs(desk, category):
    request = complaint(desk, desk.guard, category=category("lift"))
    assert request.first_receiver == request.holder == desk.guard

    # Received outside customer service: handed to customer service at intake (投诉 4.2.2).
    first = request.handoffs.get()
    assert first.from_user == desk.guard and first.to_user == desk.cs_supervisor
    accept_handoff(handoff=first, actor=desk.cs_supervisor)
    request.refresh_from_db()
    assert request.holder == desk.cs_supervisor

    second = request_handoff(
        request=request, to=desk.eng_supervisor, reason="电梯归工程部", actor=desk.cs_supervisor
    )
    accept_handoff(handoff=second, actor=desk.eng_supervisor)
    request.refresh_from_db()
    assert request.first_receiver == desk.guard
    assert request.holder == desk.eng_supervisor
    chain = [
        (e.kind, e.data.get("from_user"), e.data.get("to_user"), e.reason)
        for e in RequestEvent.objects.filter(request=request).exclude(kind=EventKind.RECEIVED)
    ]
    assert chain == [
        (
            EventKind.HANDOFF_REQUESTED,
            desk.guard.pk,
            desk.cs_supervisor.pk,
            "其他部门或人员接到投诉，立即转告客户服务部。",
        ),
        (EventKind.HANDOFF_ACCEPTED, desk.guard.pk, desk.cs_supervisor.pk, ""),
        (EventKind.HANDOFF_REQUESTED, desk.cs_supervisor.pk, desk.eng_supervisor.pk, "电梯归工程部"),
        (EventKind.HANDOFF_ACCEPTED, desk.cs_supervisor.pk, desk.eng_supervisor.pk, ""),
    ]


def test_the_sender_stays_accountable_until_the_receiver_accepts(desk):
    request = complaint(desk, desk.frontdesk)
    handoff = request_handoff(
        request=request, to=desk.cs_supervisor, reason="需主管处理", actor=desk.frontdesk
    )
    request.refresh_from_db()
    assert request.holder == desk.frontdesk
    with pytest.raises(AccessDenied):
        accept_handoff(handoff=handoff, actor=desk.director)  # only the addressee accepts
    decline_handoff(handoff=handoff, actor=desk.cs_supervisor, reason="属前台职责，请直接答复")
    request.refresh_from_db()
    assert request.holder == desk.frontdesk
    handoff.refresh_from_db()
    assert handoff.state == HandOffState.DECLINED


def test_only_the_holder_hands_over_and_one_hand_off_at_a_time(desk):
    request = complaint(desk, desk.frontdesk)
    with pytest.raises(AccessDenied):
        request_handoff(request=request, to=desk.director, reason="x", actor=desk.butler)
    request_handoff(request=request, to=desk.cs_supervisor, reason="转主管", actor=desk.frontdesk)
    with pytest.raises(ServiceError) as err:
        request_handoff(request=request, to=desk.director, reason="再转", actor=desk.frontdesk)
    assert err.value.field == "to"


def test_a_decline_needs_a_reason_and_a_withdrawal_returns_nothing(desk):
    request = complaint(desk, desk.frontdesk)
    handoff = request_handoff(request=request, to=desk.cs_supervisor, reason="转主管", actor=desk.frontdesk)
    with pytest.raises(ServiceError) as err:
        decline_handoff(handoff=handoff, actor=desk.cs_supervisor, reason=" ")
    assert err.value.field == "reason"
    withdraw_handoff(handoff=handoff, actor=desk.frontdesk)
    request_handoff(request=request, to=desk.director, reason="改转主任", actor=desk.frontdesk)


def test_front_line_staff_are_proposed_their_direct_superior(desk, category):
    # A suggestion: complaints have their own rule (they go to customer service, test_procedure_fidelity).
    request = complaint(desk, desk.frontdesk, category=category("lift"), kind="suggestion")
    assert propose_handoff_target(request=request, from_user=desk.frontdesk).user == desk.cs_supervisor
    assert propose_handoff_target(request=request, from_user=desk.technician).user == desk.eng_supervisor
    assert propose_handoff_target(request=request, from_user=desk.guard).user == desk.security_head


def test_a_manager_is_proposed_the_head_of_the_one_responsible_department(desk, category):
    request = complaint(desk, desk.frontdesk, category=category("leak"))
    proposal = propose_handoff_target(request=request, from_user=desk.cs_supervisor)
    assert proposal.user == desk.eng_supervisor
    assert "工程" in proposal.rule or "Engineering" in proposal.rule


def test_an_unclear_department_goes_to_the_center_director(desk, category):
    request = complaint(desk, desk.frontdesk, category=category("other"))
    assert propose_handoff_target(request=request, from_user=desk.cs_supervisor).user == desk.director
    without = complaint(desk, desk.frontdesk, kind="suggestion")
    assert propose_handoff_target(request=without, from_user=desk.eng_supervisor).user == desk.director


def test_a_multi_department_hand_off_always_goes_to_the_center_director(desk, category):
    request = complaint(desk, desk.cs_supervisor, category=category("leak"))
    handoff = request_handoff(
        request=request,
        to=desk.eng_supervisor,
        reason="涉及工程和保洁",
        actor=desk.cs_supervisor,
        multi_department=True,
    )
    assert handoff.to_user == desk.director
    assert (
        propose_handoff_target(request=request, from_user=desk.cs_supervisor, multi_department=True).user
        == desk.director
    )


def test_no_request_is_ever_without_an_accountable_person(desk):
    request = complaint(desk, desk.frontdesk)
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceRequest.objects.filter(pk=request.pk).update(holder=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceRequest.objects.filter(pk=request.pk).update(first_receiver=None)


def test_someone_outside_the_project_cannot_receive_a_request(desk):
    with pytest.raises(AccessDenied):
        complaint(desk, desk.outsider)


def test_numbers_run_per_kind_and_local_day(desk):
    with time_machine.travel("2026-03-10 23:50 +0800", tick=False):
        first = receive_request(
            project=desk.project,
            actor=desk.frontdesk,
            kind="repair",
            channel="phone",
            content="漏水",
            reporter_name="业主",
            unit=desk.unit,
        )
        second = receive_request(
            project=desk.project,
            actor=desk.frontdesk,
            kind="repair",
            channel="phone",
            content="漏电",
            reporter_name="业主",
            unit=desk.unit,
        )
        other = complaint(desk, desk.frontdesk)
    with time_machine.travel("2026-03-11 00:10 +0800", tick=False):
        next_day = receive_request(
            project=desk.project,
            actor=desk.frontdesk,
            kind="repair",
            channel="phone",
            content="堵塞",
            reporter_name="业主",
            unit=desk.unit,
        )
    assert [first.number, second.number, other.number, next_day.number] == [
        "BX-20260310-0001",
        "BX-20260310-0002",
        "TS-20260310-0001",
        "BX-20260311-0001",
    ]


def test_bad_intake_names_the_field(desk):
    with pytest.raises(ServiceError) as err:
        receive_request(
            project=desk.project,
            actor=desk.frontdesk,
            kind="repair",
            channel="phone",
            content="  ",
            reporter_name="业主",
            unit=desk.unit,
        )
    assert err.value.field == "content"
    with pytest.raises(ServiceError) as err:
        receive_request(
            project=desk.project,
            actor=desk.frontdesk,
            kind="repair",
            channel="phone",
            content="灯坏了",
            reporter_name="巡逻",
            repair_location="in_unit",
        )
    assert err.value.field == "unit"
    assert not ServiceRequest.objects.exists()


def test_a_repair_takes_its_class_and_department_from_the_category(desk, category):
    request = receive_request(
        project=desk.project,
        actor=desk.frontdesk,
        kind="repair",
        channel="phone",
        content="停水",
        reporter_name="业主",
        unit=desk.unit,
        category=category("water-outage"),
    )
    assert request.repair_class == "emergency"
    assert request.repair_location == "in_unit"
    assert request.responsible_department.kind == "engineering"
    public = receive_request(
        project=desk.project,
        actor=desk.guard,
        kind="repair",
        channel="patrol",
        content="路灯不亮",
        reporter_name="巡逻岗",
        location="2栋东侧",
    )
    assert public.repair_location == "public" and public.repair_class == "general"


def test_status_changes_follow_the_table_and_are_logged(desk):
    request = complaint(desk, desk.frontdesk)
    with pytest.raises(ServiceError):
        transition_request(request=request, to_status=RequestStatus.CLOSED, actor=desk.frontdesk)
    transition_request(request=request, to_status=RequestStatus.IN_PROGRESS, actor=desk.frontdesk)
    with pytest.raises(ServiceError) as err:
        transition_request(request=request, to_status=RequestStatus.PAUSED, actor=desk.frontdesk)
    assert err.value.field == "reason"
    transition_request(
        request=request, to_status=RequestStatus.PAUSED, actor=desk.frontdesk, reason="业主不在家"
    )
    events = list(
        RequestEvent.objects.filter(request=request, kind=EventKind.STATUS_CHANGED).values_list(
            "from_status", "to_status", "reason"
        )
    )
    assert events == [("received", "in_progress", ""), ("in_progress", "paused", "业主不在家")]


def test_duplicate_reports_link_to_one_incident(desk):
    first = complaint(desk, desk.frontdesk)
    second = complaint(desk, desk.frontdesk)
    third = complaint(desk, desk.butler)
    link_to_incident(request=second, incident=first, actor=desk.frontdesk)
    link_to_incident(request=third, incident=second, actor=desk.butler)
    assert set(first.duplicates.all()) == {second, third}
