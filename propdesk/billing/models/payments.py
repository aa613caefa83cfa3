"""Payments and receipts (SPEC §7): provider accounts, payment orders, payments (实收), the
prepaid ledger (预存), allocations (核销), receipts (收据) and provider notifications.

Money is append-only (ARCHITECTURE.md): payments, allocations, prepaid entries and receipts are
inserted and never updated in their amounts or deleted. A correction is a new row (a voided
receipt, a refund) with a reason. Migration 0002 installs database triggers that refuse such
updates as a safety net; the real path is `services/payments.py`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.crypto import EncryptedTextField
from propdesk.core.models import AppendOnlyModel, Project, ProjectScopedQuerySet, history

from ..choices import KIND_METHOD, NotificationOutcome, OrderChannel, OrderStatus, PaymentMethod, ProviderKind
from ..money import MONEY
from ..providers import sandbox_allowed
from .bills import Bill


class ProviderAccount(models.Model):
    """A project's merchant account with an online provider and the keys its company added.

    `kind` chooses the adapter: the sandbox (simulated; HMAC `signing_key`), WeChat Pay API v3
    (merchant_id = 商户号, app_id = the AppID, cert_serial_no, private_key, signing_key = the APIv3
    key, platform_public_key + platform_key_id) or Alipay (merchant_id = app_id = the APPID,
    private_key = 应用私钥, platform_public_key = 支付宝公钥). Secrets are stored encrypted and never
    shown back (docs/billing.md, "Live merchant accounts")."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    method = models.CharField(_("method"), max_length=20, choices=PaymentMethod.choices)
    kind = models.CharField(
        _("connection"), max_length=20, choices=ProviderKind.choices, default=ProviderKind.SANDBOX
    )
    merchant_id = models.CharField(_("merchant id"), max_length=40, unique=True)
    app_id = models.CharField(_("app id"), max_length=40, blank=True)
    cert_serial_no = models.CharField(_("certificate serial number"), max_length=64, blank=True)
    # The sandbox's HMAC key, or WeChat Pay's APIv3 key (notifications are decrypted with it).
    signing_key = EncryptedTextField(_("signing key"), blank=True, help_text=_("Stored encrypted."))
    # Write-only: forms never show the key, only whether one is set and when it last changed (the
    # history of this field records who changed it).
    signing_key_changed_at = models.DateTimeField(
        _("signing key changed"), null=True, blank=True, editable=False
    )
    private_key = EncryptedTextField(_("merchant private key"), blank=True, help_text=_("Stored encrypted."))
    private_key_changed_at = models.DateTimeField(
        _("private key changed"), null=True, blank=True, editable=False
    )
    platform_public_key = models.TextField(_("platform public key"), blank=True)
    platform_key_id = models.CharField(_("platform public key id"), max_length=64, blank=True)
    is_sandbox = models.BooleanField(_("sandbox"), default=True, editable=False)

    objects = ProjectScopedQuerySet.as_manager()
    history = history(excluded_fields=["signing_key", "private_key"])

    class Meta:
        verbose_name = _("payment provider account")
        verbose_name_plural = _("payment provider accounts")
        constraints = [models.UniqueConstraint(fields=["project", "method"], name="provider_one_per_method")]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.merchant_id}"

    def save(self, *args, **kwargs):
        self.is_sandbox = self.kind == ProviderKind.SANDBOX  # kept for the many "is a sandbox active" filters
        if kwargs.get("update_fields") is not None and "kind" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "is_sandbox"}
        super().save(*args, **kwargs)

    def missing_keys(self) -> list[str]:
        """The fields a live account still needs before it can take money."""
        needed = {
            ProviderKind.SANDBOX: ["signing_key"],
            ProviderKind.WECHATPAY_V3: [
                "app_id",
                "cert_serial_no",
                "private_key",
                "signing_key",
                "platform_public_key",
            ],
            ProviderKind.ALIPAY: ["private_key", "platform_public_key"],
        }[ProviderKind(self.kind)]
        return [name for name in needed if not getattr(self, name)]

    def clean(self):
        super().clean()
        if self.kind == ProviderKind.SANDBOX and not sandbox_allowed():
            raise ValidationError(
                {"kind": _("Sandbox accounts are refused in production (PROPDESK_REQUIRE_SECRETS).")}
            )
        if self.kind in KIND_METHOD and KIND_METHOD[ProviderKind(self.kind)] != self.method:
            raise ValidationError({"kind": _("This connection does not serve this payment method.")})
        if (
            self.kind == ProviderKind.WECHATPAY_V3
            and self.signing_key
            and len(self.signing_key.encode()) != 32
        ):
            raise ValidationError({"signing_key": _("The APIv3 key has 32 characters.")})


class PaymentOrder(models.Model):
    """An online payment started by us (out_trade_no): from the owner's app, or at the cashier's desk
    by scanning the owner's payment code (付款码) or showing a code the owner scans (收款码)."""

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
    channel = models.CharField(
        _("channel"), max_length=20, choices=OrderChannel.choices, default=OrderChannel.APP
    )
    # The bills the cashier chose at the desk (ids); empty: the oldest outstanding first.
    bills = models.JSONField(_("bills"), default=list, blank=True)
    # 付款码: only the last four digits are kept (the code itself is a one-time credential).
    code_tail = models.CharField(_("payment code"), max_length=4, blank=True)
    # 收款码: what the QR code shown at the desk encodes (the provider's code_url).
    code_url = models.CharField(_("code link"), max_length=300, blank=True)
    failure = models.CharField(_("provider's answer"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    # Not a column: the merchant account `create_payment_order` checked the order against, so that
    # starting it at the provider in the same request does not read it again.
    provider_account: ProviderAccount | None = None

    class Meta:
        verbose_name = _("payment order")
        verbose_name_plural = _("payment orders")
        constraints = [
            models.UniqueConstraint(fields=["project", "out_trade_no"], name="order_number_unique")
        ]

    def __str__(self) -> str:
        return self.out_trade_no

    @property
    def is_open(self) -> bool:
        return self.status == OrderStatus.OPEN

    @property
    def is_paid(self) -> bool:
        return self.status == OrderStatus.PAID

    @property
    def is_closed(self) -> bool:
        return self.status == OrderStatus.CLOSED

    @property
    def waits_for_wallet(self) -> bool:
        """A scanned payment code the owner is still confirming in the wallet (USERPAYING)."""
        return self.is_open and self.channel == OrderChannel.DESK_SCAN

    @property
    def shows_code(self) -> bool:
        return self.is_open and self.channel == OrderChannel.DESK_CODE


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
