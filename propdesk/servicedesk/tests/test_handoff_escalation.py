"""A hand-off not accepted in time goes to the center director (SPEC §2.1), on the SLA engine."""

import io

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse

from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.notices.models import Notification
from propdesk.servicedesk import selectors, services
from propdesk.servicedesk.choices import EventKind, HandOffState
from propdesk.servicedesk.models import HandOff, RequestEvent
from propdesk.servicedesk.services.clocks import clocks_of
from propdesk.sla.defaults import load_sla_defaults
from propdesk.sla.models import Breach, SlaClock

pytestmark = pytest.mark.django_db

# Tuesday 2026-03-10; office hours 08:30–12:00, 13:30–18:00 (Asia/Shanghai).
MORNING = "2026-03-10 10:00 +0800"


@pytest.fixture
def sla(desk):
    load_sla_defaults(project=desk.project)
    return desk


def handoff_clock(handoff):
    return SlaClock.objects.get(
        subject_type=ContentType.objects.get_for_model(HandOff), subject_id=handoff.pk, code="handoff_accept"
    )


def complaint_handed_to_cs(sla, category):
    with time_machine.travel(MORNING, tick=False):
        request = services.receive_request(
            project=sla.project,
            actor=sla.guard,
            kind="complaint",
            channel="walk_in",
            content="楼道噪音扰民",
            reporter_name="李女士",
            unit=sla.unit,
            category=category("noise"),
        )
    # Received by a guard, outside customer service: handed to its supervisor at intake (投诉 4.2.2).
    handoff = request.handoffs.get(to_user=sla.cs_supervisor)
    return request, handoff


def sweep_at(when: str) -> str:
    out = io.StringIO()
    with time_machine.travel(when, tick=False):
        call_command("sweep_sla", stdout=out)
    return out.getvalue()


def test_a_hand_off_starts_its_own_30_business_minute_clock(sla, category):
    request, handoff = complaint_handed_to_cs(sla, category)
    clock = handoff_clock(handoff)
    assert clock.state == "running"
    assert clock.holder == sla.guard  # the sender stays accountable while it waits
    assert clock.due_at.isoformat().startswith("2026-03-10T02:30")  # 10:30 local, in UTC
    # The request's own clocks are not touched by the hand-off.
    assert not clocks_of(request).filter(code="handoff_accept").exists()


def test_a_hand_off_accepted_in_time_meets_its_clock_and_nobody_is_told(sla, category):
    _request, handoff = complaint_handed_to_cs(sla, category)
    with time_machine.travel("2026-03-10 10:20 +0800", tick=False):
        services.accept_handoff(handoff=handoff, actor=sla.cs_supervisor)
    assert handoff_clock(handoff).state == "met"
    sweep_at("2026-03-10 11:00 +0800")
    assert not Notification.objects.filter(recipient=sla.director).exists()
    assert list(selectors.overdue_handoffs(sla.director, sla.project)) == []


def test_a_hand_off_not_accepted_in_time_goes_to_the_director_who_takes_it_over(sla, category):
    request, handoff = complaint_handed_to_cs(sla, category)
    assert "breaches=0" in sweep_at("2026-03-10 10:29 +0800")
    assert list(selectors.overdue_handoffs(sla.director, sla.project)) == []

    assert "breaches=1" in sweep_at("2026-03-10 10:31 +0800")
    clock = handoff_clock(handoff)
    assert clock.state == "breached"
    breach = Breach.objects.get(clock=clock)
    assert breach.person == sla.guard
    assert Notification.objects.filter(recipient=sla.director, title__contains="交接接收").count() == 1
    assert Notification.objects.filter(recipient=sla.guard, title__contains="交接接收").count() == 1
    assert "breaches=0" in sweep_at("2026-03-10 10:40 +0800")  # fires once
    assert Notification.objects.filter(recipient=sla.director).count() == 1

    assert list(selectors.overdue_handoffs(sla.director, sla.project)) == [handoff]
    assert list(selectors.overdue_handoffs(sla.frontdesk, sla.project)) == []  # may not reassign

    with time_machine.travel("2026-03-10 10:45 +0800", tick=False):
        with pytest.raises(AccessDenied):
            services.take_over_handoff(handoff=handoff, actor=sla.frontdesk)
        services.take_over_handoff(handoff=handoff, actor=sla.director, note="我来处理")
    request.refresh_from_db()
    handoff.refresh_from_db()
    assert request.holder == sla.director
    assert request.first_receiver == sla.guard
    assert handoff.state == HandOffState.TAKEN_OVER
    assert handoff_clock(handoff).state == "breached"  # a breach stays a breach
    assert RequestEvent.objects.filter(request=request, kind=EventKind.HANDOFF_TAKEN_OVER).count() == 1
    assert list(selectors.overdue_handoffs(sla.director, sla.project)) == []
    with pytest.raises(ServiceError):
        services.take_over_handoff(handoff=handoff, actor=sla.director)  # already decided


