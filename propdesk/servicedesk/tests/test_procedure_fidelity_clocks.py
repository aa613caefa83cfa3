"""Procedure fidelity (issue 16), items 2, 3 and 6: a repair's class, whose duty the 20 minutes are, and
the complaint's one deadline — each test written from the seed procedure, quoted in its docstring."""

import datetime as dt

import pytest
import time_machine
from rest_framework.test import APIClient

from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.notices.models import Notification
from propdesk.servicedesk import kpis, services
from propdesk.servicedesk.choices import EventKind, RequestStatus
from propdesk.servicedesk.models import RequestEvent
from propdesk.servicedesk.services.clocks import clocks_of, complaint_clock
from propdesk.sla.choices import ClockState
from propdesk.sla.sweeper import sweep

pytestmark = pytest.mark.django_db

TZ = dt.timezone(dt.timedelta(hours=8))


def t(hh, mm=0, day=10):
    return dt.datetime(2026, 3, day, hh, mm, tzinfo=TZ)


def travel(when):
    return time_machine.travel(when, tick=False)


def new_repair(desk, repair_class="general", when=None):
    with travel(when or t(9)):
        return services.receive_request(
            project=desk.project,
            actor=desk.frontdesk,
            kind="repair",
            channel="phone",
            content="卫生间水管渗漏",
            reporter_name="张三",
            unit=desk.unit,
            repair_class=repair_class,
        )


def clock(request, code):
    return clocks_of(request).get(code=code)


def on_site_and_waiting(desk):
    """A general repair: reported 09:00, dispatched 09:05, on site 09:20, waiting for parts 09:30."""
    request = new_repair(desk)
    with travel(t(9, 5)):
        order = services.dispatch(request=request, technician=desk.technician, actor=desk.dispatcher)
    with travel(t(9, 10)):
        services.accept_order(order=order, actor=desk.technician)
    with travel(t(9, 20)):
        services.arrive(order=order, actor=desk.technician)
    with travel(t(9, 30)):
        services.transition_request(
            request=request, to_status=RequestStatus.PAUSED, actor=desk.frontdesk, reason="等待配件"
        )
    return request, order


# --- Item 2: changing a repair's class ------------------------------------------------------------


def test_a_waiting_repair_made_an_emergency_resumes_and_keeps_its_recorded_wait(desk):
    """接修流程 5.2: "急修項目連續搶修，小修項目當天完成，一般維修2天內完成。"

    The technician finds the leak is spreading: the front desk makes the general repair an emergency,
    saying why. An emergency is worked continuously, so the waiting repair resumes at once (the
    timeline says so); the timeline names the old and new class and the reason; the deadline becomes
    the emergency's — four hours of continuous work from the arrival — and the hour already waited
    for parts, recorded under the general class, is kept."""
    request, _order = on_site_and_waiting(desk)
    with travel(t(10, 30)):
        services.reclassify_repair(
            request=request, to_class="emergency", reason="渗漏扩大，影响楼下住户", actor=desk.frontdesk
        )
    request.refresh_from_db()
    assert request.repair_class == "emergency" and request.status == RequestStatus.IN_PROGRESS
    step = RequestEvent.objects.get(request=request, kind=EventKind.RECLASSIFIED)
    assert step.reason == "渗漏扩大，影响楼下住户" and step.actor == desk.frontdesk
    assert step.data == {"from_class": "general", "to_class": "emergency"}
    resumed = RequestEvent.objects.filter(request=request, to_status=RequestStatus.IN_PROGRESS).last()
    assert resumed.from_status == RequestStatus.PAUSED and "连续" in resumed.reason
    resolve = clock(request, "resolve")
    assert resolve.policy.name == "急修" and resolve.state == ClockState.RUNNING
    assert resolve.started_at == t(9, 20)  # the emergency counts from the arrival
    assert resolve.paused_seconds == 3600  # 09:30–10:30, kept
    assert resolve.due_at == t(14, 20)
    assert clock(request, "arrive").state == ClockState.MET  # finished: left as it was


