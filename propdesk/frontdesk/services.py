"""Every write of the front desk's notices (通知 / 公告) and their board postings (张贴任务).

Keyword-only, with `actor=`; state changes through the lifecycle kit (`transitions.py`). Publishing
makes one board posting per audience building for its butler; the sweeper (`sweep_notices`) expires
notices after their last day and notes the boards whose step is overdue.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core import lifecycle
from propdesk.core.access import has_project_perm
from propdesk.core.downloads import project_date
from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.core.models import Membership
from propdesk.core.numbering import next_day_number
from propdesk.core.uploads import IMAGE, check_upload, reencoded_image
from propdesk.notices.services import Message, notify
from propdesk.registry.models import Building

from . import permissions
from .choices import NoticeCategory, NoticeState, PostingState
from .defaults import POST_BY, REMOVE_BY, REMOVE_DAYS_AFTER, WITHDRAWN_REMOVAL
from .models import Notice, NoticeCounter, NoticePosting, NoticeRead

NUMBER_PREFIX = "TZ"
PHOTO_MAX_BYTES = 10 * 1024 * 1024


def notice_today(project) -> dt.date:
    """The project's calendar day now."""
    return project_date(project)


def _at(project, day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=zoneinfo.ZoneInfo(project.timezone))


def post_due(project, post_by: dt.date) -> dt.datetime:
    """When a board must be posted: the end of the working day of its first day."""
    return _at(project, post_by, POST_BY)


def removal_due(project, remove_by: dt.date) -> dt.datetime:
    """When a board must be cleared: noon of the day after the notice's last day (the removal SLA)."""
    return _at(project, remove_by + dt.timedelta(days=REMOVE_DAYS_AFTER), REMOVE_BY)


# ---------------------------------------------------------------- drafting


def _clean(*, project, title: str, body: str, category: str, publish_on, expires_on, buildings) -> dict:
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        raise ServiceError(_("Give the title."), field="title")
    if not body:
        raise ServiceError(_("Write the text of the notice."), field="body")
    if category not in NoticeCategory.values:
        raise ServiceError(_("Choose a category."), field="category")
    if not isinstance(publish_on, dt.date):
        raise ServiceError(_("Give the first day."), field="publish_on")
    if not isinstance(expires_on, dt.date):
        raise ServiceError(_("Give the last day."), field="expires_on")
    if expires_on < publish_on:
        raise ServiceError(_("The last day cannot be before the first day."), field="expires_on")
    chosen = list(buildings or [])
    if any(b.project_id != project.pk for b in chosen):
        raise ServiceError(_("Choose buildings of this project."), field="buildings")
    return {
        "title": title[:100],
        "body": body,
        "category": category,
        "publish_on": publish_on,
        "expires_on": expires_on,
        "buildings": chosen,
    }


def create_notice(
    *,
    project,
    title: str,
    body: str,
    category: str = NoticeCategory.NOTICE,
    publish_on: dt.date,
    expires_on: dt.date,
    buildings: Iterable[Building] = (),
    actor,
    at: dt.datetime | None = None,
) -> Notice:
    """A draft notice (草稿) numbered TZ-yyyymmdd-nnnn; empty `buildings`: the whole project."""
    if not has_project_perm(actor, project, permissions.DRAFT_PERM):
        raise AccessDenied(_("You may not write notices."))
    values = _clean(
        project=project,
        title=title,
        body=body,
        category=category,
        publish_on=publish_on,
        expires_on=expires_on,
        buildings=buildings,
    )
    chosen = values.pop("buildings")
    when = at or timezone.now()
    with transaction.atomic():
        notice = Notice.objects.create(
            project=project,
            number=next_day_number(NoticeCounter, project=project, prefix=NUMBER_PREFIX, at=when),
            drafted_by=actor,
            **values,
        )
        notice.buildings.set(chosen)
        lifecycle.record_created(notice, actor=actor, at=when)
    return notice


def update_notice(
    *,
    notice: Notice,
    title: str,
    body: str,
    category: str,
    publish_on: dt.date,
    expires_on: dt.date,
    buildings: Iterable[Building] = (),
    actor,
) -> Notice:
    """Edit a draft (a notice sent back is a draft again)."""
    if not permissions.can_edit(actor, notice):
        if notice.status != NoticeState.DRAFT:
            raise ServiceError(_("Only a draft can be edited."), field="status")
        raise AccessDenied(_("You may not write notices."))
    values = _clean(
        project=notice.project,
        title=title,
        body=body,
        category=category,
        publish_on=publish_on,
        expires_on=expires_on,
        buildings=buildings,
    )
    chosen = values.pop("buildings")
    with transaction.atomic():
        for name, value in values.items():
            setattr(notice, name, value)
        notice.save(update_fields=[*values, "updated_at"])
        notice.buildings.set(chosen)
    return notice


