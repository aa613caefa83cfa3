"""Procedure fidelity (issue 16): each test is written from the seed procedure, quoted in its docstring."""

import pytest

from propdesk.core import lifecycle
from propdesk.core.errors import ServiceError
from propdesk.servicedesk import services
from propdesk.servicedesk.choices import HandOffState, RequestStatus
from propdesk.servicedesk.models import RequestEvent
from propdesk.servicedesk.tests.test_repairs import png_data_url, repair

pytestmark = pytest.mark.django_db


def test_an_emergency_repair_is_worked_continuously_and_is_never_paused(desk):
    """接修流程 5.2: "急修項目連續搶修，小修項目當天完成，一般維修2天內完成。"

    An emergency repair is worked until it is fixed: a pause is refused with the reason, and the page
    and the API do not offer it. A general repair may still wait (for parts, for the owner)."""
    emergency = repair(desk, repair_class="emergency")
    emergency = services.transition_request(
        request=emergency, to_status=RequestStatus.IN_PROGRESS, actor=desk.frontdesk
    )
    assert emergency.status == RequestStatus.IN_PROGRESS
    assert "pause" not in {m.name for m in lifecycle.allowed_moves(emergency, desk.frontdesk)}
    with pytest.raises(ServiceError) as refused:
        services.transition_request(
            request=emergency, to_status=RequestStatus.PAUSED, actor=desk.frontdesk, reason="等配件"
        )
    assert refused.value.field == "status" and refused.value.code == "emergency_not_pausable"
    assert "continuously" in str(refused.value.message) or "连续" in str(refused.value.message)
    emergency.refresh_from_db()
    assert emergency.status == RequestStatus.IN_PROGRESS

    general = repair(desk, repair_class="general")
    general = services.transition_request(
        request=general, to_status=RequestStatus.IN_PROGRESS, actor=desk.frontdesk
    )
    assert "pause" in {m.name for m in lifecycle.allowed_moves(general, desk.frontdesk)}
    services.transition_request(
        request=general, to_status=RequestStatus.PAUSED, actor=desk.frontdesk, reason="等配件"
    )
    general.refresh_from_db()
    assert general.status == RequestStatus.PAUSED


def test_the_request_page_refuses_to_pause_an_emergency_repair_with_the_reason(desk, login):
    emergency = repair(desk, repair_class="emergency")
    services.transition_request(request=emergency, to_status=RequestStatus.IN_PROGRESS, actor=desk.frontdesk)
    client = login(desk.frontdesk)
    page = client.get(f"/servicedesk/{emergency.pk}/").content.decode()
    assert 'value="paused"' not in page
    response = client.post(
        f"/servicedesk/{emergency.pk}/status/", {"status": "paused", "reason": "等配件"}, follow=True
    )
    assert "连续" in response.content.decode() or "continuously" in response.content.decode()
    emergency.refresh_from_db()
    assert emergency.status == RequestStatus.IN_PROGRESS


