"""The SLA sweeper: every minute, look only at clocks whose `next_fire_at` has come.

Per batch, in one transaction: lock the due clocks (SKIP LOCKED on PostgreSQL, so two
sweepers share the work instead of doubling it), mark breaches, fire each escalation
occurrence once (a unique constraint on clock × step × occurrence is the last guard),
store the next check time, and create the notifications — whose email/SMS copies go
out after commit. After downtime the first run catches up: whatever is due now fires
once; repeats missed while down are not sent in a burst.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from propdesk.core.models import Membership
from propdesk.notices.channels import staff_channels
from propdesk.notices.services import Message, notify

from . import clockmath, subjects
from .choices import ClockState, Recipient, Trigger
from .models import Breach, ClockEvent, EscalationFired, EscalationStep, SlaClock
from .services import (
    CalendarCache,
    _apply_transition,
    _fired_map,
    _record_breach,
    next_fire_time,
    step_first_times,
)


@dataclass
class SweepResult:
    clocks: int = 0
    breaches: int = 0
    fired: int = 0
    notifications: int = 0
    batches: int = 0
    seconds: float = 0.0
    details: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"clocks={self.clocks} breaches={self.breaches} escalations={self.fired} "
            f"notifications={self.notifications} batches={self.batches} in {self.seconds:.3f}s"
        )


class RecipientResolver:
    """Roles → users per project, loaded once per batch."""

    def __init__(self):
        self._by_project: dict[int, dict] = {}

    def _load(self, project_id: int) -> dict:
        if project_id not in self._by_project:
            rows = Membership.objects.filter(project_id=project_id, is_active=True).values(
                "user_id",
                "department_id",
                "position_id",
                "position__code",
                "position__is_department_head",
                "position__superior_id",
            )
            roles: dict = {
                "heads": defaultdict(set),
                "codes": defaultdict(set),
                "positions": defaultdict(set),  # position id → its holders
                "memberships": defaultdict(list),  # user id → [(department id, superior position id)]
            }
            for row in rows:
                roles["codes"][row["position__code"]].add(row["user_id"])
                roles["positions"][row["position_id"]].add(row["user_id"])
                roles["memberships"][row["user_id"]].append(
                    (row["department_id"], row["position__superior_id"])
                )
                if row["position__is_department_head"]:
                    roles["heads"][row["department_id"]].add(row["user_id"])
            self._by_project[project_id] = roles
        return self._by_project[project_id]

    def supervisors_of(self, project_id: int, user_id: int) -> set[int]:
        """Whoever holds the position directly above the user's (Position.superior) in the project;
        where that position is vacant, the head of the user's department (never the user)."""
        loaded = self._load(project_id)
        out: set[int] = set()
        for department_id, superior_id in loaded["memberships"].get(user_id, []):
            found = loaded["positions"].get(superior_id, set()) if superior_id else set()
            out |= found or loaded["heads"].get(department_id, set())
        return out - {user_id}

    def users(self, clock: SlaClock, roles: list[str]) -> set[int]:
        loaded = self._load(clock.project_id)
        out: set[int] = set()
        for role in roles:
            if role == Recipient.HOLDER and clock.holder_id:
                out.add(clock.holder_id)
            elif role == Recipient.ASSIGNEE and clock.assignee_id:
                out.add(clock.assignee_id)
            elif role == Recipient.ASSIGNEE_SUPERVISOR:
                if clock.assignee_id:
                    out |= self.supervisors_of(clock.project_id, clock.assignee_id)
                elif clock.department_id:  # nobody assigned yet: the responsible department's head
                    out |= loaded["heads"].get(clock.department_id, set())
            elif role == Recipient.DEPARTMENT_HEAD and clock.department_id:
                out |= loaded["heads"].get(clock.department_id, set())
            elif role == Recipient.CS_SUPERVISOR:
                out |= loaded["codes"].get("cs_supervisor", set())
            elif role == Recipient.CENTER_DIRECTOR:
                out |= loaded["codes"].get("center_director", set())
        return out


def _about(clocks: list[SlaClock]) -> dict[int, subjects.About]:
    """{clock id: what it is about}, asked of the subjects' apps once per content type of the batch."""
    by_type: dict[int, list[SlaClock]] = defaultdict(list)
    for clock in clocks:
        by_type[clock.subject_type_id].append(clock)
    out: dict[int, subjects.About] = {}
    for type_id, group in by_type.items():
        described = subjects.describe(type_id, [c.subject_id for c in group])
        for clock in group:
            if clock.subject_id in described:
                out[clock.pk] = described[clock.subject_id]
    return out


