"""Who lives in a unit and what staff should know about them: residents, emergency contacts,
vehicles, care notes (关注业户感受), the unit's status events and the personal-data access log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.crypto import EncryptedPhoneField, mask_phone
from propdesk.core.models import Project, ProjectScopedQuerySet, history

from ..choices import CareKind, PersonalDataPurpose, ResidencyKind, UnitStatus
from .core import Party, Unit


class UnitEvent(models.Model):
    """A unit's status change (append-only): the unit's timeline."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="events", verbose_name=_("unit"))
    from_status = models.CharField(_("from status"), max_length=20, choices=UnitStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, choices=UnitStatus.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("time"), db_index=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit event")
        verbose_name_plural = _("unit events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.from_status} → {self.to_status}"


class Residency(models.Model):
    """A tenant, resident or family member living in a unit from one date to another (租户 / 住户)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="residencies", verbose_name=_("unit")
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="residencies", verbose_name=_("resident")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ResidencyKind.choices)
    relation = models.CharField(
        _("relation"), max_length=30, blank=True, help_text=_("To the owner or tenant, e.g. spouse, child.")
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("residency")
        verbose_name_plural = _("residencies")
        ordering = ["project_id", "unit_id", "-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="residency_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["project", "unit", "party", "kind"],
                condition=models.Q(ended_on__isnull=True),
                name="residency_one_current_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party_id} @ {self.unit_id} ({self.kind})"


class EmergencyContact(models.Model):
    """紧急联络单: whom to call when something happens in the unit and nobody answers."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="emergency_contacts", verbose_name=_("unit")
    )
    name = models.CharField(_("name"), max_length=50)
    relation = models.CharField(_("relation"), max_length=30, blank=True)
    phone = EncryptedPhoneField(_("phone"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("emergency contact")
        verbose_name_plural = _("emergency contacts")
        ordering = ["project_id", "unit_id", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class Vehicle(models.Model):
    """A vehicle registered to a unit (车牌). Removed with a date, never deleted."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="vehicles", verbose_name=_("unit"))
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vehicles",
        verbose_name=_("owner"),
    )
    plate = models.CharField(_("plate number"), max_length=10, db_index=True)
    new_energy = models.BooleanField(_("new-energy vehicle"), default=False)
    description = models.CharField(_("make and colour"), max_length=50, blank=True)
    parking_space = models.CharField(_("parking space"), max_length=30, blank=True)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        ordering = ["project_id", "plate"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="vehicle_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["project", "plate"],
                condition=models.Q(ended_on__isnull=True),
                name="vehicle_plate_current_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.plate


class CareNote(models.Model):
    """关注业户感受: what staff should keep in mind about the people in a unit."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="care_notes", verbose_name=_("unit")
    )
    party = models.ForeignKey(
        Party,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="care_notes",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CareKind.choices)
    preferred_contact_time = models.CharField(
        _("preferred contact time"), max_length=50, blank=True, help_text=_("e.g. weekdays after 18:00")
    )
    note = models.TextField(_("note"), blank=True)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("care note")
        verbose_name_plural = _("care notes")
        ordering = ["project_id", "unit_id", "-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="care_note_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} @ {self.unit_id}"


class PersonalDataAccess(models.Model):
    """Append-only log of every full view of personal data: who, whose, when, why (PIPL)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("who")
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("whose")
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=PersonalDataPurpose.choices)
    reason = models.CharField(_("reason"), max_length=200)
    records = models.PositiveIntegerField(_("records"), default=1)
    at = models.DateTimeField(_("when"), db_index=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.party_id} ({self.purpose})"
