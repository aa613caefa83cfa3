"""投诉处理流程 and 回访 as scenarios."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.servicedesk import services
from propdesk.servicedesk.choices import ComplaintState, RequestStatus
from propdesk.servicedesk.models import Complaint, ServiceRequest
from propdesk.servicedesk.services.clocks import complaint_clock
from propdesk.servicedesk.tests.test_repairs import owner_signs

pytestmark = pytest.mark.django_db


def complaint(desk, **kw):
    request = services.receive_request(
        project=desk.project,
        actor=desk.frontdesk,
        kind="complaint",
        channel="walk_in",
        content="保洁员态度差，垃圾两天没清",
        reporter_name="张三",
        unit=desk.unit,
        apologized=True,
        **kw,
    )
    return request, Complaint.objects.get(request=request)


def engineering(desk):
    return desk.project.departments.get(kind="engineering")


def environment(desk):
    return desk.project.departments.get(kind="environment")


def test_a_complaint_report_exists_from_intake(desk):
    request, report = complaint(desk)
    assert report.state == ComplaintState.REGISTERED


def test_a_not_valid_complaint_records_the_explanation_and_the_owners_response(desk):
    request, report = complaint(desk)
    with pytest.raises(ServiceError) as err:
        services.decide_complaint(
            complaint=report, valid=False, actor=desk.cs_supervisor, explanation="属业主间纠纷"
        )
    assert err.value.field == "owner_response"
    services.decide_complaint(
        complaint=report,
        valid=False,
        actor=desk.cs_supervisor,
        explanation="属业主间私人纠纷，不属物业服务范围",
        owner_response="业主表示理解",
    )
    report.refresh_from_db()
    request.refresh_from_db()
    assert report.state == ComplaintState.INVALID and report.owner_response == "业主表示理解"
    assert request.status == RequestStatus.CLOSED


def test_only_customer_service_supervisors_decide(desk):
    _request, report = complaint(desk)
    with pytest.raises(AccessDenied):
        services.decide_complaint(
            complaint=report, valid=True, actor=desk.frontdesk, summary="x", department=engineering(desk)
        )


def test_a_valid_complaint_goes_to_the_department_and_is_archived_after_the_callback_and_sign_off(desk):
    with time_machine.travel("2026-03-10 09:00 +0800", tick=False):
        request, report = complaint(desk)
    with time_machine.travel("2026-03-10 10:00 +0800", tick=False):
        services.give_feedback(
            request=request, note="已致歉，今天内安排保洁处理并回复", actor=desk.cs_supervisor
        )
        services.decide_complaint(
            complaint=report,
            valid=True,
            actor=desk.cs_supervisor,
            summary="保洁不及时，服务态度差",
            department=environment(desk),
        )
    report.refresh_from_db()
    assert report.state == ComplaintState.ASSIGNED
    # Its deadline is its resolution clock's: 12 days from the validity decision (投訴處理流程 5.2).
    deadline = complaint_clock(request).due_at
    assert deadline == dt.datetime(2026, 3, 22, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    with pytest.raises(AccessDenied):  # engineering is not the responsible department
        services.record_department_action(complaint=report, action="x", actor=desk.eng_supervisor)
    from propdesk.core.models import Position, User
    from propdesk.core.services import add_membership

    cleaning_lead = User.objects.create_user(username="cleaning_lead", password="pw")
    add_membership(
        user=cleaning_lead, project=desk.project, position=Position.objects.get(code="cleaning_lead")
    )
    with time_machine.travel("2026-03-11 15:00 +0800", tick=False):
        services.record_department_action(
            complaint=report, action="已批评教育保洁员，增加清运频次为每日两次", actor=cleaning_lead
        )
    request.refresh_from_db()
    assert request.status == RequestStatus.RESOLVED
    with pytest.raises(ServiceError):  # no callback yet
        services.sign_off_complaint(complaint=report, actor=desk.director)
    services.record_callback(
        request=request,
        method="phone",
        satisfaction="satisfied",
        owner_words="已改善，满意",
        actor=desk.cs_supervisor,
    )
    services.sign_off_complaint(complaint=report, actor=desk.director)
    services.archive_complaint(complaint=report, actor=desk.cs_supervisor)
    report.refresh_from_db()
    request.refresh_from_db()
    assert report.state == ComplaintState.ARCHIVED and request.status == RequestStatus.CLOSED
    kinds = list(request.events.values_list("kind", flat=True))
    for kind in [
        "feedback",
        "complaint_valid",
        "department_action",
        "callback",
        "manager_signoff",
        "archived",
    ]:
        assert kind in kinds


def test_a_special_case_is_organised_by_the_center_manager(desk):
    _request, report = complaint(desk)
    deadline = timezone.now() + dt.timedelta(days=3)
    with pytest.raises(AccessDenied):
        services.decide_complaint(
            complaint=report,
            valid=True,
            actor=desk.cs_supervisor,
            summary="重大",
            special_case=True,
            responsible_person=desk.eng_supervisor,
            deadline=deadline,
        )
    services.decide_complaint(
        complaint=report,
        valid=True,
        actor=desk.director,
        summary="涉及多部门的重大投诉",
        special_case=True,
        responsible_person=desk.eng_supervisor,
        deadline=deadline,
    )
    report.refresh_from_db()
    assert report.department.kind == "engineering" and report.responsible_person == desk.eng_supervisor


def test_a_major_complaint_needs_its_own_deadline(desk):
    _request, report = complaint(desk)
    with pytest.raises(ServiceError) as err:
        services.decide_complaint(
            complaint=report,
            valid=True,
            actor=desk.cs_supervisor,
            summary="重大",
            department=engineering(desk),
            major=True,
        )
    assert err.value.field == "deadline"


def _resolved_repair(desk, category=None):
    request = services.receive_request(
        project=desk.project,
        actor=desk.frontdesk,
        kind="repair",
        channel="phone",
        content="停水",
        reporter_name="张三",
        unit=desk.unit,
        category=category,
    )
    services.transition_request(request=request, to_status=RequestStatus.RESOLVED, actor=desk.frontdesk)
    return request


def test_a_water_outage_repair_closed_with_a_phone_callback_is_refused(desk, category):
    request = _resolved_repair(desk, category("water-outage"))
    with pytest.raises(ServiceError) as err:
        services.record_callback(
            request=request, method="phone", satisfaction="satisfied", owner_words="好", actor=desk.frontdesk
        )
    assert err.value.field == "method"
    services.record_callback(
        request=request,
        method="door_visit",
        satisfaction="satisfied",
        owner_words="好",
        actor=desk.frontdesk,
        **owner_signs("door_visit"),
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.CLOSED


def test_an_unsatisfied_callback_leads_to_improvement_and_a_second_callback(desk, category):
    request = _resolved_repair(desk, category("doors"))
    first = services.record_callback(
        request=request,
        method="phone",
        satisfaction="unsatisfied",
        owner_words="门还是关不严",
        actor=desk.frontdesk,
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_PROGRESS
    with pytest.raises(AccessDenied):
        services.assign_improvement(
            callback=first,
            assigned_to=desk.technician,
            instructions="重新调整门铰链",
            deadline=timezone.now() + dt.timedelta(days=1),
            actor=desk.frontdesk,
        )
    improvement = services.assign_improvement(
        callback=first,
        assigned_to=desk.technician,
        instructions="重新调整门铰链",
        deadline=timezone.now() + dt.timedelta(days=1),
        actor=desk.eng_supervisor,
    )
    services.complete_improvement(improvement=improvement, note="更换铰链，门已关严", actor=desk.technician)
    request.refresh_from_db()
    assert request.status == RequestStatus.RESOLVED
    services.record_callback(
        request=request,
        method="door_visit",
        satisfaction="satisfied",
        owner_words="满意",
        actor=desk.butler,
        **owner_signs("door_visit"),
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.CLOSED
    assert request.callbacks.count() == 2


def test_only_completed_requests_are_called_back(desk):
    request = services.receive_request(
        project=desk.project,
        actor=desk.frontdesk,
        kind="repair",
        channel="phone",
        content="漏水",
        reporter_name="张三",
        unit=desk.unit,
    )
    with pytest.raises(ServiceError):
        services.record_callback(
            request=request, method="phone", satisfaction="satisfied", owner_words="好", actor=desk.frontdesk
        )


def test_callback_queue_and_pages(login, desk, category):
    water = _resolved_repair(desk, category("water-outage"))
    _resolved_repair(desk, category("doors"))
    client = login(desk.frontdesk)
    response = client.get("/servicedesk/callbacks/")
    rows = response.context["rows"]
    assert [(r.pk == water.pk, door) for r, door in rows][0] == (True, True)
    page = client.get(f"/servicedesk/{water.pk}/").content.decode()
    assert 'data-testid="record-callback"' in page
    client.post(
        f"/servicedesk/{water.pk}/callback/",
        {"method": "phone", "satisfaction": "satisfied", "owner_words": "好"},
    )
    assert (
        ServiceRequest.objects.get(pk=water.pk).status == RequestStatus.RESOLVED
    )  # refused: door visit needed
    client.post(
        f"/servicedesk/{water.pk}/callback/",
        {"method": "door_visit", "satisfaction": "satisfied", "owner_words": "好", **_signed_form()},
    )
    assert ServiceRequest.objects.get(pk=water.pk).status == RequestStatus.CLOSED


def _signed_form() -> dict:
    signed = owner_signs("door_visit")
    return {"signer_name": signed["signer_name"], "signature": signed["signature_data_url"]}


def test_complaint_pages_decide_and_act(login, desk):
    request, report = complaint(desk)
    supervisor = login(desk.cs_supervisor)
    page = supervisor.get(f"/servicedesk/{request.pk}/").content.decode()
    assert 'data-testid="complaint-valid"' in page
    supervisor.post(
        f"/servicedesk/complaints/{report.pk}/decide/",
        {"valid": "1", "summary": "电梯故障频繁", "department": engineering(desk).pk},
    )
    report.refresh_from_db()
    assert report.state == ComplaintState.ASSIGNED
    login(desk.eng_supervisor).post(
        f"/servicedesk/complaints/{report.pk}/action/", {"action": "已联系电梯维保单位全面检修"}
    )
    report.refresh_from_db()
    assert report.state == ComplaintState.ANSWERED
