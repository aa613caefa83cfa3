"""The SLA services against the database, with a registry Unit as the subject."""

import pytest
import time_machine

from propdesk.core.errors import ServiceError
from propdesk.sla.choices import ClockState
from propdesk.sla.defaults import load_sla_defaults
from propdesk.sla.models import Breach, ClockEvent, EscalationFired, SlaClock, SlaPolicy, SlaTarget
from propdesk.sla.services import deactivate_policy, excuse_breach, reclassify, record_event, transition_clock
from propdesk.sla.sweeper import sweep

from .helpers import at

pytestmark = pytest.mark.django_db

REPAIR = {"kind": "repair", "repair_class": "general"}


@pytest.fixture
def sla(world):
    """The seed policies, whose repairs here time their resolution (and, once dispatched, the arrival):
    the intake → dispatch clock of the seed is left out — it has its own tests (test_reclassify.py and
    the service desk's procedure tests) and would only add a second breach to every sweep below."""
    load_sla_defaults(project=world.project)
    SlaTarget.objects.filter(project=world.project, code="dispatch").delete()
    return world


def clocks(world):
    return {c.code: c for c in SlaClock.objects.for_subject(world.unit)}


def test_load_defaults_is_idempotent_and_keeps_edits(sla):
    policy = SlaPolicy.objects.get(project=sla.project, name="小修")
    policy.category = "水电"
    policy.save()
    assert load_sla_defaults(project=sla.project) == 0
    assert SlaPolicy.objects.get(pk=policy.pk).category == "水电"
    assert (
        SlaPolicy.objects.filter(project=sla.project).count() == 6
    )  # 转交接收, 急修, 小修, 一般维修, 投诉, 催缴承诺缴费


def test_general_repair_gets_resolve_clock_of_two_workdays(sla):
    with time_machine.travel(at(2026, 3, 12, 10), tick=False):
        record_event(
            subject=sla.unit, event="received", at=at(2026, 3, 12, 10), actor=sla.frontdesk, attrs=REPAIR
        )
    resolve = clocks(sla)["resolve"]
    assert resolve.state == ClockState.RUNNING
    assert resolve.due_at == at(2026, 3, 16, 10)  # Thursday + 2 workdays over the weekend
    assert resolve.policy.name == "一般维修"


def test_repair_arrival_is_20_wall_minutes_from_dispatch_and_met_on_arrival(sla):
    with time_machine.travel(at(2026, 3, 13, 17, 55), tick=False):
        record_event(
            subject=sla.unit, event="received", at=at(2026, 3, 13, 17, 50), actor=sla.frontdesk, attrs=REPAIR
        )
        record_event(subject=sla.unit, event="dispatched", at=at(2026, 3, 13, 17, 55), actor=sla.dispatcher)
    arrive = clocks(sla)["arrive"]
    assert arrive.due_at == at(2026, 3, 13, 18, 15)
    with time_machine.travel(at(2026, 3, 13, 18, 10), tick=False):
        record_event(subject=sla.unit, event="arrived", at=at(2026, 3, 13, 18, 10), actor=sla.technician)
    arrive.refresh_from_db()
    assert arrive.state == ClockState.MET and arrive.next_fire_at is None
    assert list(arrive.events.values_list("to_state", flat=True)) == ["running", "met"]


def test_pause_and_resume_move_the_due_time_and_are_logged(sla):
    with time_machine.travel(at(2026, 3, 10, 15), tick=False):
        record_event(
            subject=sla.unit, event="received", at=at(2026, 3, 10, 9), actor=sla.frontdesk, attrs=REPAIR
        )
        record_event(
            subject=sla.unit,
            event="paused",
            at=at(2026, 3, 10, 10),
            actor=sla.technician,
            reason="业主不在家",
        )
        paused = clocks(sla)["resolve"]
        assert paused.state == ClockState.PAUSED and paused.pause_reason == "业主不在家"
        assert paused.next_fire_at is None
        record_event(subject=sla.unit, event="resumed", at=at(2026, 3, 10, 14), actor=sla.technician)
    resolve = clocks(sla)["resolve"]
    assert resolve.state == ClockState.RUNNING
    assert resolve.paused_seconds == 150 * 60
    assert resolve.due_at == at(2026, 3, 12, 11, 30)


