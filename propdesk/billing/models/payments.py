"""Billing and money (SPEC §7): charge items, prices, bills, payments, receipts.

Money is append-only (ARCHITECTURE.md): bills, credit notes, payments, allocations,
prepaid entries and receipts are inserted and never updated in their amounts or
deleted. A correction is a new row (a credit note, a voided receipt) with a reason.
Migration 0002 installs database triggers that refuse such updates as a safety net;
the real path is `services.py`.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.crypto import EncryptedTextField
from propdesk.core.models import AppendOnlyModel, Project, ProjectScopedQuerySet, history
from propdesk.registry.choices import UnitUse

from .choices import AreaBasis, ChargeKind, NotificationOutcome, OrderStatus, PaymentMethod, RunStatus

MONEY = {"max_digits": 14, "decimal_places": 2}
PRICE = {"max_digits": 12, "decimal_places": 4}


class ChargeItem(models.Model):
    """收费项目: what a unit is charged for, and how the amount is computed."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=20, choices=ChargeKind.choices)
    area_basis = models.CharField(
        _("area basis"), max_length=20, choices=AreaBasis.choices, default=AreaBasis.BUILDING
    )
    unit_label = models.CharField(_("price unit"), max_length=20, blank=True, help_text=_("e.g. 元/m²/月"))
    season_months = models.CharField(
        _("season months"),
        max_length=40,
        blank=True,
        help_text=_("Seasonal items only: the months billed, e.g. 11,12,1,2,3."),
    )
    prorate = models.BooleanField(_("prorate partial months"), default=True)
    due_days = models.PositiveSmallIntegerField(_("days to pay"), default=30)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("charge item")
        verbose_name_plural = _("charge items")
        ordering = ["project_id", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["project", "code"], name="chargeitem_code_unique")]

    def __str__(self) -> str:
        return self.name

    def in_season(self, month: int) -> bool:
        if self.kind != ChargeKind.SEASONAL_AREA:
            return True
        months = {int(m) for m in self.season_months.replace("，", ",").split(",") if m.strip()}
        return month in months


class Price(models.Model):
    """收费标准: a unit price from a date, for one unit use or (use empty) for every use.

    A new price is a new row with a later `effective_from`; old bills keep the price they were made with.
    """

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    item = models.ForeignKey(
        ChargeItem, on_delete=models.PROTECT, related_name="prices", verbose_name=_("charge item")
    )
    use = models.CharField(_("unit use"), max_length=20, choices=UnitUse.choices, blank=True)
    unit_price = models.DecimalField(_("unit price"), **PRICE)
    effective_from = models.DateField(_("effective from"))

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("price")
        verbose_name_plural = _("prices")
        ordering = ["project_id", "item_id", "use", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "item", "use", "effective_from"], name="price_unique_from"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.use or '*'} {self.unit_price} ({self.effective_from})"


