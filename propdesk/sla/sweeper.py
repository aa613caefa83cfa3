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
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from propdesk.core.models import Membership

from . import clockmath
from .choices import ClockState, Recipient, Trigger
from .models import EscalationFired, EscalationStep, SlaClock
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
                "user_id", "department_id", "position__code", "position__is_department_head"
            )
            roles: dict = {"heads": defaultdict(set), "codes": defaultdict(set)}
            for row in rows:
                roles["codes"][row["position__code"]].add(row["user_id"])
                if row["position__is_department_head"]:
                    roles["heads"][row["department_id"]].add(row["user_id"])
            self._by_project[project_id] = roles
        return self._by_project[project_id]

    def users(self, clock: SlaClock, roles: list[str]) -> set[int]:
        loaded = self._load(clock.project_id)
        out: set[int] = set()
        for role in roles:
            if role == Recipient.HOLDER and clock.holder_id:
                out.add(clock.holder_id)
            elif role == Recipient.DEPARTMENT_HEAD and clock.department_id:
                out |= loaded["heads"].get(clock.department_id, set())
            elif role == Recipient.CS_SUPERVISOR:
                out |= loaded["codes"].get("cs_supervisor", set())
            elif role == Recipient.CENTER_DIRECTOR:
                out |= loaded["codes"].get("center_director", set())
        return out


def _message_title(clock: SlaClock, step: EscalationStep, now: dt.datetime) -> str:
    name = clock.target.name
    if step.trigger == Trigger.AFTER_DUE or now >= clock.due_at:
        minutes = int((now - clock.due_at).total_seconds() // 60)
        return f"【超时】{name} 已超时 {minutes} 分钟"
    minutes = max(int((clock.due_at - now).total_seconds() // 60), 0)
    return f"【升级提醒】{name} 剩余 {minutes} 分钟"


def sweep(
    *, now: dt.datetime | None = None, batch_size: int = 500, max_batches: int = 1000, actor=None
) -> SweepResult:
    """Process every clock due at `now`, in batches. Idempotent: a second run at once does nothing."""
    import time

    from propdesk.notices.services import Message, notify

    began = time.perf_counter()
    now = now or timezone.now()
    result = SweepResult()
    cache = CalendarCache()
    resolver = RecipientResolver()
    steps_by_target: dict[int, list[EscalationStep]] = {}
    for _ in range(max_batches):
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
                    steps_by_target.setdefault(step.target_id, []).append(step)
                for target_id in missing:
                    steps_by_target.setdefault(target_id, [])
            fired_map = _fired_map(ids)
            fired_rows, breaches, transitions, messages = [], [], [], []
            for clock in clocks:
                steps = steps_by_target[clock.target_id]
                fired = fired_map.setdefault(clock.pk, {})
                calendar = cache.spec_for_target(clock.target)
                if clock.state == ClockState.RUNNING and clock.due_at <= now:
                    transitions.append(
                        _apply_transition(
                            clock, ClockState.BREACHED, actor=actor, reason="超时", at=clock.due_at
                        )
                    )
                    breaches.append(_record_breach(clock, detected_at=now))
                firsts = step_first_times(clock, steps, calendar) if steps else {}
                for step in steps:
                    if clock.state == ClockState.BREACHED and step.trigger != Trigger.AFTER_DUE:
                        continue
                    if clock.state not in (ClockState.RUNNING, ClockState.BREACHED):
                        continue
                    occurrence = clockmath.occurrences_due(step.spec(), firsts[step.pk], now)
                    last = fired.get(step.pk)
                    if occurrence is None or (last is not None and occurrence <= last):
                        continue
                    users = resolver.users(clock, step.recipient_list)
                    fired[step.pk] = occurrence
                    fired_rows.append(
                        EscalationFired(
                            project_id=clock.project_id,
                            clock=clock,
                            step=step,
                            occurrence=occurrence,
                            scheduled_at=clockmath.occurrence_at(step.spec(), firsts[step.pk], occurrence),
                            fired_at=now,
                            recipients=",".join(str(u) for u in sorted(users))[:500],
                        )
                    )
                    if step.is_warning and step.trigger != Trigger.AFTER_DUE:
                        clock.warned = True
                    title = _message_title(clock, step, now)
                    link = reverse("sla:clock", kwargs={"pk": clock.pk})
                    for user_id in sorted(users):
                        messages.append(
                            Message(
                                recipient_id=user_id,
                                project_id=clock.project_id,
                                title=title,
                                body=f"{clock.get_code_display()} · 截止 {timezone.localtime(clock.due_at):%Y-%m-%d %H:%M}",
                                link=link,
                                channels=tuple(step.channel_list),
                            )
                        )
                clock.next_fire_at = next_fire_time(clock, steps, fired, calendar)
            # The rows are locked by this transaction, so a plain bulk update cannot lose a race.
            SlaClock.objects.bulk_update(clocks, ["state", "warned", "next_fire_at"], batch_size=500)
            from .models import Breach, ClockEvent

            ClockEvent.objects.bulk_create(transitions)
            Breach.objects.bulk_create(breaches)
            EscalationFired.objects.bulk_create(fired_rows)
            if messages:
                notify(messages=messages, actor=actor)
            result.clocks += len(clocks)
            result.breaches += len(breaches)
            result.fired += len(fired_rows)
            result.notifications += len(messages)
        if len(ids) < batch_size:
            break
    result.seconds = time.perf_counter() - began
    return result
