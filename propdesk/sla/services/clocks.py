"""Clocks: their state changes, the replay of a subject's events into them, and the writes other
modules call (`record_event`, `excuse_breach`, `deactivate_policy`).

A clock's stored state, due time and pause total are projections of `clockmath.compute` over the
subject's events (`clock_state`), so every write replays the events and stores the result; the
clock's state changes only in `_apply_transition`, checked against transitions.py, with a ClockEvent row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core import fastsql
from propdesk.core.audit import acting_as
from propdesk.core.errors import ServiceError
from propdesk.core.fastsql import fetch

from .. import clockmath, permissions
from ..choices import ClockState, Event, Trigger
from ..models import Breach, BreachExcuse, ClockEvent, EscalationFired, SlaClock, SlaPolicy, SubjectEvent
from ..transitions import can_transition
from .configuration import CalendarCache, active_policies_query, applicable_policy, policy_targets

# Not finished and not breached: what a re-classification or a deactivated policy still changes.
LIVE_STATES = (ClockState.PENDING, ClockState.RUNNING, ClockState.PAUSED)


# --- transitions ------------------------------------------------------------------


def _apply_transition(clock: SlaClock, to_state: str, *, actor, reason: str, at: dt.datetime) -> ClockEvent:
    """The one place a clock's state is assigned. Returns the (unsaved) event row to store with it."""
    if not can_transition(clock.state, to_state):
        raise ServiceError(
            _("A deadline cannot go from “%(from)s” to “%(to)s”.")
            % {"from": ClockState(clock.state).label, "to": ClockState(to_state).label},
            field="state",
            code="invalid_transition",
        )
    event = ClockEvent(
        project_id=clock.project_id,
        clock=clock,
        from_state=clock.state,
        to_state=to_state,
        reason=reason[:200],
        actor=actor,
        at=at,
    )
    clock.state = to_state
    return event


@transaction.atomic
def transition_clock(*, clock: SlaClock, to_state: str, actor, reason: str = "", at=None) -> SlaClock:
    """Change one clock's state under a row lock, with its event row in the same transaction."""
    with acting_as(actor):
        clock = SlaClock.objects.select_for_update().get(pk=clock.pk)
        event = _apply_transition(clock, to_state, actor=actor, reason=reason, at=at or timezone.now())
        clock.save(update_fields=["state"])
        event.save()
    return clock


# --- events and clocks ---------------------------------------------------------------


def _subject_ref(subject) -> tuple[ContentType, int]:
    return ContentType.objects.get_for_model(subject), subject.pk


def subject_events(subject_type: ContentType, subject_id: int) -> list[SubjectEvent]:
    return list(
        SubjectEvent.objects.filter(subject_type=subject_type, subject_id=subject_id).order_by("at", "id")
    )


def _fired_map(clock_ids: Iterable[int]) -> dict[int, dict[int, int]]:
    """{clock id: {step id: highest occurrence fired}}."""
    out: dict[int, dict[int, int]] = {}
    rows = (
        EscalationFired.objects.filter(clock_id__in=list(clock_ids))
        .values("clock_id", "step_id")
        .annotate(last=Max("occurrence"))
    )
    for row in rows:
        out.setdefault(row["clock_id"], {})[row["step_id"]] = row["last"]
    return out


def step_first_times(
    clock: SlaClock,
    steps,
    calendar: clockmath.CalendarSpec,
    *,
    specs: dict[int, clockmath.StepSpec] | None = None,
) -> dict[int, dt.datetime]:
    """When each step first fires for this clock (from its stored projection)."""
    paused = dt.timedelta(seconds=clock.paused_seconds)
    allowed = dt.timedelta(seconds=clock.allowed_seconds)
    return {
        step.pk: clockmath.first_fire_at(
            specs[step.pk] if specs is not None else step.spec(),
            rule=clock.target.rule,
            started_at=clock.started_at,
            due_at=clock.due_at,
            paused=paused,
            allowed=allowed,
            calendar=calendar,
        )
        for step in steps
    }


