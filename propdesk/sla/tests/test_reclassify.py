"""Re-classifying a subject (design/SLA.md, Rules): "recomputes from the original start, keeping recorded
pauses. A breach is never undone" — issue 16, item 2. A registry Unit stands in for a repair request."""

import pytest
import time_machine

from propdesk.sla import clockmath
from propdesk.sla.choices import ClockState
from propdesk.sla.defaults import load_sla_defaults
from propdesk.sla.models import Breach, SlaClock, SlaTarget
from propdesk.sla.selectors import countdown
from propdesk.sla.services import reclassify, record_event
from propdesk.sla.sweeper import sweep

from .helpers import at

pytestmark = pytest.mark.django_db

GENERAL = {"kind": "repair", "repair_class": "general"}
EMERGENCY = {"kind": "repair", "repair_class": "emergency"}
WAIT = "等待配件"


@pytest.fixture
def sla(world):
    load_sla_defaults(project=world.project)
    return world


def clocks(world):
    return {c.code: c for c in SlaClock.objects.for_subject(world.unit).select_related("policy")}


def event(world, name, when, actor=None, **kwargs):
    with time_machine.travel(when, tick=False):
        return record_event(subject=world.unit, event=name, at=when, actor=actor or world.frontdesk, **kwargs)


def to(world, attrs, when, reason="现场判断"):
    with time_machine.travel(when, tick=False):
        return reclassify(subject=world.unit, attrs=attrs, actor=world.dispatcher, at=when, reason=reason)


def test_made_an_emergency_before_arrival_its_continuous_clock_waits_for_the_arrival_and_starts_then(
    sla, login
):
    """The issue's bug: "a reclassification before arrival never starts the new class's clock". The
    resolution clock of the general repair becomes the emergency's (arrived → completed, continuous):
    it waits, not started, and runs from the technician's arrival."""
    event(sla, "received", at(2026, 3, 10, 9), attrs=GENERAL)
    event(sla, "dispatched", at(2026, 3, 10, 9, 5), actor=sla.dispatcher, assignee=sla.technician)
    to(sla, EMERGENCY, at(2026, 3, 10, 9, 10))
    resolve = clocks(sla)["resolve"]
    assert resolve.policy.name == "急修" and resolve.state == ClockState.PENDING
    assert resolve.next_fire_at is None
    assert countdown(resolve).text == "未开始"
    assert list(resolve.events.values_list("to_state", flat=True)) == ["running", "pending"]
    with time_machine.travel(at(2026, 3, 10, 9, 12), tick=False):
        page = login(sla.cs_supervisor).get(f"/sla/clocks/{resolve.pk}/").content.decode()
    assert 'data-testid="explain-pending"' in page and "“到场”" in page.split("explain-pending")[1][:200]
    assert "2026-03-12" not in page.split('data-testid="explain-due"')[1][:100]  # no stale due time
    arrive = clocks(sla)["arrive"]
    assert arrive.policy.name == "急修" and arrive.state == ClockState.RUNNING
    assert arrive.due_at == at(2026, 3, 10, 9, 25)  # still 20 minutes from the dispatch

    event(sla, "arrived", at(2026, 3, 10, 9, 20), actor=sla.technician)
    resolve = clocks(sla)["resolve"]
    assert resolve.state == ClockState.RUNNING
    assert resolve.started_at == at(2026, 3, 10, 9, 20)
    assert resolve.due_at == at(2026, 3, 10, 13, 20)  # worked continuously: 4 hours round the clock
    assert resolve.next_fire_at is not None


def test_back_to_general_before_arrival_the_two_workdays_count_from_the_report(sla):
    """An emergency has no resolution clock before arrival; made general, its two workdays start from
    the original report, not from the reclassification."""
    event(sla, "received", at(2026, 3, 10, 9), attrs=EMERGENCY)
    event(sla, "dispatched", at(2026, 3, 10, 9, 5), actor=sla.dispatcher)
    assert "resolve" not in clocks(sla)
    to(sla, GENERAL, at(2026, 3, 10, 9, 30))
    resolve = clocks(sla)["resolve"]
    assert resolve.policy.name == "一般维修" and resolve.state == ClockState.RUNNING
    assert resolve.started_at == at(2026, 3, 10, 9)
    assert resolve.due_at == at(2026, 3, 12, 9)


def test_made_an_emergency_after_a_pause_keeps_the_paused_time(sla):
    """An emergency is never paused, but the hour the general repair waited for parts was recorded:
    it is kept (the old engine dropped it), and a pause after the change is not counted."""
    event(sla, "received", at(2026, 3, 10, 9), attrs=GENERAL)
    event(sla, "dispatched", at(2026, 3, 10, 9, 5), actor=sla.dispatcher)
    event(sla, "arrived", at(2026, 3, 10, 9, 20), actor=sla.technician)
    event(sla, "paused", at(2026, 3, 10, 9, 30), actor=sla.technician, reason=WAIT)
    event(sla, "resumed", at(2026, 3, 10, 10, 30), actor=sla.technician)
    to(sla, EMERGENCY, at(2026, 3, 10, 11))
    resolve = clocks(sla)["resolve"]
    assert resolve.policy.name == "急修" and resolve.state == ClockState.RUNNING
    assert resolve.started_at == at(2026, 3, 10, 9, 20)  # from the arrival, as the emergency counts
    assert resolve.paused_seconds == 3600
    assert resolve.due_at == at(2026, 3, 10, 14, 20)  # 4 hours + the hour kept
    # Later events replay with the kept pause; a pause now is not counted (worked continuously).
    event(sla, "paused", at(2026, 3, 10, 12), actor=sla.technician, reason=WAIT)
    event(sla, "completed", at(2026, 3, 10, 14), actor=sla.technician)
    resolve = clocks(sla)["resolve"]
    assert resolve.state == ClockState.MET and resolve.paused_seconds == 3600


