"""Reads of the front desk's notices: staff lists, the butler's boards, and what an owner sees.

An owner, tenant or resident sees a published notice from its first to its last day when it is for
the whole project of one of their units or names the building of one (`registry.visibility`).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from propdesk.core.downloads import project_date
from propdesk.registry.visibility import portal_units

from .choices import NoticeState, PostingState
from .models import Notice, NoticePosting, NoticeRead

OPEN_POSTINGS = (PostingState.TO_POST, PostingState.POSTED)


def staff_notices(user, project, *, status: str = "", q: str = "") -> QuerySet[Notice]:
    rows = Notice.objects.for_user(user).filter(project=project).select_related("drafted_by")
    if status in NoticeState.values:
        rows = rows.filter(status=status)
    q = (q or "").strip()
    if q:
        rows = rows.filter(Q(title__icontains=q) | Q(number__icontains=q) | Q(body__icontains=q))
    return rows.order_by("-created_at", "-id")


def postings_of(notice: Notice, user) -> QuerySet[NoticePosting]:
    return (
        NoticePosting.objects.for_user(user)
        .filter(notice=notice)
        .select_related("building", "butler", "posted_by", "removed_by")
    )


def board_tasks(user, project, *, everyone: bool = False) -> QuerySet[NoticePosting]:
    """The boards still to post or clear: the user's own (a butler), or every one she may see."""
    rows = (
        NoticePosting.objects.for_user(user)
        .filter(project=project, status__in=OPEN_POSTINGS)
        .select_related("notice", "building", "butler")
    )
    if not everyone:
        rows = rows.filter(butler=user)
    return rows.order_by("due_at", "pk")


def is_overdue(posting: NoticePosting, now: dt.datetime | None = None) -> bool:
    return posting.due_at is not None and (now or timezone.now()) >= posting.due_at


# ---------------------------------------------------------------- the owner portal


def portal_notices(user, units=None) -> QuerySet[Notice]:
    """The notices `user` sees in the portal now, unread first, newest first; `is_read` annotated.
    `units`: the person's units with their project, when the caller has them already."""
    units = list(portal_units(user) if units is None else units)
    by_project: dict[int, set[int]] = {}
    projects = {}
    for unit in units:
        by_project.setdefault(unit.project_id, set()).add(unit.building_id)
        projects[unit.project_id] = unit.project
    through = Notice.buildings.through.objects
    seen = Q(pk__in=[])
    for project_id, building_ids in by_project.items():
        today = project_date(projects[project_id])
        seen |= Q(project_id=project_id, publish_on__lte=today, expires_on__gte=today) & (
            Q(pk__in=through.filter(building_id__in=building_ids).values("notice_id"))
            | ~Q(pk__in=through.values("notice_id"))
        )
    read = NoticeRead.objects.filter(notice=OuterRef("pk"), user=user if user.is_authenticated else None)
    return (
        Notice.objects.filter(seen, status=NoticeState.PUBLISHED)
        .annotate(is_read=Exists(read))
        .select_related("project")
        .order_by("is_read", "-publish_on", "-id")
    )


def unread_notices(user, units=None) -> QuerySet[Notice]:
    """The portal home's card: the notices `user` has not opened yet."""
    return portal_notices(user, units).filter(is_read=False)