def next_fire_time(
    clock: SlaClock,
    steps,
    fired: dict[int, int],
    calendar: clockmath.CalendarSpec,
    *,
    firsts: dict[int, dt.datetime] | None = None,
    specs: dict[int, clockmath.StepSpec] | None = None,
):
    """The next moment the sweeper must look at this clock (None: never again).

    `firsts` (from `step_first_times`) and `specs` (step id → spec) may be passed by a caller
    that already has them for this clock, so the step times are computed once.
    """
    if clock.state == ClockState.RUNNING:
        candidates = [clock.due_at]
    elif clock.state == ClockState.BREACHED and clock.met_at is None:
        candidates = []
    else:
        return None
    if firsts is None:
        firsts = step_first_times(clock, steps, calendar)
    for step in steps:
        if clock.state == ClockState.BREACHED and step.trigger != Trigger.AFTER_DUE:
            continue  # a warning before the due time is pointless once it has passed
        spec = specs[step.pk] if specs is not None else step.spec()
        at = clockmath.next_occurrence_after(spec, firsts[step.pk], fired.get(step.pk))
        if at is not None:
            candidates.append(at)
    return min(candidates) if candidates else None


def _project_state(
    clock: SlaClock, state: clockmath.ClockState, *, actor, at, reason: str
) -> list[ClockEvent]:
    """Store a computed state on the clock; returns the transition rows (a breach is never undone)."""
    clock.started_at = state.started_at
    clock.due_at = state.due_at
    clock.allowed_seconds = int(state.allowed.total_seconds())
    clock.paused_seconds = int(state.paused.total_seconds())
    clock.pause_reason = state.pauses[-1].reason if state.state == ClockState.PAUSED and state.pauses else ""
    events = []
    wanted = state.state
    if clock.state == ClockState.BREACHED or clock.state == ClockState.EXCUSED:
        # Breached stays breached (Odoo: a failed target stays failed); it only stops.
        clock.met_at = (
            state.stopped_at if state.state in (ClockState.MET, ClockState.BREACHED) else clock.met_at
        )
        return events
    if wanted == ClockState.BREACHED and state.stopped_at is None:
        wanted = ClockState.RUNNING  # the sweeper marks a running breach, with its Breach row
    if wanted != clock.state:
        events.append(_apply_transition(clock, wanted, actor=actor, reason=reason, at=at))
    clock.met_at = state.stopped_at if wanted in (ClockState.MET, ClockState.BREACHED) else None
    return events


def _record_breach(clock: SlaClock, *, detected_at) -> Breach:
    return Breach(
        project_id=clock.project_id,
        clock=clock,
        code=clock.code,
        due_at=clock.due_at,
        breached_at=clock.due_at,
        detected_at=detected_at,
        department_id=clock.department_id,
        person_id=clock.holder_id,
    )


def clock_state(
    clock: SlaClock, events: list[SubjectEvent], calendar: clockmath.CalendarSpec, now: dt.datetime
) -> clockmath.ClockState:
    """The one computation of a clock: its target replayed over the subject's events, with the pauses
    kept from before a re-classification. Stored clocks and the explain page both read it."""
    return clockmath.compute(
        clock.target.spec(), [e.as_event() for e in events], calendar, now, kept=clock.kept()
    )


def _wait_for_start(clock: SlaClock, events: list[SubjectEvent], *, actor, at, reason: str) -> None:
    """A stored clock whose (new) target has not started: it waits for the start event, PENDING —
    or is cancelled when the subject was cancelled or closed since the re-classification."""
    kept = clock.kept()
    cancel_events = clock.target.spec().cancel_events
    cancelled = any(
        e.event in cancel_events and e.at <= at and (kept is None or e.at > kept.until) for e in events
    )
    wanted = ClockState.CANCELLED if cancelled else ClockState.PENDING
    rows = []
    if clock.state != wanted:
        rows.append(_apply_transition(clock, wanted, actor=actor, reason=reason, at=at))
    clock.next_fire_at = None
    clock.met_at = None
    clock.pause_reason = ""
    clock.save()
    ClockEvent.objects.bulk_create(rows)