def _message_title(
    clock: SlaClock, step: EscalationStep, now: dt.datetime, about: subjects.About | None = None
) -> str:
    name = f"{about.text} · {clock.target.name}" if about else clock.target.name
    if step.trigger == Trigger.AFTER_DUE or now >= clock.due_at:
        minutes = int((now - clock.due_at).total_seconds() // 60)
        return ngettext(
            "[Breached] %(name)s, late by %(n)s minute",
            "[Breached] %(name)s, late by %(n)s minutes",
            minutes,
        ) % {"name": name, "n": minutes}
    minutes = max(int((clock.due_at - now).total_seconds() // 60), 0)
    return ngettext(
        "[Escalation] %(name)s, %(n)s minute left",
        "[Escalation] %(name)s, %(n)s minutes left",
        minutes,
    ) % {"name": name, "n": minutes}


@dataclass
class _StepInfo:
    """What the sweeper needs of a step, built once per sweep (not once per clock)."""

    step: EscalationStep
    spec: clockmath.StepSpec
    recipients: list[str]
    channels: tuple[str, ...]


def _insert_fired(rows: list[EscalationFired]) -> set[tuple[int, int, int]]:
    """Insert the fired rows; returns the (clock, step, occurrence) keys actually inserted.

    The unique constraint on clock × step × occurrence stays the last guard: a row another
    sweeper stored first is skipped (and so not notified twice) instead of failing the batch.
    PostgreSQL: one INSERT ... SELECT unnest(...) ON CONFLICT DO NOTHING RETURNING.
    Elsewhere: one insert per row in a savepoint.
    """
    if not rows:
        return set()
    if connection.vendor == "postgresql":
        meta = EscalationFired._meta
        names = ["project", "clock", "step", "occurrence", "scheduled_at", "fired_at", "recipients"]
        columns = ", ".join(connection.ops.quote_name(meta.get_field(n).column) for n in names)
        sql = (
            f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) "
            "SELECT * FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[], %s::integer[], "
            "%s::timestamptz[], %s::timestamptz[], %s::varchar[]) "
            "ON CONFLICT DO NOTHING RETURNING clock_id, step_id, occurrence"
        )
        params = [
            [r.project_id for r in rows],
            [r.clock_id for r in rows],
            [r.step_id for r in rows],
            [r.occurrence for r in rows],
            [r.scheduled_at for r in rows],
            [r.fired_at for r in rows],
            [r.recipients for r in rows],
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {tuple(row) for row in cursor.fetchall()}
    inserted = set()
    for row in rows:
        try:
            with transaction.atomic():
                row.save(force_insert=True)
        except IntegrityError:
            continue
        inserted.add((row.clock_id, row.step_id, row.occurrence))
    return inserted


def _update_clocks(clocks: list[SlaClock]) -> None:
    """Store state, warned and next check time of the swept clocks in one statement.

    The rows are locked by the caller's transaction, so a plain bulk update cannot lose a race.
    """
    if not clocks:
        return
    if connection.vendor != "postgresql":
        SlaClock.objects.bulk_update(clocks, ["state", "warned", "next_fire_at"], batch_size=500)
        return
    meta = SlaClock._meta
    q = connection.ops.quote_name
    pk, state, warned, next_fire = (
        q(meta.get_field(n).column) for n in ("id", "state", "warned", "next_fire_at")
    )
    sql = (
        f"UPDATE {q(meta.db_table)} AS c SET {state} = v.state, {warned} = v.warned, "
        f"{next_fire} = v.next_fire_at "
        "FROM unnest(%s::bigint[], %s::varchar[], %s::boolean[], %s::timestamptz[]) "
        "AS v(id, state, warned, next_fire_at) "
        f"WHERE c.{pk} = v.id"
    )
    params = [
        [c.pk for c in clocks],
        [c.state for c in clocks],
        [c.warned for c in clocks],
        [c.next_fire_at for c in clocks],
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def sweep(
    *, now: dt.datetime | None = None, batch_size: int = 500, max_batches: int = 1000, actor=None
) -> SweepResult:
    """Process every clock due at `now`, in batches. Idempotent: a second run at once does nothing."""
    began = time.perf_counter()
    now = now or timezone.now()
    result = SweepResult()
    cache = CalendarCache()
    resolver = RecipientResolver()
    # Per sweep, not per clock: the steps of each target (with their specs, recipients and
    # channels parsed once), each target's calendar, each clock link's prefix.
    steps_by_target: dict[int, list[_StepInfo]] = {}
    calendar_by_target: dict[int, clockmath.CalendarSpec] = {}
    for _batch in range(max_batches):
        with transaction.atomic():
            due = SlaClock.objects.filter(next_fire_at__lte=now).order_by("next_fire_at")
            if connection.features.has_select_for_update_skip_locked:
                due = due.select_for_update(skip_locked=True, of=("self",))
            ids = list(due.values_list("pk", flat=True)[:batch_size])
            if not ids:
                break
            result.batches += 1
            clocks = list(
                SlaClock.objects.filter(pk__in=ids, next_fire_at__lte=now).select_related(
                    "target", "target__calendar"
                )
            )
            missing = {c.target_id for c in clocks} - steps_by_target.keys()
            if missing:
                for step in EscalationStep.objects.filter(target_id__in=missing).order_by("pk"):
                    steps_by_target.setdefault(step.target_id, []).append(
                        _StepInfo(step, step.spec(), step.recipient_list, tuple(step.channel_list))
                    )
                for target_id in missing:
                    steps_by_target.setdefault(target_id, [])
            fired_map = _fired_map(ids)
            fired_rows: list[EscalationFired] = []
            # Messages wait for their escalation row: only rows actually inserted are notified.
            pending: dict[tuple[int, int, int], list[Message]] = {}
            breaches, transitions = [], []
            about_clock: dict[int, subjects.About] | None = None  # asked only when a step fires
            for clock in clocks:
                infos = steps_by_target[clock.target_id]
                steps = [info.step for info in infos]
                specs = {info.step.pk: info.spec for info in infos}
                fired = fired_map.setdefault(clock.pk, {})
                calendar = calendar_by_target.get(clock.target_id)
                if calendar is None:
                    calendar = calendar_by_target[clock.target_id] = cache.spec_for_target(clock.target)
                if clock.state == ClockState.RUNNING and clock.due_at <= now:
                    transitions.append(
                        _apply_transition(
                            clock, ClockState.BREACHED, actor=actor, reason=_("Breach"), at=clock.due_at
                        )
                    )
                    breaches.append(_record_breach(clock, detected_at=now))
                # Each step's first time is computed once per clock, for firing and for the next check.
                firsts = step_first_times(clock, steps, calendar, specs=specs) if steps else {}
                link = body = None
                for info in infos:
                    step = info.step
                    if clock.state == ClockState.BREACHED and step.trigger != Trigger.AFTER_DUE:
                        continue
                    if clock.state not in (ClockState.RUNNING, ClockState.BREACHED):
                        continue
                    first = firsts[step.pk]
                    occurrence = clockmath.occurrences_due(info.spec, first, now)
                    last = fired.get(step.pk)
                    if occurrence is None or (last is not None and occurrence <= last):
                        continue
                    users = sorted(resolver.users(clock, info.recipients))
                    fired[step.pk] = occurrence
                    fired_rows.append(
                        EscalationFired(
                            project_id=clock.project_id,
                            clock=clock,
                            step=step,
                            occurrence=occurrence,
                            scheduled_at=clockmath.occurrence_at(info.spec, first, occurrence),
                            fired_at=now,
                            recipients=",".join(str(u) for u in users)[:500],
                        )
                    )
                    if step.is_warning and step.trigger != Trigger.AFTER_DUE:
                        clock.warned = True
                    if not users:
                        continue
                    if about_clock is None:
                        about_clock = _about(clocks)
                    about = about_clock.get(clock.pk)
                    title = _message_title(clock, step, now, about)
                    if body is None:
                        link = reverse("sla:clock", kwargs={"pk": clock.pk})
                        body = _("%(target)s · due by %(time)s") % {
                            "target": clock.get_code_display(),
                            "time": f"{timezone.localtime(clock.due_at):%Y-%m-%d %H:%M}",
                        }
                    pending[(clock.pk, step.pk, occurrence)] = [
                        Message(
                            recipient_id=user_id,
                            project_id=clock.project_id,
                            title=title,
                            body=body,
                            link=about.link_for(user_id, clock.assignee_id) if about else link,
                            # The one on the job is reached on his phone too (SMS/WeCom as configured).
                            channels=tuple(sorted({*info.channels, *staff_channels()}))
                            if user_id == clock.assignee_id
                            else info.channels,
                        )
                        for user_id in users
                    ]
                clock.next_fire_at = next_fire_time(clock, steps, fired, calendar, firsts=firsts, specs=specs)
            _update_clocks(clocks)
            ClockEvent.objects.bulk_create(transitions)
            Breach.objects.bulk_create(breaches)
            inserted = _insert_fired(fired_rows)
            messages = [
                m
                for row in fired_rows
                if (key := (row.clock_id, row.step_id, row.occurrence)) in inserted
                for m in pending.get(key, ())
            ]
            if messages:
                notify(messages=messages, actor=actor)
            result.clocks += len(clocks)
            result.breaches += len(breaches)
            result.fired += len(inserted)
            result.notifications += len(messages)
        if len(ids) < batch_size:
            break
    result.seconds = time.perf_counter() - began
    return result
