"""The service desk's deadlines on the SLA engine (SPEC §2.5), with frozen time."""

import pytest
import time_machine

from propdesk.servicedesk import services
from propdesk.servicedesk.services.clocks import clocks_of
from propdesk.sla.defaults import load_sla_defaults
from propdesk.sla.models import Breach

pytestmark = pytest.mark.django_db


@pytest.fixture
def sla(desk):
    load_sla_defaults(project=desk.project)
    return desk


def test_a_walk_in_repair_whose_technician_arrives_after_25_minutes_breaches_the_arrival_clock(sla, category):
    with time_machine.travel("2026-03-10 09:50 +0800", tick=False):
        request = services.receive_request(
            project=sla.project,
            actor=sla.frontdesk,
            kind="repair",
            channel="walk_in",
            content="卫生间漏水",
            reporter_name="张三",
            unit=sla.unit,
            category=category("water"),
        )
    with time_machine.travel("2026-03-10 10:00 +0800", tick=False):
        order = services.dispatch(request=request, technician=sla.technician, actor=sla.dispatcher)
    with time_machine.travel("2026-03-10 10:02 +0800", tick=False):
        services.accept_order(order=order, actor=sla.technician)
    with time_machine.travel("2026-03-10 10:25 +0800", tick=False):
        services.arrive(order=order, actor=sla.technician)
    arrive = clocks_of(request).get(code="arrive")
    assert arrive.state == "breached"
    breach = Breach.objects.get(clock=arrive)
    assert breach.department.kind == "engineering"
    assert breach.due_at.isoformat().startswith("2026-03-10T02:20")  # dispatch + 20 minutes, in UTC


def test_arrival_within_20_minutes_is_met(sla):
    with time_machine.travel("2026-03-10 10:00 +0800", tick=False):
        request = services.receive_request(
            project=sla.project,
            actor=sla.frontdesk,
            kind="repair",
            channel="phone",
            content="灯不亮",
            reporter_name="张三",
            unit=sla.unit,
        )
        order = services.dispatch(request=request, technician=sla.technician, actor=sla.dispatcher)
    with time_machine.travel("2026-03-10 10:15 +0800", tick=False):
        services.accept_order(order=order, actor=sla.technician)
        services.arrive(order=order, actor=sla.technician)
    assert clocks_of(request).get(code="arrive").state == "met"


def test_a_complaint_gets_its_24_hour_feedback_clock_stopped_by_the_feedback(sla):
    with time_machine.travel("2026-03-10 10:00 +0800", tick=False):
        request = services.receive_request(
            project=sla.project,
            actor=sla.frontdesk,
            kind="complaint",
            channel="phone",
            content="噪音",
            reporter_name="张三",
            unit=sla.unit,
        )
    feedback = clocks_of(request).get(code="feedback")
    assert feedback.state == "running"
    assert feedback.due_at.isoformat().startswith("2026-03-11T02:00")  # 24 hours later, in UTC
    with time_machine.travel("2026-03-10 16:00 +0800", tick=False):
        services.give_feedback(request=request, note="已致歉，安排秩序维护部处理", actor=sla.frontdesk)
    assert clocks_of(request).get(code="feedback").state == "met"


def test_request_page_shows_each_deadline_with_its_explain_link(login, sla):
    request = services.receive_request(
        project=sla.project,
        actor=sla.frontdesk,
        kind="complaint",
        channel="phone",
        content="噪音",
        reporter_name="张三",
        unit=sla.unit,
    )
    page = login(sla.cs_supervisor).get(f"/servicedesk/{request.pk}/").content.decode()
    clock = clocks_of(request).get(code="feedback")
    assert f"/sla/clocks/{clock.pk}/" in page