def test_made_an_emergency_before_arrival_its_clock_starts_when_the_technician_arrives(desk):
    """接修流程 5.2 "急修項目連續搶修": the continuous work starts on site. Made an emergency before the
    technician arrives, the request's resolution clock waits and starts with the arrival."""
    request = new_repair(desk)
    with travel(t(9, 5)):
        order = services.dispatch(request=request, technician=desk.technician, actor=desk.dispatcher)
    with travel(t(9, 8)):
        services.reclassify_repair(
            request=request, to_class="emergency", reason="业主来电：水已漫到走廊", actor=desk.dispatcher
        )
    assert clock(request, "resolve").state == ClockState.PENDING
    with travel(t(9, 12)):
        services.accept_order(order=order, actor=desk.technician)
    with travel(t(9, 24)):
        services.arrive(order=order, actor=desk.technician)
    resolve = clock(request, "resolve")
    assert resolve.state == ClockState.RUNNING and resolve.started_at == t(9, 24)
    assert resolve.due_at == t(13, 24)


def test_back_to_a_general_repair_the_two_days_count_from_the_report(desk):
    """接修流程 5.2 "一般維修2天內完成": from the report (接到報修), not from the change of class."""
    request = new_repair(desk, repair_class="emergency")
    assert not clocks_of(request).filter(code="resolve").exists()  # an emergency's starts on site
    with travel(t(9, 40)):
        services.reclassify_repair(
            request=request,
            to_class="general",
            reason="到场前电话核实，仅水龙头滴水",
            actor=desk.cs_supervisor,
        )
    resolve = clock(request, "resolve")
    assert resolve.policy.name == "一般维修" and resolve.started_at == t(9)
    assert resolve.due_at == t(9, day=12)


def test_who_may_change_a_repairs_class_and_when(desk):
    request = new_repair(desk)
    for outsider in (desk.technician, desk.cashier, desk.owner):
        with pytest.raises(AccessDenied):
            services.reclassify_repair(request=request, to_class="emergency", reason="x", actor=outsider)
    with pytest.raises(ServiceError) as no_reason:
        services.reclassify_repair(request=request, to_class="emergency", reason=" ", actor=desk.frontdesk)
    assert no_reason.value.field == "reason"
    with pytest.raises(ServiceError) as same:
        services.reclassify_repair(request=request, to_class="general", reason="x", actor=desk.frontdesk)
    assert same.value.field == "to_class"
    services.transition_request(request=request, to_status=RequestStatus.RESOLVED, actor=desk.frontdesk)
    with pytest.raises(ServiceError) as done:
        services.reclassify_repair(request=request, to_class="emergency", reason="x", actor=desk.frontdesk)
    assert done.value.field == "request"
    complaint = services.receive_request(
        project=desk.project,
        actor=desk.frontdesk,
        kind="complaint",
        channel="phone",
        content="噪音",
        reporter_name="张三",
        unit=desk.unit,
    )
    with pytest.raises(ServiceError) as not_a_repair:
        services.reclassify_repair(request=complaint, to_class="emergency", reason="x", actor=desk.frontdesk)
    assert not_a_repair.value.field == "request"


def test_the_request_page_changes_the_class_and_the_explain_page_shows_the_kept_pause(desk, login):
    """The form is on the request page for who may use it; the deadline's explanation shows the
    reclassified clock: its new rule, the reclassification with its reason, and the pause it kept."""
    request, _order = on_site_and_waiting(desk)
    assert (
        'data-testid="reclassify"'
        not in login(desk.technician).get(f"/servicedesk/{request.pk}/").content.decode()
    )
    client = login(desk.frontdesk)
    page = client.get(f"/servicedesk/{request.pk}/").content.decode()
    assert 'data-testid="reclassify"' in page and 'value="emergency"' in page
    with travel(t(10, 30)):
        client.post(
            f"/servicedesk/{request.pk}/reclassify/",
            {"repair_class": "emergency", "reason": "渗漏扩大，影响楼下住户"},
        )
    request.refresh_from_db()
    assert request.repair_class == "emergency"
    page = client.get(f"/servicedesk/{request.pk}/").content.decode()
    assert "一般维修 → 急修" in page and "渗漏扩大，影响楼下住户" in page
    resolve = clock(request, "resolve")
    with travel(t(11)):
        explain = login(desk.cs_supervisor).get(f"/sla/clocks/{resolve.pk}/").content.decode()
    assert "急修连续作业至修复" in explain
    assert 'data-testid="explain-reclassified"' in explain and "渗漏扩大，影响楼下住户" in explain
    assert 'data-testid="kept-pause"' in explain and "等待配件" in explain
    assert "1:00:00" in explain  # the hour kept, counted