def _paused_repair(desk):
    request = repair(desk, repair_class="general")
    order = services.dispatch(request=request, technician=desk.technician, actor=desk.dispatcher)
    services.accept_order(order=order, actor=desk.technician)
    services.transition_request(
        request=request, to_status=RequestStatus.PAUSED, actor=desk.frontdesk, reason="业主不在家，约明天"
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.PAUSED
    return request, order


def _finish(desk, order):
    services.complete_order(order=order, actor=desk.technician, work_done="更换角阀", labour_minutes=30)
    services.sign_order(
        order=order, actor=desk.technician, signer_name="张三", signature_data_url=png_data_url()
    )
    services.return_slip(order=order, actor=desk.frontdesk)


def test_work_on_a_paused_repair_resumes_it_and_the_repair_runs_to_its_callback(desk):
    """接修流程 4.2.3–4.2.6: 維修人員……攜單在20分鐘內到現場維修；修復後……請業/戶簽字確認；派單員將報修單當天返至
    客戶服務部；管理員接單後……進行回訪。

    A repair paused while waiting (the owner away, parts on order) is resumed by the technician's next
    step — the wait is over once he works on it — so completion, the returned slip and the callback
    follow as for any repair. The timeline says who resumed it and why."""
    request, order = _paused_repair(desk)
    services.arrive(order=order, actor=desk.technician)
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_PROGRESS
    resumed = RequestEvent.objects.filter(request=request, to_status=RequestStatus.IN_PROGRESS).last()
    assert resumed.from_status == RequestStatus.PAUSED and resumed.actor == desk.technician
    assert resumed.reason
    _finish(desk, order)
    request.refresh_from_db()
    assert request.status == RequestStatus.RESOLVED
    services.record_callback(
        request=request, actor=desk.frontdesk, method="phone", satisfaction="satisfied", owner_words="修好了"
    )


def test_a_repair_paused_after_its_work_was_done_resolves_when_the_slip_returns(desk):
    """The slip comes back to customer service (4.2.5) even if someone paused the request after the
    technician finished: the returned slip ends the wait and the request is resolved, ready for its callback."""
    request = repair(desk, repair_class="general")
    order = services.dispatch(request=request, technician=desk.technician, actor=desk.dispatcher)
    services.accept_order(order=order, actor=desk.technician)
    services.arrive(order=order, actor=desk.technician)
    services.complete_order(order=order, actor=desk.technician, work_done="更换角阀", labour_minutes=30)
    services.sign_order(
        order=order, actor=desk.technician, signer_name="张三", signature_data_url=png_data_url()
    )
    services.transition_request(
        request=request, to_status=RequestStatus.PAUSED, actor=desk.frontdesk, reason="待业主确认"
    )
    services.return_slip(order=order, actor=desk.frontdesk)
    request.refresh_from_db()
    assert request.status == RequestStatus.RESOLVED


def test_completing_a_paused_repair_resumes_it_first(desk):
    request, order = _paused_repair(desk)
    services.transition_request(request=request, to_status=RequestStatus.IN_PROGRESS, actor=desk.frontdesk)
    services.arrive(order=order, actor=desk.technician)
    services.transition_request(
        request=request, to_status=RequestStatus.PAUSED, actor=desk.frontdesk, reason="等配件"
    )
    services.complete_order(order=order, actor=desk.technician, work_done="更换角阀", labour_minutes=30)
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_PROGRESS
    assert "resume" not in {m.name for m in lifecycle.allowed_moves(request, desk.technician)}


def _complaint(desk, actor):
    return services.receive_request(
        project=desk.project,
        actor=actor,
        kind="complaint",
        channel="walk_in",
        content="楼道噪音扰民，投诉",
        reporter_name="李女士",
        unit=desk.unit,
    )


def test_a_complaint_received_outside_customer_service_goes_to_customer_service(desk):
    """投訴處理流程 4.2.1–4.2.2: "任何部門接到業戶書面、當面、電話投訴後，首先向業戶表示歉意……接受投訴部門或人
    立即轉告客戶服務部。"

    A guard who receives a complaint is proposed the customer-service supervisor, not his own superior
    (the security supervisor); he stays its first receiver and accountable until it is accepted. A
    complaint received inside customer service follows the ordinary rule. A repair received by the
    guard still goes to his direct superior."""
    by_guard = _complaint(desk, desk.guard)
    proposal = services.propose_handoff_target(request=by_guard, from_user=desk.guard)
    assert proposal.user == desk.cs_supervisor
    assert by_guard.first_receiver == by_guard.holder == desk.guard
    # "立即轉告": the hand-off to customer service is made at intake, waiting for its acceptance.
    waiting = by_guard.handoffs.get()
    assert (waiting.state, waiting.from_user, waiting.to_user) == (
        HandOffState.REQUESTED,
        desk.guard,
        desk.cs_supervisor,
    )
    services.accept_handoff(handoff=waiting, actor=desk.cs_supervisor)
    by_guard.refresh_from_db()
    assert (by_guard.first_receiver, by_guard.holder) == (desk.guard, desk.cs_supervisor)

    repair_by_guard = services.receive_request(
        project=desk.project,
        actor=desk.guard,
        kind="repair",
        channel="walk_in",
        content="楼道灯不亮",
        reporter_name="李女士",
        unit=desk.unit,
    )
    assert not repair_by_guard.handoffs.exists()
    assert (
        services.propose_handoff_target(request=repair_by_guard, from_user=desk.guard).user
        == desk.security_head
    )

    by_frontdesk = _complaint(desk, desk.frontdesk)
    assert not by_frontdesk.handoffs.exists()  # received inside customer service: no automatic hand-off
    assert (
        services.propose_handoff_target(request=by_frontdesk, from_user=desk.frontdesk).user
        == desk.cs_supervisor
    )
