"""Who may see what: the one place that answers it.

Lists use `Model.objects.for_user(user)`, which calls `visible_project_ids` and, inside a
project, `row_scope`; single objects use a `get_<thing>_for_user` helper. Permissions come
from the positions a user holds in a project (Membership) or in its company (CompanyRole),
so the same person can be a cashier in one project and nothing in another.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from .choices import PositionScope
from .models import Company, CompanyRole, Membership, Position, Project


def _cache(user) -> dict:
    # Per-request cache on the user object: the request's user lives as long as the request.
    cache = getattr(user, "_propdesk_access_cache", None)
    if cache is None:
        cache = {}
        user._propdesk_access_cache = cache
    return cache


def clear_access_cache(user) -> None:
    if hasattr(user, "_propdesk_access_cache"):
        del user._propdesk_access_cache


def visible_company_ids(user) -> frozenset[int]:
    if not user or not user.is_authenticated or not user.is_active:
        return frozenset()
    cache = _cache(user)
    if "companies" not in cache:
        if user.is_superuser:
            ids = set(Company.objects.values_list("id", flat=True))
        else:
            ids = set(
                CompanyRole.objects.filter(user=user, is_active=True).values_list("company_id", flat=True)
            )
            ids |= set(
                Membership.objects.filter(user=user, is_active=True).values_list(
                    "project__company_id", flat=True
                )
            )
        cache["companies"] = frozenset(ids)
    return cache["companies"]


def _column_values(sql: str, params: list) -> set:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def _tables() -> dict[str, str]:
    quote = connection.ops.quote_name
    return {
        "project": quote(Project._meta.db_table),
        "membership": quote(Membership._meta.db_table),
        "role": quote(CompanyRole._meta.db_table),
        "position": quote(Position._meta.db_table),
        "position_perms": quote(Position.permissions.through._meta.db_table),
    }


def visible_project_ids(user) -> frozenset[int]:
    """Projects where the user is an active member, plus every project of the companies where they hold a company role."""
    if not user or not user.is_authenticated or not user.is_active:
        return frozenset()
    cache = _cache(user)
    if "projects" not in cache:
        if user.is_superuser:
            ids = set(Project.objects.values_list("id", flat=True))
        else:
            # Plain SQL: asked on every request, and the ORM spends longer building it than the database
            # answering it (same query as Project.objects.filter(Q(company__in=…) | Q(id__in=…))).
            t = _tables()
            ids = _column_values(
                f"SELECT p.id FROM {t['project']} p WHERE p.company_id IN "
                f"(SELECT r.company_id FROM {t['role']} r WHERE r.user_id = %s AND r.is_active) "
                f"OR p.id IN (SELECT m.project_id FROM {t['membership']} m WHERE m.user_id = %s AND m.is_active)",
                [user.pk, user.pk],
            )
        cache["projects"] = frozenset(ids)
    return cache["projects"]


@dataclass(frozen=True)
class RequestScope:
    """What a user sees of a project's requests when every position they hold there is limited."""

    buildings: frozenset[int]
    """The buildings in their care (butlers): every request of those buildings' units."""
    own_work_orders: bool
    """A technician: the requests of the work orders given to them."""


@dataclass(frozen=True)
class RowScope:
    """Where a user sees only part of a project (SPEC §0: "a butler sees her buildings, a technician
    his work orders"). Projects named in neither dict are seen whole: a position with project-wide
    duties (front desk, customer service, dispatcher, cashier, director, ...), a company role or a
    superuser lifts every limit in that project.

    - `buildings`: projects where every position the user holds has building scope (楼栋管家) →
      the buildings of those memberships (辖区). Rows that belong to a building — units, the people
      living there, requests, bills and everything hanging off them — show there only for those.
    - `requests`: projects where every position has building or work-order scope → what of the
      requests they see (their buildings' and, for a technician, their own work orders'); besides,
      anyone limited sees the requests they took, hold, are asked to take over or must improve
      (first responsibility: nobody loses sight of what they are accountable for).
    """

    buildings: dict[int, frozenset[int]] = field(default_factory=dict)
    requests: dict[int, RequestScope] = field(default_factory=dict)

    @property
    def limited(self) -> bool:
        return bool(self.buildings or self.requests)

    def building_q(self, building_path: str, project_path: str = "project_id") -> Q | None:
        """The rows of the buildings in care where the user is building-limited (rows of other
        projects pass); `building_path` leads from the row to its building's id."""
        if not self.buildings:
            return None
        return self.outside_buildings_q(project_path) | Q(**{f"{building_path}__in": self.building_ids})

    @property
    def building_ids(self) -> list[int]:
        return sorted(set().union(*self.buildings.values()))

    def outside_buildings_q(self, project_path: str = "project_id") -> Q:
        """The rows of projects where the user is not building-limited."""
        return ~Q(**{f"{project_path}__in": sorted(self.buildings)})


NO_LIMIT = RowScope()


