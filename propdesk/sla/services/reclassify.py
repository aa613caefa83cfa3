"""Re-classifying a subject (design/SLA.md: "recomputes from the original start, keeping recorded
pauses. A breach is never undone")."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core.audit import acting_as

from .. import clockmath
from ..choices import ClockState, Event
from ..models import ClockEvent, SlaClock, SubjectEvent
from .clocks import (
    LIVE_STATES,
    _apply_transition,
    _assign,
    _subject_ref,
    clock_state,
    refresh_clock,
    subject_events,
)
from .configuration import CalendarCache, applicable_policy, policy_targets


@transaction.atomic
def reclassify(
    *,
    subject,
    attrs: dict,
    actor,
    at: dt.datetime | None = None,
    reason: str = "",
    project=None,
    holder=None,
    department=None,
    assignee=None,
) -> list[SlaClock]:
    """Re-classify a subject (e.g. general → emergency repair): its clocks move to the new policy's
    targets of the same code and are recomputed from their original start — the new target's start
    event as the log recorded it, not the moment of the re-classification — keeping every pause they
    had recorded (`SlaClock.kept_pauses`), even where the new target may not pause.

    - A clock that finished (met, cancelled, excused) or breached keeps its target: a breach is never
      undone, and stays the record of the class it happened under.
    - A clock whose new target has not started yet (an emergency's continuous-work clock before the
      technician is on site) waits, PENDING, and starts with that event.
    - A target of the new policy without a clock starts from its start event as recorded, unless the
      subject already reached its stop event (a later class cannot make a finished step late).
    - A clock whose target the new policy lacks is cancelled.
    `holder`, `department`, `assignee`: as for `record_event`, stored on the clocks touched.
    Returns the subject's clocks.
    """
    at = at or timezone.now()
    project = project or subject.project
    subject_type, subject_id = _subject_ref(subject)
    why = reason or _("Reclassified")
    now = max(timezone.now(), at)
    with acting_as(actor):
        clocks = list(
            SlaClock.objects.select_for_update()
            .filter(subject_type=subject_type, subject_id=subject_id)
            .select_related("target")
            .order_by("pk")
        )
        cache = CalendarCache()
        live = [c for c in clocks if c.state in LIVE_STATES]
        before = subject_events(subject_type, subject_id)
        for clock in live:
            # What the clock recorded under the old class, up to now: its pauses are kept.
            if clock.state == ClockState.PENDING:
                kept = clock.kept()
                clock.kept_pauses = SlaClock.keep(at, kept.pauses if kept else ())
            else:
                state = clock_state(clock, before, cache.spec_for_target(clock.target), at)
                clock.kept_pauses = SlaClock.keep(at, state.pauses)
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
        targets = {t.code: t for t in policy_targets(policy)} if policy else {}
        for clock in live:
            target = targets.get(clock.code)
            if target is None:
                row = _apply_transition(clock, ClockState.CANCELLED, actor=actor, reason=why, at=at)
                clock.next_fire_at = None
                clock.save()
                row.save()
                continue
            if clock.target_id != target.pk:
                clock.warned = False  # the new target's own steps warn afresh
            clock.target, clock.policy, clock.policy_version = target, policy, policy.version
            _assign(clock, holder=holder, department=department, assignee=assignee)
            refresh_clock(clock, events, now=now, actor=actor, reason=why, cache=cache)
        have = {c.code for c in clocks}
        for code, target in targets.items():
            if code in have:
                continue
            state = clockmath.compute(
                target.spec(), [e.as_event() for e in events], cache.spec_for_target(target), now
            )
            if state.state == clockmath.PENDING or state.stop_event is not None:
                continue  # not started yet (it starts with its event), or already past its stop event
            clock = SlaClock(
                project=project,
                subject_type=subject_type,
                subject_id=subject_id,
                code=code,
                target=target,
                policy=policy,
                policy_version=policy.version,
                started_at=state.started_at,
                due_at=state.started_at,
                holder=holder,
                department=department,
                assignee=assignee,
            )
            refresh_clock(clock, events, now=now, actor=actor, reason=why, cache=cache)
            ClockEvent.objects.create(
                project=project,
                clock=clock,
                from_state="",
                to_state=clock.state,
                reason=why,
                actor=actor,
                at=at,
            )
            clocks.append(clock)
    return clocks
