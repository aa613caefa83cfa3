"""Bank direct debit (银行托收), SPEC §7 Payments: mandates, exported batches, imported results.

A batch is the debit file sent to the bank (one line per unit with its open amount); the
bank's result file marks each line succeeded or failed. A succeeded line becomes a payment
(method bank debit, transaction number `<batch>-<line>`: credited once however often the file
is imported). The account number is encrypted; lists show it masked.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.crypto import EncryptedTextField
from propdesk.core.models import Project, ProjectScopedQuerySet, history

from ..choices import DebitBatchStatus, DebitResult
from ..money import MONEY
from .payments import Payment


class DebitMandate(models.Model):
    """托收协议: the owner's authorisation to debit an account for a unit's fees."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    unit = models.ForeignKey(
        "registry.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    bank_name = models.CharField(_("bank"), max_length=50)
    account_name = models.CharField(_("account holder"), max_length=100)
    account_number = EncryptedTextField(_("account number"))
    account_masked = models.CharField(_("account"), max_length=40)
    signed_on = models.DateField(_("signed on"))
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history(excluded_fields=["account_number"])

    class Meta:
        verbose_name = _("debit mandate")
        verbose_name_plural = _("debit mandates")
        ordering = ["project_id", "unit_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "unit"],
                condition=models.Q(is_active=True),
                name="mandate_one_active_per_unit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.bank_name} {self.account_masked}"


class DebitBatch(models.Model):
    """托收批次: one debit file for a month."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    number = models.CharField(_("batch number"), max_length=20)
    period = models.DateField(_("period"), help_text=_("The first day of the month collected."))
    status = models.CharField(
        _("status"), max_length=20, choices=DebitBatchStatus.choices, default=DebitBatchStatus.EXPORTED
    )
    line_count = models.PositiveIntegerField(_("lines"), default=0)
    total_amount = models.DecimalField(_("total"), **MONEY)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("debit batch")
        verbose_name_plural = _("debit batches")
        ordering = ["project_id", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="debitbatch_number_unique")]

    def __str__(self) -> str:
        return self.number


class DebitLine(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    batch = models.ForeignKey(
        DebitBatch, on_delete=models.PROTECT, related_name="lines", verbose_name=_("batch")
    )
    line_no = models.PositiveIntegerField(_("line"))
    unit = models.ForeignKey(
        "registry.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    mandate = models.ForeignKey(
        DebitMandate, on_delete=models.PROTECT, related_name="+", verbose_name=_("mandate")
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    result = models.CharField(
        _("result"), max_length=20, choices=DebitResult.choices, default=DebitResult.PENDING
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    payment = models.OneToOneField(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("payment")
    )

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("debit line")
        verbose_name_plural = _("debit lines")
        ordering = ["batch_id", "line_no"]
        constraints = [models.UniqueConstraint(fields=["batch", "line_no"], name="debitline_once_per_batch")]

    def __str__(self) -> str:
        return f"{self.batch_id}#{self.line_no}"
