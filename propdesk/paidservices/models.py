"""Paid services (特约服务 / 有偿服务, SPEC §7 and §2.2): the published price list, service orders, summaries.

A price list item (特约服务项目) has dated prices (labour and materials); an order copies the
price of the day into its lines, so a later price change never rewrites an order. An order
moves only through the lifecycle kit (`paidservices.transitions.SPECIAL_ORDER`) and every step is an
append-only `SpecialServiceStep` with who and when. On completion the order becomes one one-off `Bill`
line (reference = the order number), paid at the normal cashier desk with a normal receipt.

The tables kept the names they had when these models lived in billing (`billing_<model>`, and
`billing_historical<model>` for the audit history), so moving the app changed no table.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.billing.models import Bill
from propdesk.billing.money import MONEY
from propdesk.core.choices import DepartmentKind
from propdesk.core.models import AppendOnlyModel, Department, Project, ProjectScopedQuerySet, history

from .choices import AgreementMethod, SpecialState


class ServiceItem(models.Model):
    """特约服务项目: one line of the published price list (代办、特约服务收费价目表)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("service"), max_length=80)
    unit_label = models.CharField(
        _("unit of charge"), max_length=20, help_text=_("e.g. visit, piece, metre, hour")
    )
    department_kind = models.CharField(
        _("performing department"),
        max_length=30,
        choices=DepartmentKind.choices,
        default=DepartmentKind.ENGINEERING,
    )
    materials_note = models.CharField(
        _("materials"),
        max_length=120,
        blank=True,
        help_text=_("e.g. materials supplied by the owner / charged at cost"),
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history(table_name="billing_historicalserviceitem")

    class Meta:
        db_table = "billing_serviceitem"
        verbose_name = _("special service item")
        verbose_name_plural = _("special service items")
        ordering = ["project_id", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["project", "code"], name="serviceitem_code_unique")]

    def __str__(self) -> str:
        return self.name


