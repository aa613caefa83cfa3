"""The clock maths of the SLA engine: pure functions, no database, no Django.

Everything a deadline needs is computed here from plain values — a `CalendarSpec`,
a `TargetSpec` and a list of `Event`s — so that a stored due time is only a
projection that can always be rebuilt and explained (design/SLA.md, "Rules").

Two kinds of time:

- wall time: what a clock on the wall shows (WALL_MINUTES, CALENDAR_DAYS);
- business time: only the minutes inside the calendar's working intervals
  (BUSINESS_MINUTES, END_OF_BUSINESS_DAY, WORKDAYS).

A pause extends the due time by the paused time measured in the rule's own kind
of time, so a pause never makes a due time earlier.

Re-classifying a subject (general → emergency repair) replays its events against the
new target from their original start; the pauses recorded under the earlier class are
handed in as `KeptPauses` and keep counting, even on a target that cannot pause itself.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

ZERO = dt.timedelta(0)
MAX_SEARCH_DAYS = 3 * 366  # a calendar with no working time for three years is a configuration error

# Rules (the same codes as choices.Rule; duplicated as plain strings to keep this module pure).
WALL_MINUTES = "wall_minutes"
BUSINESS_MINUTES = "business_minutes"
END_OF_BUSINESS_DAY = "end_of_business_day"
WORKDAYS = "workdays"
CALENDAR_DAYS = "calendar_days"
WALL_RULES = frozenset({WALL_MINUTES, CALENDAR_DAYS})

# States (the same codes as choices.ClockState).
PENDING = "pending"  # the start event has not happened
RUNNING = "running"
PAUSED = "paused"
MET = "met"
BREACHED = "breached"
CANCELLED = "cancelled"

PAUSE_EVENT = "paused"
RESUME_EVENT = "resumed"

Interval = tuple[dt.time, dt.time]


class CalendarError(ValueError):
    """The calendar cannot answer (e.g. it has no working time at all)."""


@dataclass(frozen=True)
class DayInfo:
    """What a date is on a calendar, and why."""

    date: dt.date
    intervals: tuple[Interval, ...]
    reason: str  # "weekly", "holiday", "makeup_workday", "closed", "extra_workday", "special_hours", "always"
    name: str = ""  # the holiday's name, or the exception's note

    @property
    def is_working(self) -> bool:
        return bool(self.intervals)


@dataclass(eq=False)
class CalendarSpec:
    """A business calendar in one time zone.

    Precedence for a date: the project's own exception, then the official holiday or
    make-up working day (调休), then the weekly intervals. `always_open` is the 24/7
    calendar of emergencies.
    """

    timezone: str = "Asia/Shanghai"
    weekly: dict[int, tuple[Interval, ...]] = field(default_factory=dict)  # 0 = Monday
    # date -> (kind, intervals, note); kind: "closed" | "workday" | "hours"
    exceptions: dict[dt.date, tuple[str, tuple[Interval, ...], str]] = field(default_factory=dict)
    holidays: dict[dt.date, str] = field(default_factory=dict)  # official days off
    makeup_workdays: dict[dt.date, str] = field(default_factory=dict)  # official 调休 working days
    always_open: bool = False
    name: str = ""

    def __post_init__(self) -> None:
        self.tz = ZoneInfo(self.timezone)
        self._days: dict[dt.date, DayInfo] = {}
        self.workday_intervals: tuple[Interval, ...] = next(
            (self.weekly[d] for d in range(7) if self.weekly.get(d)), ()
        )
        if not self.always_open and not any(self.weekly.values()) and not self.exceptions:
            raise CalendarError("calendar has no working intervals")

    def day(self, date: dt.date) -> DayInfo:
        info = self._days.get(date)
        if info is None:
            info = self._day(date)
            self._days[date] = info
        return info

    def _day(self, date: dt.date) -> DayInfo:
        if self.always_open:
            return DayInfo(date, ((dt.time(0), dt.time(0)),), "always")
        if date in self.exceptions:
            kind, intervals, note = self.exceptions[date]
            if kind == "closed":
                return DayInfo(date, (), "closed", note)
            if kind == "workday":
                return DayInfo(date, intervals or self.workday_intervals, "extra_workday", note)
            return DayInfo(date, intervals, "special_hours", note)
        if date in self.holidays:
            return DayInfo(date, (), "holiday", self.holidays[date])
        if date in self.makeup_workdays:
            return DayInfo(date, self.workday_intervals, "makeup_workday", self.makeup_workdays[date])
        return DayInfo(date, self.weekly.get(date.weekday(), ()), "weekly")

    def spans(self, date: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        """The day's working intervals as aware datetimes (an end of 00:00 means midnight)."""
        out = []
        for start, end in self.day(date).intervals:
            a = dt.datetime.combine(date, start, tzinfo=self.tz)
            b = dt.datetime.combine(
                date + dt.timedelta(days=1) if end == dt.time(0) else date, end, tzinfo=self.tz
            )
            if b > a:
                out.append((a, b))
        return out


