"""Meters and their readings (抄表), and what a billing run charged from them (SPEC §7, utility
pass-through).

A meter (表具) belongs to a unit and measures one kind of supply. Readings are append-only: a wrong
reading is corrected by a new reading that replaces it (or voids it), with a reason. A meter change
(换表) takes the old meter out with its final reading and puts a new meter in with its start reading,
so a billing run charges each meter from the reading it last billed to its latest reading and the
consumption across the change is right. `MeterCharge` is that charge's detail beside its bill line:
previous and current reading and the consumption (× the meter's multiplier).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.models import AppendOnlyModel, Project, ProjectScopedQuerySet, history

from ..choices import MeterKind, ReadingKind, ReadingSource
from .bills import Bill

READING = {"max_digits": 12, "decimal_places": 2}


class Meter(models.Model):
    """表具: one physical meter of a unit. Taken out by a meter change (`removed_on`), never deleted."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    unit = models.ForeignKey(
        "registry.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    kind = models.CharField(_("meter kind"), max_length=20, choices=MeterKind.choices)
    number = models.CharField(_("meter number"), max_length=40)
    multiplier = models.DecimalField(
        _("multiplier"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("1"),
        help_text=_("Consumption = reading difference × multiplier (for meters with a current transformer)."),
    )
    installed_on = models.DateField(_("installed on"))
    removed_on = models.DateField(_("taken out on"), null=True, blank=True)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces meter"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("meter")
        verbose_name_plural = _("meters")
        ordering = ["project_id", "unit_id", "kind", "installed_on", "id"]
        constraints = [
            # A meter number is one meter of its kind while it is in place (a meter that rolled over
            # may come back under the same number after a meter change).
            models.UniqueConstraint(
                fields=["project", "kind", "number"],
                condition=models.Q(removed_on__isnull=True),
                name="meter_number_unique_in_place",
            ),
            models.CheckConstraint(condition=models.Q(multiplier__gt=0), name="meter_multiplier_positive"),
        ]
        indexes = [models.Index(fields=["project", "unit", "kind"], name="meter_unit_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    @property
    def in_place(self) -> bool:
        return self.removed_on is None


class MeterReading(AppendOnlyModel):
    """抄表读数: a meter's value on a day. Never changed or deleted (database triggers, migration 0024).

    A correction is a new row that `replaces` the wrong one (same day, kind and meter, the right value
    and a reason); kind VOID cancels the row it replaces. A reading counts when nothing replaces it and
    it is not a VOID.
    """

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    meter = models.ForeignKey(
        Meter, on_delete=models.PROTECT, related_name="readings", verbose_name=_("meter")
    )
    unit = models.ForeignKey(
        "registry.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=ReadingKind.choices, default=ReadingKind.READING
    )
    value = models.DecimalField(_("reading"), null=True, blank=True, **READING)
    read_on = models.DateField(_("read on"))
    source = models.CharField(_("entered through"), max_length=20, choices=ReadingSource.choices)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("corrects"),
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("meter reading")
        verbose_name_plural = _("meter readings")
        ordering = ["project_id", "meter_id", "read_on", "id"]
        indexes = [models.Index(fields=["meter", "read_on"], name="reading_meter_day")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind=ReadingKind.VOID) | models.Q(value__isnull=False, value__gte=0),
                name="reading_value_present",
            )
        ]
        permissions = [("correct_meterreading", "Correct or void meter readings")]

    def __str__(self) -> str:
        return f"{self.meter_id} {self.read_on} {self.value}"

    @property
    def is_correction(self) -> bool:
        return self.replaces_id is not None


class MeterCharge(AppendOnlyModel):
    """计量收费明细: the meter, readings and consumption behind one bill line. Never changed."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    bill = models.OneToOneField(
        Bill, on_delete=models.PROTECT, related_name="meter_charge", verbose_name=_("bill")
    )
    meter = models.ForeignKey(
        Meter, on_delete=models.PROTECT, related_name="charges", verbose_name=_("meter")
    )
    previous = models.ForeignKey(
        MeterReading, on_delete=models.PROTECT, related_name="+", verbose_name=_("previous reading")
    )
    current = models.ForeignKey(
        MeterReading, on_delete=models.PROTECT, related_name="+", verbose_name=_("current reading")
    )
    previous_value = models.DecimalField(_("previous reading"), **READING)
    current_value = models.DecimalField(_("current reading"), **READING)
    multiplier = models.DecimalField(_("multiplier"), max_digits=10, decimal_places=2)
    consumption = models.DecimalField(_("consumption"), max_digits=14, decimal_places=2)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("meter charge")
        verbose_name_plural = _("meter charges")
        indexes = [models.Index(fields=["meter", "id"], name="metercharge_meter_latest")]

    def __str__(self) -> str:
        return f"{self.previous_value} → {self.current_value} ({self.consumption})"
