"""Reads of the SLA engine: the explanation of a clock, the countdown badge, and report figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import clockmath
from .calendars import spec_for
from .choices import ClockState, Event, Rule
from .models import Calendar, EscalationFired, SlaClock, SubjectEvent
from .services import CalendarCache, clock_state


def clocks_for_list(user, project):
    return (
        SlaClock.objects.for_user(user)
        .filter(project=project)
        .select_related("target", "subject_type", "department", "holder")
        .order_by("due_at")
    )


def explain_clock(clock: SlaClock, *, now: dt.datetime | None = None) -> dict:
    """How the due time was derived: start, rule, calendar intervals counted, days skipped,
    pauses with reasons, due time, and each escalation fired."""
    now = now or timezone.now()
    target = clock.target
    cache = CalendarCache()
    calendar = cache.spec_for_target(target)
    events = list(
        SubjectEvent.objects.filter(subject_type_id=clock.subject_type_id, subject_id=clock.subject_id)
        .select_related("actor")
        .order_by("at", "id")
    )
    state = clock_state(clock, events, calendar, now)
    end = state.stopped_at or (clock.due_at if clock.due_at and clock.due_at > now else now)
    business = target.rule not in clockmath.WALL_RULES
    intervals, skipped = [], []
    if business and state.started_at:
        until = max(end, state.due_at or end)
        intervals = clockmath.counted_intervals(state.started_at, until, calendar)
        skipped = clockmath.skipped_days(state.started_at, until, calendar)
    tz = calendar.tz
    fired = list(
        EscalationFired.objects.filter(clock=clock).select_related("step").order_by("fired_at", "id")
    )
    return {
        "clock": clock,
        "target": target,
        "rule": Rule(target.rule).label,
        "rule_code": target.rule,
        "value": target.value,
        "cutoff": target.cutoff,
        "calendar": "24/7" if calendar.always_open or not business else calendar.name,
        "timezone": calendar.timezone,
        "start_event": state.start_event,
        "started_at": state.started_at,
        "base_due_at": state.base_due_at,
        "due_at": clock.due_at,
        "computed_due_at": state.due_at,
        "allowed": state.allowed,
        "elapsed": state.elapsed,
        "paused": state.paused,
        "pauses": state.pauses,
        "kept": clock.kept(),  # pauses kept from before a re-classification (clockmath.KeptPauses)
        "reclassified": [e for e in events if e.event == Event.RECLASSIFIED],
        "pending": state.state == clockmath.PENDING,
        "stopped_at": state.stopped_at,
        "state": clock.state,
        "intervals": [(a.astimezone(tz), b.astimezone(tz), b - a) for a, b in intervals],
        "skipped": skipped,
        "events": events,
        "fired": fired,
        "transitions": list(clock.events.select_related("actor").order_by("at", "id")),
        "breach": getattr(clock, "breach", None)
        if clock.state in (ClockState.BREACHED, ClockState.EXCUSED)
        else None,
    }


@dataclass(frozen=True)
class Countdown:
    """The coloured badge of design/UI.md."""

    colour: str  # success | warning | danger | secondary | light
    text: str
    hint: str = ""


def _minutes(n: int) -> str:
    return ngettext("%(n)s minute", "%(n)s minutes", n) % {"n": n}


def _hours(n: int) -> str:
    return ngettext("%(n)s hour", "%(n)s hours", n) % {"n": n}


def _days(n: int) -> str:
    return ngettext("%(n)s day", "%(n)s days", n) % {"n": n}


def _minutes_text(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return _minutes(minutes)
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{_hours(hours)} {_minutes(minutes)}" if minutes else _hours(hours)
    return f"{_days(hours // 24)} {_hours(hours % 24)}"


def countdown(clock: SlaClock, *, now: dt.datetime | None = None) -> Countdown:
    now = now or timezone.now()
    if clock.state == ClockState.PENDING:
        return Countdown("light", _("Not started"), _("Waits for its start event"))
    if clock.state == ClockState.PAUSED:
        return Countdown("secondary", _("Paused"), clock.pause_reason)
    if clock.state == ClockState.MET:
        return Countdown("light", _("Met"))
    if clock.state == ClockState.CANCELLED:
        return Countdown("light", _("Cancelled"))
    if clock.state == ClockState.EXCUSED:
        return Countdown("light", _("Excused"))
    if clock.state == ClockState.BREACHED or now >= clock.due_at:
        over = (clock.met_at or now) - clock.due_at
        text = _("Breached by %(time)s") % {"time": _minutes_text(max(over, dt.timedelta(0)))}
        return Countdown("danger", text)
    text = _("%(time)s left") % {"time": _minutes_text(clock.due_at - now)}
    return Countdown("warning" if clock.warned else "success", text)


# --- reports ----------------------------------------------------------------------


def compliance(*, project, start: dt.datetime, end: dt.datetime, by: str = "code") -> list[dict]:
    """Clocks that finished or breached in [start, end), grouped by target code or department:
    counts, rates and average time used in wall-clock and in counted (business) time.

    Met + breached + excused are the measured clocks; the rate is met / measured.
    """
    if by not in ("code", "department"):
        raise ValueError("by must be 'code' or 'department'")
    group = "code" if by == "code" else "department__name"
    measured = (
        SlaClock.objects.filter(project=project)
        .filter(
            Q(state=ClockState.MET, met_at__gte=start, met_at__lt=end)
            | Q(state__in=[ClockState.BREACHED, ClockState.EXCUSED], due_at__gte=start, due_at__lt=end)
        )
        .annotate(
            wall=ExpressionWrapper(F("met_at") - F("started_at"), output_field=DurationField()),
        )
        .values(group)
        .annotate(
            total=Count("id"),
            met=Count("id", filter=Q(state=ClockState.MET)),
            breached=Count("id", filter=Q(state=ClockState.BREACHED)),
            excused=Count("id", filter=Q(state=ClockState.EXCUSED)),
        )
        .order_by(group)
    )
    rows = []
    for row in measured:
        total = row["total"] or 0
        rows.append(
            {
                "key": row[group] or "",
                "total": total,
                "met": row["met"],
                "breached": row["breached"],
                "excused": row["excused"],
                "met_rate": round(100.0 * row["met"] / total, 1) if total else None,
            }
        )
    _add_durations(rows, project=project, start=start, end=end, group=group)
    return rows


def _add_durations(rows, *, project, start, end, group) -> None:
    """Average time to stop, in wall-clock and business time (business on the project calendar)."""
    calendar = (
        Calendar.objects.filter(project=project, is_default=True)
        .prefetch_related("intervals", "exceptions")
        .first()
    )
    spec = spec_for(calendar) if calendar else clockmath.ALWAYS_OPEN
    sums: dict[str, list[dt.timedelta]] = {}
    clocks = SlaClock.objects.filter(
        project=project, met_at__isnull=False, met_at__gte=start, met_at__lt=end
    ).values_list(group, "started_at", "met_at", "paused_seconds")
    for key, started, stopped, _paused in clocks:
        wall = stopped - started
        business = clockmath.business_between(started, stopped, spec)
        acc = sums.setdefault(key or "", [dt.timedelta(0), dt.timedelta(0), 0])
        acc[0] += wall
        acc[1] += business
        acc[2] += 1
    for row in rows:
        wall, business, n = sums.get(row["key"], [dt.timedelta(0), dt.timedelta(0), 0])
        row["avg_wall_minutes"] = round(wall.total_seconds() / 60 / n, 1) if n else None
        row["avg_business_minutes"] = round(business.total_seconds() / 60 / n, 1) if n else None


def compliance_by_period(*, project, start: dt.date, days: int) -> list[dict]:
    """Met and breached per day (current time zone) for the overview chart: one query."""
    tz = timezone.get_current_timezone()
    a = dt.datetime.combine(start, dt.time(0), tzinfo=tz)
    b = a + dt.timedelta(days=days)
    per_day = {start + dt.timedelta(days=i): {"met": 0, "breached": 0} for i in range(days)}
    rows = (
        SlaClock.objects.filter(project=project)
        .filter(
            Q(state=ClockState.MET, met_at__gte=a, met_at__lt=b)
            | Q(state__in=[ClockState.BREACHED, ClockState.EXCUSED], due_at__gte=a, due_at__lt=b)
        )
        .values_list("state", "met_at", "due_at")
    )
    for state, met_at, due_at in rows:
        day = timezone.localtime(met_at if state == ClockState.MET else due_at, tz).date()
        if day in per_day:
            per_day[day]["met" if state == ClockState.MET else "breached"] += 1
    return [{"day": d.isoformat(), **v} for d, v in sorted(per_day.items())]


def open_counts(*, project) -> dict:
    qs = SlaClock.objects.filter(project=project)
    return qs.aggregate(
        running=Count("id", filter=Q(state=ClockState.RUNNING)),
        paused=Count("id", filter=Q(state=ClockState.PAUSED)),
        warned=Count("id", filter=Q(state=ClockState.RUNNING, warned=True)),
        breached_open=Count("id", filter=Q(state=ClockState.BREACHED, met_at__isnull=True)),
    )
