"""The staff steps of the service desk through the API (issue 16, item 13): a phone app or a call
center does through /api/v1/ what the pages do, with the same checks — the same service answers, so
a refusal is the page's refusal (403 for who may not, 400 naming the field for what is wrong)."""

import pytest
import time_machine

from propdesk.conftest import logged_in_api
from propdesk.servicedesk import services
from propdesk.servicedesk.choices import ComplaintState, RequestStatus, WorkOrderState
from propdesk.servicedesk.models import Callback, Complaint, HandOff, Improvement, WorkOrder
from propdesk.servicedesk.tests.test_repairs import png_data_url, repair

pytestmark = pytest.mark.django_db


def post(user, url, data=None):
    return logged_in_api(user).post(url, data or {}, format="json")


def test_a_repair_goes_from_dispatch_to_the_returned_slip_through_the_api(desk):
    """Seed 003 接修: dispatch, accept, arrive, complete, the owner signs, the slip comes back."""
    with time_machine.travel("2026-03-10 09:55 +0800", tick=False):
        request = repair(desk)
    url = f"/api/v1/requests/{request.pk}/dispatch/"
    refused = post(desk.frontdesk, url, {"technician": desk.technician.pk})
    assert refused.status_code == 403  # the front desk does not dispatch
    assert post(desk.dispatcher, url, {}).json()["fields"].keys() == {"technician"}
    not_a_technician = post(desk.dispatcher, url, {"technician": desk.cashier.pk})
    assert not_a_technician.status_code == 400 and "technician" in not_a_technician.json()["fields"]
    with time_machine.travel("2026-03-10 10:00 +0800", tick=False):
        sent = post(desk.dispatcher, url, {"technician": desk.technician.pk})
    assert sent.status_code == 201, sent.json()
    order = f"/api/v1/work-orders/{sent.json()['id']}"

    assert post(desk.dispatcher, f"{order}/accept/").status_code == 403  # only his technician
    with time_machine.travel("2026-03-10 10:03 +0800", tick=False):
        assert post(desk.technician, f"{order}/accept/").json()["state"] == WorkOrderState.ACCEPTED
    with time_machine.travel("2026-03-10 10:25 +0800", tick=False):
        assert post(desk.technician, f"{order}/arrive/").json()["state"] == WorkOrderState.ARRIVED
    with time_machine.travel("2026-03-10 11:10 +0800", tick=False):
        empty = post(desk.technician, f"{order}/complete/", {"labour_minutes": -1})
        assert empty.status_code == 400 and {"work_done", "labour_minutes"} <= empty.json()["fields"].keys()
        done = post(
            desk.technician,
            f"{order}/complete/",
            {
                "work_done": "疏通下水管，更换存水弯",
                "labour_minutes": 40,
                "materials": [{"name": "存水弯", "quantity": "1", "unit": "个"}],
            },
        )
        assert done.status_code == 200, done.json()
        bad = post(desk.technician, f"{order}/sign/", {"signer_name": "张三", "signature": "data:x"})
        assert bad.status_code == 400 and "signature" in bad.json()["fields"]
        signed = post(desk.technician, f"{order}/sign/", {"signer_name": "张三", "signature": png_data_url()})
        assert signed.status_code == 200, signed.json()
    assert post(desk.technician, f"{order}/return-slip/").status_code == 403
    with time_machine.travel("2026-03-10 16:00 +0800", tick=False):
        returned = post(desk.frontdesk, f"{order}/return-slip/")
    assert returned.json()["state"] == WorkOrderState.RETURNED
    request.refresh_from_db()
    assert request.status == RequestStatus.RESOLVED
    assert WorkOrder.objects.get(pk=sent.json()["id"]).materials.count() == 1
    mine = logged_in_api(desk.technician).get("/api/v1/work-orders/").json()
    assert [row["id"] for row in mine["results"]] == [sent.json()["id"]]


def test_a_pause_and_a_resume_through_the_api_and_an_emergency_repair_is_never_paused(desk):
    """Issue 16 item 1: a pause needs its reason; an emergency repair is refused with the reason."""
    request = repair(desk)
    services.dispatch(request=request, technician=desk.technician, actor=desk.dispatcher)
    url = f"/api/v1/requests/{request.pk}/status/"
    assert post(desk.frontdesk, url, {"status": "nonsense"}).json()["fields"].keys() == {"status"}
    paused = post(desk.frontdesk, url, {"status": "paused", "reason": "等待配件"})
    assert paused.status_code == 200, paused.json()
    assert paused.json()["status"] == RequestStatus.PAUSED
    resumed = post(desk.frontdesk, url, {"status": "in_progress"})
    assert resumed.json()["status"] == RequestStatus.IN_PROGRESS

    urgent = repair(desk, repair_class="emergency")
    services.dispatch(request=urgent, technician=desk.technician, actor=desk.dispatcher)
    refused = post(
        desk.frontdesk, f"/api/v1/requests/{urgent.pk}/status/", {"status": "paused", "reason": "x"}
    )
    assert refused.status_code == 400 and refused.json()["code"] == "emergency_not_pausable"


def _complaint(desk):
    request = services.receive_request(
        project=desk.project,
        actor=desk.frontdesk,
        kind="complaint",
        channel="walk_in",
        content="保洁员态度差，垃圾两天没清",
        reporter_name="张三",
        unit=desk.unit,
        apologized=True,
    )
    return request, Complaint.objects.get(request=request)