def test_switching_policy_keeps_recorded_pauses(sla):
    """GLPI #6902: pause time was lost when the SLA was switched."""
    with time_machine.travel(at(2026, 3, 10, 15), tick=False):
        record_event(
            subject=sla.unit, event="received", at=at(2026, 3, 10, 9), actor=sla.frontdesk, attrs=REPAIR
        )
        record_event(
            subject=sla.unit, event="paused", at=at(2026, 3, 10, 10), actor=sla.technician, reason="等待配件"
        )
        record_event(subject=sla.unit, event="resumed", at=at(2026, 3, 10, 11), actor=sla.technician)
        reclassify(
            subject=sla.unit, attrs={"kind": "repair", "repair_class": "small"}, actor=sla.cs_supervisor
        )
    resolve = clocks(sla)["resolve"]
    assert resolve.policy.name == "小修"
    assert resolve.paused_seconds == 3600
    # Same business day, extended by the hour paused: 18:00 + 1 h of business time → next day 09:30.
    assert resolve.due_at == at(2026, 3, 11, 9, 30)
    assert resolve.started_at == at(2026, 3, 10, 9)


def test_deactivating_a_policy_clears_pending_escalations(sla):
    """Zammad #4353: tickets stayed escalated after their SLA was deactivated."""
    with time_machine.travel(at(2026, 3, 10, 9), tick=False):
        record_event(
            subject=sla.unit, event="received", at=at(2026, 3, 10, 9), actor=sla.frontdesk, attrs=REPAIR
        )
    assert clocks(sla)["resolve"].next_fire_at is not None
    deactivate_policy(policy=SlaPolicy.objects.get(project=sla.project, name="一般维修"), actor=sla.director)
    resolve = clocks(sla)["resolve"]
    assert resolve.state == ClockState.CANCELLED and resolve.next_fire_at is None
    with time_machine.travel(at(2026, 3, 20, 9), tick=False):
        assert sweep().fired == 0
    assert not EscalationFired.objects.exists()


def test_a_breached_clock_stays_breached_after_the_subject_is_resolved(sla):
    with time_machine.travel(at(2026, 3, 10, 9), tick=False):
        record_event(
            subject=sla.unit, event="received", at=at(2026, 3, 10, 9), actor=sla.frontdesk, attrs=REPAIR
        )
    with time_machine.travel(at(2026, 3, 12, 9, 1), tick=False):
        result = sweep()
    assert result.breaches == 1
    breach = Breach.objects.get()
    assert breach.due_at == at(2026, 3, 12, 9)
    with time_machine.travel(at(2026, 3, 12, 10), tick=False):
        record_event(subject=sla.unit, event="completed", at=at(2026, 3, 12, 10), actor=sla.technician)
        reclassify(subject=sla.unit, attrs={"kind": "complaint"}, actor=sla.cs_supervisor)
    resolve = clocks(sla)["resolve"]
    assert resolve.state == ClockState.BREACHED
    assert resolve.met_at == at(2026, 3, 12, 10) and resolve.next_fire_at is None
    with pytest.raises(ServiceError):
        transition_clock(clock=resolve, to_state=ClockState.MET, actor=sla.director)


def test_sweeper_fires_each_escalation_once_and_catches_up(sla, mailoutbox):
    from propdesk.notices.models import Notification

    with time_machine.travel(at(2026, 3, 10, 9), tick=False):
        record_event(
            subject=sla.unit,
            event="received",
            at=at(2026, 3, 10, 9),
            actor=sla.frontdesk,
            attrs=REPAIR,
            holder=sla.butler,
        )
    # 80 % of 2 workdays (19 business hours) → 2026-03-12 ... the sweeper was down until after the due time.
    with time_machine.travel(at(2026, 3, 11, 16), tick=False):
        first = sweep()
        again = sweep()
    assert first.fired == 1 and again.fired == 0
    assert Notification.objects.filter(recipient=sla.butler, title__contains="升级提醒").count() == 1
    assert clocks(sla)["resolve"].warned
    with time_machine.travel(at(2026, 3, 13, 9), tick=False):
        late = sweep()
    # Breach + the escalation at breach + the director an hour later, all at once after downtime.
    assert late.breaches == 1 and late.fired == 2
    titles = list(Notification.objects.filter(recipient=sla.director).values_list("title", flat=True))
    assert titles and all("超时" in t for t in titles)
    assert set(ClockEvent.objects.values_list("to_state", flat=True)) >= {"running", "breached"}


def test_sweeper_skips_an_escalation_another_sweeper_stored_first(sla, monkeypatch):
    """The unique constraint is the last guard: a conflicting row is neither stored nor notified twice."""
    from propdesk.notices.models import Notification
    from propdesk.sla import sweeper

    with time_machine.travel(at(2026, 3, 10, 9), tick=False):
        record_event(
            subject=sla.unit,
            event="received",
            at=at(2026, 3, 10, 9),
            actor=sla.frontdesk,
            attrs=REPAIR,
            holder=sla.butler,
        )
    with time_machine.travel(at(2026, 3, 11, 16), tick=False):
        assert sweep().fired == 1
        # As if the other sweeper's row were not yet visible when this one read what had fired.
        SlaClock.objects.update(next_fire_at=at(2026, 3, 11, 16))
        monkeypatch.setattr(sweeper, "_fired_map", lambda ids: {})
        again = sweep()
    assert again.fired == 0 and again.notifications == 0
    assert EscalationFired.objects.count() == 1
    assert Notification.objects.filter(recipient=sla.butler, title__contains="升级提醒").count() == 1


