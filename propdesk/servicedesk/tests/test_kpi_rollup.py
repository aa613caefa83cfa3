"""KPI daily roll-ups (services.kpi_rollups.refresh, models/kpis.py, kpi_triggers): always equal to the direct computation.

Every check compares `kpis.compute` (roll-up days + the rest live) with `kpis.compute_direct` (the tables
alone) over periods with odd boundaries, while the data changes under the roll-up by services and by raw
queryset writes that no service sees.
"""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from propdesk.servicedesk import kpi_triggers, kpis, services, transitions
from propdesk.servicedesk.choices import RequestStatus
from propdesk.servicedesk.models import (
    Callback,
    KpiCount,
    KpiDay,
    KpiDirty,
    ServiceRequest,
)
from propdesk.servicedesk.services import kpi_rollups
from propdesk.servicedesk.tests.test_kpis import complaint, dispatched_and_arrived, repair
from propdesk.servicedesk.tests.test_repairs import owner_signs
from propdesk.sla.choices import ClockState
from propdesk.sla.defaults import load_sla_defaults
from propdesk.sla.models import SlaClock

pytestmark = pytest.mark.django_db

CST = dt.timezone(dt.timedelta(hours=8))
UTC = dt.UTC
NOW = "2026-03-20 12:00 +0800"
PERIODS = [
    (dt.datetime(2026, 3, 1, tzinfo=CST), dt.datetime(2026, 4, 1, tzinfo=CST)),  # a month, local midnights
    (dt.datetime(2026, 3, 1, tzinfo=UTC), dt.datetime(2026, 3, 21, tzinfo=UTC)),  # UTC midnights
    (dt.datetime(2026, 3, 4, 13, 37, tzinfo=UTC), dt.datetime(2026, 3, 9, 2, 5, tzinfo=UTC)),  # odd edges
    (dt.datetime(2026, 3, 5, tzinfo=CST), dt.datetime(2026, 3, 6, tzinfo=CST)),  # one local day
    (dt.datetime(2026, 3, 6, tzinfo=UTC), dt.datetime(2026, 3, 7, tzinfo=UTC)),  # one UTC day
]


@pytest.fixture
def sla(desk):
    load_sla_defaults(project=desk.project)
    return desk


def figures(rows):
    return [(r.code, r.numerator, r.denominator) for r in rows]


def assert_exact(project_ids):
    """Roll-up + live == direct for every period, at the frozen now."""
    now = timezone.now()
    for start, end in PERIODS:
        assert figures(kpis.compute(project_ids, start, end, now=now)) == figures(
            kpis.compute_direct(project_ids, start, end, now=now)
        ), (start, end)


def covered_days(project_id, start, end):
    _counts, covered = kpis._from_rollup([project_id], start, end)
    days = set()
    for a, b in covered.get(project_id, []):
        while a <= b:
            days.add(a)
            a += dt.timedelta(days=1)
    return days


def history(desk):
    """Twelve days of March: repairs dispatched and arrived (some late), resolved, called back; complaints."""
    made = {"resolved": [], "complaints": []}
    for day in range(2, 13):
        dispatched_and_arrived(desk, day, "10:00", "10:25" if day % 3 == 0 else "10:10")
        with time_machine.travel(f"2026-03-{day:02d} 23:30 +0800", tick=False):  # 15:30 UTC: next local day
            request = repair(desk, channel="phone" if day % 2 else "walk_in")
            services.transition_request(
                request=request, to_status=RequestStatus.RESOLVED, actor=desk.frontdesk
            )
            made["resolved"].append(request)
            if day % 2:
                method = "door_visit" if day % 4 == 1 else "phone"
                services.record_callback(
                    request=request,
                    method=method,
                    satisfaction="satisfied",
                    owner_words="好",
                    actor=desk.frontdesk,
                    **owner_signs(method),
                )
            if day in (5, 8):
                made["complaints"].append(complaint(desk))
    return made


