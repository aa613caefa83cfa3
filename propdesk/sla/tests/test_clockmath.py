"""The pure clock maths: table-driven calendar cases and properties (no database)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from propdesk.sla import clockmath as cm
from propdesk.sla.calendars import official_days

SH = ZoneInfo("Asia/Shanghai")
HOURS = ((dt.time(8, 30), dt.time(12, 0)), (dt.time(13, 30), dt.time(18, 0)))
holidays, workdays = official_days()
CAL = cm.CalendarSpec(weekly={d: HOURS for d in range(5)}, holidays=holidays, makeup_workdays=workdays)


def at(y, m, d, hh=0, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=SH)


@pytest.mark.parametrize(
    ("case", "start", "rule", "value", "cutoff", "due"),
    [
        (
            "Friday 17:55 + 20 business minutes → Monday",
            at(2026, 3, 13, 17, 55),
            cm.BUSINESS_MINUTES,
            20,
            None,
            at(2026, 3, 16, 8, 45),
        ),
        (
            "lunch break is skipped",
            at(2026, 3, 10, 11, 50),
            cm.BUSINESS_MINUTES,
            20,
            None,
            at(2026, 3, 10, 13, 40),
        ),
        (
            "National Day holiday is skipped",
            at(2025, 9, 30, 17, 50),
            cm.BUSINESS_MINUTES,
            30,
            None,
            at(2025, 10, 9, 8, 50),
        ),
        (
            "调休 Saturday is a working day",
            at(2025, 10, 10, 17, 50),
            cm.BUSINESS_MINUTES,
            30,
            None,
            at(2025, 10, 11, 8, 50),
        ),
        (
            "same day before the 17:00 cut-off",
            at(2026, 3, 10, 16, 59),
            cm.END_OF_BUSINESS_DAY,
            0,
            dt.time(17),
            at(2026, 3, 10, 18, 0),
        ),
        (
            "same day after the 17:00 cut-off rolls",
            at(2026, 3, 10, 17, 1),
            cm.END_OF_BUSINESS_DAY,
            0,
            dt.time(17),
            at(2026, 3, 11, 18, 0),
        ),
        (
            "same day on Friday after cut-off → Monday",
            at(2026, 3, 13, 17, 30),
            cm.END_OF_BUSINESS_DAY,
            0,
            dt.time(17),
            at(2026, 3, 16, 18, 0),
        ),
        ("2 workdays over a weekend", at(2026, 3, 12, 10, 0), cm.WORKDAYS, 2, None, at(2026, 3, 16, 10, 0)),
        (
            "2 workdays: 调休 Saturday, then the Spring Festival",
            at(2026, 2, 13, 10, 0),
            cm.WORKDAYS,
            2,
            None,
            at(2026, 2, 24, 10, 0),
        ),
        (
            "20 wall minutes ignore the calendar",
            at(2026, 3, 13, 23, 50),
            cm.WALL_MINUTES,
            20,
            None,
            at(2026, 3, 14, 0, 10),
        ),
        ("12 calendar days", at(2025, 9, 28, 9, 0), cm.CALENDAR_DAYS, 12, None, at(2025, 10, 10, 9, 0)),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_calendar_cases(case, start, rule, value, cutoff, due):
    assert cm.base_due(rule, value, start, CAL, cutoff) == due


def test_the_calendar_knows_why_a_day_is_off():
    assert CAL.day(dt.date(2025, 10, 1)).reason == "holiday"
    assert CAL.day(dt.date(2025, 10, 1)).name == "国庆节"
    assert CAL.day(dt.date(2025, 10, 11)).reason == "makeup_workday"
    assert CAL.day(dt.date(2025, 10, 11)).is_working


def test_a_project_exception_wins_over_the_official_calendar():
    cal = cm.CalendarSpec(
        weekly={d: HOURS for d in range(5)},
        holidays=holidays,
        exceptions={dt.date(2025, 10, 2): ("hours", ((dt.time(9), dt.time(11)),), "值班")},
    )
    assert cm.add_business(at(2025, 10, 1, 12), dt.timedelta(minutes=60), cal) == at(2025, 10, 2, 10)


def test_24_7_calendar_counts_every_minute():
    assert cm.add_business(at(2025, 10, 1, 23, 50), dt.timedelta(minutes=20), cm.ALWAYS_OPEN) == at(
        2025, 10, 2, 0, 10
    )


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        cm.add_business(dt.datetime(2026, 3, 10, 9), dt.timedelta(minutes=5), CAL)


starts = st.datetimes(
    min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2026, 12, 31), timezones=st.just(SH)
)
durations = st.integers(min_value=0, max_value=60 * 24 * 5).map(lambda m: dt.timedelta(minutes=m))


@settings(max_examples=200, deadline=None)
@given(start=starts, duration=durations)
def test_adding_then_measuring_returns_the_same_duration(start, duration):
    assert cm.business_between(start, cm.add_business(start, duration, CAL), CAL) == duration


@settings(max_examples=200, deadline=None)
@given(start=starts, a=durations, b=durations)
def test_a_longer_duration_never_gives_an_earlier_due_time(start, a, b):
    short, long = sorted((a, b))
    assert cm.add_business(start, short, CAL) <= cm.add_business(start, long, CAL)


TARGET = cm.TargetSpec(
    start_event="received", stop_events=frozenset({"completed"}), rule=cm.WORKDAYS, value=2, pausable=True
)


@settings(max_examples=100, deadline=None)
@given(
    start=starts,
    pause_after=st.integers(min_value=0, max_value=3000),
    pause_for=st.integers(min_value=1, max_value=3000),
    rule=st.sampled_from(
        [cm.WORKDAYS, cm.BUSINESS_MINUTES, cm.WALL_MINUTES, cm.END_OF_BUSINESS_DAY, cm.CALENDAR_DAYS]
    ),
)
def test_a_pause_never_makes_a_due_time_earlier(start, pause_after, pause_for, rule):
    target = cm.TargetSpec(
        start_event="received", stop_events=frozenset({"completed"}), rule=rule, value=2, pausable=True
    )
    p0 = start + dt.timedelta(minutes=pause_after)
    p1 = p0 + dt.timedelta(minutes=pause_for)
    now = p1 + dt.timedelta(days=30)
    plain = cm.compute(target, [cm.Event("received", start)], CAL, now)
    paused = cm.compute(
        target,
        [cm.Event("received", start), cm.Event("paused", p0, "业主不在家"), cm.Event("resumed", p1)],
        CAL,
        now,
    )
    assert paused.due_at >= plain.due_at


# --- replay scenarios ---------------------------------------------------------------------


def replay(target, events, now):
    return cm.compute(target, [cm.Event(*e) for e in events], CAL, now)


def test_replay_met_on_time():
    s = replay(
        TARGET, [("received", at(2026, 3, 10, 9)), ("completed", at(2026, 3, 11, 15))], at(2026, 3, 20)
    )
    assert (s.state, s.due_at, s.stopped_at) == (cm.MET, at(2026, 3, 12, 9), at(2026, 3, 11, 15))


def test_replay_pause_for_the_owner_extends_by_business_time():
    events = [
        ("received", at(2026, 3, 10, 9)),
        ("paused", at(2026, 3, 10, 10), "业主不在家"),
        ("resumed", at(2026, 3, 10, 14)),  # 2 h + 30 min of business time (lunch not counted)
    ]
    s = replay(TARGET, events, at(2026, 3, 10, 15))
    assert s.state == cm.RUNNING
    assert s.paused == dt.timedelta(hours=2, minutes=30)
    assert s.due_at == at(2026, 3, 12, 11, 30)


def test_replay_pause_with_a_reason_not_allowed_is_ignored():
    target = cm.TargetSpec(
        start_event="received",
        stop_events=frozenset({"completed"}),
        rule=cm.WORKDAYS,
        value=2,
        pausable=True,
        pause_reasons=frozenset({"业主不在家"}),
    )
    s = replay(
        target,
        [("received", at(2026, 3, 10, 9)), ("paused", at(2026, 3, 10, 10), "午休")],
        at(2026, 3, 10, 11),
    )
    assert s.state == cm.RUNNING and s.paused == dt.timedelta(0)


def test_replay_flapping_pause_cannot_buy_time_on_a_continuous_target():
    target = cm.TargetSpec(
        start_event="arrived",
        stop_events=frozenset({"completed"}),
        rule=cm.WALL_MINUTES,
        value=240,
        pausable=True,
        continuous=True,
    )
    s = replay(
        target,
        [("arrived", at(2026, 3, 10, 9)), ("paused", at(2026, 3, 10, 10)), ("resumed", at(2026, 3, 10, 12))],
        at(2026, 3, 10, 14),
    )
    assert s.due_at == at(2026, 3, 10, 13) and s.state == cm.BREACHED


def test_replay_late_stop_is_breached_and_cancel_cancels():
    late = replay(
        TARGET, [("received", at(2026, 3, 10, 9)), ("completed", at(2026, 3, 13, 9))], at(2026, 3, 20)
    )
    assert late.state == cm.BREACHED
    target = cm.TargetSpec(
        start_event="received",
        stop_events=frozenset({"completed"}),
        cancel_events=frozenset({"closed"}),
        rule=cm.WORKDAYS,
        value=2,
    )
    gone = replay(
        target, [("received", at(2026, 3, 10, 9)), ("closed", at(2026, 3, 10, 10))], at(2026, 3, 20)
    )
    assert gone.state == cm.CANCELLED


EMERGENCY = cm.TargetSpec(
    start_event="arrived",
    stop_events=frozenset({"completed"}),
    rule=cm.WALL_MINUTES,
    value=240,
    continuous=True,
)


def test_kept_pauses_count_on_a_continuous_target_from_its_start():
    """Re-classified general → emergency: the hour waited under the general class is kept; the part of
    a kept pause before this target's start counts nothing; pause events before `until` are not
    replayed a second time."""
    kept = cm.KeptPauses(
        until=at(2026, 3, 10, 12),
        pauses=(
            (at(2026, 3, 10, 8), at(2026, 3, 10, 9, 30), "业主不在家"),  # half of it after the arrival
            (at(2026, 3, 10, 10), at(2026, 3, 10, 11), "等待配件"),
        ),
    )
    events = [
        ("arrived", at(2026, 3, 10, 9)),
        ("paused", at(2026, 3, 10, 10), "等待配件"),
        ("resumed", at(2026, 3, 10, 11)),
        ("paused", at(2026, 3, 10, 12, 30), "等待配件"),  # after the change: continuous, not counted
    ]
    s = cm.compute(EMERGENCY, [cm.Event(*e) for e in events], CAL, at(2026, 3, 10, 13), kept=kept)
    assert s.paused == dt.timedelta(hours=1, minutes=30)
    assert s.due_at == at(2026, 3, 10, 14, 30) and s.state == cm.RUNNING
    assert [p.kept for p in s.pauses] == [True, True]
    assert s.pauses[0].start == at(2026, 3, 10, 8)  # the record is whole; only the counting is clipped


def test_a_kept_pause_still_open_ends_with_the_old_class_unless_the_new_target_may_wait():
    kept = cm.KeptPauses(until=at(2026, 3, 10, 11), pauses=((at(2026, 3, 10, 10), None, "业主不在家"),))
    events = [cm.Event("arrived", at(2026, 3, 10, 9)), cm.Event("received", at(2026, 3, 10, 9))]
    emergency = cm.compute(EMERGENCY, events, CAL, at(2026, 3, 10, 12), kept=kept)
    assert emergency.state == cm.RUNNING and emergency.paused == dt.timedelta(hours=1)
    general = cm.compute(TARGET, events, CAL, at(2026, 3, 10, 12), kept=kept)
    assert general.state == cm.PAUSED and general.paused == dt.timedelta(hours=2)
    resumed = cm.compute(
        TARGET, [*events, cm.Event("resumed", at(2026, 3, 10, 14))], CAL, at(2026, 3, 10, 15), kept=kept
    )
    assert resumed.state == cm.RUNNING
    assert resumed.paused == dt.timedelta(hours=2, minutes=30)  # 10:00–14:00 less the lunch break


def test_a_due_time_set_by_hand_replaces_the_rule_and_pauses_extend_it():
    """A major complaint's deadline is set case by case (投訴處理流程 5.2 重大事件，視具體情況再定)."""
    target = cm.TargetSpec(
        start_event="accepted",
        stop_events=frozenset({"completed"}),
        rule=cm.CALENDAR_DAYS,
        value=12,
        pausable=True,
    )
    events = [
        cm.Event("accepted", at(2026, 3, 10, 9), due=at(2026, 3, 30, 18)),
        cm.Event("paused", at(2026, 3, 11, 9), "业主要求改期"),
        cm.Event("resumed", at(2026, 3, 13, 9)),
    ]
    s = cm.compute(target, events, cm.ALWAYS_OPEN, at(2026, 3, 14))
    assert s.base_due_at == at(2026, 3, 30, 18) and s.due_at == at(2026, 4, 1, 18)
    assert s.allowed == at(2026, 3, 30, 18) - at(2026, 3, 10, 9)


def test_step_occurrences_catch_up_without_a_burst():
    step = cm.StepSpec(key=1, trigger=cm.PERCENT_ELAPSED, value=25, repeat_minutes=60, max_occurrences=24)
    first = at(2026, 3, 10, 10)
    assert cm.occurrences_due(step, first, at(2026, 3, 10, 9)) is None
    assert cm.occurrences_due(step, first, at(2026, 3, 10, 15, 30)) == 5
    assert cm.next_occurrence_after(step, first, 5) == at(2026, 3, 10, 16)


def test_parse_intervals():
    assert cm.parse_intervals("08:30-12:00, 13:30-18:00") == HOURS
    with pytest.raises(ValueError):
        cm.parse_intervals("12:00-08:00")
    with pytest.raises(ValueError):
        cm.parse_intervals("08:00-12:00,11:00-13:00")
