"""Every write of the SLA engine. Other modules call `record_event`, `reclassify` and `excuse_breach`.

A clock's stored state, due time and pause total are projections of
`clockmath.compute` over the subject's events, so every write replays the events
and stores the result; the clock's state changes only in `_apply_transition`,
checked against transitions.py, with a ClockEvent row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core import fastsql
from propdesk.core.audit import acting_as
from propdesk.core.errors import ServiceError
from propdesk.core.fastsql import Where, fetch

from . import clockmath, permissions
from .calendars import spec_for
from .choices import ClockState, Event, Trigger
from .models import (
    Breach,
    BreachExcuse,
    Calendar,
    ClockEvent,
    EscalationFired,
    SlaClock,
    SlaPolicy,
    SlaTarget,
    SubjectEvent,
)
from .transitions import can_transition

OPEN_STATES = (ClockState.RUNNING, ClockState.PAUSED)


# --- calendars ----------------------------------------------------------------


# Built calendars shared by every call in this process, keyed by (calendar id, version): building
# one reads its intervals and exceptions and expands the holidays. An edit bumps the version
# (`bump_calendar_version`, the admin); saving or deleting a calendar row or one of its intervals
# or exceptions in this process also empties the cache (signals in apps.py).
_BUILT: dict[tuple[int, int], clockmath.CalendarSpec] = {}


def forget_built_calendars(**_kwargs) -> None:
    _BUILT.clear()


class CalendarCache:
    """Pure calendars per stored calendar (each has its own day cache), shared within the process.

    A calendar is looked up by (id, version) only — never kept as a model instance on a shared
    object — so an edit made by another process (which bumps the version) is seen at the next call.
    """

    def __init__(self):
        self._specs: dict[tuple[int, int], clockmath.CalendarSpec] = {}
        # project id → ({calendar id: version}, (id, version) of the default calendar or None)
        self._projects: dict[int, tuple[dict[int, int], tuple[int, int] | None]] = {}

    @staticmethod
    def calendars_query(project_id: int) -> Where:
        """The one read per project `calendar_key` needs, to send with others (`fastsql.fetch`)."""
        return Where(Calendar, project_id=project_id)

    def remember_calendars(self, project_id: int, calendars: list[Calendar]) -> None:
        """Keep what `calendars_query` read: each calendar's id and version, and the default one's."""
        versions, default = {}, None
        for calendar in calendars:
            versions[calendar.pk] = calendar.version
            if calendar.is_default and default is None:
                default = (calendar.pk, calendar.version)
        self._projects[project_id] = (versions, default)

    def calendar_key(self, target: SlaTarget) -> tuple[int, int] | None:
        """(id, version) of the target's calendar, or of its project's default one; None: always open.
        One read per project: every calendar's id and version."""
        if target.project_id not in self._projects:
            self.remember_calendars(target.project_id, fetch(self.calendars_query(target.project_id))[0])
        versions, default = self._projects[target.project_id]
        if target.calendar_id:
            if target.calendar_id not in versions:  # a calendar of another project (not made by the admin)
                versions[target.calendar_id] = (
                    Calendar.objects.filter(pk=target.calendar_id).values_list("version", flat=True).get()
                )
            return target.calendar_id, versions[target.calendar_id]
        return default

    def spec_for_target(self, target: SlaTarget) -> clockmath.CalendarSpec:
        key = self.calendar_key(target)
        if key is None:
            return clockmath.ALWAYS_OPEN
        if key not in self._specs:
            built = _BUILT.get(key)
            if built is None:
                calendar = (
                    Calendar.objects.prefetch_related("intervals", "exceptions")
                    .select_related("project")
                    .get(pk=key[0])
                )
                built = spec_for(calendar)
                if len(_BUILT) > 200:
                    _BUILT.clear()
                _BUILT[(calendar.pk, calendar.version)] = built
            self._specs[key] = built
        return self._specs[key]


def bump_calendar_version(*, calendar: Calendar, actor) -> None:
    """A calendar edit: the version changes so cached calendars are rebuilt."""
    with acting_as(actor):
        Calendar.objects.filter(pk=calendar.pk).update(version=calendar.version + 1)


# --- policies -------------------------------------------------------------------


def active_policies_query(project) -> Where:
    return Where(SlaPolicy, project_id=project.pk, is_active=True, order_by=("precedence", "pk"))


def applicable_policy(*, project, attrs: dict, on: dt.date, active: list | None = None) -> SlaPolicy | None:
    """The active, effective policy matching the attributes with the smallest precedence number.
    `active`: the project's active policies already read (`active_policies_query`)."""
    for policy in fetch(active_policies_query(project))[0] if active is None else active:
        if policy.matches(attrs, on):
            return policy
    return None


# A policy version's targets with their escalation steps, shared by every call in this process, keyed
# by (policy id, version): an edit of a policy, of one of its targets or of a target's steps bumps the
# policy's version (the admin, `bump_policy_version`), and saving or deleting such a row in this process
# also empties the cache (signals in apps.py). The cached rows are only read, never changed.
_TARGETS: dict[tuple[int, int], list[SlaTarget]] = {}