def test_a_complaint_goes_through_its_steps_and_callback_through_the_api(desk):
    """投诉处理流程: feedback, the validity decision, the department's action, the callback, the
    manager's sign-off and the archive — each refused to who may not, each naming the field at fault."""
    request, report = _complaint(desk)
    base = f"/api/v1/complaints/{report.pk}"
    feedback = f"/api/v1/requests/{request.pk}/feedback/"
    assert post(desk.cs_supervisor, feedback, {"note": ""}).json()["fields"].keys() == {"note"}
    assert post(desk.cs_supervisor, feedback, {"note": "已致歉，今天内回复"}).status_code == 200
    environment = desk.project.departments.get(kind="environment")
    decision = {"valid": True, "summary": "保洁不及时", "department": environment.pk}
    assert post(desk.frontdesk, f"{base}/decide/", decision).status_code == 403
    assert post(desk.cs_supervisor, f"{base}/decide/", {}).json()["fields"].keys() == {"valid"}
    not_valid = post(desk.cs_supervisor, f"{base}/decide/", {"valid": False, "explanation": "x"})
    assert not_valid.status_code == 400 and "owner_response" in not_valid.json()["fields"]
    decided = post(desk.cs_supervisor, f"{base}/decide/", decision)
    assert decided.status_code == 200 and decided.json()["state"] == ComplaintState.ASSIGNED

    assert post(desk.eng_supervisor, f"{base}/action/", {"action": "x"}).status_code == 403
    from propdesk.core.models import Position, User
    from propdesk.core.services import add_membership

    lead = User.objects.create_user(username="cleaning_lead", password="pw")
    add_membership(user=lead, project=desk.project, position=Position.objects.get(code="cleaning_lead"))
    acted = post(lead, f"{base}/action/", {"action": "已批评教育保洁员，增加清运频次"})
    assert acted.status_code == 200, acted.json()
    assert post(desk.director, f"{base}/sign-off/").status_code == 400  # no callback yet

    callback = f"/api/v1/requests/{request.pk}/callback/"
    words = {"method": "phone", "satisfaction": "satisfied", "owner_words": "已改善，满意"}
    assert post(desk.technician, callback, words).status_code in (403, 404)
    assert post(desk.cs_supervisor, callback, {**words, "method": "pigeon"}).json()["fields"].keys() == {
        "method"
    }
    assert post(desk.cs_supervisor, callback, words).status_code == 201
    assert post(desk.frontdesk, f"{base}/sign-off/").status_code == 403
    assert post(desk.director, f"{base}/sign-off/").json()["state"] == ComplaintState.SIGNED_OFF
    assert post(desk.cs_supervisor, f"{base}/archive/").json()["state"] == ComplaintState.ARCHIVED
    request.refresh_from_db()
    assert request.status == RequestStatus.CLOSED


def test_an_unsatisfied_callback_gets_an_improvement_through_the_api(desk):
    """回访 不满意: the manager assigns the improvement, the person assigned reports it done."""
    request = repair(desk, unit=None, location="3栋大堂")
    services.dispatch(request=request, technician=desk.technician, actor=desk.dispatcher)
    services.transition_request(request=request, to_status=RequestStatus.RESOLVED, actor=desk.frontdesk)
    answer = post(
        desk.cs_supervisor,
        f"/api/v1/requests/{request.pk}/callback/",
        {"method": "phone", "satisfaction": "unsatisfied", "owner_words": "还是堵"},
    )
    assert answer.status_code == 201, answer.json()
    improve = f"/api/v1/callbacks/{answer.json()['id']}/improve/"
    task = {"assigned_to": desk.eng_supervisor.pk, "instructions": "重新疏通"}
    assert post(desk.frontdesk, improve, task).status_code == 403
    assert post(desk.director, improve, {"instructions": "x"}).json()["fields"].keys() == {"assigned_to"}
    assigned = post(desk.director, improve, task)
    assert assigned.status_code == 200, assigned.json()
    done = f"/api/v1/improvements/{assigned.json()['id']}/done/"
    assert post(desk.eng_supervisor, done, {"note": ""}).json()["fields"].keys() == {"note"}
    assert post(desk.eng_supervisor, done, {"note": "已更换管段"}).json()["done_at"]
    assert Improvement.objects.get(pk=assigned.json()["id"]).done_note == "已更换管段"
    assert Callback.objects.filter(request=request).count() == 1


def test_the_director_takes_over_or_reassigns_a_hand_off_and_the_sender_withdraws_one(desk):
    """主任处理超时未接收的转交, and the sender's withdrawal: the page's three hand-off steps."""
    request = repair(desk)
    first = services.request_handoff(request=request, to=desk.butler, reason="请跟进", actor=desk.frontdesk)
    assert post(desk.frontdesk, f"/api/v1/handoffs/{first.pk}/take-over/").status_code in (403, 404)
    redirect = f"/api/v1/handoffs/{first.pk}/redirect/"
    assert post(desk.director, redirect, {"to_user": desk.outsider.pk, "reason": "x"}).json()[
        "fields"
    ].keys() == {"to_user"}
    moved = post(desk.director, redirect, {"to_user": desk.cs_supervisor.pk, "reason": "管家休假"})
    assert moved.status_code == 201, moved.json()
    second = HandOff.objects.get(pk=moved.json()["id"])
    taken = post(desk.director, f"/api/v1/handoffs/{second.pk}/take-over/", {"note": "我来处理"})
    assert taken.status_code == 200 and taken.json()["state"] == "taken_over"
    request.refresh_from_db()
    assert request.holder == desk.director

    third = services.request_handoff(request=request, to=desk.butler, reason="请跟进", actor=desk.director)
    assert post(desk.butler, f"/api/v1/handoffs/{third.pk}/withdraw/").status_code == 403
    assert post(desk.director, f"/api/v1/handoffs/{third.pk}/withdraw/").json()["state"] == "withdrawn"
