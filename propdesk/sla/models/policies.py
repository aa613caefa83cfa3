"""SLA policies, their targets and escalation steps: configuration data a project administrator edits."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.models import Project, ProjectScopedQuerySet, history

from .. import clockmath
from ..choices import Channel, Event, Rule, TargetCode, Trigger
from .calendars import Calendar
from .validators import _csv, validate_channels, validate_events, validate_recipients


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
