"""Complaint reports (投诉处理), callbacks (回访) and the improvements an unsatisfied callback asks for."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.models import Department, Project, ProjectScopedQuerySet, history

from ..choices import (
    CallbackMethod,
    ComplaintState,
    Satisfaction,
)
from .requests import (
    ServiceRequest,
)


class Complaint(models.Model):
    """投诉处理报告: the validity decision, the responsible department's action and the manager's sign-off."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    request = models.OneToOneField(
        ServiceRequest, on_delete=models.PROTECT, related_name="complaint", verbose_name=_("request")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ComplaintState.choices, default=ComplaintState.REGISTERED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    explanation = models.TextField(_("why it is not valid"), blank=True)
    owner_response = models.TextField(_("owner's response"), blank=True)
    summary = models.TextField(_("complaint summary"), blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible department"),
    )
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    # The deadline is the SLA engine's: the request's resolution clock (selectors.complaint_clock), which
    # starts with the validity decision, counts 12 days (or the deadline set for a major or special case)
    # and moves with every pause. There is no second copy here to disagree with it.
    special_case = models.BooleanField(_("special case (center manager organises)"), default=False)
    major = models.BooleanField(_("major complaint (deadline set case by case)"), default=False)
    department_action = models.TextField(_("department's action"), blank=True)
    action_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("action by"),
    )
    action_at = models.DateTimeField(_("action at"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed off by"),
    )
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("complaint report")
        verbose_name_plural = _("complaint reports")
        permissions = [
            ("decide_complaint", "Decide whether a complaint is valid and send it on"),
            ("act_on_complaint", "Write the department's action into a complaint report"),
            ("sign_off_complaint", "Sign off complaint reports (center manager)"),
        ]

    def __str__(self) -> str:
        return f"{self.request.number} ({self.get_state_display()})"

    @property
    def awaits_decision(self) -> bool:
        """Registered: whether the complaint is valid has not been decided yet."""
        return self.state == ComplaintState.REGISTERED

    @property
    def found_invalid(self) -> bool:
        return self.state == ComplaintState.INVALID


class Callback(models.Model):
    """回访: how the owner was reached, what they said and how satisfied they are."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    request = models.ForeignKey(
        ServiceRequest, on_delete=models.PROTECT, related_name="callbacks", verbose_name=_("request")
    )
    method = models.CharField(_("callback method"), max_length=20, choices=CallbackMethod.choices)
    satisfaction = models.CharField(_("satisfaction"), max_length=20, choices=Satisfaction.choices)
    owner_words = models.TextField(_("owner's words"))
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("done by")
    )
    done_at = models.DateTimeField(_("done at"))
    # A door visit's record is signed by the owner (seed 004 回访 4: 填写《回访记录》并由业主签字),
    # drawn on the visitor's phone as the repair sign-off is; a phone callback has none.
    signer_name = models.CharField(_("signed by"), max_length=50, blank=True)
    signature = models.ImageField(_("owner's signature"), upload_to="signatures/callbacks/%Y/%m/", blank=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("callback")
        verbose_name_plural = _("callbacks")
        ordering = ["done_at"]
        indexes = [models.Index(fields=["project", "done_at"])]
        permissions = [("do_callback", "Call owners back")]

    def __str__(self) -> str:
        return f"{self.request.number} {self.get_method_display()} {self.get_satisfaction_display()}"


class Improvement(models.Model):
    """整改: after an unsatisfied callback the manager assigns improvement with a deadline."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    request = models.ForeignKey(
        ServiceRequest, on_delete=models.PROTECT, related_name="improvements", verbose_name=_("request")
    )
    callback = models.OneToOneField(
        Callback, on_delete=models.PROTECT, related_name="improvement", verbose_name=_("callback")
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("assigned to")
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("assigned by")
    )
    instructions = models.TextField(_("what to improve"))
    deadline = models.DateTimeField(_("deadline"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_note = models.TextField(_("what was done"), blank=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("improvement")
        verbose_name_plural = _("improvements")
        ordering = ["deadline"]
        permissions = [("assign_improvement", "Assign improvement after an unsatisfied callback")]

    def __str__(self) -> str:
        return f"{self.request.number} → {self.assigned_to}"