def refresh_clock(
    clock: SlaClock, events: list[SubjectEvent], *, now, actor, reason: str, cache: CalendarCache
):
    """Replay the events for one clock and store the result (the caller holds the row lock)."""
    target = clock.target
    calendar = cache.spec_for_target(target)
    state = clock_state(clock, events, calendar, now)
    if state.state == clockmath.PENDING:
        if clock.pk is not None:
            _wait_for_start(clock, events, actor=actor, at=now, reason=reason)
        return
    rows = _project_state(clock, state, actor=actor, at=now, reason=reason)
    steps = list(target.steps.all())
    fired = _fired_map([clock.pk]).get(clock.pk, {}) if clock.pk else {}
    clock.next_fire_at = next_fire_time(clock, steps, fired, calendar)
    clock.calendar_name = "24/7" if calendar.always_open else calendar.name
    if clock.pk is None:
        fastsql.save_new(clock)  # a clock starting: inserted with its history row
    else:
        clock.save()
    if rows:
        ClockEvent.objects.bulk_create(rows)
    if clock.state == ClockState.BREACHED and not Breach.objects.filter(clock=clock).exists():
        _record_breach(clock, detected_at=now).save()


@transaction.atomic(savepoint=False)  # all or nothing with the caller's transaction; no savepoint round trips
def record_event(
    *,
    subject,
    event: str,
    at: dt.datetime,
    actor,
    reason: str = "",
    project=None,
    attrs: dict | None = None,
    holder=None,
    department=None,
    assignee=None,
    new_subject: bool = False,
    due_at: dt.datetime | None = None,
) -> list[SlaClock]:
    """Record one event of a subject and start, pause, resume or stop its clocks.

    `attrs` (kind, repair_class, category, channel) choose the policy; when omitted,
    the subject's last given attributes apply. Guarantees: the event is stored
    (append-only); the subject's clocks are locked while they are replayed; each
    target has at most one clock per subject; a breached clock stays breached.
    Returns the subject's clocks.

    `new_subject`: the caller has just created the subject in this transaction, so it has
    neither clocks nor earlier events (two reads saved on intake; a wrong claim fails loudly on
    the one-clock-per-target constraint).

    `assignee`: the person now doing the work (a dispatched technician); stored on the clocks like
    the holder, for the steps that notify Recipient.ASSIGNEE and Recipient.ASSIGNEE_SUPERVISOR.

    `due_at`: a due time set by hand for the clocks this event starts (a major complaint's deadline);
    pauses still extend it.
    """
    if event not in Event.values:
        raise ServiceError(_("Unknown event: %(event)s") % {"event": event}, field="event")
    if timezone.is_naive(at):
        raise ServiceError(_("The time must carry a time zone."), field="at")
    project = project or subject.project
    subject_type, subject_id = _subject_ref(subject)
    now = timezone.now()
    with acting_as(actor):
        clocks = (
            []
            if new_subject
            else list(
                SlaClock.objects.select_for_update()
                .filter(subject_type=subject_type, subject_id=subject_id)
                .select_related("target")
                .order_by("pk")
            )
        )
        if attrs is None and not new_subject:
            last = (
                SubjectEvent.objects.filter(subject_type=subject_type, subject_id=subject_id)
                .exclude(attrs={})
                .order_by("-at", "-id")
                .first()
            )
            attrs = dict(last.attrs) if last else {}
        recorded = SubjectEvent(
            project=project,
            subject_type=subject_type,
            subject_id=subject_id,
            event=event,
            at=at,
            reason=reason[:200],
            attrs=attrs or {},
            due_at=due_at,
            actor=actor,
        )
        fastsql.save_new(recorded, defer=True)  # in a write_behind block (intake) only its values are read
        events = [recorded] if new_subject else subject_events(subject_type, subject_id)
        # The policies and the calendars in one round trip (with the rows waiting in a write_behind block).
        cache = CalendarCache()
        active, calendars = fetch(active_policies_query(project), cache.calendars_query(project.pk))
        cache.remember_calendars(project.pk, calendars)
        policy = applicable_policy(project=project, attrs=attrs, on=timezone.localdate(at), active=active)
        have = {c.code for c in clocks}
        existing, started = clocks, []
        if policy is not None:
            for target in policy_targets(policy):
                if target.code in have or target.start_event != event:
                    continue
                clock = SlaClock(
                    project=project,
                    subject_type=subject_type,
                    subject_id=subject_id,
                    code=target.code,
                    target=target,
                    policy=policy,
                    policy_version=policy.version,
                    started_at=at,
                    due_at=at,
                    holder=holder,
                    department=department,
                    assignee=assignee,
                )
                refresh_clock(clock, events, now=max(now, at), actor=actor, reason=reason, cache=cache)
                fastsql.save_new(
                    ClockEvent(
                        project=project, clock=clock, from_state="", to_state=clock.state, actor=actor, at=at
                    ),
                    defer=True,
                )
                started.append(clock)
        # The clocks started just now are already computed from these events: only the others replay.
        for clock in existing:
            if clock.state in (ClockState.MET, ClockState.CANCELLED, ClockState.EXCUSED):
                continue
            if clock.state == ClockState.BREACHED and clock.met_at is not None:
                continue
            _assign(clock, holder=holder, department=department, assignee=assignee)
            refresh_clock(clock, events, now=max(now, at), actor=actor, reason=reason or event, cache=cache)
    return existing + started