def test_the_api_changes_the_class_with_the_same_rules(desk):
    """POST /api/v1/requests/{id}/reclassify/ (in the OpenAPI schema): the same permission and checks
    as the page; the answer carries the recomputed deadlines."""
    request = new_repair(desk)
    api = APIClient()
    api.force_login(desk.technician)
    refused = api.post(
        f"/api/v1/requests/{request.pk}/reclassify/",
        {"repair_class": "emergency", "reason": "x"},
        format="json",
    )
    assert (
        refused.status_code == 404
    )  # a technician sees only his own work orders' requests (issue 16 item 8)
    api.force_login(desk.dispatcher)
    assert (
        api.post(f"/api/v1/requests/{request.pk}/reclassify/", {"repair_class": "emergency"}, format="json")
    ).status_code == 400
    with travel(t(9, 10)):
        done = api.post(
            f"/api/v1/requests/{request.pk}/reclassify/",
            {"repair_class": "emergency", "reason": "燃气味道，按急修处理"},
            format="json",
        )
    assert done.status_code == 200, done.json()
    body = done.json()
    assert body["repair_class"] == "emergency"
    deadlines = {d["code"]: d for d in body["deadlines"]}
    assert deadlines["resolve"]["state"] == "pending" and deadlines["resolve"]["due_at"] is None
    assert deadlines["dispatch"]["state"] == "running"
    assert body["events"][-1]["kind"] == "reclassified" and body["events"][-1]["to_label"] == "急修"
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content.decode()
    assert "/api/v1/requests/{id}/reclassify/" in schema


# --- Item 3: the 20 minutes -----------------------------------------------------------------------


def test_the_arrival_warning_and_breach_go_to_the_technician_and_his_supervisor_not_the_front_desk(
    desk, django_capture_on_commit_callbacks
):
    """接修流程 4.2.3: "工程部派單員指定人員……維修人員接到報修單後及時填寫接單時間，並攜單在20分鐘內到現場維修。"
    3.3: "工程部主管負責維修工作的監督".

    Arriving is the technician's duty: five minutes before the arrival is due he and his supervisor
    (the engineering supervisor, the position above his) are warned, and again at the breach. The
    front desk that holds the request is not told — it cannot make the technician arrive."""
    request = new_repair(desk, when=t(9, 50))
    with travel(t(10)):
        services.dispatch(request=request, technician=desk.technician, actor=desk.dispatcher)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        sweep(now=t(10, 16))
    warned = set(Notification.objects.values_list("recipient_id", flat=True))
    assert warned == {desk.technician.pk, desk.eng_supervisor.pk}
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        sweep(now=t(10, 21))
    breached = Notification.objects.all()
    assert {n.recipient_id for n in breached} == {desk.technician.pk, desk.eng_supervisor.pk}
    assert all("超时" in n.title for n in breached)
    assert request.holder == desk.frontdesk