def test_excusing_a_breach_is_a_separate_record(sla):
    with time_machine.travel(at(2026, 3, 10, 9), tick=False):
        record_event(
            subject=sla.unit, event="received", at=at(2026, 3, 10, 9), actor=sla.frontdesk, attrs=REPAIR
        )
    with time_machine.travel(at(2026, 3, 13, 9), tick=False):
        sweep()
    breach = Breach.objects.get()
    with pytest.raises(ServiceError):
        excuse_breach(breach=breach, reason="停电", approved_by=sla.technician, actor=sla.cs_supervisor)
    excuse_breach(breach=breach, reason="全小区停电", approved_by=sla.director, actor=sla.cs_supervisor)
    breach.refresh_from_db()
    assert breach.due_at == at(2026, 3, 12, 9) and breach.excuse.reason == "全小区停电"
    assert clocks(sla)["resolve"].state == ClockState.EXCUSED


def test_explain_page_and_api(sla, login, django_assert_max_num_queries):
    from .helpers import sample_clock

    clock = sample_clock(sla)
    client = login(sla.cs_supervisor)
    with django_assert_max_num_queries(25):
        page = client.get(f"/sla/clocks/{clock.pk}/")
    assert page.status_code == 200
    assert "派工后到场" in page.content.decode()
    data = client.get(f"/api/v1/sla/clocks/{clock.pk}/explain/").json()
    assert data["rule"] == "wall_minutes" and data["due_at"].startswith("2026-03-10T09:20")
    with django_assert_max_num_queries(12):
        listing = client.get("/api/v1/sla/clocks/")
    assert listing.json()["count"] == 1
    assert login(sla.outsider).get(f"/sla/clocks/{clock.pk}/").status_code in (403, 404)


def test_calendar_page_says_whether_the_year_is_covered(sla, login):
    client = login(sla.director)
    page = client.get("/sla/calendar/?year=2025").content.decode()
    assert "国庆节" in page and "chinese-calendar" in page
    later = client.get("/sla/calendar/?year=2031").content.decode()
    assert "2031" in later and 'data-testid="coverage"' in later


def test_overview_page_and_compliance(sla, login, django_assert_max_num_queries):
    from propdesk.sla.selectors import compliance

    with time_machine.travel(at(2026, 3, 10, 9), tick=False):
        record_event(
            subject=sla.unit, event="received", at=at(2026, 3, 10, 9), actor=sla.frontdesk, attrs=REPAIR
        )
        record_event(subject=sla.unit, event="completed", at=at(2026, 3, 10, 11), actor=sla.technician)
    rows = compliance(project=sla.project, start=at(2026, 3, 1), end=at(2026, 4, 1))
    resolve = next(r for r in rows if r["key"] == "resolve")
    assert resolve["met"] == 1 and resolve["met_rate"] == 100.0
    assert resolve["avg_wall_minutes"] == 120.0 and resolve["avg_business_minutes"] == 120.0
    client = login(sla.director)
    with django_assert_max_num_queries(25):
        assert client.get("/sla/overview/").status_code == 200


def test_countdown_badge_colours(sla):
    from django.template import Context, Template

    from .helpers import sample_clock

    clock = sample_clock(sla)
    tpl = Template("{% load sla %}{% sla_badge clock now %}")
    html = tpl.render(Context({"clock": clock, "now": at(2026, 3, 10, 9, 8)}))
    assert "剩余 12 分钟" in html and "text-bg-success" in html
    html = tpl.render(Context({"clock": clock, "now": at(2026, 3, 10, 9, 25)}))
    assert "已超时 5 分钟" in html and "text-bg-danger" in html
    clock.warned = True
    assert "text-bg-warning" in tpl.render(Context({"clock": clock, "now": at(2026, 3, 10, 9, 18)}))