class UnitPriceOverride(models.Model):
    """A unit's own price for an item (a contract term, a developer discount), from a date."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    unit = models.ForeignKey(
        "registry.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    item = models.ForeignKey(
        ChargeItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("charge item")
    )
    unit_price = models.DecimalField(_("unit price"), **PRICE)
    effective_from = models.DateField(_("effective from"))
    reason = models.CharField(_("reason"), max_length=200)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("unit price override")
        verbose_name_plural = _("unit price overrides")
        ordering = ["project_id", "unit_id", "item_id", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "unit", "item", "effective_from"], name="override_unique_from"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.item} {self.unit_price}"


class UnitChargeStart(models.Model):
    """起征日: the date a unit starts paying (the move-in notice date, seed 003 §4.1.1).

    Without a row, a unit is charged from the start of its earliest ownership (delivery).
    """

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    unit = models.ForeignKey(
        "registry.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    starts_on = models.DateField(_("charged from"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("charge start")
        verbose_name_plural = _("charge starts")
        constraints = [models.UniqueConstraint(fields=["project", "unit"], name="chargestart_one_per_unit")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.starts_on}"


class BillingRun(models.Model):
    """计费: one project's bills for one month, made in batches of units (`BillingRunBatch`).

    When the run starts or resumes, the units after `last_unit_id` are planned into batches
    and `last_unit_id` moves to the last unit planned: every unit up to it belongs to a batch.
    Each batch's bills, its done mark and the run's `processed_units` are committed together,
    so a run stopped at any point resumes with the batches not yet done.
    """

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    period = models.DateField(_("period"), help_text=_("The first day of the billed month."))
    status = models.CharField(
        _("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.PENDING
    )
    total_units = models.PositiveIntegerField(_("units"), default=0)
    processed_units = models.PositiveIntegerField(_("processed units"), default=0)
    last_unit_id = models.BigIntegerField(default=0)  # the last unit planned into a batch (see above)
    lines_created = models.PositiveIntegerField(_("bill lines created"), default=0)
    error = models.TextField(_("error"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("started by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("billing run")
        verbose_name_plural = _("billing runs")
        ordering = ["project_id", "-created_at"]
        indexes = [models.Index(fields=["project", "period"])]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m}"

    @property
    def percent(self) -> int:
        if self.status == RunStatus.DONE:
            return 100
        if not self.total_units:
            return 0
        return min(100, self.processed_units * 100 // self.total_units)


class BillingRunBatch(models.Model):
    """One batch of a billing run: the project's units with id in [first_unit_id, last_unit_id].

    Job progress, not money: planned once when the run starts (or resumes), claimed by one
    worker at a time (`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL), and marked done in the
    same transaction as its bills. A batch whose transaction died is simply not done.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+", db_index=False)
    run = models.ForeignKey(BillingRun, on_delete=models.CASCADE, related_name="batches")
    first_unit_id = models.BigIntegerField()
    last_unit_id = models.BigIntegerField()
    units = models.PositiveIntegerField()
    done_at = models.DateTimeField(null=True, blank=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "run", "first_unit_id"], name="runbatch_one_per_start")
        ]
        indexes = [
            # What workers claim: the run's batches not yet done, in unit order.
            models.Index(
                fields=["run", "first_unit_id"],
                condition=models.Q(done_at__isnull=True),
                name="runbatch_undone",
            )
        ]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.first_unit_id}–{self.last_unit_id}"


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
    period = models.DateField(_("period"), help_text=_("The first day of the billed month."))
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
        return f"{self.item} {self.period:%Y-%m} ¥{self.amount}"


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


class ProviderAccount(models.Model):
    """A project's merchant account with an online provider, holding the notification signing key."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    method = models.CharField(_("method"), max_length=20, choices=PaymentMethod.choices)
    merchant_id = models.CharField(_("merchant id"), max_length=40, unique=True)
    signing_key = EncryptedTextField(_("signing key"), help_text=_("Stored encrypted."))
    is_sandbox = models.BooleanField(_("sandbox"), default=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history(excluded_fields=["signing_key"])

    class Meta:
        verbose_name = _("payment provider account")
        verbose_name_plural = _("payment provider accounts")
        constraints = [models.UniqueConstraint(fields=["project", "method"], name="provider_one_per_method")]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.merchant_id}"


class PaymentOrder(models.Model):
    """An online payment started by us (out_trade_no) and awaiting the provider's notification."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    unit = models.ForeignKey(
        "registry.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    method = models.CharField(_("method"), max_length=20, choices=PaymentMethod.choices)
    out_trade_no = models.CharField(_("order number"), max_length=40)
    amount = models.DecimalField(_("amount"), **MONEY)
    payer_name = models.CharField(_("payer"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("payment order")
        verbose_name_plural = _("payment orders")
        constraints = [
            models.UniqueConstraint(fields=["project", "out_trade_no"], name="order_number_unique")
        ]

    def __str__(self) -> str:
        return self.out_trade_no


class Payment(AppendOnlyModel):
    """实收: money received for a unit. `trade_no` (the provider's transaction id) is the idempotency key."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    unit = models.ForeignKey(
        "registry.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    method = models.CharField(_("method"), max_length=20, choices=PaymentMethod.choices)
    amount = models.DecimalField(_("amount"), **MONEY)
    payer_name = models.CharField(_("payer"), max_length=100, blank=True)
    trade_no = models.CharField(_("transaction number"), max_length=64, blank=True)
    order = models.ForeignKey(
        PaymentOrder,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("order"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("cashier")
    )
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["project_id", "-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "method", "trade_no"],
                condition=~models.Q(trade_no=""),
                name="payment_trade_no_once",
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"¥{self.amount} {self.get_method_display()}"


class PrepaidEntry(AppendOnlyModel):
    """预存: a unit's prepaid balance as a ledger: + from an overpayment, − when used for a bill."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    unit = models.ForeignKey(
        "registry.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("payment")
    )
    bill = models.ForeignKey(
        Bill, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("bill")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("prepaid entry")
        verbose_name_plural = _("prepaid entries")
        indexes = [models.Index(fields=["project", "unit"])]

    def __str__(self) -> str:
        return f"{self.amount:+}"


class Allocation(AppendOnlyModel):
    """核销: part of a payment (or of the prepaid balance) settling part of a bill."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    bill = models.ForeignKey(
        Bill, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("bill")
    )
    payment = models.ForeignKey(
        Payment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
        verbose_name=_("payment"),
    )
    prepaid_entry = models.OneToOneField(
        PrepaidEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("prepaid entry"),
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="allocation_amount_positive"),
            models.CheckConstraint(
                condition=models.Q(payment__isnull=False, prepaid_entry__isnull=True)
                | models.Q(payment__isnull=True, prepaid_entry__isnull=False),
                name="allocation_one_source",
            ),
        ]

    def __str__(self) -> str:
        return f"¥{self.amount} → {self.bill_id}"


class ReceiptCounter(models.Model):
    """The next receipt number of a project, locked (select_for_update) in the payment's transaction."""

    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    last_number = models.PositiveBigIntegerField(default=0)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("receipt counter")
        verbose_name_plural = _("receipt counters")

    def __str__(self) -> str:
        return str(self.last_number)


class Receipt(models.Model):
    """收据: numbered without gaps per project; a wrong one is voided with a reason, never deleted."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    number = models.PositiveBigIntegerField(_("receipt number"))
    payment = models.OneToOneField(
        Payment, on_delete=models.PROTECT, related_name="receipt", verbose_name=_("payment")
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("issued by")
    )
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("voided by"),
    )
    void_reason = models.CharField(_("void reason"), max_length=200, blank=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["project_id", "-number"]
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="receipt_number_unique")]
        permissions = [("void_receipt", "Void receipts")]

    def __str__(self) -> str:
        return self.display_number

    def delete(self, *args, **kwargs):
        raise TypeError("receipts are voided, never deleted")

    @property
    def display_number(self) -> str:
        return f"SJ{self.number:08d}"

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None


class ReceiptPrint(models.Model):
    """Every time a receipt is printed: the first is the original, later ones are marked 补打 / 副本."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    receipt = models.ForeignKey(
        Receipt, on_delete=models.PROTECT, related_name="prints", verbose_name=_("receipt")
    )
    is_copy = models.BooleanField(_("copy"), default=False)
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("printed by")
    )
    printed_at = models.DateTimeField(_("printed"), auto_now_add=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("receipt print")
        verbose_name_plural = _("receipt prints")

    def __str__(self) -> str:
        return f"{self.receipt_id} {'copy' if self.is_copy else 'original'}"


class PaymentNotification(models.Model):
    """Every notification a provider delivered, kept as received, with what we did with it."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("project")
    )
    method = models.CharField(_("method"), max_length=20, choices=PaymentMethod.choices, blank=True)
    trade_no = models.CharField(_("transaction number"), max_length=64, blank=True)
    payload = models.JSONField(_("payload"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=NotificationOutcome.choices)
    error = models.CharField(_("error"), max_length=200, blank=True)
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("payment")
    )
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment notification")
        verbose_name_plural = _("payment notifications")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.trade_no} {self.outcome}"


ZERO = Decimal("0.00")
from .models_cash import (  # noqa: E402,F401
    BankDeposit,
    DrawerDiscrepancy,
    DrawerEntry,
    DrawerSession,
    Refund,
)
from .models_debit import DebitBatch, DebitLine, DebitMandate  # noqa: E402,F401
from .models_deposit import Deposit, DepositMovement  # noqa: E402,F401
from .models_dunning import DunningCase, DunningContact, DunningStage  # noqa: E402,F401
from .models_events import (  # noqa: E402,F401
    DebitBatchEvent,
    DepositEvent,
    DrawerSessionEvent,
    DunningCaseEvent,
    HeatingStopEvent,
    PaymentOrderEvent,
    WaiverEvent,
)
from .models_heating import HeatingStopApplication, HeatingStopRule  # noqa: E402,F401
from .models_notices import NoticeBatch  # noqa: E402,F401
from .models_special import (  # noqa: E402,F401
    ServiceItem,
    ServiceItemPrice,
    SpecialServiceLine,
    SpecialServiceOrder,
    SpecialServiceStep,
    SpecialServiceSummary,
)
from .models_waiver import (  # noqa: E402,F401
    WaiverApplication,
    WaiverDecision,
    WaiverLine,
    WaiverReason,
    WaiverRule,
)