def test_intake_to_dispatch_is_its_own_clock_and_kpi(desk, login):
    """接修流程 5.1: "接到報修後，20分鐘趕到現場"; 3.1: "客戶服務部管理員負責日間報修電話接聽，並立即傳達至工程部";
    4.2.3: "工程部派單員指定人員".

    The twenty minutes start when the report is received: the report must reach a technician in time
    (dispatched within 20 minutes of the report) before his own twenty minutes to arrive start. The
    KPI page shows the share dispatched in time."""
    quick = new_repair(desk, when=t(9, 50))
    with travel(t(10, 5)):
        services.dispatch(request=quick, technician=desk.technician, actor=desk.dispatcher)
    slow = new_repair(desk, when=t(10, 15))
    with travel(t(10, 40)):
        services.dispatch(request=slow, technician=desk.technician, actor=desk.dispatcher)
    quick_clock, slow_clock = clock(quick, "dispatch"), clock(slow, "dispatch")
    assert quick_clock.target.name == "接报修后派工"
    assert (quick_clock.started_at, quick_clock.due_at, quick_clock.state) == (t(9, 50), t(10, 10), "met")
    assert (slow_clock.due_at, slow_clock.state) == (t(10, 35), "breached")
    with travel(t(18)):
        rows = {r.code: r for r in kpis.compute([desk.project.pk], t(0), t(0, day=11))}
        page = login(desk.cs_supervisor).get("/servicedesk/kpis/", {"period": "this_month"}).content.decode()
    dispatched = rows["dispatch"]
    assert (dispatched.numerator, dispatched.denominator, dispatched.rate) == (1, 2, 50.0)
    assert dispatched.target == 100.0 and dispatched.meets is False
    assert 'data-kpi="dispatch"' in page and "报修后20分钟内派工" in page


# --- Item 6: the complaint's one deadline --------------------------------------------------------


def _valid_complaint(desk, when, **decision):
    with travel(when):
        request = services.receive_request(
            project=desk.project,
            actor=desk.frontdesk,
            kind="complaint",
            channel="phone",
            content="装修噪音，周末早上七点施工",
            reporter_name="张三",
            unit=desk.unit,
        )
    with travel(when + dt.timedelta(hours=1)):
        services.decide_complaint(
            complaint=request.complaint,
            valid=True,
            actor=desk.cs_supervisor,
            summary="装修施工时间违规",
            department=desk.project.departments.get(kind="security"),
            **decision,
        )
    return request


def test_the_complaint_deadline_is_its_clock_and_every_view_agrees_after_a_pause(desk, login):
    """投訴處理流程 5.2: "普通事件，處理周期為12天。"

    The twelve days run on the complaint's SLA clock, from the validity decision. The owner asks to
    postpone (业主要求改期) for two days: the clock's deadline moves by two days, and the request page,
    the API and the late list read that same deadline — there is no second one to disagree."""
    request = _valid_complaint(desk, t(9))
    assert complaint_clock(request).due_at == t(10, day=22)
    with travel(t(9, day=11)):
        services.transition_request(
            request=request, to_status=RequestStatus.PAUSED, actor=desk.cs_supervisor, reason="业主要求改期"
        )
    with travel(t(9, day=13)):
        services.transition_request(
            request=request, to_status=RequestStatus.IN_PROGRESS, actor=desk.cs_supervisor
        )
    deadline = complaint_clock(request).due_at
    assert deadline == t(10, day=24)  # 12 days from the decision + the 2 days waited
    with travel(t(10, day=13)):
        page = login(desk.cs_supervisor).get(f"/servicedesk/{request.pk}/").content.decode()
    assert "2026-03-24 10:00" in page.split('data-testid="complaint-deadline"')[1][:400]
    api = APIClient()
    api.force_login(desk.cs_supervisor)
    body = api.get(f"/api/v1/requests/{request.pk}/").json()
    assert dt.datetime.fromisoformat(body["complaint_deadline"]) == deadline
    resolve = next(d for d in body["deadlines"] if d["code"] == "resolve")
    assert dt.datetime.fromisoformat(resolve["due_at"]) == deadline
    from propdesk.servicedesk.todo import late_items

    with travel(t(11, day=24)):
        late = [
            i for i in late_items(desk.director, desk.project, t(11, day=24)) if i.title == "投诉处理超期"
        ]
    assert [i.due for i in late] == [deadline]
    with travel(t(9, day=24)):
        assert not [
            i for i in late_items(desk.director, desk.project, t(9, day=24)) if i.title == "投诉处理超期"
        ]


def test_a_major_complaints_own_deadline_is_its_clocks(desk):
    """投訴處理流程 5.2: "重大事件，視具體情況再定。" The deadline set case by case is the clock's."""
    own = t(18, day=31)
    request = _valid_complaint(desk, t(9), major=True, deadline=own)
    resolve = complaint_clock(request)
    assert resolve.due_at == own and resolve.state == ClockState.RUNNING
