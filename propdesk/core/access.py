"""Who may see what: the one place that answers it.

Lists use `Model.objects.for_user(user)`, which calls `visible_project_ids`;
single objects use a `get_<thing>_for_user` helper. Permissions come from the
positions a user holds in a project (Membership) or in its company (CompanyRole),
so the same person can be a cashier in one project and nothing in another.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from .choices import PositionScope

if TYPE_CHECKING:
    from .models import Project


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
    from .models import Company, CompanyRole, Membership

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


def visible_project_ids(user) -> frozenset[int]:
    """Projects where the user is an active member, plus every project of the companies where they hold a company role."""
    from .models import CompanyRole, Membership, Project

    if not user or not user.is_authenticated or not user.is_active:
        return frozenset()
    cache = _cache(user)
    if "projects" not in cache:
        if user.is_superuser:
            ids = set(Project.objects.values_list("id", flat=True))
        else:
            company_ids = CompanyRole.objects.filter(user=user, is_active=True).values("company_id")
            ids = set(
                Project.objects.filter(
                    Q(company_id__in=company_ids)
                    | Q(id__in=Membership.objects.filter(user=user, is_active=True).values("project_id"))
                ).values_list("id", flat=True)
            )
        cache["projects"] = frozenset(ids)
    return cache["projects"]


def project_permissions(user, project) -> frozenset[str]:
    """The 'app_label.codename' permissions the user holds in this project."""
    from django.contrib.auth.models import Permission

    from .models import CompanyRole, Membership

    if not user or not user.is_authenticated or not user.is_active or project is None:
        return frozenset()
    cache = _cache(user)
    key = ("perms", project.pk)
    if key not in cache:
        if user.is_superuser:
            perms = Permission.objects.all()
        elif project.pk not in visible_project_ids(user):
            perms = Permission.objects.none()
        else:
            # One query: the permissions of the user's positions here and of their company-wide roles.
            here = Membership.objects.filter(user=user, project=project, is_active=True).values("position_id")
            company = CompanyRole.objects.filter(
                user=user,
                company_id=project.company_id,
                is_active=True,
                position__scope=PositionScope.COMPANY,
            ).values("position_id")
            perms = Permission.objects.filter(Q(position__id__in=here) | Q(position__id__in=company))
        cache[key] = frozenset(
            f"{app}.{codename}" for app, codename in perms.values_list("content_type__app_label", "codename")
        )
    return cache[key]


def has_project_perm(user, project, perm: str) -> bool:
    return perm in project_permissions(user, project)


def has_any_project_perm(user, project, perms: Iterable[str]) -> bool:
    held = project_permissions(user, project)
    return any(p in held for p in perms)


def require_project_perm(user, project, perm: str) -> None:
    if not has_project_perm(user, project, perm):
        raise PermissionDenied


def get_project_for_user(user, pk) -> Project:  # noqa: F821
    """The project with this id if the user may see it; 404 otherwise (never reveal that it exists)."""
    from .models import Project

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
    from .models import Project

    return (
        Project.objects.filter(id__in=visible_project_ids(user))
        .select_related("company")
        .order_by("company__name", "name")
    )


def project_ids_with_perm(user, perm: str) -> list[int]:
    """The visible projects in which the user holds `perm` (for API lists)."""
    from .models import Project

    return [
        p.pk
        for p in Project.objects.filter(id__in=visible_project_ids(user))
        if has_project_perm(user, p, perm)
    ]
