"""Owner requests under first responsibility (首问责任制, SPEC §2.1).

A request always has a first receiver (who took it, never changes) and a holder (who is
accountable now, changes only by an accepted hand-off). Both are NOT NULL in the database,
so no request is ever without an accountable person. Every change is an append-only event.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.choices import DepartmentKind
from propdesk.core.models import Department, Project, ProjectScopedQuerySet, history

from .choices import (
    CallbackMethod,
    Channel,
    ComplaintState,
    EventKind,
    HandOffState,
    RepairClass,
    RepairLocation,
    RequestKind,
    RequestStatus,
    Satisfaction,
    WorkOrderState,
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
    reporter_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
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


class Complaint(models.Model):
    """投诉处理报告: the validity decision, the responsible department's action and the manager's sign-off."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    request = models.OneToOneField(
        ServiceRequest, on_delete=models.PROTECT, related_name="complaint", verbose_name=_("request")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ComplaintState.choices, default=ComplaintState.REGISTERED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    explanation = models.TextField(_("why it is not valid"), blank=True)
    owner_response = models.TextField(_("owner's response"), blank=True)
    summary = models.TextField(_("complaint summary"), blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible department"),
    )
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    special_case = models.BooleanField(_("special case (center manager organises)"), default=False)
    major = models.BooleanField(_("major complaint (deadline set case by case)"), default=False)
    department_action = models.TextField(_("department's action"), blank=True)
    action_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("action by"),
    )
    action_at = models.DateTimeField(_("action at"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed off by"),
    )
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("complaint report")
        verbose_name_plural = _("complaint reports")
        permissions = [
            ("decide_complaint", "Decide whether a complaint is valid and send it on"),
            ("act_on_complaint", "Write the department's action into a complaint report"),
            ("sign_off_complaint", "Sign off complaint reports (center manager)"),
        ]

    def __str__(self) -> str:
        return f"{self.request.number} ({self.get_state_display()})"


class Callback(models.Model):
    """回访: how the owner was reached, what they said and how satisfied they are."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    request = models.ForeignKey(
        ServiceRequest, on_delete=models.PROTECT, related_name="callbacks", verbose_name=_("request")
    )
    method = models.CharField(_("callback method"), max_length=20, choices=CallbackMethod.choices)
    satisfaction = models.CharField(_("satisfaction"), max_length=20, choices=Satisfaction.choices)
    owner_words = models.TextField(_("owner's words"))
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("done by")
    )
    done_at = models.DateTimeField(_("done at"))

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("callback")
        verbose_name_plural = _("callbacks")
        ordering = ["done_at"]
        indexes = [models.Index(fields=["project", "done_at"])]
        permissions = [("do_callback", "Call owners back")]

    def __str__(self) -> str:
        return f"{self.request.number} {self.get_method_display()} {self.get_satisfaction_display()}"


class Improvement(models.Model):
    """整改: after an unsatisfied callback the manager assigns improvement with a deadline."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    request = models.ForeignKey(
        ServiceRequest, on_delete=models.PROTECT, related_name="improvements", verbose_name=_("request")
    )
    callback = models.OneToOneField(
        Callback, on_delete=models.PROTECT, related_name="improvement", verbose_name=_("callback")
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("assigned to")
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("assigned by")
    )
    instructions = models.TextField(_("what to improve"))
    deadline = models.DateTimeField(_("deadline"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_note = models.TextField(_("what was done"), blank=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("improvement")
        verbose_name_plural = _("improvements")
        ordering = ["deadline"]
        permissions = [("assign_improvement", "Assign improvement after an unsatisfied callback")]

    def __str__(self) -> str:
        return f"{self.request.number} → {self.assigned_to}"


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


from .models_kpi import KpiCount, KpiDay, KpiDirty, KpiState  # noqa: E402,F401
from .models_plans import CallbackPlan, CallbackPlanEvent, CallbackTask, CallbackTaskEvent  # noqa: E402,F401
from .models_survey import (  # noqa: E402,F401
    SurveyAnswer,
    SurveyCampaign,
    SurveyCampaignEvent,
    SurveyQuestion,
    SurveyResponse,
)