class ServiceItemPrice(models.Model):
    """特约服务收费标准: the labour and materials price of an item from a date. Never edited: a change is a new row."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    item = models.ForeignKey(
        ServiceItem, on_delete=models.PROTECT, related_name="prices", verbose_name=_("special service item")
    )
    labour_price = models.DecimalField(_("labour price"), **MONEY)
    materials_price = models.DecimalField(_("materials price"), default=Decimal("0.00"), **MONEY)
    effective_from = models.DateField(_("effective from"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history(table_name="billing_historicalserviceitemprice")

    class Meta:
        db_table = "billing_serviceitemprice"
        verbose_name = _("special service price")
        verbose_name_plural = _("special service prices")
        ordering = ["project_id", "item_id", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "item", "effective_from"], name="serviceprice_unique_from"
            ),
            models.CheckConstraint(
                condition=models.Q(labour_price__gte=0, materials_price__gte=0),
                name="serviceprice_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} ¥{self.labour_price}+{self.materials_price} ({self.effective_from})"

    @property
    def total(self) -> Decimal:
        return self.labour_price + self.materials_price


class SpecialServiceOrder(models.Model):
    """特约服务单: a paid service for one unit, from a paid-service request or a paid repair."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    number = models.CharField(_("number"), max_length=20)
    unit = models.ForeignKey(
        "registry.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    request = models.ForeignKey(
        "servicedesk.ServiceRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="special_orders",
        verbose_name=_("request"),
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("performing department")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=SpecialState.choices, default=SpecialState.DRAFT
    )
    content = models.TextField(_("service content"))
    customer_name = models.CharField(_("customer"), max_length=50)
    appointment = models.CharField(_("appointed time"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )
    created_at = models.DateTimeField(_("registered at"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    agreed_at = models.DateTimeField(_("agreed at"), null=True, blank=True)
    agreement_method = models.CharField(
        _("agreement"), max_length=20, choices=AgreementMethod.choices, blank=True
    )
    signer_name = models.CharField(_("signed by"), max_length=50, blank=True)
    signature = models.ImageField(_("owner's signature"), upload_to="special_signatures/%Y/%m/", blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("completed by"),
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    bill = models.OneToOneField(
        Bill,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="special_order",
        verbose_name=_("bill"),
    )
    end_reason = models.CharField(_("reason"), max_length=200, blank=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history(excluded_fields=["signature"], table_name="billing_historicalspecialserviceorder")

    class Meta:
        db_table = "billing_specialserviceorder"
        verbose_name = _("special service order")
        verbose_name_plural = _("special service orders")
        ordering = ["project_id", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="specialorder_number_unique"),
            # One live paid order per request: the work order's check looks for exactly this one.
            models.UniqueConstraint(
                fields=["request"],
                condition=~models.Q(state__in=["declined", "cancelled"]),
                name="specialorder_one_live_per_request",
            ),
        ]
        indexes = [models.Index(fields=["project", "state", "-created_at"])]
        permissions = [
            (
                "confirm_specialserviceorder",
                "Confirm special services for content and price (department head)",
            ),
            (
                "price_specialserviceorder",
                "Set a price for work not on the price list (engineering supervisor, cleaning lead)",
            ),
            (
                "approve_specialserviceorder",
                "Approve the content and price of work off the price list (property manager)",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines.all()), start=Decimal("0.00"))

    @property
    def awaits_confirmation(self) -> bool:
        """A draft: the head has not yet confirmed content and price (work must not start)."""
        return self.state == SpecialState.DRAFT

    @property
    def is_agreed(self) -> bool:
        return self.state in (SpecialState.AGREED, SpecialState.COMPLETED)


class SpecialServiceLine(models.Model):
    """One priced line of an order: a price-list item with its price of the day copied, or a custom price."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey(
        SpecialServiceOrder, on_delete=models.CASCADE, related_name="lines", verbose_name=_("order")
    )
    item = models.ForeignKey(
        ServiceItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("special service item"),
    )
    price = models.ForeignKey(
        ServiceItemPrice, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("service"), max_length=80)
    unit_label = models.CharField(_("unit of charge"), max_length=20, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    labour_price = models.DecimalField(_("labour price"), **MONEY)
    materials_price = models.DecimalField(_("materials price"), **MONEY)
    amount = models.DecimalField(_("amount"), **MONEY)
    priced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("priced by"),
        help_text=_("Set for a custom price (not on the price list)."),
    )

    objects = ProjectScopedQuerySet.as_manager()
    history = history(table_name="billing_historicalspecialserviceline")

    class Meta:
        db_table = "billing_specialserviceline"
        verbose_name = _("special service line")
        verbose_name_plural = _("special service lines")
        ordering = ["order_id", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="specialline_quantity_positive"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="specialline_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.name} × {self.quantity}"

    @property
    def is_custom(self) -> bool:
        return self.item_id is None


class SpecialServiceStep(AppendOnlyModel):
    """Who moved an order from which state to which, when and why. Never changed."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey(SpecialServiceOrder, on_delete=models.CASCADE, related_name="steps")
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, choices=SpecialState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    note = models.CharField(max_length=200, blank=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        db_table = "billing_specialservicestep"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_state} → {self.to_state}"


class SpecialServiceSummary(models.Model):
    """特约服务统计表: one per project and month, made by the job before the 25th; rows kept as made."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month summarised."))
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    rows = models.JSONField(_("rows"), default=list)
    order_count = models.PositiveIntegerField(_("orders"), default=0)
    revenue = models.DecimalField(_("revenue"), **MONEY)
    produced_at = models.DateTimeField(_("produced at"))
    notified = models.PositiveSmallIntegerField(_("managers notified"), default=0)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        db_table = "billing_specialservicesummary"
        verbose_name = _("special service summary")
        verbose_name_plural = _("special service summaries")
        ordering = ["project_id", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["project", "month"], name="specialsummary_one_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"
