"""Repairs (接修流程): technicians' skills, work orders (派工单) and the materials they used."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.models import Project, ProjectScopedQuerySet, history

from ..choices import (
    RepairLocation,
    WorkOrderState,
)
from .requests import (
    Category,
    ServiceRequest,
)


class TechnicianSkill(models.Model):
    """Which categories a technician repairs (for the dispatcher's suggestion)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="skills",
        verbose_name=_("technician"),
    )
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="skilled", verbose_name=_("category")
    )

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("technician skill")
        verbose_name_plural = _("technician skills")
        constraints = [
            models.UniqueConstraint(fields=["project", "technician", "category"], name="skill_once")
        ]

    def __str__(self) -> str:
        return f"{self.technician} · {self.category}"


class WorkOrderQuerySet(ProjectScopedQuerySet):
    def open(self):
        return self.exclude(state__in=[WorkOrderState.RETURNED, WorkOrderState.CANCELLED])


class WorkOrder(models.Model):
    """派工单: one repair as the technician carries it out, with the times the clocks need."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="work_orders", verbose_name=_("project")
    )
    request = models.ForeignKey(
        ServiceRequest, on_delete=models.PROTECT, related_name="work_orders", verbose_name=_("request")
    )
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="work_orders",
        verbose_name=_("technician"),
    )
    dispatcher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("dispatcher")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=WorkOrderState.choices, default=WorkOrderState.DISPATCHED
    )
    dispatched_at = models.DateTimeField(_("dispatched at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("arrived at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("slip returned at"), null=True, blank=True)
    work_done = models.TextField(_("work done"), blank=True)
    labour_minutes = models.PositiveIntegerField(_("labour (minutes)"), default=0)
    signer_name = models.CharField(_("signed by"), max_length=50, blank=True)
    signature = models.ImageField(_("owner's signature"), upload_to="signatures/%Y/%m/", blank=True)

    objects = WorkOrderQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        ordering = ["-dispatched_at"]
        indexes = [models.Index(fields=["project", "technician", "state"])]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=~models.Q(state__in=["returned", "cancelled"]),
                name="one_live_work_order_per_request",
            )
        ]
        permissions = [
            ("dispatch_workorder", "Dispatch repairs to technicians"),
            ("work_on_orders", "Carry out work orders (technicians)"),
            ("receive_slip", "Receive returned repair slips"),
        ]

    def __str__(self) -> str:
        return f"{self.request.number} · {self.technician}"

    @property
    def needs_owner_signature(self) -> bool:
        return self.request.repair_location == RepairLocation.IN_UNIT


class WorkOrderMaterial(models.Model):
    """A material used on a work order. Amounts are recorded as used; prices belong to billing."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="materials")
    name = models.CharField(_("material"), max_length=100)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    unit = models.CharField(_("unit of measure"), max_length=10, blank=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("material used")
        verbose_name_plural = _("materials used")

    def __str__(self) -> str:
        return f"{self.name} × {self.quantity}{self.unit}"
