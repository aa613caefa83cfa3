"""Planned callbacks (回访计划, seed 004 回访工作流程 items 2, 3, 7): quarterly callbacks to a sample of
owners and targeted callbacks by season or by a recurring problem. Each plan has its period, scope,
main content, method and responsible person; generating the plan creates one task per unit to call.

Plans and tasks change state only through the lifecycle kit (`transitions.py`); each change is a row of
`CallbackPlanEvent` / `CallbackTaskEvent` (append-only, immutable triggers from migration 0013)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.models import Project, ProjectScopedQuerySet, StatusEvent, history

from ..choices import CallbackMethod, PlanKind, PlanState, PlanTaskState, Satisfaction


class CallbackPlan(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="callback_plans", verbose_name=_("project")
    )
    title = models.CharField(_("title"), max_length=100)
    kind = models.CharField(_("kind of plan"), max_length=20, choices=PlanKind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    scope = models.CharField(
        _("scope"),
        max_length=200,
        blank=True,
        help_text=_("Which owners: e.g. all buildings, or buildings 3 and 5."),
    )
    content = models.TextField(_("main content"))
    method = models.CharField(
        _("callback method"), max_length=20, choices=CallbackMethod.choices, default=CallbackMethod.DOOR_VISIT
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    buildings = models.ManyToManyField(
        "registry.Building", blank=True, related_name="+", verbose_name=_("buildings (empty: all)")
    )
    sample_size = models.PositiveIntegerField(
        _("sample size"),
        default=0,
        help_text=_("Units to call; spread over the buildings by their number of occupied units."),
    )
    category = models.ForeignKey(
        "servicedesk.Category",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("problem category"),
        help_text=_("Recurring problem: the owners who reported it in the 90 days before the plan starts."),
    )
    state = models.CharField(_("state"), max_length=10, choices=PlanState.choices, default=PlanState.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    generated_at = models.DateTimeField(_("tasks generated at"), null=True, blank=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("callback plan")
        verbose_name_plural = _("callback plans")
        ordering = ["-starts_on", "-id"]
        permissions = [("plan_callbacks", "Plan quarterly and targeted callbacks")]

    def __str__(self) -> str:
        return self.title


class CallbackTaskQuerySet(ProjectScopedQuerySet):
    def scope_q(self, scope, user, prefix: str = ""):
        """A butler sees the callbacks of her buildings' rooms (through the unit) and every callback
        of a plan she is made responsible for: the supervisor gave her that work."""
        q = super().scope_q(scope, user, prefix)
        return None if q is None else q | models.Q(**{f"{prefix}plan__responsible": user})


class CallbackTask(models.Model):
    """One unit to call back under a plan, and the outcome (as a callback: method, words, satisfaction)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(
        CallbackPlan, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("plan")
    )
    unit = models.ForeignKey(
        "registry.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    party = models.ForeignKey(
        "registry.Party",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    request = models.ForeignKey(
        "servicedesk.ServiceRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("earlier request"),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=PlanTaskState.choices, default=PlanTaskState.PENDING
    )
    method = models.CharField(_("callback method"), max_length=20, choices=CallbackMethod.choices, blank=True)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True
    )
    owner_words = models.TextField(_("owner's words"), blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    follow_up = models.ForeignKey(
        "servicedesk.ServiceRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("follow-up request"),
    )

    objects = CallbackTaskQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("planned callback")
        verbose_name_plural = _("planned callbacks")
        ordering = ["plan_id", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "unit"], name="plan_task_once_per_unit")]
        indexes = [models.Index(fields=["plan", "state"])]

    def __str__(self) -> str:
        return f"{self.plan_id} · {self.unit_id}"


class CallbackPlanEvent(StatusEvent):
    """A callback plan's status change (draft → in progress → closed), written by `core.lifecycle`."""

    plan = models.ForeignKey(
        CallbackPlan, on_delete=models.PROTECT, related_name="events", verbose_name=_("callback plan")
    )

    class Meta(StatusEvent.Meta):
        verbose_name = _("callback plan status event")
        verbose_name_plural = _("callback plan status events")
        indexes = [models.Index(fields=["plan", "at"])]


class CallbackTaskEvent(StatusEvent):
    """A planned callback's status change (to call → called back / could not be reached)."""

    task = models.ForeignKey(
        CallbackTask, on_delete=models.PROTECT, related_name="events", verbose_name=_("planned callback")
    )

    class Meta(StatusEvent.Meta):
        verbose_name = _("planned callback status event")
        verbose_name_plural = _("planned callback status events")
        indexes = [models.Index(fields=["task", "at"])]