def test_the_director_reassigns_a_late_hand_off_and_the_new_one_gets_a_new_clock(sla, category):
    request, handoff = complaint_handed_to_cs(sla, category)
    sweep_at("2026-03-10 10:31 +0800")
    with time_machine.travel("2026-03-10 11:00 +0800", tick=False):
        with pytest.raises(ServiceError) as err:
            services.redirect_handoff(handoff=handoff, to=sla.security_head, reason=" ", actor=sla.director)
        assert err.value.field == "reason"
        new = services.redirect_handoff(
            handoff=handoff, to=sla.security_head, reason="噪音归秩序部", actor=sla.director
        )
    handoff.refresh_from_db()
    request.refresh_from_db()
    assert handoff.state == HandOffState.REDIRECTED
    assert new.state == HandOffState.REQUESTED and new.to_user == sla.security_head
    assert new.from_user == sla.guard and request.holder == sla.guard  # still accountable until accepted
    clock = handoff_clock(new)
    assert clock.state == "running"
    assert clock.due_at.isoformat().startswith("2026-03-10T03:30")  # 11:00 + 30 business minutes
    with time_machine.travel("2026-03-10 11:10 +0800", tick=False):
        services.accept_handoff(handoff=new, actor=sla.security_head)
    request.refresh_from_db()
    assert request.holder == sla.security_head
    assert handoff_clock(new).state == "met"


def test_a_declined_hand_off_cancels_its_clock(sla, category):
    _request, handoff = complaint_handed_to_cs(sla, category)
    with time_machine.travel("2026-03-10 10:10 +0800", tick=False):
        services.decline_handoff(handoff=handoff, actor=sla.cs_supervisor, reason="请前台直接答复")
    assert handoff_clock(handoff).state == "cancelled"
    sweep_at("2026-03-10 11:00 +0800")
    assert not Breach.objects.exists()


def test_the_director_sees_late_hand_offs_on_the_hand_off_page_and_acts_there(sla, category, login):
    request, handoff = complaint_handed_to_cs(sla, category)
    sweep_at("2026-03-10 10:31 +0800")
    with time_machine.travel("2026-03-10 10:50 +0800", tick=False):
        page = login(sla.director).get(reverse("servicedesk:handoffs"))
        assert page.status_code == 200
        html = page.content.decode()
        assert 'data-testid="overdue-handoffs"' in html and request.number in html
        assert 'data-state="breached"' in html
        # Someone who may not reassign gets neither the section nor the action.
        other = login(sla.frontdesk).get(reverse("servicedesk:handoffs")).content.decode()
        assert 'data-testid="overdue-handoffs"' not in other
        refused = login(sla.frontdesk).post(
            reverse("servicedesk:intervene_handoff", args=[handoff.pk]), {"action": "take"}
        )
        assert refused.status_code == 403
        done = login(sla.director).post(
            reverse("servicedesk:intervene_handoff", args=[handoff.pk]),
            {"action": "redirect", "to_user": sla.eng_supervisor.pk, "reason": "转工程部"},
        )
        assert done.status_code == 302
    assert HandOff.objects.get(request=request, state=HandOffState.REQUESTED).to_user == sla.eng_supervisor


def test_improvement_deadline_defaults_to_one_working_day_on_the_sla_calendar(sla):
    import datetime as dt
    import zoneinfo

    from propdesk.servicedesk.services.complaints import default_improvement_deadline

    friday = dt.datetime(2026, 3, 13, 16, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    due = default_improvement_deadline(project=sla.project, start=friday)
    assert due.astimezone(friday.tzinfo) == friday + dt.timedelta(days=3)  # Monday 16:00, not Saturday