def row_scope(user) -> RowScope:
    """The user's limits inside the projects they see (one query, then cached for the request)."""
    if not user or not user.is_authenticated or not user.is_active or user.is_superuser:
        return NO_LIMIT
    cache = _cache(user)
    if "scope" not in cache:
        company_role = CompanyRole.objects.filter(
            user=user, is_active=True, company_id=OuterRef("project__company_id")
        )
        rows = (
            Membership.objects.filter(user=user, is_active=True)
            .annotate(by_company=Exists(company_role))
            .values_list(
                "project_id",
                "position__has_building_scope",
                "position__has_work_order_scope",
                "buildings",
                "by_company",
            )
        )
        whole: set[int] = set()
        only_buildings: dict[int, bool] = {}
        own_work: set[int] = set()
        buildings: dict[int, set[int]] = {}
        for project_id, building_scope, work_order_scope, building_id, by_company in rows:
            if by_company or not (building_scope or work_order_scope):
                whole.add(project_id)
                continue
            only_buildings[project_id] = only_buildings.get(project_id, True) and building_scope
            if work_order_scope:
                own_work.add(project_id)
            if building_scope and building_id is not None:
                buildings.setdefault(project_id, set()).add(building_id)
        limited = [pid for pid in only_buildings if pid not in whole]
        cache["scope"] = RowScope(
            buildings={pid: frozenset(buildings.get(pid, ())) for pid in limited if only_buildings[pid]},
            requests={
                pid: RequestScope(frozenset(buildings.get(pid, ())), pid in own_work) for pid in limited
            },
        )
    return cache["scope"]


def sees_building(user, project_id: int, building_id: int) -> bool:
    """Whether `user`'s scope in the project takes in the building (a butler: one in her care)."""
    buildings = row_scope(user).buildings.get(project_id)
    return buildings is None or building_id in buildings


def project_permissions(user, project) -> frozenset[str]:
    """The 'app_label.codename' permissions the user holds in this project."""
    if not user or not user.is_authenticated or not user.is_active or project is None:
        return frozenset()
    cache = _cache(user)
    key = ("perms", project.pk)
    if key not in cache:
        if user.is_superuser:
            ids = set(Permission.objects.values_list("pk", flat=True))
        else:
            # One query: the permission ids of the user's active positions here and of their active
            # company-wide roles in its company (plain SQL for the same reason as above). Each of those
            # also makes the project visible, so no permission comes out for a project they cannot see.
            t = _tables()
            ids = _column_values(
                f"SELECT pp.permission_id FROM {t['position_perms']} pp WHERE pp.position_id IN ("
                f"SELECT m.position_id FROM {t['membership']} m "
                "WHERE m.user_id = %s AND m.project_id = %s AND m.is_active "
                f"UNION SELECT r.position_id FROM {t['role']} r JOIN {t['position']} pos ON pos.id = r.position_id "
                "WHERE r.user_id = %s AND r.company_id = %s AND r.is_active AND pos.scope = %s)",
                [user.pk, project.pk, user.pk, project.company_id, PositionScope.COMPANY.value],
            )
        cache[key] = _permission_names(ids)
    return cache[key]


# 'app_label.codename' by permission id, for the whole process: permission rows are made by migrations
# and never edited, so one read serves every request; an id not seen yet (a migration ran after this
# process read them) reloads the table.
_PERMISSION_NAMES: dict[int, str] = {}


def _permission_names(ids: set[int]) -> frozenset[str]:
    if not ids <= _PERMISSION_NAMES.keys():
        _PERMISSION_NAMES.update(
            (pk, f"{app}.{codename}")
            for pk, app, codename in Permission.objects.order_by().values_list(
                "pk", "content_type__app_label", "codename"
            )
        )
    return frozenset(_PERMISSION_NAMES[pk] for pk in ids if pk in _PERMISSION_NAMES)


def has_project_perm(user, project, perm: str) -> bool:
    return perm in project_permissions(user, project)


def has_any_project_perm(user, project, perms: Iterable[str]) -> bool:
    held = project_permissions(user, project)
    return any(p in held for p in perms)


def require_project_perm(user, project, perm: str) -> None:
    if not has_project_perm(user, project, perm):
        raise PermissionDenied


def get_project_for_user(user, pk) -> Project:
    """The project with this id if the user may see it; 404 otherwise (never reveal that it exists)."""
    try:
        return Project.objects.for_user(user).select_related("company").get(pk=pk)
    except (Project.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_object_for_user(queryset, user, pk, *, perm: str | None = None):
    """One project-owned object through its model's `for_user`, then the permission in its project.

    Not visible → 404; visible but without the permission → 403.
    """
    try:
        obj = queryset.for_user(user).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if perm is not None:
        project = obj if queryset.model._meta.label == "core.Project" else obj.project
        require_project_perm(user, project, perm)
    return obj


def staff_projects(user):
    """Projects where the user works as staff (any position), for the project switcher."""
    return (
        Project.objects.filter(id__in=visible_project_ids(user))
        .select_related("company")
        .order_by("company__name", "name")
    )


def project_ids_with_perm(user, perm: str) -> list[int]:
    """The visible projects in which the user holds `perm` (for API lists)."""
    return [
        p.pk
        for p in Project.objects.filter(id__in=visible_project_ids(user))
        if has_project_perm(user, p, perm)
    ]
