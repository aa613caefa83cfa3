"""Bills (应收) and credit notes (冲红). Money is append-only (ARCHITECTURE.md): a bill is never
updated in its amount or deleted; a correction is a credit note with a reason. Migration 0002
installs database triggers that refuse such updates as a safety net; the real path is
`services/charges.py`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.models import AppendOnlyModel, Project, ProjectScopedQuerySet, history

from ..money import MONEY, PRICE
from ..pricing import period_label
from .charges import ChargeItem
from .runs import BillingRun


class Bill(AppendOnlyModel):
    """应收: one line per (unit, charge item, period[, reference]). Never changed, never deleted."""

    # No index of its own: the unique constraint and both composite indexes start with project_id
    # (one index less to maintain for every line a billing run inserts).
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project"), db_index=False
    )
    unit = models.ForeignKey(
        "registry.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    item = models.ForeignKey(
        ChargeItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("charge item")
    )
    period = models.DateField(_("period"), help_text=_("The first day of the billed month, quarter or year."))
    reference = models.CharField(
        _("reference"),
        max_length=40,
        blank=True,
        help_text=_("Empty for run lines; a reading or document number otherwise."),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2)
    unit_price = models.DecimalField(_("unit price"), **PRICE)
    amount = models.DecimalField(_("amount"), **MONEY)
    due_on = models.DateField(_("due date"))
    description = models.CharField(_("description"), max_length=200, blank=True)
    run = models.ForeignKey(
        BillingRun,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("billing run"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ProjectScopedQuerySet.as_manager()
    # Run lines are bulk-inserted without history rows: the line itself (run, created_by) is the record.
    history = history()

    class Meta:
        verbose_name = _("bill")
        verbose_name_plural = _("bills")
        ordering = ["project_id", "unit_id", "period", "item_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "unit", "item", "period", "reference"],
                name="bill_one_line_per_unit_item_period",
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="bill_amount_not_negative"),
        ]
        indexes = [
            models.Index(fields=["project", "period", "item"]),
            models.Index(fields=["project", "unit", "period"]),
        ]
        permissions = [("credit_bill", "Issue credit notes on bills")]

    def __str__(self) -> str:
        return f"{self.item} {self.period_label} ¥{self.amount}"

    @property
    def is_metered(self) -> bool:
        """Charged from a meter's readings (its `meter_charge` holds them; the description says
        previous → current)."""
        return self.reference.startswith("meter:")

    @property
    def period_label(self) -> str:
        """2026-03 for a month, 2026年第4季度 for a quarter, 2026年度 for a year (the billed span)."""
        return period_label(self.period, self.ends_on)


class CreditNote(AppendOnlyModel):
    """冲红: reduces what a bill asks for, with a reason. The bill itself stays as it was."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    bill = models.ForeignKey(
        Bill, on_delete=models.PROTECT, related_name="credit_notes", verbose_name=_("bill")
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    reason = models.CharField(_("reason"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("credit note")
        verbose_name_plural = _("credit notes")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="creditnote_amount_positive")
        ]

    def __str__(self) -> str:
        return f"-¥{self.amount} ({self.reason})"