def _assign(clock: SlaClock, *, holder=None, department=None, assignee=None) -> None:
    if holder is not None:
        clock.holder = holder
    if department is not None:
        clock.department = department
    if assignee is not None:
        clock.assignee = assignee


@transaction.atomic
def deactivate_policy(*, policy: SlaPolicy, actor, reason: str = "") -> int:
    """Stop a policy: its open clocks are cancelled and no escalation of it is pending any more.

    Breached clocks stay breached (a breach is never undone), but stop escalating.
    Returns the number of clocks touched.
    """
    reason = reason or _("Policy deactivated")
    with acting_as(actor):
        policy = SlaPolicy.objects.select_for_update().get(pk=policy.pk)
        policy.is_active = False
        policy.version += 1
        policy.save(update_fields=["is_active", "version"])
        now = timezone.now()
        touched = 0
        for clock in SlaClock.objects.select_for_update().filter(policy=policy, next_fire_at__isnull=False):
            events = []
            if clock.state in LIVE_STATES:
                events.append(
                    _apply_transition(clock, ClockState.CANCELLED, actor=actor, reason=reason, at=now)
                )
            clock.next_fire_at = None
            clock.save(update_fields=["state", "next_fire_at"])
            ClockEvent.objects.bulk_create(events)
            touched += 1
        for clock in SlaClock.objects.select_for_update().filter(policy=policy, state__in=LIVE_STATES):
            ClockEvent.objects.bulk_create(
                [_apply_transition(clock, ClockState.CANCELLED, actor=actor, reason=reason, at=now)]
            )
            clock.save(update_fields=["state"])
            touched += 1
    return touched


@transaction.atomic
def excuse_breach(*, breach: Breach, reason: str, approved_by, actor) -> BreachExcuse:
    """Excuse a breach by an approved record; the Breach row itself is never changed."""
    if not reason.strip():
        raise ServiceError(_("Give the reason for excusing the breach."), field="reason")
    if not permissions.can_excuse_breach(approved_by, breach):
        raise ServiceError(
            _("The approver may not excuse breaches."), field="approved_by", code="permission_denied"
        )
    if BreachExcuse.objects.filter(breach=breach).exists():
        raise ServiceError(_("This breach is already excused."), field="breach")
    with acting_as(actor):
        excuse = BreachExcuse.objects.create(
            project_id=breach.project_id,
            breach=breach,
            reason=reason,
            approved_by=approved_by,
            recorded_by=actor,
        )
        transition_clock(clock=breach.clock, to_state=ClockState.EXCUSED, actor=actor, reason=reason)
        SlaClock.objects.filter(pk=breach.clock_id).update(next_fire_at=None)
    return excuse
