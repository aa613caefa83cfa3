"""SLA engine (issue 4, design/SLA.md): calendars, policies, targets, escalation steps as data;
clocks on any subject, their events, escalations fired and breaches.

Writes go through `services.py`; the maths is in `clockmath.py`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from propdesk.core.models import Department, Project, ProjectScopedQuerySet, history

from . import clockmath
from .choices import (
    CalendarKind,
    Channel,
    ClockState,
    Event,
    ExceptionKind,
    Rule,
    TargetCode,
    Trigger,
)


def _validate_intervals(value: str) -> None:
    try:
        clockmath.parse_intervals(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


def _csv(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


@deconstructible
class ChoicesListValidator:
    """Every comma-separated value is one of the choices."""

    def __init__(self, choices_name: str):
        self.choices_name = choices_name

    def __call__(self, value: str) -> None:
        from . import choices

        allowed = getattr(choices, self.choices_name).values
        unknown = [v for v in _csv(value) if v not in allowed]
        if unknown:
            raise ValidationError(_("Unknown value: %(values)s") % {"values": ", ".join(unknown)})

    def __eq__(self, other) -> bool:
        return isinstance(other, ChoicesListValidator) and other.choices_name == self.choices_name


validate_events = ChoicesListValidator("Event")
validate_recipients = ChoicesListValidator("Recipient")
validate_channels = ChoicesListValidator("Channel")


class Calendar(models.Model):
    """工作日历: a project's working hours, holidays and make-up working days (调休), or 24/7."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="sla_calendars", verbose_name=_("project")
    )
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(
        _("kind"), max_length=20, choices=CalendarKind.choices, default=CalendarKind.BUSINESS
    )
    use_official_holidays = models.BooleanField(
        _("official holidays and make-up working days"),
        default=True,
        help_text=_(
            "Take the State Council's holidays and 调休 working days from the chinese-calendar package."
        ),
    )
    is_default = models.BooleanField(_("project default"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")
        ordering = ["project_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="sla_calendar_name_unique_in_project"),
            models.UniqueConstraint(
                fields=["project"], condition=models.Q(is_default=True), name="sla_calendar_one_default"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CalendarInterval(models.Model):
    """One working interval of a weekday (several a day make a lunch break)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    calendar = models.ForeignKey(
        Calendar, on_delete=models.CASCADE, related_name="intervals", verbose_name=_("calendar")
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"),
        choices=[
            (0, _("Monday")),
            (1, _("Tuesday")),
            (2, _("Wednesday")),
            (3, _("Thursday")),
            (4, _("Friday")),
            (5, _("Saturday")),
            (6, _("Sunday")),
        ],
    )
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("working interval")
        verbose_name_plural = _("working intervals")
        ordering = ["weekday", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "calendar", "weekday", "start"], name="sla_interval_unique_in_calendar"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}-{self.end:%H:%M}"

    def clean(self) -> None:
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValidationError({"end": _("The interval must end after it starts.")})


class CalendarException(models.Model):
    """A date that differs from the week: closed, an extra working day, or special hours."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    calendar = models.ForeignKey(
        Calendar, on_delete=models.CASCADE, related_name="exceptions", verbose_name=_("calendar")
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=ExceptionKind.choices)
    hours = models.CharField(
        _("hours"),
        max_length=100,
        blank=True,
        validators=[_validate_intervals],
        help_text=_("For special hours or an extra working day, e.g. 08:30-12:00, 13:30-18:00."),
    )
    note = models.CharField(_("note"), max_length=100, blank=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["project", "calendar", "date"], name="sla_exception_unique_date")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"

    def clean(self) -> None:
        if self.kind == ExceptionKind.HOURS and not self.hours:
            raise ValidationError({"hours": _("Give the hours of the special day.")})


class SlaPolicy(models.Model):
    """时限策略: which subjects it applies to, its targets, and its precedence (never "first by name")."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="sla_policies", verbose_name=_("project")
    )
    name = models.CharField(_("name"), max_length=100)
    precedence = models.PositiveIntegerField(
        _("precedence"),
        help_text=_("When several policies match, the smallest number wins. Unique per project."),
    )
    subject_kind = models.CharField(_("request kind"), max_length=30, blank=True, help_text=_("Blank: any."))
    repair_class = models.CharField(_("repair class"), max_length=30, blank=True, help_text=_("Blank: any."))
    category = models.CharField(_("category"), max_length=50, blank=True, help_text=_("Blank: any."))
    channel = models.CharField(_("channel"), max_length=30, blank=True, help_text=_("Blank: any."))
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_to = models.DateField(_("effective until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        ordering = ["project_id", "precedence"]
        constraints = [
            models.UniqueConstraint(fields=["project", "precedence"], name="sla_policy_precedence_unique"),
            models.UniqueConstraint(fields=["project", "name"], name="sla_policy_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def matches(self, attrs: dict, on) -> bool:
        if not self.is_active:
            return False
        if self.effective_from and on < self.effective_from:
            return False
        if self.effective_to and on > self.effective_to:
            return False
        for field in ("subject_kind", "repair_class", "category", "channel"):
            wanted = getattr(self, field)
            if wanted and attrs.get(field.removeprefix("subject_"), "") != wanted:
                return False
        return True


class SlaTarget(models.Model):
    """时限目标: one deadline of a policy — start event → stop event, by a rule."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    policy = models.ForeignKey(
        SlaPolicy, on_delete=models.CASCADE, related_name="targets", verbose_name=_("policy")
    )
    code = models.CharField(_("code"), max_length=30, choices=TargetCode.choices)
    name = models.CharField(_("name"), max_length=100)
    start_event = models.CharField(_("start event"), max_length=30, choices=Event.choices)
    stop_event = models.CharField(_("stop event"), max_length=30, choices=Event.choices)
    cancel_events = models.CharField(
        _("cancel events"),
        max_length=200,
        blank=True,
        validators=[validate_events],
        help_text=_("Comma-separated event codes."),
    )
    rule = models.CharField(_("rule"), max_length=30, choices=Rule.choices)
    value = models.PositiveIntegerField(
        _("value"),
        help_text=_("Minutes, days or workdays; for end of day the further working days (0 = same day)."),
    )
    cutoff = models.TimeField(
        _("cut-off time"),
        null=True,
        blank=True,
        help_text=_("End of day: received later, it rolls to the next working day."),
    )
    calendar = models.ForeignKey(
        Calendar,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("calendar override"),
        help_text=_("Blank: the project's default calendar."),
    )
    pausable = models.BooleanField(_("pausable"), default=False)
    pause_reasons = models.CharField(
        _("allowed pause reasons"),
        max_length=300,
        blank=True,
        help_text=_("Comma-separated; blank: any reason."),
    )
    continuous = models.BooleanField(
        _("continuous"),
        default=False,
        help_text=_("Worked without a break until done (emergencies): never pauses."),
    )

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("SLA target")
        verbose_name_plural = _("SLA targets")
        ordering = ["policy_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["project", "policy", "code"], name="sla_target_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.policy} · {self.name}"

    def spec(self) -> clockmath.TargetSpec:
        return clockmath.TargetSpec(
            start_event=self.start_event,
            stop_events=frozenset({self.stop_event}),
            cancel_events=frozenset(_csv(self.cancel_events)) | {Event.CANCELLED},
            rule=self.rule,
            value=self.value,
            cutoff=self.cutoff,
            pausable=self.pausable,
            pause_reasons=frozenset(_csv(self.pause_reasons)),
            continuous=self.continuous,
        )


class EscalationStep(models.Model):
    """升级提醒: warn or escalate at a share of the time, before or after the due time."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    target = models.ForeignKey(
        SlaTarget, on_delete=models.CASCADE, related_name="steps", verbose_name=_("target")
    )
    trigger = models.CharField(_("trigger"), max_length=20, choices=Trigger.choices)
    value = models.PositiveIntegerField(_("value"), help_text=_("Percent, or minutes."))
    repeat_minutes = models.PositiveIntegerField(_("repeat every (minutes)"), null=True, blank=True)
    max_occurrences = models.PositiveIntegerField(_("at most (times)"), default=1)
    recipients = models.CharField(_("recipients"), max_length=200, validators=[validate_recipients])
    channels = models.CharField(
        _("channels"), max_length=100, default=Channel.IN_APP, validators=[validate_channels]
    )
    is_warning = models.BooleanField(
        _("warning"),
        default=True,
        help_text=_("A warning turns the countdown amber; an escalation at breach does not."),
    )

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("escalation step")
        verbose_name_plural = _("escalation steps")
        ordering = ["target_id", "trigger", "value"]

    def __str__(self) -> str:
        return f"{self.get_trigger_display()} {self.value}"

    def spec(self) -> clockmath.StepSpec:
        return clockmath.StepSpec(
            key=self.pk,
            trigger=self.trigger,
            value=self.value,
            repeat_minutes=self.repeat_minutes,
            max_occurrences=self.max_occurrences if self.repeat_minutes else 1,
        )

    @property
    def recipient_list(self) -> list[str]:
        return _csv(self.recipients)

    @property
    def channel_list(self) -> list[str]:
        return _csv(self.channels)


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
        return clockmath.Event(self.event, self.at, self.reason)


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
        return f"{self.from_state}→{self.to_state}"


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