# ---------------------------------------------------------------- approval and publication


def submit_notice(*, notice: Notice, actor) -> Notice:
    """送审: the draft goes to the customer service supervisor."""
    return lifecycle.move(notice, to=NoticeState.PENDING_APPROVAL, actor=actor)


def approve_notice(*, notice: Notice, actor, note: str = "") -> Notice:
    """审核通过 (not by its own writer)."""
    return lifecycle.move(
        notice,
        to=NoticeState.APPROVED,
        actor=actor,
        reason=note,
        approved_by=actor,
        approved_at=timezone.now(),
    )


def send_back_notice(*, notice: Notice, actor, reason: str) -> Notice:
    """退回修改, with the reason (the timeline shows it to the writer)."""
    return lifecycle.move(notice, to=NoticeState.DRAFT, actor=actor, reason=reason)


def butler_of(building) -> object | None:
    """The butler whose 辖区 holds the building (the first by membership), or None."""
    membership = (
        Membership.objects.filter(
            project_id=building.project_id,
            is_active=True,
            position__has_building_scope=True,
            buildings=building.pk,
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def audience_buildings(notice: Notice) -> list[Building]:
    """The buildings named, or every building of the project."""
    chosen = list(notice.buildings.all())
    return chosen or list(Building.objects.filter(project_id=notice.project_id))


def publish_notice(*, notice: Notice, actor, at: dt.datetime | None = None) -> Notice:
    """发布: in the portal from its first day, and one board posting per audience building for its
    butler (posted by the first day, cleared after the last); each butler is told."""
    when = at or timezone.now()
    project = notice.project
    today = project_date(project, when)
    if notice.expires_on < today:
        raise ServiceError(_("The last day has passed: change the dates first."), field="expires_on")
    post_by = max(notice.publish_on, today)
    if post_due(project, post_by) <= when:
        # Published after the day's posting time: the boards are posted the next day.
        post_by += dt.timedelta(days=1)
    with transaction.atomic():
        notice = lifecycle.move(notice, to=NoticeState.PUBLISHED, actor=actor, at=when, published_at=when)
        butlers: dict[int, list[str]] = {}
        for building in audience_buildings(notice):
            butler = butler_of(building)
            posting = NoticePosting.objects.create(
                project=project,
                notice=notice,
                building=building,
                butler=butler,
                post_by=post_by,
                remove_by=notice.expires_on,
                due_at=post_due(project, post_by),
            )
            lifecycle.record_created(posting, actor=actor, at=when)
            if butler is not None:
                butlers.setdefault(butler.pk, []).append(building.name)
        link = reverse("frontdesk:boards")
        notify(
            messages=[
                Message(
                    recipient_id=user_id,
                    project_id=project.pk,
                    title=_("Post the notice “%(title)s” on the boards") % {"title": notice.title},
                    body=_("%(buildings)s · post by %(post)s, take down after %(last)s")
                    % {"buildings": " / ".join(names), "post": post_by, "last": notice.expires_on},
                    link=link,
                )
                for user_id, names in butlers.items()
            ],
            actor=actor,
        )
    return notice


def _end_postings(notice: Notice, *, actor, at: dt.datetime, removal_at: dt.datetime | None) -> None:
    """The notice ended: boards not yet posted need nothing; posted boards are due for removal
    (`removal_at`, when the notice ended early)."""
    for posting in NoticePosting.objects.filter(notice=notice, status=PostingState.TO_POST):
        lifecycle.move(
            posting, to=PostingState.CANCELLED, actor=actor, at=at, due_at=None, overdue_noted_at=None
        )
    if removal_at is not None:
        for posting in NoticePosting.objects.filter(notice=notice, status=PostingState.POSTED):
            posting.remove_by = project_date(notice.project, at)
            posting.due_at = min(posting.due_at or removal_at, removal_at)
            posting.overdue_noted_at = None
            posting.save(update_fields=["remove_by", "due_at", "overdue_noted_at"])


def withdraw_notice(*, notice: Notice, actor, reason: str, at: dt.datetime | None = None) -> Notice:
    """撤回, with the reason: gone from the portal; posted boards come down within hours."""
    when = at or timezone.now()
    with transaction.atomic():
        was_published = notice.status == NoticeState.PUBLISHED
        notice = lifecycle.move(
            notice, to=NoticeState.WITHDRAWN, actor=actor, reason=reason, at=when, ended_at=when
        )
        if was_published:
            _end_postings(notice, actor=actor, at=when, removal_at=when + WITHDRAWN_REMOVAL)
    return notice


def expire_due_notices(*, actor, now: dt.datetime | None = None) -> int:
    """The sweeper: published notices past their last day expire (idempotent; catches up)."""
    now = now or timezone.now()
    # A coarse cut on the indexed column; each project's own day decides.
    rows = Notice.objects.filter(
        status=NoticeState.PUBLISHED, expires_on__lt=(now + dt.timedelta(days=1)).date()
    )
    done = 0
    for notice in rows.select_related("project").order_by("pk"):
        if notice.expires_on >= project_date(notice.project, now):
            continue
        with transaction.atomic():
            lifecycle.move(notice, to=NoticeState.EXPIRED, actor=actor, at=now, ended_at=now)
            _end_postings(notice, actor=actor, at=now, removal_at=None)
        done += 1
    return done


# ---------------------------------------------------------------- the boards


def _photo(photo):
    if not photo:
        return None
    check_upload(photo, field="photo", accept=IMAGE, max_bytes=PHOTO_MAX_BYTES)
    return reencoded_image(photo, field="photo")


def mark_posted(*, posting: NoticePosting, actor, photo=None, at: dt.datetime | None = None) -> NoticePosting:
    """已张贴: on the board; the removal deadline is now the one due."""
    when = at or timezone.now()
    fields = {
        "posted_at": when,
        "posted_by": actor,
        "due_at": removal_due(posting.project, posting.remove_by),
        "overdue_noted_at": None,
    }
    image = _photo(photo)
    if image is not None:
        fields["photo"] = image
    if posting.notice.status != NoticeState.PUBLISHED:
        raise ServiceError(_("The notice is no longer published: nothing to post."), field="status")
    return lifecycle.move(posting, to=PostingState.POSTED, actor=actor, at=when, **fields)


def mark_removed(
    *, posting: NoticePosting, actor, photo=None, at: dt.datetime | None = None
) -> NoticePosting:
    """已撤除: taken down from the board."""
    when = at or timezone.now()
    fields = {"removed_at": when, "removed_by": actor, "due_at": None, "overdue_noted_at": None}
    image = _photo(photo)
    if image is not None:
        fields["photo"] = image
    return lifecycle.move(posting, to=PostingState.REMOVED, actor=actor, at=when, **fields)


def note_overdue_postings(*, actor, now: dt.datetime | None = None) -> int:
    """The sweeper: each board whose step is overdue is noted once and its butler told (the
    supervisors when the building has no butler); the to-do list shows it in red meanwhile."""
    now = now or timezone.now()
    rows = (
        NoticePosting.objects.filter(
            due_at__lte=now,
            overdue_noted_at__isnull=True,
            status__in=[PostingState.TO_POST, PostingState.POSTED],
        )
        .select_related("notice", "building")
        .order_by("due_at", "pk")
    )
    messages, done = [], 0
    for posting in rows:
        recipients = (
            [posting.butler_id]
            if posting.butler_id
            else list(
                Membership.objects.filter(
                    project_id=posting.project_id,
                    is_active=True,
                    position__permissions__codename="approve_notice",
                ).values_list("user_id", flat=True)
            )
        )
        step = _("Take down") if posting.status == PostingState.POSTED else _("Post")
        for user_id in recipients:
            messages.append(
                Message(
                    recipient_id=user_id,
                    project_id=posting.project_id,
                    title=_("Overdue: %(step)s “%(title)s” at %(building)s")
                    % {"step": step, "title": posting.notice.title, "building": posting.building.name},
                    link=reverse("frontdesk:boards"),
                )
            )
        NoticePosting.objects.filter(pk=posting.pk, overdue_noted_at__isnull=True).update(
            overdue_noted_at=now
        )
        done += 1
    if messages:
        notify(messages=messages, actor=actor)
    return done


# ---------------------------------------------------------------- reading in the portal


def mark_read(*, notice: Notice, user, at: dt.datetime | None = None) -> NoticeRead:
    """已读: the first time the person opened it (later openings change nothing)."""
    read, _created = NoticeRead.objects.get_or_create(
        project_id=notice.project_id, notice=notice, user=user, defaults={"read_at": at or timezone.now()}
    )
    return read