ALWAYS_OPEN = CalendarSpec(always_open=True, name="24/7")


def _local(at: dt.datetime, cal: CalendarSpec) -> dt.datetime:
    if at.tzinfo is None:
        raise ValueError("naive datetime: the clock maths needs aware datetimes")
    return at.astimezone(cal.tz)


def add_business(start: dt.datetime, duration: dt.timedelta, cal: CalendarSpec) -> dt.datetime:
    """The instant when `duration` of business time has passed after `start`.

    A zero duration moves a start outside working hours to the next opening only
    when something remains to count; `add_business(t, 0)` is `t`.
    """
    if duration < ZERO:
        raise ValueError("negative duration")
    if cal.always_open:
        return start + duration
    if duration == ZERO:
        return start
    cursor = _local(start, cal)
    remaining = duration
    day = cursor.date()
    for _ in range(MAX_SEARCH_DAYS):
        for a, b in cal.spans(day):
            if b <= cursor:
                continue
            a = max(a, cursor)
            if b - a >= remaining:
                return (a + remaining).astimezone(start.tzinfo)
            remaining -= b - a
        day += dt.timedelta(days=1)
    raise CalendarError("no working time found within three years")


def business_between(start: dt.datetime, end: dt.datetime, cal: CalendarSpec) -> dt.timedelta:
    """Business time inside [start, end) (zero when end <= start)."""
    if end <= start:
        return ZERO
    if cal.always_open:
        return end - start
    total = ZERO
    for a, b in counted_intervals(start, end, cal):
        total += b - a
    return total


