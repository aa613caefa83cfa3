"""Dunning (催缴, SPEC §7): stages as data, one case per unit in arrears, every contact logged.

The stages are the project's own rows (seeded: phone/verbal → written notice → door
visit → manager's measures → legal action). No stage, method or outcome cuts a
service: Chinese regulation forbids stopping water, power, gas or heating to collect
fees, and a test checks every label offered.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.models import Project, ProjectScopedQuerySet, history

from ..choices import CaseStatus, ContactMethod, ContactOutcome
from ..money import MONEY


class DunningStage(models.Model):
    """催缴阶段: one step of the ladder, in order. Configuration edited in the admin."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=50)
    order = models.PositiveSmallIntegerField(_("order"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("dunning stage")
        verbose_name_plural = _("dunning stages")
        ordering = ["project_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="dunningstage_code_unique"),
            models.UniqueConstraint(fields=["project", "order"], name="dunningstage_order_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class DunningCase(models.Model):
    """催缴案件: a unit in arrears being followed up. At most one open case per unit."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    unit = models.ForeignKey(
        "registry.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    stage = models.ForeignKey(
        DunningStage, on_delete=models.PROTECT, related_name="+", verbose_name=_("stage")
    )
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    butler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("butler"),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("opened by")
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    close_reason = models.CharField(_("reason for closing"), max_length=200, blank=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("dunning case")
        verbose_name_plural = _("dunning cases")
        ordering = ["project_id", "-opened_at"]
        permissions = [("view_arrears_report", "View arrears aging and collection reports")]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "unit"],
                condition=models.Q(status="open"),
                name="dunningcase_one_open_per_unit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.stage}"


class DunningContact(models.Model):
    """催缴记录: one contact with the owner — stage, method, who, when, outcome, promised date, note.

    A promised payment date runs on an SLA clock (subject: this row): it starts at the
    beginning of the promised day and breaches at its end unless the promise is kept,
    and the breach notifies the butler. Rows are never deleted.
    """

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    case = models.ForeignKey(
        DunningCase, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("dunning case")
    )
    stage = models.ForeignKey(
        DunningStage, on_delete=models.PROTECT, related_name="+", verbose_name=_("stage")
    )
    method = models.CharField(_("method"), max_length=20, choices=ContactMethod.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=ContactOutcome.choices)
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("contacted by")
    )
    contacted_at = models.DateTimeField(_("contacted at"))
    arrears = models.DecimalField(_("arrears at the time"), **MONEY)
    promised_on = models.DateField(_("promised payment date"), null=True, blank=True)
    promised_amount = models.DecimalField(_("promised amount"), null=True, blank=True, **MONEY)
    note = models.TextField(_("note"), blank=True)
    clock_started = models.BooleanField(_("promise clock started"), default=False)
    kept_at = models.DateTimeField(_("promise kept"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("dunning contact")
        verbose_name_plural = _("dunning contacts")
        ordering = ["project_id", "-contacted_at", "-id"]
        indexes = [models.Index(fields=["project", "promised_on"], name="dunning_promise_due")]

    def __str__(self) -> str:
        return f"{self.contacted_at:%Y-%m-%d} {self.get_method_display()} {self.get_outcome_display()}"

    def delete(self, *args, **kwargs):
        raise TypeError("dunning contacts are a log: they are never deleted")