def test_made_an_emergency_while_waiting_the_wait_ends_with_the_old_class(sla):
    event(sla, "received", at(2026, 3, 10, 9), attrs=GENERAL)
    event(sla, "paused", at(2026, 3, 10, 10), actor=sla.technician, reason=WAIT)
    assert clocks(sla)["resolve"].state == ClockState.PAUSED
    event(sla, "dispatched", at(2026, 3, 10, 10, 30), actor=sla.dispatcher)
    event(sla, "arrived", at(2026, 3, 10, 10, 45), actor=sla.technician)
    to(sla, EMERGENCY, at(2026, 3, 10, 11))
    resolve = clocks(sla)["resolve"]
    assert resolve.state == ClockState.RUNNING
    # Paused 10:00 → 11:00 under the general class; the emergency counts from 10:45: 15 minutes of it.
    assert resolve.paused_seconds == 15 * 60
    assert resolve.due_at == at(2026, 3, 10, 15)


def test_a_breach_is_kept_across_a_reclassification(sla):
    """ "A breach is never undone": the breached clock keeps its class, its due time and its record."""
    event(sla, "received", at(2026, 3, 10, 9), attrs=GENERAL)
    with time_machine.travel(at(2026, 3, 10, 9, 21), tick=False):
        sweep()
    dispatch = clocks(sla)["dispatch"]
    assert dispatch.state == ClockState.BREACHED
    breach = Breach.objects.get(clock=dispatch)
    to(sla, EMERGENCY, at(2026, 3, 10, 9, 30))
    dispatch = clocks(sla)["dispatch"]
    assert dispatch.state == ClockState.BREACHED and dispatch.policy.name == "一般维修"
    assert dispatch.due_at == at(2026, 3, 10, 9, 20)
    assert Breach.objects.get(clock=dispatch) == breach and breach.due_at == at(2026, 3, 10, 9, 20)


def test_a_new_class_clock_starts_from_the_original_start_unless_its_stop_event_has_passed(sla):
    """ "start the new class's clocks … from the original start when the request has not yet reached
    that clock's stop event": here an administrator took the dispatch target out of the emergency
    policy, so only the general class times the dispatch."""
    SlaTarget.objects.filter(project=sla.project, policy__name="急修", code="dispatch").delete()
    event(sla, "received", at(2026, 3, 10, 9), attrs=EMERGENCY)
    to(sla, GENERAL, at(2026, 3, 10, 9, 10))
    dispatch = clocks(sla)["dispatch"]
    assert dispatch.started_at == at(2026, 3, 10, 9) and dispatch.due_at == at(2026, 3, 10, 9, 20)

    other = sla.building  # a second subject, dispatched before it is reclassified
    for name, when in (("received", at(2026, 3, 10, 9)), ("dispatched", at(2026, 3, 10, 9, 5))):
        with time_machine.travel(when, tick=False):
            record_event(subject=other, event=name, at=when, actor=sla.frontdesk, attrs=EMERGENCY)
    with time_machine.travel(at(2026, 3, 10, 9, 10), tick=False):
        reclassify(subject=other, attrs=GENERAL, actor=sla.dispatcher, reason="现场判断")
    assert not SlaClock.objects.for_subject(other).filter(code="dispatch").exists()


def test_a_waiting_clock_is_cancelled_with_its_request(sla):
    event(sla, "received", at(2026, 3, 10, 9), attrs=GENERAL)
    to(sla, EMERGENCY, at(2026, 3, 10, 9, 10))
    assert clocks(sla)["resolve"].state == ClockState.PENDING
    event(sla, "cancelled", at(2026, 3, 10, 9, 30))
    assert clocks(sla)["resolve"].state == ClockState.CANCELLED


def test_the_kept_pauses_are_stored_with_the_clock_and_read_back(sla):
    event(sla, "received", at(2026, 3, 10, 9), attrs=GENERAL)
    event(sla, "paused", at(2026, 3, 10, 10), actor=sla.technician, reason=WAIT)
    event(sla, "resumed", at(2026, 3, 10, 11), actor=sla.technician)
    to(sla, {"kind": "repair", "repair_class": "small"}, at(2026, 3, 10, 12))
    kept = clocks(sla)["resolve"].kept()
    assert kept == clockmath.KeptPauses(
        until=at(2026, 3, 10, 12), pauses=((at(2026, 3, 10, 10), at(2026, 3, 10, 11), WAIT),)
    )
    # Reclassified again (back to general): the pause recorded under the first class is still kept.
    to(sla, GENERAL, at(2026, 3, 10, 13))
    resolve = clocks(sla)["resolve"]
    assert resolve.paused_seconds == 3600 and resolve.due_at == at(2026, 3, 12, 10)
    assert resolve.kept().until == at(2026, 3, 10, 13) and len(resolve.kept().pauses) == 1
