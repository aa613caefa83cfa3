"""Cash drawer (现金收缴) and refunds (退款), SPEC §7 Cash.

A cashier opens a drawer session with a float; every cash payment and cash refund she
takes is attached to it by a `DrawerEntry` row. The daily close records the counted
amount against the expected one (float + cash in − cash out); a difference is a
`DrawerDiscrepancy` with its reason, approved by a finance supervisor or the director.
The takings go to the bank as a `BankDeposit` (slip number, amount, date). Entries,
discrepancies, deposits and refunds are append-only; a session's figures are written
once, at its close.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.models import AppendOnlyModel, Project, ProjectScopedQuerySet, history

from ..choices import DrawerStatus, RefundMethod
from ..money import MONEY
from .payments import Payment, PrepaidEntry


class DrawerSession(models.Model):
    """钱箱: one cashier's cash from opening (float) to the daily close and the bank deposit."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    cashier = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("cashier")
    )
    opening_float = models.DecimalField(_("opening float"), **MONEY)
    opened_at = models.DateTimeField(_("drawer opened"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=DrawerStatus.choices, default=DrawerStatus.OPEN
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    expected_amount = models.DecimalField(_("expected cash"), null=True, blank=True, **MONEY)
    counted_amount = models.DecimalField(_("counted cash"), null=True, blank=True, **MONEY)
    close_note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("drawer session")
        verbose_name_plural = _("drawer sessions")
        ordering = ["project_id", "-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "cashier"],
                condition=models.Q(status="open"),
                name="drawer_one_open_per_cashier",
            ),
            models.CheckConstraint(
                condition=models.Q(opening_float__gte=0), name="drawer_float_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["project", "opened_at"])]

    def __str__(self) -> str:
        return f"{self.cashier} {self.opened_at:%Y-%m-%d}"

    @property
    def difference(self):
        if self.counted_amount is None or self.expected_amount is None:
            return None
        return self.counted_amount - self.expected_amount


class Refund(AppendOnlyModel):
    """退款: money paid back to an owner, from the prepaid balance or a whole payment (its receipt voided)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    unit = models.ForeignKey(
        "registry.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    method = models.CharField(_("method"), max_length=20, choices=RefundMethod.choices)
    amount = models.DecimalField(_("amount"), **MONEY)
    payment = models.OneToOneField(
        Payment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="refund",
        verbose_name=_("refunded payment"),
    )
    prepaid_entry = models.OneToOneField(
        PrepaidEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("prepaid entry"),
    )
    payee_name = models.CharField(_("payee"), max_length=100, blank=True)
    trade_no = models.CharField(_("transaction number"), max_length=64, blank=True)
    reason = models.CharField(_("reason"), max_length=200)
    refunded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("refunded by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["project_id", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="refund_amount_positive"),
            models.CheckConstraint(
                condition=models.Q(payment__isnull=False, prepaid_entry__isnull=True)
                | models.Q(payment__isnull=True, prepaid_entry__isnull=False),
                name="refund_one_source",
            ),
        ]

    def __str__(self) -> str:
        return f"-¥{self.amount} {self.get_method_display()}"


class DrawerEntry(AppendOnlyModel):
    """One cash movement of a session: + a cash payment, − a cash refund."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    session = models.ForeignKey(
        DrawerSession, on_delete=models.PROTECT, related_name="entries", verbose_name=_("drawer session")
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    payment = models.OneToOneField(
        Payment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="drawer_entry",
        verbose_name=_("payment"),
    )
    refund = models.OneToOneField(
        Refund,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="drawer_entry",
        verbose_name=_("refund"),
    )
    deposit_movement = models.OneToOneField(
        "billing.DepositMovement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="drawer_entry",
        verbose_name=_("deposit refund"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("drawer entry")
        verbose_name_plural = _("drawer entries")
        ordering = ["session_id", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    payment__isnull=False, refund__isnull=True, deposit_movement__isnull=True, amount__gt=0
                )
                | models.Q(
                    payment__isnull=True, refund__isnull=False, deposit_movement__isnull=True, amount__lt=0
                )
                | models.Q(
                    payment__isnull=True, refund__isnull=True, deposit_movement__isnull=False, amount__lt=0
                ),
                name="drawerentry_one_source_of_three",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount:+}"


class DrawerDiscrepancy(AppendOnlyModel):
    """长短款: counted minus expected at a close, with the reason and, once approved, the approver."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    session = models.OneToOneField(
        DrawerSession, on_delete=models.PROTECT, related_name="discrepancy", verbose_name=_("drawer session")
    )
    amount = models.DecimalField(_("difference"), **MONEY)
    reason = models.CharField(_("reason"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approval_comment = models.CharField(_("approval comment"), max_length=200, blank=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("cash discrepancy")
        verbose_name_plural = _("cash discrepancies")
        constraints = [
            models.CheckConstraint(condition=~models.Q(amount=0), name="discrepancy_not_zero"),
        ]
        permissions = [("approve_drawerdiscrepancy", "Approve cash discrepancies")]

    def __str__(self) -> str:
        return f"{self.amount:+} {self.reason}"


class BankDeposit(AppendOnlyModel):
    """缴存银行: a closed session's cash handed to the bank, by deposit slip."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    session = models.OneToOneField(
        DrawerSession, on_delete=models.PROTECT, related_name="deposit", verbose_name=_("drawer session")
    )
    slip_number = models.CharField(_("deposit slip number"), max_length=40)
    amount = models.DecimalField(_("amount"), **MONEY)
    deposited_on = models.DateField(_("deposited on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("bank deposit")
        verbose_name_plural = _("bank deposits")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="deposit_amount_positive"),
            models.UniqueConstraint(fields=["project", "slip_number"], name="deposit_slip_once"),
        ]

    def __str__(self) -> str:
        return self.slip_number
