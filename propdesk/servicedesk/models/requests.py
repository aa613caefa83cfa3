"""Owner requests under first responsibility (首问责任制, SPEC §2.1).

A request always has a first receiver (who took it, never changes) and a holder (who is
accountable now, changes only by an accepted hand-off). Both are NOT NULL in the database,
so no request is ever without an accountable person. Every change is an append-only event.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from propdesk.core.choices import DepartmentKind
from propdesk.core.crypto import EncryptedPhoneField
from propdesk.core.models import Department, Project, ProjectScopedQuerySet, history

from ..choices import (
    Channel,
    EventKind,
    HandOffState,
    RepairClass,
    RepairLocation,
    RequestKind,
    RequestStatus,
    Satisfaction,
)


class Category(models.Model):
    """诉求类别: an editable tree; each category names its responsible department and default repair class."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="request_categories", verbose_name=_("project")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=50)
    department_kind = models.CharField(
        _("responsible department"),
        max_length=30,
        choices=DepartmentKind.choices,
        blank=True,
        help_text=_("Empty when the department is unclear: hand-offs then go to the center director."),
    )
    default_repair_class = models.CharField(
        _("default repair class"), max_length=20, choices=RepairClass.choices, blank=True
    )
    requires_door_visit = models.BooleanField(
        _("important item (door-visit callback)"),
        default=False,
        help_text=_("Air conditioning, water outage, heating or cooling stopped, curtain-wall leak."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("request category")
        verbose_name_plural = _("request categories")
        ordering = ["project_id", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="category_code_unique_in_project")
        ]

    def __str__(self) -> str:
        return f"{self.parent.name} / {self.name}" if self.parent_id else self.name


class RequestCounter(models.Model):
    """Per project, prefix and day: the last number given. Locked while a number is taken."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    prefix = models.CharField(max_length=4)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "prefix", "day"], name="request_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.day:%Y%m%d}: {self.last}"


class ServiceRequestQuerySet(ProjectScopedQuerySet):
    def open(self):
        return self.exclude(status__in=[RequestStatus.CLOSED, RequestStatus.CANCELLED])

    def scope_q(self, scope, user, prefix: str = ""):
        """Where every position of the user is limited (`access.RowScope.requests`): the requests of
        the units of the buildings in their care (a butler), of the work orders given to them (a
        technician), and — first responsibility — those they took, hold, are asked to take over or
        must improve. Hand-offs, work orders, callbacks and the rest follow through `scope_link`."""
        limited = scope.requests
        if not limited:
            return None
        buildings = sorted(set().union(*(s.buildings for s in limited.values())))
        related = {
            name: self.model._meta.get_field(name).related_model
            for name in ("handoffs", "work_orders", "improvements")
        }
        mine = [
            related["handoffs"].objects.filter(to_user=user, state=HandOffState.REQUESTED),
            related["improvements"].objects.filter(assigned_to=user),
        ]
        if any(s.own_work_orders for s in limited.values()):
            mine.append(related["work_orders"].objects.filter(technician=user))
        q = (
            ~Q(**{f"{prefix}project_id__in": sorted(limited)})
            | Q(**{f"{prefix}holder": user})
            | Q(**{f"{prefix}first_receiver": user})
        )
        if buildings:
            q |= Q(**{f"{prefix}unit__building_id__in": buildings})
        for rows in mine:
            q |= Q(**{f"{prefix}pk__in": rows.values("request_id")})
        return q


class ServiceRequest(models.Model):
    """业户诉求: a repair, complaint, inquiry, suggestion, praise, paid service or other matter."""

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="service_requests",
        verbose_name=_("project"),
        db_index=False,  # every index of this table leads with the project
    )
    number = models.CharField(_("number"), max_length=20)
    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    unit = models.ForeignKey(
        "registry.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_requests",
        verbose_name=_("unit"),
    )
    location = models.CharField(
        _("location"), max_length=200, blank=True, help_text=_("Public area or details.")
    )
    reporter_name = models.CharField(_("reporter"), max_length=50)
    reporter_phone = EncryptedPhoneField(_("contact phone"), blank=True)
    party = models.ForeignKey(
        "registry.Party",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_requests",
        verbose_name=_("owner or resident"),
    )
    content = models.TextField(_("content"))
    owner_requirements = models.CharField(_("owner's requirements"), max_length=200, blank=True)
    preferred_time = models.CharField(_("preferred time"), max_length=100, blank=True)
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("category"),
    )
    repair_location = models.CharField(
        _("repair location"), max_length=20, choices=RepairLocation.choices, blank=True
    )
    repair_class = models.CharField(_("repair class"), max_length=20, choices=RepairClass.choices, blank=True)
    responsible_department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_requests",
        verbose_name=_("responsible department"),
    )
    first_receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="first_received_requests",
        verbose_name=_("first receiver"),
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="held_requests",
        verbose_name=_("accountable person"),
    )
    apologized = models.BooleanField(_("apologised to the owner"), default=False)
    incident = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("linked to incident"),
    )
    received_at = models.DateTimeField(_("received at"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = ServiceRequestQuerySet.as_manager()
    history = history(foreign_key_indexes=False)  # one history row per request write

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="request_number_unique_in_project")
        ]
        indexes = [
            models.Index(fields=["project", "status", "-received_at"]),
            models.Index(fields=["project", "holder", "status"]),
            models.Index(fields=["project", "kind", "-received_at"]),
            # KPIs (kpis.py): intake by kind and channel, completions for the callback rate.
            models.Index(
                fields=["project", "received_at"], include=["kind", "channel"], name="request_kpi_received"
            ),
            models.Index(fields=["project", "resolved_at"], include=["kind"], name="request_kpi_resolved"),
            # The list's default order over all statuses (a year is a million rows).
            models.Index(fields=["project", "-received_at", "-id"], name="request_newest_first"),
            # The list filtered by category or by building (unit ids): page and capped count read the
            # index alone instead of visiting thousands of rows.
            models.Index(fields=["project", "category", "-received_at"], name="request_by_category"),
            models.Index(fields=["project", "unit", "-received_at"], name="request_by_unit"),
        ]
        permissions = [
            ("handle_request", "Take and hand off owner requests"),
            ("reassign_request", "Hand over a request someone else holds"),
            ("reclassify_request", "Change a repair's class (general, small, emergency)"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status not in (RequestStatus.CLOSED, RequestStatus.CANCELLED)


class RequestEvent(models.Model):
    """One step of a request's timeline. Append-only: never updated, never deleted."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField()
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["request", "at"])]

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class HandOff(models.Model):
    """转交: requested by the holder, effective only when the receiver accepts it."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    request = models.ForeignKey(
        ServiceRequest, on_delete=models.CASCADE, related_name="handoffs", verbose_name=_("request")
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="incoming_handoffs",
        verbose_name=_("to"),
    )
    reason = models.TextField(_("reason"))
    multi_department = models.BooleanField(_("several departments involved"), default=False)
    state = models.CharField(
        _("state"), max_length=20, choices=HandOffState.choices, default=HandOffState.REQUESTED
    )
    requested_at = models.DateTimeField(_("requested at"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("hand-off")
        verbose_name_plural = _("hand-offs")
        ordering = ["-requested_at"]
        constraints = [
            # One open hand-off per request at a time: the holder cannot scatter a request.
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(state=HandOffState.REQUESTED),
                name="one_open_handoff_per_request",
            )
        ]
        indexes = [models.Index(fields=["to_user", "state"])]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_user_id} → {self.to_user_id} ({self.state})"


def _photo_path(instance, filename: str) -> str:
    return f"requests/{instance.project_id}/{instance.request_id}/{filename}"


class RequestPhoto(models.Model):
    """A photo of the problem, taken by the owner in the portal or by staff at intake."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=_photo_path)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.image.name


class OwnerRating(models.Model):
    """The owner's own rating of a finished request in the portal (评价)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    request = models.OneToOneField(ServiceRequest, on_delete=models.CASCADE, related_name="owner_rating")
    satisfaction = models.CharField(_("satisfaction"), max_length=20, choices=Satisfaction.choices)
    comment = models.TextField(_("comment"), blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rated_at = models.DateTimeField()

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("owner's rating")
        verbose_name_plural = _("owners' ratings")

    def __str__(self) -> str:
        return f"{self.request_id}: {self.satisfaction}"
