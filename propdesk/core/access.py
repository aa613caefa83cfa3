"""Who may see what: the one place that answers it.

Lists use `Model.objects.for_user(user)`, which calls `visible_project_ids`;
single objects use a `get_<thing>_for_user` helper. Permissions come from the
positions a user holds in a project (Membership) or in its company (CompanyRole),
so the same person can be a cashier in one project and nothing in another.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import connection
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
