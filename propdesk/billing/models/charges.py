"""What a unit is charged (SPEC §7): charge items (收费项目), prices (收费标准), a unit's own
price and the date a unit starts paying (起征日)."""

from __future__ import annotations

import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.models import Project, ProjectScopedQuerySet, history
from propdesk.registry.choices import UnitUse

from ..choices import AreaBasis, BillingCycle, ChargeKind, MeterKind
from ..money import PRICE


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
    unit_label = models.CharField(
        _("price unit"), max_length=20, blank=True, help_text=_("e.g. yuan/m²/month")
    )
    season_months = models.CharField(
        _("season months"),
        max_length=40,
        blank=True,
        help_text=_("Seasonal items only: the months billed, e.g. 11,12,1,2,3."),
    )
    prorate = models.BooleanField(_("prorate partial months"), default=True)
    billing_cycle = models.CharField(
        _("billing cycle"),
        max_length=20,
        choices=BillingCycle.choices,
        default=BillingCycle.MONTHLY,
        help_text=_(
            "Monthly, quarterly or yearly. Area and fixed items are billed in the first month of their"
            " quarter or year, metered items in the last (from the readings up to its end)."
        ),
    )
    meter_kind = models.CharField(
        _("meter kind"),
        max_length=20,
        choices=MeterKind.choices,
        blank=True,
        help_text=_("Metered items only: the meters whose readings this item charges."),
    )
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
        # NFKC: the full-width comma a Chinese keyboard types between the months is a comma too
        text = unicodedata.normalize("NFKC", self.season_months)
        months = {int(m) for m in text.split(",") if m.strip()}
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