def test_built_calendars_are_shared_but_an_edit_is_seen_at_once(sla):
    """Built calendars are kept per process (keyed by id and version); a day off saved through
    the ORM in this process, or a version bump from another process, rebuilds them."""
    import datetime as dt

    from propdesk.sla import services as sla_services
    from propdesk.sla.models import Calendar, CalendarException

    other = sla.building  # a second subject
    with time_machine.travel(at(2026, 3, 12, 10), tick=False):
        record_event(
            subject=sla.unit, event="received", at=at(2026, 3, 12, 10), actor=sla.frontdesk, attrs=REPAIR
        )
    assert clocks(sla)["resolve"].due_at == at(2026, 3, 16, 10)
    assert sla_services._BUILT  # kept for the next call
    calendar = Calendar.objects.get(project=sla.project, is_default=True)
    CalendarException.objects.create(
        project=sla.project, calendar=calendar, date=dt.date(2026, 3, 16), kind="closed"
    )
    assert not sla_services._BUILT  # the save emptied the cache
    with time_machine.travel(at(2026, 3, 12, 10), tick=False):
        record_event(
            subject=other, event="received", at=at(2026, 3, 12, 10), actor=sla.frontdesk, attrs=REPAIR
        )
    resolve = SlaClock.objects.for_subject(other).get(code="resolve")
    assert resolve.due_at == at(2026, 3, 17, 10)  # Monday is now a day off

    # Another process edits the calendar: it bumps the version, which is part of the key.
    sla_services._BUILT[(calendar.pk, calendar.version + 1)] = sla_services._BUILT.pop(
        (calendar.pk, calendar.version)
    )
    Calendar.objects.filter(pk=calendar.pk).update(version=calendar.version + 2)  # no signal: a queryset
    cache = sla_services.CalendarCache()
    spec = cache.spec_for_target(resolve.target)
    assert (calendar.pk, calendar.version + 2) in sla_services._BUILT
    assert spec is sla_services._BUILT[(calendar.pk, calendar.version + 2)]


def test_intake_of_a_new_subject_reads_no_clocks_or_earlier_events(sla, django_assert_max_num_queries):
    """`new_subject=True` skips two reads; a false claim fails on the one-clock-per-target constraint."""
    from django.db import IntegrityError, transaction

    with time_machine.travel(at(2026, 3, 12, 10), tick=False):
        started = record_event(
            subject=sla.unit,
            event="received",
            at=at(2026, 3, 12, 10),
            actor=sla.frontdesk,
            attrs=REPAIR,
            new_subject=True,
        )
        assert [c.code for c in started] == ["resolve"]
        with pytest.raises(IntegrityError), transaction.atomic():
            record_event(
                subject=sla.unit,
                event="received",
                at=at(2026, 3, 12, 10, 5),
                actor=sla.frontdesk,
                attrs=REPAIR,
                new_subject=True,
            )
    assert clocks(sla)["resolve"].due_at == at(2026, 3, 16, 10)


def test_policy_targets_are_shared_and_a_target_edit_in_the_admin_is_seen_by_every_process(sla, client):
    """A policy's targets and steps are kept per process under (policy id, version); editing a target in
    the admin bumps the policy's version, so a process still holding the old entry reads the new one."""
    from django.forms.models import model_to_dict

    from propdesk.sla import services as sla_services

    with time_machine.travel(at(2026, 3, 12, 10), tick=False):
        record_event(
            subject=sla.unit, event="received", at=at(2026, 3, 12, 10), actor=sla.frontdesk, attrs=REPAIR
        )
    resolve = clocks(sla)["resolve"]
    assert resolve.due_at == at(2026, 3, 16, 10)  # 2 workdays
    policy = resolve.policy
    assert (policy.pk, policy.version) in sla_services._TARGETS
    held_elsewhere = dict(sla_services._TARGETS)  # what another gunicorn worker still holds

    sla.director.is_staff = True
    sla.director.save(update_fields=["is_staff"])
    client.force_login(sla.director)
    target = resolve.target
    data = {k: v for k, v in model_to_dict(target).items() if v is not None}
    data.update({"value": 3, "steps-TOTAL_FORMS": 0, "steps-INITIAL_FORMS": 0, "steps-MIN_NUM_FORMS": 0})
    response = client.post(f"/admin/sla/slatarget/{target.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    policy.refresh_from_db()
    assert policy.version == resolve.policy_version + 1
    assert target.history.first().history_user == sla.director  # the edit itself is in the target's history

    sla_services._TARGETS.update(held_elsewhere)
    with time_machine.travel(at(2026, 3, 12, 10), tick=False):
        record_event(
            subject=sla.building, event="received", at=at(2026, 3, 12, 10), actor=sla.frontdesk, attrs=REPAIR
        )
    again = SlaClock.objects.for_subject(sla.building).get(code="resolve")
    assert again.due_at == at(2026, 3, 17, 10)  # 3 workdays now
    assert again.policy_version == policy.version
