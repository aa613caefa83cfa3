"""Deposits (押金), SPEC §7: taken through the payment/receipt path, held, refunded, deducted, forfeited.

A deposit is taken as a one-off bill of a DEPOSIT charge item (reference = the deposit number)
settled at once by a payment, so it gets a receipt from the project's gapless sequence and cash
goes through the cashier's drawer. Every later change is a `DepositMovement` row (refund,
deduction, forfeit); the balance (amount − movements) never goes below zero.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.models import AppendOnlyModel, Project, ProjectScopedQuerySet, history

from ..choices import DepositKind, DepositStatus, MovementKind
from ..money import MONEY
from .bills import Bill
from .payments import Payment


class Deposit(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    number = models.CharField(_("number"), max_length=20)
    unit = models.ForeignKey(
        "registry.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DepositKind.choices)
    amount = models.DecimalField(_("amount"), **MONEY)
    payer_name = models.CharField(_("payer"), max_length=100, blank=True)
    reference = models.CharField(
        _("reference"), max_length=40, blank=True, help_text=_("e.g. the renovation permit number.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DepositStatus.choices, default=DepositStatus.HELD
    )
    bill = models.OneToOneField(Bill, on_delete=models.PROTECT, related_name="+", verbose_name=_("bill"))
    payment = models.OneToOneField(
        Payment, on_delete=models.PROTECT, related_name="deposit", verbose_name=_("payment")
    )
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("taken by")
    )
    taken_at = models.DateTimeField(_("taken"), auto_now_add=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("deposit")
        verbose_name_plural = _("deposits")
        ordering = ["project_id", "-taken_at"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="deposit_number_unique"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="deposit_amount_gt_zero"),
        ]
        indexes = [models.Index(fields=["project", "status", "kind"])]
        permissions = [("forfeit_deposit", "Forfeit deposits")]

    def __str__(self) -> str:
        return self.number


class DepositMovement(AppendOnlyModel):
    """One change of a deposit: money refunded, deducted (with its reason) or forfeited."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    deposit = models.ForeignKey(
        Deposit, on_delete=models.PROTECT, related_name="movements", verbose_name=_("deposit")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MovementKind.choices)
    amount = models.DecimalField(_("amount"), **MONEY)
    method = models.CharField(_("method"), max_length=20, blank=True)
    trade_no = models.CharField(_("transaction number"), max_length=64, blank=True)
    reason = models.CharField(_("reason"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("deposit movement")
        verbose_name_plural = _("deposit movements")
        ordering = ["deposit_id", "created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="depositmovement_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.kind} ¥{self.amount}"
