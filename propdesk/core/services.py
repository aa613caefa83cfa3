"""Writes for the organisation. Every function is keyword-only and names its actor."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils.translation import gettext as _

from . import defaults
from .access import clear_access_cache, get_project_for_user, has_project_perm
from .audit import acting_as
from .choices import PositionScope
from .errors import AccessDenied, ServiceError
from .middleware import SESSION_KEY
from .models import (
    Company,
    CompanyRole,
    DefaultGrant,
    Department,
    Membership,
    Position,
    Project,
    User,
)
from .project_setup import apply_defaults


def _permission_objects(labels: set[str]) -> list[Permission]:
    wanted = {tuple(label.split(".", 1)) for label in labels}
    perms = Permission.objects.select_related("content_type").filter(codename__in={c for _a, c in wanted})
    found = [p for p in perms if (p.content_type.app_label, p.codename) in wanted]
    missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
    if missing:
        raise ServiceError(f"unknown permissions in defaults: {sorted('.'.join(m) for m in missing)}")
    return found


@transaction.atomic
def load_default_positions(*, actor=None) -> int:
    """Create missing positions and give each default permission exactly once.

    A default is recorded as a DefaultGrant when given, so re-running never re-adds a
    permission an administrator removed, while a default added by a new release reaches
    existing positions. Returns the number of positions created. Idempotent.
    """
    created = 0
    perms = defaults.default_permissions()
    with acting_as(actor):
        for order, (code, name, scope, dept_kind, is_head, _superior, building_scope) in enumerate(
            defaults.POSITIONS
        ):
            position, was_created = Position.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "scope": scope,
                    "department_kind": dept_kind,
                    "is_department_head": is_head,
                    "has_building_scope": building_scope,
                    "has_work_order_scope": code in defaults.WORK_ORDER_SCOPE,
                    "sort_order": (order + 1) * 10,
                },
            )
            created += int(was_created)
            already = set(
                DefaultGrant.objects.filter(position=position).values_list("permission_id", flat=True)
            )
            new = [p for p in _permission_objects(perms[code]) if p.pk not in already]
            if new:
                position.permissions.add(*new)
                DefaultGrant.objects.bulk_create([DefaultGrant(position=position, permission=p) for p in new])
        by_code = {p.code: p for p in Position.objects.all()}
        for code, *_rest, superior, _building_scope in defaults.POSITIONS:
            position = by_code[code]
            if superior and position.superior_id is None:
                position.superior = by_code[superior]
                position.save(update_fields=["superior"])
    return created


@transaction.atomic
def create_company(*, name: str, code: str, actor=None, phone: str = "", address: str = "") -> Company:
    with acting_as(actor):
        return Company.objects.create(name=name, code=code, phone=phone, address=address)


@transaction.atomic
def create_project(
    *,
    company: Company,
    name: str,
    code: str,
    kind: str,
    actor=None,
    address: str = "",
    timezone_name: str = "Asia/Shanghai",
    service_phone: str = "",
) -> Project:
    """A project with one department of every kind (SPEC §0)."""
    if Project.objects.filter(company=company, code=code).exists():
        raise ServiceError(
            _("A project with code %(code)s already exists in this company.") % {"code": code}, field="code"
        )
    with acting_as(actor):
        project = Project.objects.create(
            company=company,
            name=name,
            code=code,
            kind=kind,
            address=address,
            timezone=timezone_name,
            service_phone=service_phone,
        )
    ensure_departments(project=project, actor=actor)
    apply_defaults(project=project, actor=actor)
    return project


@transaction.atomic
def ensure_departments(*, project: Project, actor=None) -> int:
    """Give the project one department of every kind it lacks (SPEC §0). Returns how many were created."""
    have = set(Department.objects.filter(project=project).values_list("kind", flat=True))
    created = 0
    with acting_as(actor):
        for kind_value, dept_name in defaults.DEPARTMENTS:
            if kind_value not in have:
                Department.objects.create(project=project, kind=kind_value, name=dept_name)
                created += 1
    return created


@transaction.atomic
def add_membership(
    *,
    user: User,
    project: Project,
    position: Position,
    actor=None,
    department: Department | None = None,
    buildings=(),
    started_on: dt.date | None = None,
) -> Membership:
    """Give a user a position in a project. The department defaults to the position's own kind."""
    if actor is not None and not has_project_perm(actor, project, "core.add_membership"):
        raise AccessDenied(_("You may not add staff to this project."))
    if position.scope != PositionScope.PROJECT:
        raise ServiceError(
            _("%(position)s is not a project position.") % {"position": position.name}, field="position"
        )
    if department is None:
        department = Department.objects.filter(project=project, kind=position.department_kind).first()
        if department is None:
            raise ServiceError(_("The project has no department for this position."), field="department")
    if department.project_id != project.pk:
        raise ServiceError(_("The department belongs to another project."), field="department")
    with acting_as(actor):
        membership, _created = Membership.objects.update_or_create(
            user=user,
            project=project,
            position=position,
            defaults={
                "department": department,
                "is_active": True,
                "started_on": started_on,
                "ended_on": None,
            },
        )
        if buildings:
            foreign = [b for b in buildings if b.project_id != project.pk]
            if foreign:
                raise ServiceError(_("A building belongs to another project."), field="buildings")
            membership.buildings.set(buildings)
    clear_access_cache(user)
    return membership


@transaction.atomic
def grant_company_role(*, user: User, company: Company, position: Position, actor=None) -> CompanyRole:
    if position.scope != PositionScope.COMPANY:
        raise ServiceError(
            _("%(position)s is not a company position.") % {"position": position.name}, field="position"
        )
    with acting_as(actor):
        role, _created = CompanyRole.objects.update_or_create(
            user=user, company=company, position=position, defaults={"is_active": True}
        )
    clear_access_cache(user)
    return role


def switch_project(*, request, project_id) -> Project:
    """Make `project_id` the current project of this session, if the user may see it."""
    project = get_project_for_user(request.user, project_id)
    request.session[SESSION_KEY] = project.pk
    return project


# --- Login throttling -----------------------------------------------------------------


PROJECT_EDITABLE_FIELDS = ("name", "address", "service_phone", "service_center_name", "timezone")


@transaction.atomic
def update_project(*, project: Project, actor, changes: dict) -> Project:
    """Change a project's contact details. Only the fields in PROJECT_EDITABLE_FIELDS; the change is audited."""
    if not has_project_perm(actor, project, "core.change_project"):
        raise AccessDenied(_("You may not change this project."))
    unknown = set(changes) - set(PROJECT_EDITABLE_FIELDS)
    if unknown:
        field = sorted(unknown)[0]
        raise ServiceError(_("%(field)s cannot be changed here.") % {"field": field}, field=field)
    if "name" in changes and not str(changes["name"]).strip():
        raise ServiceError(_("The name may not be empty."), field="name")
    if "timezone" in changes:
        try:
            zoneinfo.ZoneInfo(changes["timezone"])
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ServiceError(_("Not a known time zone, e.g. Asia/Shanghai."), field="timezone") from None
    project = Project.objects.select_for_update().get(pk=project.pk)
    for field, value in changes.items():
        setattr(project, field, value)
    with acting_as(actor):
        project.save(update_fields=list(changes))
    return project
