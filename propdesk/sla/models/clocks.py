"""Clocks on any subject (a request, a violation, a finding), their events, escalations fired and breaches."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.models import Department, Project, ProjectScopedQuerySet, history

from .. import clockmath
from ..choices import ClockState, Event, TargetCode
from .policies import EscalationStep, SlaPolicy, SlaTarget


class SubjectEvent(models.Model):
    """Append-only: one event in the life of a subject (a request, a violation, a finding)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    event = models.CharField(_("event"), max_length=30, choices=Event.choices)
    at = models.DateTimeField(_("at"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    attrs = models.JSONField(_("attributes"), default=dict, blank=True)
    # A due time set by hand for the clock this event starts (a major complaint's case-by-case deadline).
    due_at = models.DateTimeField(_("due at (set by hand)"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("subject event")
        verbose_name_plural = _("subject events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "at"])]

    def __str__(self) -> str:
        return f"{self.get_event_display()} {self.at:%Y-%m-%d %H:%M}"

    def as_event(self) -> clockmath.Event:
        return clockmath.Event(self.event, self.at, self.reason, self.due_at)


class SlaClockQuerySet(ProjectScopedQuerySet):
    def for_subject(self, subject):
        return self.filter(subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk)

    def open(self):
        return self.filter(state__in=[ClockState.RUNNING, ClockState.PAUSED])


class SlaClock(models.Model):
    """时限: one target's deadline for one subject. Stored values are projections of `clockmath.compute`."""

    # Every index of this table leads with the project, or with the subject type and id.
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project"), db_index=False
    )
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+", db_index=False)
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    code = models.CharField(_("target"), max_length=30, choices=TargetCode.choices)
    target = models.ForeignKey(
        SlaTarget, on_delete=models.PROTECT, related_name="clocks", verbose_name=_("target")
    )
    policy = models.ForeignKey(
        SlaPolicy, on_delete=models.PROTECT, related_name="clocks", verbose_name=_("policy")
    )
    policy_version = models.PositiveIntegerField(_("policy version"))
    calendar_name = models.CharField(_("calendar"), max_length=50, blank=True)
    started_at = models.DateTimeField(_("started at"))
    due_at = models.DateTimeField(_("due at"))
    state = models.CharField(
        _("state"), max_length=20, choices=ClockState.choices, default=ClockState.RUNNING
    )
    allowed_seconds = models.PositiveIntegerField(_("allowed (seconds)"), default=0)
    paused_seconds = models.PositiveIntegerField(_("paused (seconds)"), default=0)
    pause_reason = models.CharField(_("pause reason"), max_length=200, blank=True)
    # The pauses recorded when the subject was last re-classified, kept for the new target
    # (clockmath.KeptPauses): {"until": iso time, "pauses": [[start, end or null, reason], ...]}.
    kept_pauses = models.JSONField(_("pauses kept from before a re-classification"), default=dict, blank=True)
    met_at = models.DateTimeField(_("stopped at"), null=True, blank=True)
    warned = models.BooleanField(_("warned"), default=False)
    next_fire_at = models.DateTimeField(_("next check"), null=True, blank=True)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("holder"),
    )
    # The person doing the work the clock times (the technician of the open work order), when it is not
    # the holder: the arrival warning goes to them (Recipient.ASSIGNEE).
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assignee"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )

    objects = SlaClockQuerySet.as_manager()
    history = history(foreign_key_indexes=False)  # a history row per clock write

    class Meta:
        verbose_name = _("SLA clock")
        verbose_name_plural = _("SLA clocks")
        ordering = ["due_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "subject_type", "subject_id", "code"],
                name="sla_clock_one_per_subject_target",
            )
        ]
        indexes = [
            # The sweeper's only way in: `next_fire_at <= now`, oldest first.
            models.Index(fields=["next_fire_at"], name="sla_clock_next_fire"),
            models.Index(fields=["subject_type", "subject_id"], name="sla_clock_subject"),
            # The service desk's KPIs count clocks by target and start (index-only on PostgreSQL).
            models.Index(
                fields=["project", "code", "started_at"],
                include=["state", "due_at", "policy", "subject_type"],
                name="sla_clock_kpi",
            ),
            # Clocks still counting (running, paused, or breached and not yet stopped): "overdue only"
            # lists and dashboards find them without reading the millions of finished clocks.
            models.Index(
                fields=["project", "subject_type", "due_at"],
                condition=models.Q(state__in=["running", "paused", "breached"], met_at__isnull=True),
                name="sla_clock_live",
            ),
            # The service desk's KPIs count the clocks still running or paused live (late or not depends
            # on now), everything else from daily roll-ups: this finds those few among millions.
            models.Index(
                fields=["project", "started_at"],
                condition=models.Q(state__in=["running", "paused"]),
                name="sla_clock_kpi_live",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()} #{self.subject_id}"

    def kept(self) -> clockmath.KeptPauses | None:
        """The pauses kept from before the last re-classification (None: never re-classified)."""
        if not self.kept_pauses:
            return None
        parse = dt.datetime.fromisoformat
        return clockmath.KeptPauses(
            until=parse(self.kept_pauses["until"]),
            pauses=tuple(
                (parse(start), parse(end) if end else None, reason)
                for start, end, reason in self.kept_pauses.get("pauses", [])
            ),
        )

    @staticmethod
    def keep(until: dt.datetime, pauses) -> dict:
        """What `kept_pauses` stores for these pauses (clockmath.Pause rows or (start, end, reason))."""
        rows = [(p.start, p.end, p.reason) if isinstance(p, clockmath.Pause) else tuple(p) for p in pauses]
        return {
            "until": until.isoformat(),
            "pauses": [[a.isoformat(), b.isoformat() if b else None, reason] for a, b, reason in rows],
        }


class ClockEvent(models.Model):
    """Append-only: a clock's state change (who, from, to, why, when)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    clock = models.ForeignKey(SlaClock, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(_("from"), max_length=20, choices=ClockState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=ClockState.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(_("at"))

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("clock event")
        verbose_name_plural = _("clock events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_from_state_display()} → {self.get_to_state_display()}"


class EscalationFired(models.Model):
    """An escalation step fired for a clock: the unique constraint makes each occurrence fire once."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    clock = models.ForeignKey(SlaClock, on_delete=models.CASCADE, related_name="fired")
    step = models.ForeignKey(EscalationStep, on_delete=models.CASCADE, related_name="fired")
    occurrence = models.PositiveIntegerField(default=0)
    scheduled_at = models.DateTimeField(_("due to fire at"))
    fired_at = models.DateTimeField(_("fired at"))
    recipients = models.CharField(_("recipients"), max_length=500, blank=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("escalation fired")
        verbose_name_plural = _("escalations fired")
        ordering = ["fired_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "clock", "step", "occurrence"], name="sla_escalation_fires_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.step_id}#{self.occurrence}"


class Breach(models.Model):
    """超时记录: immutable. An excuse is a separate approved record (BreachExcuse)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    clock = models.OneToOneField(
        SlaClock, on_delete=models.PROTECT, related_name="breach", verbose_name=_("clock")
    )
    code = models.CharField(_("target"), max_length=30, choices=TargetCode.choices)
    due_at = models.DateTimeField(_("due at"))
    breached_at = models.DateTimeField(_("breached at"))
    detected_at = models.DateTimeField(_("detected at"))
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible person"),
    )

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("breach")
        verbose_name_plural = _("breaches")
        ordering = ["-breached_at"]
        indexes = [models.Index(fields=["project", "breached_at"])]

    def __str__(self) -> str:
        return f"{self.get_code_display()} {self.due_at:%Y-%m-%d %H:%M}"


class BreachExcuse(models.Model):
    """An approved excuse of a breach: the breach itself stays as recorded."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    breach = models.OneToOneField(Breach, on_delete=models.PROTECT, related_name="excuse")
    reason = models.CharField(_("reason"), max_length=300)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("breach excuse")
        verbose_name_plural = _("breach excuses")

    def __str__(self) -> str:
        return self.reason