def test_the_roll_up_equals_the_direct_counts_while_old_days_change(sla):
    made = history(sla)
    project = sla.project.pk
    with time_machine.travel(NOW, tick=False):
        assert_exact([project])  # nothing built: all live
        assert kpi_rollups.refresh([project])["built_days"] > 0
        assert not KpiDirty.objects.filter(project_id=project).exists()
        march = PERIODS[1]
        built = covered_days(project, *march)
        assert dt.date(2026, 3, 5) in built and dt.date(2026, 3, 19) in built
        assert dt.date(2026, 3, 20) not in built  # today (UTC) is never built
        assert_exact([project])

        # A callback today for a repair completed on the 4th: the 4th's callback rate changes.
        services.record_callback(
            request=made["resolved"][2],
            method="door_visit",
            satisfaction="fair",
            owner_words="可以",
            actor=sla.frontdesk,
            **owner_signs("door_visit"),
        )
        resolved_day = (
            ServiceRequest.objects.get(pk=made["resolved"][2].pk).resolved_at.astimezone(UTC).date()
        )
        assert resolved_day not in covered_days(project, *march)
        assert_exact([project])

        # A complaint of the 5th found valid today; another found invalid.
        first, second = made["complaints"]
        services.decide_complaint(
            complaint=first.complaint,
            valid=True,
            actor=sla.cs_supervisor,
            summary="噪音",
            department=sla.project.departments.get(kind="security"),
            deadline=timezone.now() + dt.timedelta(days=3),
        )
        services.decide_complaint(
            complaint=second.complaint,
            valid=False,
            actor=sla.cs_supervisor,
            explanation="正常施工",
            owner_response="理解",
        )
        assert_exact([project])

        kpi_rollups.refresh([project])
        assert_exact([project])
        assert resolved_day in covered_days(project, *march)

        # Raw writes no service sees: a channel corrected, a clock excused, a request back-dated,
        # a callback deleted, a request's completion moved to another day.
        old = made["resolved"][5]
        ServiceRequest.objects.filter(pk=old.pk).update(channel="portal")
        clock = SlaClock.objects.filter(project_id=project, state=ClockState.BREACHED).first()
        assert clock is not None
        SlaClock.objects.filter(pk=clock.pk).update(state=ClockState.EXCUSED)
        late_entry = repair(sla)
        ServiceRequest.objects.filter(pk=late_entry.pk).update(
            received_at=dt.datetime(2026, 3, 7, 3, 0, tzinfo=UTC)
        )
        Callback.objects.filter(request=made["resolved"][0]).delete()
        ServiceRequest.objects.filter(pk=made["resolved"][3].pk).update(
            resolved_at=dt.datetime(2026, 3, 11, 20, 0, tzinfo=UTC)
        )
        assert_exact([project])
        kpi_rollups.refresh([project])
        assert not KpiDirty.objects.filter(project_id=project).exists()
        assert_exact([project])

    # Later: a clock still running is counted live, late once its due time has passed.
    with time_machine.travel("2026-03-21 10:00 +0800", tick=False):
        request = repair(sla)
        services.dispatch(request=request, technician=sla.technician, actor=sla.dispatcher)
        kpi_rollups.refresh([project])
        assert_exact([project])
    with time_machine.travel("2026-03-22 10:00 +0800", tick=False):
        assert_exact([project])  # the running arrival clock of the 21st is now late
        rows = {r.code: r for r in kpis.compute([project], *PERIODS[0])}
        direct = {r.code: r for r in kpis.compute_direct([project], *PERIODS[0])}
        assert rows["arrival"].denominator == direct["arrival"].denominator
        kpi_rollups.refresh([project])
        assert dt.date(2026, 3, 21) in covered_days(project, *PERIODS[0])
        assert_exact([project])


def test_company_wide_roll_up_adds_up_projects(sla):
    dispatched_and_arrived(sla, 10, "10:00", "10:25")
    with time_machine.travel(NOW, tick=False):
        kpi_rollups.refresh()
        ids = [sla.project.pk, sla.other_project.pk]
        assert_exact(ids)
        rows = {r.code: r for r in kpis.compute(ids, *PERIODS[0])}
        assert rows["arrival"].denominator == 1


def test_every_write_marks_its_days_dirty(sla):
    project = sla.project.pk
    with time_machine.travel("2026-03-10 23:30 +0800", tick=False):  # 15:30 UTC on the 10th
        request = repair(sla)
    assert set(KpiDirty.objects.filter(project_id=project).values_list("day", flat=True)) >= {
        dt.date(2026, 3, 10)
    }
    KpiDirty.objects.all().delete()
    with time_machine.travel("2026-03-12 09:00 +0800", tick=False):  # 01:00 UTC on the 12th
        services.transition_request(request=request, to_status=RequestStatus.RESOLVED, actor=sla.frontdesk)
    days = set(KpiDirty.objects.filter(project_id=project).values_list("day", flat=True))
    assert dt.date(2026, 3, 12) in days
    KpiDirty.objects.all().delete()
    with time_machine.travel("2026-03-15 09:00 +0800", tick=False):
        services.record_callback(
            request=request, method="phone", satisfaction="satisfied", owner_words="好", actor=sla.frontdesk
        )
    # The callback's own day and the day its request was completed.
    days = set(KpiDirty.objects.filter(project_id=project).values_list("day", flat=True))
    assert {dt.date(2026, 3, 15), dt.date(2026, 3, 12)} <= days
    # A save that changes nothing the KPIs read marks nothing.
    KpiDirty.objects.all().delete()
    ServiceRequest.objects.filter(pk=request.pk).update(content="改了内容")
    assert not KpiDirty.objects.exists()


