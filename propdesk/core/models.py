"""Organisation (SPEC §0): companies, projects, departments, positions, memberships.

Access rules live in `access.py`; every list goes through a `for_user()` query
method defined here, and every single object through an access helper.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Permission
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import lifecycle
from .audit import history_user_getter
from .choices import DepartmentKind, JobTrigger, PositionScope, ProjectKind
from .crypto import EncryptedPhoneField, PhoneIndexField


class _HistoryWithoutForeignKeyIndexes(HistoricalRecords):
    """History rows are read per object (by `id`, newest first), never by a foreign key: the copied
    foreign keys need no index. Every index costs each insert — on the busiest tables, one per save."""

    def copy_fields(self, model):
        fields = super().copy_fields(model)
        for field in fields.values():
            if isinstance(field, models.ForeignKey):
                field.db_index = False
        return fields


def history(*, foreign_key_indexes: bool = True, **kwargs) -> HistoricalRecords:
    """Audit history for a business model, recording the acting user (see audit.py).

    `foreign_key_indexes=False` for the busiest writes: their history tables keep only the indexes
    the history page uses (the object's id, the date, the user)."""
    records = HistoricalRecords if foreign_key_indexes else _HistoryWithoutForeignKeyIndexes
    return records(get_user=history_user_getter, **kwargs)


class User(AbstractUser):
    """A person who logs in: staff of the company, or an owner/tenant using the portal."""

    display_name = models.CharField(_("full name"), max_length=50, blank=True)
    phone = EncryptedPhoneField(_("mobile phone"), blank=True)  # personal: encrypted (issue 17, item 13)
    # Owners sign in with their mobile number: found through this blind index, never a clear number.
    phone_index = PhoneIndexField(source="phone", db_index=True)
    employee_no = models.CharField(_("employee number"), max_length=30, blank=True)
    # The member's UserID in the company's Enterprise WeChat (企业微信) directory: staff notifications
    # sent by WeCom go to it (propdesk.notices.channels).
    wecom_userid = models.CharField(
        _("Enterprise WeChat user ID"),
        max_length=64,
        blank=True,
        help_text=_(
            "The account in the WeCom admin console (Contacts, member, Account); blank: no WeCom messages."
        ),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username


class CompanyQuerySet(models.QuerySet):
    def for_user(self, user) -> CompanyQuerySet:
        from .access import visible_company_ids  # noqa: PLC0415  (access imports these models)

        return self.filter(id__in=visible_company_ids(user))


class Company(models.Model):
    """物业公司: runs many projects."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.SlugField(_("code"), max_length=30, unique=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)

    objects = CompanyQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProjectQuerySet(models.QuerySet):
    def for_user(self, user) -> ProjectQuerySet:
        from .access import visible_project_ids  # noqa: PLC0415  (access imports these models)

        return self.filter(id__in=visible_project_ids(user))


class Project(models.Model):
    """项目 / 物业服务中心. Every business record belongs to exactly one project."""

    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="projects", verbose_name=_("company")
    )
    name = models.CharField(_("name"), max_length=100)
    code = models.SlugField(_("code"), max_length=30)
    kind = models.CharField(_("kind"), max_length=20, choices=ProjectKind.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    timezone = models.CharField(_("time zone"), max_length=50, default="Asia/Shanghai")
    service_phone = models.CharField(_("service phone"), max_length=30, blank=True)
    service_center_name = models.CharField(
        _("service center name"),
        max_length=100,
        blank=True,
        help_text=_("Used in the phone greeting and on printed forms."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = ProjectQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["company_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["company", "code"], name="project_code_unique_in_company")
        ]
        # Section permissions: held through a position, they show a navigation section.
        permissions = [
            ("access_frontdesk", "Use the front desk section"),
            ("access_servicedesk", "Use the service desk section"),
            ("access_engineering", "Use the engineering section"),
            ("access_finance", "Use the finance section"),
            ("access_renovation", "Use the renovation section"),
            ("access_inspections", "Use the inspections section"),
            ("access_reports", "Use the reports section"),
            ("access_settings", "Use the settings section"),
            ("view_history", "See the change history of records"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_center_name(self) -> str:
        return self.service_center_name or gettext("%(project)s Property Service Center") % {
            "project": self.name
        }


# The foreign keys through which a row belongs to a row of narrower scope, tried in this order
# (`scope_link`): a bill's unit, a work order's request, a receipt's payment, a contact's case.
SCOPE_LINKS = (
    "building",
    "unit",
    "request",
    "order",
    "bill",
    "payment",
    "case",
    "application",
    "deposit",
    "party",
)


class ProjectScopedQuerySet(models.QuerySet):
    """Rows owned by a project: a user sees the rows of the projects visible to them and, where a
    position sees only part of a project (`access.RowScope`: a butler her buildings, a technician
    his work orders), only that part."""

    # Which foreign key's row this row shares its scope with: None infers it (the first of
    # SCOPE_LINKS the model has, leading to a scoped model); "" makes the rows project-wide.
    scope_through: str | None = None

    def for_user(self, user):
        from .access import row_scope, visible_project_ids  # noqa: PLC0415  (access imports these models)

        qs = self.filter(project_id__in=visible_project_ids(user))
        scope = row_scope(user)
        if scope.limited:
            limit = self.scope_q(scope, user)
            if limit is not None:
                qs = qs.filter(limit)
        return qs

    def scope_q(self, scope, user, prefix: str = ""):
        """The rows `scope` leaves `user` as a filter, None when it leaves every row; `prefix` is
        the path from another model's rows to these ("unit__" from a bill)."""
        link = scope_link(self.model)
        if link is None:
            return None
        return link.related_model._default_manager.all().scope_q(scope, user, prefix=f"{prefix}{link.name}__")

    def in_project(self, project):
        return self.filter(project=project)


@functools.cache
def scope_link(model):
    """The foreign key through which `model`'s rows follow another row's scope, or None (the rows
    are project-wide: categories, price lists, drawer sessions)."""
    through = getattr(model._default_manager.all(), "scope_through", "")
    for name in SCOPE_LINKS if through is None else [through] if through else []:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.many_to_one or (field.one_to_one and field.concrete):
            target = field.related_model
            if isinstance(target._default_manager.all(), ProjectScopedQuerySet) and is_scoped(target):
                return field
    return None


def is_scoped(model) -> bool:
    """Whether a limited position (`access.RowScope`) sees only some of `model`'s rows."""
    queryset = type(model._default_manager.all())
    if not issubclass(queryset, ProjectScopedQuerySet):
        return False
    return queryset.scope_q is not ProjectScopedQuerySet.scope_q or scope_link(model) is not None


class AppendOnlyModel(models.Model):
    """Rows that are never changed or deleted once written (money, status events).

    delete() refuses from Python; the database refuses UPDATE of the guarded columns and DELETE
    through the triggers of `core/triggers.py`, installed by each table's migration.
    """

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise TypeError(f"{type(self).__name__} rows are append-only: record a reversal instead")


class StatusEvent(AppendOnlyModel):
    """The one shape of a status event (状态变更记录), written by `core.lifecycle.move`.

    Each aggregate has its own concrete table with a real foreign key to it (PROTECT: an
    aggregate with a history cannot be deleted), so a timeline is an indexed `obj.events` query
    and joins stay co-located by `project_id`. The kit finds that foreign key itself.
    """

    project = models.ForeignKey(
        "core.Project", on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    from_status = models.CharField(_("from status"), max_length=20)
    to_status = models.CharField(_("to status"), max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    @property
    def aggregate(self):
        return getattr(self, lifecycle.of_event_model(type(self))._event_fk)

    def _label(self, value: str) -> str:
        return lifecycle.of_event_model(type(self)).label(value)

    @property
    def from_label(self) -> str:
        return self._label(self.from_status)

    @property
    def to_label(self) -> str:
        return self._label(self.to_status)


class Department(models.Model):
    """部门 of one project."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="departments", verbose_name=_("project")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=DepartmentKind.choices)
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["project_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["project", "kind"], name="department_kind_unique_in_project")
        ]

    def __str__(self) -> str:
        return self.name


class Position(models.Model):
    """岗位. A catalogue shared by all companies; its permission set is data edited in the admin."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=50)
    scope = models.CharField(
        _("scope"), max_length=20, choices=PositionScope.choices, default=PositionScope.PROJECT
    )
    department_kind = models.CharField(
        _("department kind"), max_length=30, choices=DepartmentKind.choices, blank=True
    )
    is_department_head = models.BooleanField(
        _("department head"), default=False, help_text=_("Receives hand-offs addressed to the department.")
    )
    superior = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subordinates",
        verbose_name=_("direct superior"),
        help_text=_("Who a front-line employee hands a request to under first responsibility."),
    )
    has_building_scope = models.BooleanField(
        _("building scope"),
        default=False,
        help_text=_("Sees only the buildings assigned in the membership (butlers)."),
    )
    has_work_order_scope = models.BooleanField(
        _("work-order scope"),
        default=False,
        help_text=_("Sees only the requests of their own work orders (technicians)."),
    )
    permissions = models.ManyToManyField(Permission, blank=True, verbose_name=_("permissions"))
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    history = history(m2m_fields=[permissions])

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class DefaultGrant(models.Model):
    """A default permission once given to a position by `load_defaults`.

    Remembered so that a default is applied exactly once: a permission added by a new
    release reaches existing positions, and one an administrator removed stays removed.
    """

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="default_grants")
    permission = models.ForeignKey(Permission, on_delete=models.CASCADE, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("default grant")
        verbose_name_plural = _("default grants")
        constraints = [models.UniqueConstraint(fields=["position", "permission"], name="default_grant_once")]

    def __str__(self) -> str:
        return f"{self.position_id}:{self.permission_id}"


class MembershipQuerySet(ProjectScopedQuerySet):
    def active(self):
        return self.filter(is_active=True)


class Membership(models.Model):
    """A user holding a position in a department of a project."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("project")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("department")
    )
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("position")
    )
    buildings = models.ManyToManyField(
        "registry.Building",
        blank=True,
        related_name="butler_memberships",
        verbose_name=_("buildings in their care"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()
    history = history(m2m_fields=[buildings])

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["project_id", "department__kind", "position__sort_order", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "user", "position"], name="membership_unique_in_project"
            )
        ]
        indexes = [models.Index(fields=["user", "is_active"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.position} · {self.project}"


class CompanyRoleQuerySet(models.QuerySet):
    def for_user(self, user):
        from .access import visible_company_ids  # noqa: PLC0415  (access imports these models)

        return self.filter(company_id__in=visible_company_ids(user))


class CompanyRole(models.Model):
    """A company-wide position (general manager, company administrator): sees every project of the company."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="company_roles",
        verbose_name=_("user"),
    )
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="roles", verbose_name=_("company")
    )
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="company_roles", verbose_name=_("position")
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = CompanyRoleQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("company role")
        verbose_name_plural = _("company roles")
        constraints = [
            models.UniqueConstraint(fields=["company", "user", "position"], name="company_role_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.position} · {self.company}"


class LoginAttempt(models.Model):
    """One login attempt, kept for throttling and for the security log."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    succeeded = models.BooleanField(default=False)
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("login attempt")
        verbose_name_plural = _("login attempts")
        indexes = [models.Index(fields=["ip_address", "at"])]

    def __str__(self) -> str:
        return f"{self.username} {'ok' if self.succeeded else 'failed'} {self.at:%Y-%m-%d %H:%M}"


class JobRun(models.Model):
    """One run of a periodic job, whichever scheduler started it."""

    job = models.CharField(_("job"), max_length=60, db_index=True)
    trigger = models.CharField(_("trigger"), max_length=20, choices=JobTrigger.choices)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    succeeded = models.BooleanField(_("succeeded"), null=True)
    output = models.TextField(_("output"), blank=True)

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["job", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.job} {self.started_at:%Y-%m-%d %H:%M}"


class ChainLink(models.Model):
    """One link of a project's hash chain over a table whose rows never change (`core.chains`).

    `part` "row": the row as written (its columns but those a transition sets once); "once": the
    whole row after that transition. `chain_hash` = SHA-256 of the previous link's chain hash and
    this link's table name, row, part and row hash, so no link can be changed, removed or reordered
    without breaking every later one. Links are never changed or deleted (database triggers).
    """

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="+", verbose_name=_("project")
    )
    table_name = models.CharField(_("table"), max_length=63)
    seq = models.PositiveBigIntegerField(_("sequence number"))
    row_id = models.BigIntegerField(_("row"))
    part = models.CharField(_("part"), max_length=4)
    row_hash = models.CharField(_("row hash"), max_length=64)
    chain_hash = models.CharField(_("chain hash"), max_length=64)
    linked_at = models.DateTimeField(_("linked at"), default=timezone.now)

    class Meta:
        verbose_name = _("hash chain link")
        verbose_name_plural = _("hash chain links")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "table_name", "seq"], name="chain_link_position_unique"
            ),
            models.UniqueConstraint(
                fields=["project", "table_name", "row_id", "part"], name="chain_link_row_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.table_name} #{self.seq} → {self.row_id} ({self.part})"