def counted_intervals(
    start: dt.datetime, end: dt.datetime, cal: CalendarSpec
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The working intervals (local time) inside [start, end): what a clock counted."""
    if end <= start:
        return []
    a0, b0 = _local(start, cal), _local(end, cal)
    if cal.always_open:
        return [(a0, b0)]
    out = []
    day = a0.date()
    while day <= b0.date():
        for a, b in cal.spans(day):
            a, b = max(a, a0), min(b, b0)
            if b > a:
                out.append((a, b))
        day += dt.timedelta(days=1)
    return out


def skipped_days(start: dt.datetime, end: dt.datetime, cal: CalendarSpec) -> list[DayInfo]:
    """Days in [start, end] without working time, with the reason (holiday names included)."""
    if cal.always_open or end <= start:
        return []
    out = []
    day, last = _local(start, cal).date(), _local(end, cal).date()
    while day <= last:
        info = cal.day(day)
        if not info.is_working:
            out.append(info)
        day += dt.timedelta(days=1)
    return out


def next_business_instant(at: dt.datetime, cal: CalendarSpec) -> dt.datetime:
    """`at` itself when inside working hours, else the next opening."""
    if cal.always_open:
        return at
    cursor = _local(at, cal)
    day = cursor.date()
    for _ in range(MAX_SEARCH_DAYS):
        for a, b in cal.spans(day):
            if b > cursor:
                return max(a, cursor).astimezone(at.tzinfo)
        day += dt.timedelta(days=1)
    raise CalendarError("no working time found within three years")


def _nth_working_day(date: dt.date, n: int, cal: CalendarSpec) -> dt.date:
    """The n-th working day after `date` (n = 0: `date` itself if it works, else the next working day)."""
    day = date
    if n == 0:
        for _ in range(MAX_SEARCH_DAYS):
            if cal.day(day).is_working:
                return day
            day += dt.timedelta(days=1)
        raise CalendarError("no working time found within three years")
    for _ in range(MAX_SEARCH_DAYS):
        day += dt.timedelta(days=1)
        if cal.day(day).is_working:
            n -= 1
            if n == 0:
                return day
    raise CalendarError("no working time found within three years")


def end_of_business_day(
    start: dt.datetime, cal: CalendarSpec, *, cutoff: dt.time | None = None, days_after: int = 0
) -> dt.datetime:
    """END_OF_BUSINESS_DAY: the close of the working day on which `start` falls.

    Received after the cut-off (or after closing, or on a day off) it rolls to the
    close of the next working day. `days_after` adds further working days.
    """
    local = _local(start, cal)
    day = local.date()
    spans = cal.spans(day) if not cal.always_open else []
    if cal.always_open:
        close = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=cal.tz)
        late = cutoff is not None and local.time() >= cutoff
        extra = days_after + (1 if late else 0)
        return (close + dt.timedelta(days=extra)).astimezone(start.tzinfo)
    same_day = bool(spans) and local < spans[-1][1] and (cutoff is None or local.time() < cutoff)
    target = _nth_working_day(day, days_after + (0 if same_day else 1), cal)
    if same_day and days_after == 0:
        target = day
    return cal.spans(target)[-1][1].astimezone(start.tzinfo)


def add_workdays(start: dt.datetime, days: int, cal: CalendarSpec) -> dt.datetime:
    """WORKDAYS: the same time of day `days` working days later.

    A start outside working hours counts from the next opening. The arrival day's
    time is kept; on a short day it is capped at that day's close.
    """
    if cal.always_open:
        return start + dt.timedelta(days=days)
    begin = _local(next_business_instant(start, cal), cal)
    target = _nth_working_day(begin.date(), days, cal)
    spans = cal.spans(target)
    at = dt.datetime.combine(target, begin.time(), tzinfo=cal.tz)
    if at > spans[-1][1]:
        at = spans[-1][1]
    return at.astimezone(start.tzinfo)


def base_due(rule: str, value: int, start: dt.datetime, cal: CalendarSpec, cutoff: dt.time | None = None):
    """The due time of a rule before any pause."""
    if rule == WALL_MINUTES:
        return start + dt.timedelta(minutes=value)
    if rule == CALENDAR_DAYS:
        return start + dt.timedelta(days=value)
    if rule == BUSINESS_MINUTES:
        return add_business(start, dt.timedelta(minutes=value), cal)
    if rule == END_OF_BUSINESS_DAY:
        return end_of_business_day(start, cal, cutoff=cutoff, days_after=value)
    if rule == WORKDAYS:
        return add_workdays(start, value, cal)
    raise ValueError(f"unknown rule {rule!r}")


def measure(rule: str, start: dt.datetime, end: dt.datetime, cal: CalendarSpec) -> dt.timedelta:
    """Time between two instants in the rule's kind of time."""
    if rule in WALL_RULES:
        return max(end - start, ZERO)
    return business_between(start, end, cal)


def extend(rule: str, at: dt.datetime, by: dt.timedelta, cal: CalendarSpec) -> dt.datetime:
    """`at` moved later by `by` in the rule's kind of time."""
    if by <= ZERO:
        return at
    if rule in WALL_RULES:
        return at + by
    return add_business(at, by, cal)


# --- Clocks -------------------------------------------------------------------


@dataclass(frozen=True)
class TargetSpec:
    """The part of an SLA target the maths needs."""

    start_event: str
    stop_events: frozenset[str]
    rule: str
    value: int
    cancel_events: frozenset[str] = frozenset()
    cutoff: dt.time | None = None
    pausable: bool = False
    pause_reasons: frozenset[str] = frozenset()  # empty: any reason
    continuous: bool = False  # emergencies: never pauses


@dataclass(frozen=True)
class Event:
    name: str
    at: dt.datetime
    reason: str = ""
    # A due time set by hand when this event starts a clock (a major complaint's deadline, set case by
    # case): it replaces the rule's due time; pauses still extend it.
    due: dt.datetime | None = None


@dataclass(frozen=True)
class Pause:
    start: dt.datetime
    end: dt.datetime | None  # None: still paused
    reason: str
    counted: dt.timedelta  # paused time in the rule's kind of time (up to now when open)
    kept: bool = False  # recorded under an earlier classification of the subject


@dataclass(frozen=True)
class KeptPauses:
    """The pauses a clock had recorded when its subject was re-classified (design/SLA.md: re-classifying
    keeps recorded pauses). Pause and resume events up to `until` are not replayed against the new
    target: these intervals count instead, whether or not the new target may pause. A pause still open
    at `until` goes on only where the new target may pause for its reason; otherwise it ends there."""

    until: dt.datetime
    pauses: tuple[tuple[dt.datetime, dt.datetime | None, str], ...] = ()


@dataclass(frozen=True)
class ClockState:
    state: str
    started_at: dt.datetime | None = None
    due_at: dt.datetime | None = None
    base_due_at: dt.datetime | None = None  # the due time without pauses
    allowed: dt.timedelta = ZERO  # the rule's time allowance, in its kind of time
    elapsed: dt.timedelta = ZERO  # counted time, pauses excluded
    paused: dt.timedelta = ZERO
    stopped_at: dt.datetime | None = None  # met, or resolved late
    pauses: tuple[Pause, ...] = ()
    start_event: Event | None = None
    stop_event: Event | None = None

    @property
    def is_open(self) -> bool:
        return self.state in (RUNNING, PAUSED)

    def percent_elapsed(self) -> float:
        if self.allowed <= ZERO:
            return 100.0
        return 100.0 * self.elapsed / self.allowed


def compute(
    target: TargetSpec,
    events: Iterable[Event],
    calendar: CalendarSpec,
    now: dt.datetime,
    *,
    kept: KeptPauses | None = None,
) -> ClockState:
    """Replay a subject's events against a target: state, due time, elapsed and paused time.

    The first start event starts the clock; the first stop event after it stops it
    (MET when on time, BREACHED when late); a cancel event cancels it. Pauses count
    only on a pausable, non-continuous target and for an allowed reason; a pause
    or resume out of turn is ignored, so flapping cannot buy time. `kept`: the pauses
    recorded before a re-classification (see `KeptPauses`); each counts from the clock's
    start on.
    """
    ordered = sorted(events, key=lambda e: e.at)
    started: Event | None = None
    stop: Event | None = None
    cancelled: Event | None = None
    can_pause = target.pausable and not target.continuous

    def may_pause_for(reason: str) -> bool:
        return can_pause and (not target.pause_reasons or reason in target.pause_reasons)

    # (start, end, reason, kept)
    pauses: list[tuple[dt.datetime, dt.datetime | None, str, bool]] = []
    if kept is not None:
        for p_start, p_end, reason in kept.pauses:
            if p_start > now:
                continue
            if p_end is None and not may_pause_for(reason):
                p_end = kept.until  # the new target cannot wait: the pause ended with the old class
            pauses.append((p_start, p_end, reason, True))
    for event in ordered:
        if event.at > now:
            break
        if started is None:
            if event.name == target.start_event:
                started = event
            continue
        if event.name in target.stop_events:
            stop = event
            break
        if event.name in target.cancel_events:
            cancelled = event
            break
        if kept is not None and event.at <= kept.until and event.name in (PAUSE_EVENT, RESUME_EVENT):
            continue  # already in the kept pauses
        if can_pause and event.name == PAUSE_EVENT:
            if (not pauses or pauses[-1][1] is not None) and may_pause_for(event.reason):
                pauses.append((event.at, None, event.reason, False))
        elif can_pause and event.name == RESUME_EVENT and pauses and pauses[-1][1] is None:
            start_, _end, reason, was_kept = pauses[-1]
            pauses[-1] = (start_, event.at, reason, was_kept)
    if started is None:
        return ClockState(state=PENDING)

    begin = started.at
    cal = ALWAYS_OPEN if target.rule in WALL_RULES else calendar
    if started.due is not None:
        base = started.due
    else:
        base = base_due(target.rule, target.value, begin, calendar, target.cutoff)
    allowed = measure(target.rule, begin, base, calendar) if target.rule not in WALL_RULES else base - begin
    end = (stop or cancelled).at if (stop or cancelled) else now
    counted_pauses = []
    paused_total = ZERO
    for p_start, p_end, reason, was_kept in pauses:
        upto = min(p_end or end, end)
        # A kept pause may lie before this target's start (a clock that now starts later): only
        # the part after the start counts.
        counted = measure(target.rule, max(p_start, begin), upto, cal) if upto > begin else ZERO
        paused_total += counted
        counted_pauses.append(Pause(p_start, p_end, reason, counted, was_kept))
    due = extend(target.rule, base, paused_total, calendar)
    elapsed = max(measure(target.rule, begin, end, cal) - paused_total, ZERO)
    common = dict(
        started_at=begin,
        due_at=due,
        base_due_at=base,
        allowed=allowed,
        elapsed=elapsed,
        paused=paused_total,
        pauses=tuple(counted_pauses),
        start_event=started,
    )
    if cancelled is not None:
        return ClockState(state=CANCELLED, stopped_at=cancelled.at, stop_event=cancelled, **common)
    if stop is not None:
        return ClockState(
            state=MET if stop.at <= due else BREACHED, stopped_at=stop.at, stop_event=stop, **common
        )
    if pauses and pauses[-1][1] is None:
        return ClockState(state=PAUSED, **common)
    return ClockState(state=BREACHED if now >= due else RUNNING, **common)


# --- Escalation timing ----------------------------------------------------------

PERCENT_ELAPSED = "percent_elapsed"
BEFORE_DUE = "before_due"
AFTER_DUE = "after_due"


@dataclass(frozen=True)
class StepSpec:
    key: int  # the step's id
    trigger: str
    value: int  # percent, or minutes
    repeat_minutes: int | None = None
    max_occurrences: int = 1


def first_fire_at(
    step: StepSpec,
    *,
    rule: str,
    started_at: dt.datetime,
    due_at: dt.datetime,
    paused: dt.timedelta,
    allowed: dt.timedelta,
    calendar: CalendarSpec,
) -> dt.datetime:
    """When a step first fires for a running clock with this much pause so far."""
    if step.trigger == PERCENT_ELAPSED:
        share = allowed * step.value / 100
        if rule in WALL_RULES:
            return started_at + share + paused
        return add_business(started_at, share + paused, calendar)
    if step.trigger == BEFORE_DUE:
        return due_at - dt.timedelta(minutes=step.value)
    if step.trigger == AFTER_DUE:
        return due_at + dt.timedelta(minutes=step.value)
    raise ValueError(f"unknown trigger {step.trigger!r}")


def occurrence_at(step: StepSpec, first: dt.datetime, occurrence: int) -> dt.datetime:
    return first + dt.timedelta(minutes=(step.repeat_minutes or 0) * occurrence)


def occurrences_due(step: StepSpec, first: dt.datetime, now: dt.datetime) -> int | None:
    """The latest occurrence number that is due at `now` (None: not yet).

    After downtime only the current occurrence is due: missed repeats are not sent in a burst.
    """
    if now < first:
        return None
    if not step.repeat_minutes or step.max_occurrences <= 1:
        return 0
    n = int((now - first) / dt.timedelta(minutes=step.repeat_minutes))
    return min(n, step.max_occurrences - 1)


def next_occurrence_after(step: StepSpec, first: dt.datetime, fired: int | None) -> dt.datetime | None:
    """When the step fires next, given the highest occurrence already fired (None: none yet)."""
    n = 0 if fired is None else fired + 1
    if n >= max(step.max_occurrences, 1) or (n > 0 and not step.repeat_minutes):
        return None
    return occurrence_at(step, first, n)


def parse_intervals(text: str) -> tuple[Interval, ...]:
    """'08:30-12:00, 13:30-18:00' → ((08:30, 12:00), (13:30, 18:00)). '24:00' means midnight."""
    out: list[Interval] = []
    text = unicodedata.normalize("NFKC", text)  # full-width commas, colons and digits typed in Chinese
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        try:
            a, b = (s.strip() for s in part.replace("–", "-").split("-"))
            start = dt.time.fromisoformat(a.zfill(5))
            end = dt.time(0) if b in ("24:00", "24:0") else dt.time.fromisoformat(b.zfill(5))
        except ValueError as exc:
            raise ValueError(f"not an interval: {part!r} (write 08:30-12:00)") from exc
        if end != dt.time(0) and end <= start:
            raise ValueError(f"interval ends before it starts: {part!r}")
        out.append((start, end))
    out.sort()
    for (_a1, b1), (a2, _b2) in zip(out, out[1:], strict=False):
        if b1 == dt.time(0) or a2 < b1:
            raise ValueError("intervals overlap")
    return tuple(out)


def format_intervals(intervals: Sequence[Interval]) -> str:
    return ", ".join(f"{a:%H:%M}-{'24:00' if b == dt.time(0) else f'{b:%H:%M}'}" for a, b in intervals)
