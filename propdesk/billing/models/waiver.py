"""Waivers (费用减免), SPEC §7: an application, an approval chain chosen by amount, a credit note at the end.

The chain is data per project (`WaiverRule`: up to an amount, which approval levels in turn).
Each level is a permission (`WAIVER_LEVELS`), given to positions in defaults.py. Every decision
is a `WaiverDecision` row; a rejection ends the application; the last approval issues one
credit note per waived bill line, referenced from the line.
"""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.models import AppendOnlyModel, Project, ProjectScopedQuerySet, history

from ..choices import WaiverDecisionKind, WaiverStatus
from ..money import MONEY
from .bills import Bill, CreditNote

# level code → (permission that approves it, label)
WAIVER_LEVELS = {
    "supervisor": ("billing.approve_waiver_supervisor", _("Customer service / finance supervisor")),
    "director": ("billing.approve_waiver_director", _("Center director")),
    "gm": ("billing.approve_waiver_gm", _("General manager")),
}


class WaiverReason(models.Model):
    """减免原因: the project's editable list (e.g. 空置房, 维修影响, 特困户, 开发商承担)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    name = models.CharField(_("name"), max_length=50)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("waiver reason")
        verbose_name_plural = _("waiver reasons")
        ordering = ["project_id", "sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="waiverreason_name_unique")]

    def __str__(self) -> str:
        return self.name


class WaiverRule(models.Model):
    """审批权限: applications up to `up_to` 元 (empty: any amount above the others) go through `chain`."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    up_to = models.DecimalField(_("up to (yuan)"), null=True, blank=True, **MONEY)
    chain = models.CharField(
        _("approval levels"),
        max_length=100,
        help_text=_("In order, separated by commas: supervisor, director, gm."),
    )

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("waiver approval rule")
        verbose_name_plural = _("waiver approval rules")
        ordering = ["project_id", models.F("up_to").asc(nulls_last=True)]
        constraints = [models.UniqueConstraint(fields=["project", "up_to"], name="waiverrule_one_per_limit")]

    def __str__(self) -> str:
        return f"≤{self.up_to or '∞'}: {self.chain}"

    @property
    def levels(self) -> list[str]:
        # NFKC: the full-width comma a Chinese keyboard types between the levels is a comma too
        return [p.strip() for p in unicodedata.normalize("NFKC", self.chain).split(",") if p.strip()]

    def clean(self):
        unknown = [lv for lv in self.levels if lv not in WAIVER_LEVELS]
        if unknown or not self.levels:
            raise ValidationError(
                {
                    "chain": _("The approval levels can only be %(levels)s.")
                    % {"levels": ", ".join(WAIVER_LEVELS)}
                }
            )


class WaiverApplication(models.Model):
    """费用减免申请: what is waived (bill lines), why, and where the approval stands."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    number = models.CharField(_("number"), max_length=20)
    unit = models.ForeignKey(
        "registry.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    reason = models.ForeignKey(
        WaiverReason, on_delete=models.PROTECT, related_name="+", verbose_name=_("reason")
    )
    details = models.CharField(_("details"), max_length=500, blank=True)
    attachment = models.FileField(_("attachment"), upload_to="waivers/%Y/%m/", blank=True)
    chain = models.CharField(_("approval levels"), max_length=100)
    step = models.PositiveSmallIntegerField(_("current step"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=WaiverStatus.choices, default=WaiverStatus.PENDING
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("applied by")
    )
    applied_at = models.DateTimeField(_("applied"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("waiver application")
        verbose_name_plural = _("waiver applications")
        ordering = ["project_id", "-applied_at"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="waiver_number_unique"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="waiver_amount_positive"),
        ]
        permissions = [
            ("approve_waiver_supervisor", "Approve waivers as supervisor"),
            ("approve_waiver_director", "Approve waivers as center director"),
            ("approve_waiver_gm", "Approve waivers as general manager"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def levels(self) -> list[str]:
        return [p for p in self.chain.split(",") if p]

    @property
    def current_level(self) -> str | None:
        if self.status != WaiverStatus.PENDING or self.step >= len(self.levels):
            return None
        return self.levels[self.step]

    @property
    def current_level_label(self):
        level = self.current_level
        return WAIVER_LEVELS[level][1] if level else ""


class WaiverLine(AppendOnlyModel):
    """One bill and the amount waived on it; `credit_note` is set by the final approval."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    application = models.ForeignKey(
        WaiverApplication,
        on_delete=models.PROTECT,
        related_name="lines",
        verbose_name=_("waiver application"),
    )
    bill = models.ForeignKey(Bill, on_delete=models.PROTECT, related_name="+", verbose_name=_("bill"))
    amount = models.DecimalField(_("amount"), **MONEY)
    credit_note = models.OneToOneField(
        CreditNote,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="waiver_line",
        verbose_name=_("credit note"),
    )

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("waiver line")
        verbose_name_plural = _("waiver lines")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="waiverline_amount_positive"),
            models.UniqueConstraint(fields=["application", "bill"], name="waiverline_once_per_bill"),
        ]

    def __str__(self) -> str:
        return f"{self.bill_id} ¥{self.amount}"


class WaiverDecision(AppendOnlyModel):
    """One step of the chain: who decided, when, what, and why."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    application = models.ForeignKey(
        WaiverApplication,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("waiver application"),
    )
    step = models.PositiveSmallIntegerField(_("step"))
    level = models.CharField(_("level"), max_length=20)
    decision = models.CharField(_("decision"), max_length=10, choices=WaiverDecisionKind.choices)
    comment = models.CharField(_("comment"), max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("waiver decision")
        verbose_name_plural = _("waiver decisions")
        ordering = ["application_id", "step"]
        constraints = [
            models.UniqueConstraint(fields=["application", "step"], name="waiverdecision_once_per_step")
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.decision}"

    @property
    def level_label(self):
        return WAIVER_LEVELS.get(self.level, ("", self.level))[1]
