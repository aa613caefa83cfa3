"""The registry (SPEC §1): buildings, units, parties and who owns what.

Ownership has dates: a sale ends one relation and starts another, nothing is
overwritten. ID numbers are encrypted with a blind index for exact search.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.crypto import (
    EncryptedPhoneField,
    EncryptedTextField,
    PhoneIndexField,
    mask_id_number,
    mask_phone,
)
from propdesk.core.models import Project, ProjectScopedQuerySet, history
from propdesk.core.natural import natural_key

from ..choices import IdType, PartyKind, UnitStatus, UnitUse


class BuildingQuerySet(ProjectScopedQuerySet):
    def scope_q(self, scope, user, prefix: str = ""):
        """A butler (building scope) sees the buildings in her care; every row that belongs to a
        building (its units, their bills, requests, ...) follows through `scope_link`."""
        return scope.building_q(f"{prefix}id", f"{prefix}project_id")


class Building(models.Model):
    """楼栋 / 座."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="buildings", verbose_name=_("project")
    )
    code = models.CharField(
        _("building number"), max_length=20, help_text=_("As staff say it: 3 for building 3.")
    )
    name = models.CharField(_("name"), max_length=50)
    floors = models.PositiveSmallIntegerField(_("floors above ground"), default=1)
    entrances = models.PositiveSmallIntegerField(_("entrances"), default=1)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    # The code in natural order (core.natural): 2 before 10. Written on save; never edited.
    sort_key = models.CharField(max_length=100, blank=True, editable=False, default="")

    objects = BuildingQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["project_id", "sort_order", "sort_key", "code"]
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="building_code_unique_in_project")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.sort_key = natural_key(self.code)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_key"}
        super().save(*args, **kwargs)


def building_order(prefix: str = "") -> list[str]:
    """ORDER BY for buildings (prefix "building__" or "unit__building__" through a relation)."""
    return [f"{prefix}sort_order", f"{prefix}sort_key", f"{prefix}code"]


def unit_order(prefix: str = "") -> list[str]:
    """ORDER BY for units in natural order: building, then entrance and room (1-1-101 before
    1-1-1001); `prefix` "unit__" orders rows of another table by their unit."""
    return [*building_order(f"{prefix}building__"), f"{prefix}sort_key", f"{prefix}number"]


class UnitQuerySet(ProjectScopedQuerySet):
    pass


class Unit(models.Model):
    """房屋: one room number in a building (entrance 单元, floor, number)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="units", verbose_name=_("project")
    )
    building = models.ForeignKey(
        Building, on_delete=models.PROTECT, related_name="units", verbose_name=_("building")
    )
    entrance = models.CharField(
        _("entrance"),
        max_length=10,
        blank=True,
        help_text=_("The entrance (stairwell) number; empty for buildings with one entrance."),
    )
    floor = models.SmallIntegerField(_("floor"))
    number = models.CharField(_("room number"), max_length=20)
    building_area = models.DecimalField(
        _("building area (m²)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    inner_area = models.DecimalField(
        _("inner area (m²)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    use = models.CharField(_("use"), max_length=20, choices=UnitUse.choices, default=UnitUse.RESIDENTIAL)
    status = models.CharField(
        _("status"), max_length=20, choices=UnitStatus.choices, default=UnitStatus.UNSOLD
    )
    # Entrance and room in natural order (core.natural): 1-101 before 1-1001. Written on save and by
    # the bulk paths (registry generate and Excel import); never edited.
    sort_key = models.CharField(max_length=120, blank=True, editable=False, default="")

    objects = UnitQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["project_id", "building__sort_order", "building__sort_key", "sort_key", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "building", "entrance", "number"], name="unit_number_unique_in_building"
            )
        ]
        indexes = [
            models.Index(fields=["project", "status"]),
            # "1501" typed alone finds the room in every building.
            models.Index(fields=["project", "number"], name="unit_number_idx"),
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs):
        self.sort_key = self.natural_key_of(self.entrance, self.number)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_key"}
        super().save(*args, **kwargs)

    @staticmethod
    def natural_key_of(entrance: str, number: str) -> str:
        return natural_key(entrance, number)

    @property
    def label(self) -> str:
        """3-2-1501: building, entrance, room, as the front desk says it."""
        parts = [self.building.code]
        if self.entrance:
            parts.append(self.entrance)
        parts.append(self.number)
        return "-".join(parts)


class PartyQuerySet(ProjectScopedQuerySet):
    def scope_q(self, scope, user, prefix: str = ""):
        """A butler sees the people who own, rent or live (or did) in the buildings in her care."""
        if not scope.buildings:
            return None
        linked = models.Q()
        for name in ("ownerships", "residencies"):
            links = self.model._meta.get_field(name).related_model.objects
            linked |= models.Q(
                **{
                    f"{prefix}pk__in": links.filter(unit__building_id__in=scope.building_ids).values(
                        "party_id"
                    )
                }
            )
        return scope.outside_buildings_q(f"{prefix}project_id") | linked


class Party(models.Model):
    """业户: a person or a company that owns, rents or lives in units."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="parties", verbose_name=_("project")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PartyKind.choices, default=PartyKind.PERSON)
    name = models.CharField(_("name"), max_length=100, db_index=True)
    name_initials = models.CharField(_("pinyin initials"), max_length=50, blank=True, db_index=True)
    # Phones are encrypted like ID numbers; the blind indexes serve the exact and the last-four search.
    phone = EncryptedPhoneField(_("mobile phone"), blank=True)
    phone_index = PhoneIndexField(source="phone", db_index=True)
    phone_last4_index = PhoneIndexField(source="phone", last=4, db_index=True)
    landline = EncryptedPhoneField(_("landline"), blank=True)
    id_type = models.CharField(_("ID type"), max_length=20, choices=IdType.choices, blank=True)
    id_number = EncryptedTextField(_("ID number"), blank=True)
    id_number_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    user = models.ForeignKey(
        "core.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="parties",
        verbose_name=_("portal account"),
    )

    objects = PartyQuerySet.as_manager()
    history = history(excluded_fields=["id_number"])

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["project_id", "name"]
        permissions = [("reveal_personal_data", "See ID numbers and phones in full (logged)")]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_landline(self) -> str:
        return mask_phone(self.landline)


class Ownership(models.Model):
    """A party owning (a share of) a unit from one date to another. Ended, never overwritten."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="ownerships", verbose_name=_("project")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="ownerships", verbose_name=_("unit")
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="ownerships", verbose_name=_("owner")
    )
    share = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2, default=Decimal("100"))
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("ownership")
        verbose_name_plural = _("ownerships")
        ordering = ["project_id", "unit_id", "-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="ownership_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["project", "unit", "party"],
                condition=models.Q(ended_on__isnull=True),
                name="ownership_one_current_per_party",
            ),
        ]
        permissions = [
            ("transfer_ownership", "Record a sale: end the current ownerships and start new ones"),
        ]

    def __str__(self) -> str:
        return f"{self.party_id} → {self.unit_id} ({self.share}%)"