def forget_policy_targets(**_kwargs) -> None:
    _TARGETS.clear()


def policy_targets(policy: SlaPolicy) -> list[SlaTarget]:
    key = (policy.pk, policy.version)
    targets = _TARGETS.get(key)
    if targets is None:
        targets = list(policy.targets.prefetch_related("steps"))
        if len(_TARGETS) > 500:
            _TARGETS.clear()
        _TARGETS[key] = targets
    return targets


def bump_policy_version(*, policy_id: int, actor) -> None:
    """A policy's targets or escalation steps were edited: the version changes so cached targets are
    re-read by every process (clocks started from now on record the new version)."""
    with acting_as(actor):
        SlaPolicy.objects.filter(pk=policy_id).update(version=F("version") + 1)
    forget_policy_targets()


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
            if clock.state in OPEN_STATES:
                events.append(
                    _apply_transition(clock, ClockState.CANCELLED, actor=actor, reason=reason, at=now)
                )
            clock.next_fire_at = None
            clock.save(update_fields=["state", "next_fire_at"])
            ClockEvent.objects.bulk_create(events)
            touched += 1
        for clock in SlaClock.objects.select_for_update().filter(policy=policy, state__in=OPEN_STATES):
            ClockEvent.objects.bulk_create(
                [_apply_transition(clock, ClockState.CANCELLED, actor=actor, reason=reason, at=now)]
            )
            clock.save(update_fields=["state"])
            touched += 1
    return touched


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


def refresh_clock(
    clock: SlaClock, events: list[SubjectEvent], *, now, actor, reason: str, cache: CalendarCache
):
    """Replay the events for one clock and store the result (the caller holds the row lock)."""
    target = clock.target
    calendar = cache.spec_for_target(target)
    state = clockmath.compute(target.spec(), [e.as_event() for e in events], calendar, now)
    if state.state == clockmath.PENDING:
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
    the holder, for the steps that notify Recipient.ASSIGNEE.
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
            if holder is not None:
                clock.holder = holder
            if department is not None:
                clock.department = department
            if assignee is not None:
                clock.assignee = assignee
            refresh_clock(clock, events, now=max(now, at), actor=actor, reason=reason or event, cache=cache)
    return existing + started


@transaction.atomic
def reclassify(*, subject, attrs: dict, actor, at: dt.datetime | None = None, reason: str = "", project=None):
    """Re-classify a subject (e.g. general → emergency repair): each clock moves to the new policy's
    target with the same code and is recomputed from its original start, keeping recorded pauses.

    A clock whose target the new policy lacks is cancelled; a breach stays a breach.
    """
    at = at or timezone.now()
    project = project or subject.project
    subject_type, subject_id = _subject_ref(subject)
    with acting_as(actor):
        clocks = list(
            SlaClock.objects.select_for_update()
            .filter(subject_type=subject_type, subject_id=subject_id)
            .order_by("pk")
        )
        SubjectEvent.objects.create(
            project=project,
            subject_type=subject_type,
            subject_id=subject_id,
            event=Event.RECLASSIFIED,
            at=at,
            reason=reason[:200],
            attrs=attrs,
            actor=actor,
        )
        events = subject_events(subject_type, subject_id)
        policy = applicable_policy(project=project, attrs=attrs, on=timezone.localdate(at))
        targets = {t.code: t for t in policy.targets.all()} if policy else {}
        cache = CalendarCache()
        now = max(timezone.now(), at)
        for clock in clocks:
            target = targets.get(clock.code)
            if target is None:
                if clock.state in OPEN_STATES:
                    row = _apply_transition(
                        clock, ClockState.CANCELLED, actor=actor, reason=reason or _("Reclassified"), at=at
                    )
                    clock.next_fire_at = None
                    clock.save()
                    row.save()
                continue
            clock.target, clock.policy, clock.policy_version = target, policy, policy.version
            if clock.state in (ClockState.MET, ClockState.CANCELLED, ClockState.EXCUSED):
                clock.save(update_fields=["target", "policy", "policy_version"])
                continue
            refresh_clock(
                clock, events, now=now, actor=actor, reason=reason or _("Reclassified"), cache=cache
            )
        have = {c.code for c in clocks}
        started = {e.event: e for e in events}
        for code, target in targets.items():
            first = next((e for e in events if e.event == target.start_event), None)
            if code in have or first is None or started.get(target.start_event) is None:
                continue
            clock = SlaClock(
                project=project,
                subject_type=subject_type,
                subject_id=subject_id,
                code=code,
                target=target,
                policy=policy,
                policy_version=policy.version,
                started_at=first.at,
                due_at=first.at,
            )
            refresh_clock(clock, events, now=now, actor=actor, reason=reason, cache=cache)
            clocks.append(clock)
    return clocks


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