def test_lost_triggers_are_reinstalled_and_the_roll_up_thrown_away(sla):
    assert kpi_triggers.installed(connection)
    dispatched_and_arrived(sla, 10, "10:00", "10:25")
    with time_machine.travel(NOW, tick=False):
        kpi_rollups.refresh([sla.project.pk])
    assert KpiDay.objects.exists()
    kpi_triggers.drop(connection)  # as SQLite does when a migration rebuilds a table
    assert not kpi_triggers.installed(connection)
    assert kpi_triggers.ensure(connection) is False
    assert kpi_triggers.installed(connection)
    assert not KpiDay.objects.exists() and not KpiCount.objects.exists()
    with time_machine.travel(NOW, tick=False):
        call_command("refresh_kpis", project=[sla.project.pk])
        assert KpiDay.objects.filter(project_id=sla.project.pk).exists()
        assert_exact([sla.project.pk])


def test_forget_drops_a_projects_roll_up(sla):
    dispatched_and_arrived(sla, 10, "10:00", "10:25")
    with time_machine.travel(NOW, tick=False):
        kpi_rollups.refresh([sla.project.pk])
        kpi_rollups.forget(sla.project.pk)
        assert not KpiDay.objects.filter(project_id=sla.project.pk).exists()
        assert_exact([sla.project.pk])


def test_refresh_kpis_is_a_registered_periodic_job():
    from propdesk.core import jobs

    assert jobs.get("refresh_kpis").every == dt.timedelta(minutes=10)


def test_random_writes_and_refreshes_never_change_the_figures(sla):
    """Forty random writes on random days (services and raw updates), refreshes in between, random periods."""
    import random

    rng = random.Random(20261201)
    project = sla.project.pk
    requests = []

    def at(day, minute):
        return time_machine.travel(
            dt.datetime(2026, 3, day, tzinfo=UTC) + dt.timedelta(minutes=minute), tick=False
        )

    with time_machine.travel("2026-03-25 12:00 +0800", tick=False):
        for step in range(40):
            op = rng.choice(["new", "new", "resolve", "callback", "raw", "clock", "uncall", "refresh"])
            day, minute = rng.randint(1, 23), rng.randint(0, 1439)
            if op == "new" or not requests:
                with at(day, minute):
                    requests.append(repair(sla, channel=rng.choice(["phone", "walk_in", "portal"])))
            elif op == "resolve":
                request = ServiceRequest.objects.get(pk=rng.choice(requests).pk)
                if transitions.REQUEST.can(request.status, RequestStatus.RESOLVED):
                    with at(min(day + 1, 24), minute):
                        services.transition_request(
                            request=request, to_status=RequestStatus.RESOLVED, actor=sla.frontdesk
                        )
            elif op == "callback":
                request = ServiceRequest.objects.get(pk=rng.choice(requests).pk)
                if request.resolved_at is not None:
                    method = rng.choice(["door_visit", "phone"])
                    services.record_callback(
                        request=request,
                        method=method,
                        satisfaction=rng.choice(["satisfied", "fair", "unsatisfied"]),
                        owner_words="好",
                        actor=sla.frontdesk,
                        **owner_signs(method),
                    )
            elif op == "raw":
                pk = rng.choice(requests).pk
                change = rng.choice(["kind", "channel", "received_at", "resolved_at"])
                if change == "kind":
                    ServiceRequest.objects.filter(pk=pk).update(
                        kind=rng.choice(["repair", "paid_service", "other"])
                    )
                elif change == "channel":
                    ServiceRequest.objects.filter(pk=pk).update(channel=rng.choice(["cctv", "staff"]))
                else:
                    moved = dt.datetime(2026, 3, day, tzinfo=UTC) + dt.timedelta(minutes=minute)
                    ServiceRequest.objects.filter(pk=pk, **{f"{change}__isnull": False}).update(
                        **{change: moved}
                    )
            elif op == "clock":
                clock = SlaClock.objects.filter(project_id=project).order_by("?").first()
                if clock is not None:
                    SlaClock.objects.filter(pk=clock.pk).update(
                        state=rng.choice(
                            [ClockState.MET, ClockState.BREACHED, ClockState.EXCUSED, ClockState.RUNNING]
                        ),
                        started_at=clock.started_at + dt.timedelta(hours=rng.choice([0, 0, 20, -30])),
                    )
            elif op == "uncall":
                Callback.objects.filter(pk__in=Callback.objects.order_by("?").values("pk")[:1]).delete()
            else:
                kpi_rollups.refresh([project])
            if step % 5 == 4:
                start = dt.datetime(2026, 3, rng.randint(1, 12), rng.randint(0, 23), tzinfo=CST)
                end = start + dt.timedelta(days=rng.randint(1, 14), minutes=rng.randint(0, 600))
                for period in ((start, end), PERIODS[0]):
                    assert figures(kpis.compute([project], *period)) == figures(
                        kpis.compute_direct([project], *period)
                    ), (step, period)
        kpi_rollups.refresh([project])
        assert KpiDay.objects.filter(project_id=project).count() > 15
        assert_exact([project])
