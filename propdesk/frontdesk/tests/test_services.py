"""Notices through their services: the lifecycle, who may approve, who sees what, read receipts,
and the sweeper (expiry, overdue boards)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.frontdesk import selectors, services
from propdesk.frontdesk.choices import NoticeState, PostingState
from propdesk.frontdesk.models import NoticePosting, NoticeRead
from propdesk.notices.models import Notification

pytestmark = pytest.mark.django_db


def _draft(world, today, **kw):
    values = {
        "project": world.project,
        "title": "停水通知",
        "body": "第一段\n\n第二段",
        "category": "outage",
        "publish_on": today,
        "expires_on": today + dt.timedelta(days=3),
        "buildings": [world.building],
        "actor": world.frontdesk,
    }
    values.update(kw)
    return services.create_notice(**values)


def test_a_notice_goes_from_draft_to_published_with_its_timeline(world, today):
    notice = _draft(world, today)
    assert notice.status == NoticeState.DRAFT and notice.number.startswith("TZ-")
    assert notice.paragraphs == ["第一段", "第二段"]
    services.submit_notice(notice=notice, actor=world.frontdesk)
    services.approve_notice(notice=notice, actor=world.cs_supervisor, note="同意")
    services.publish_notice(notice=notice, actor=world.frontdesk)
    notice.refresh_from_db()
    assert notice.status == NoticeState.PUBLISHED
    assert notice.approved_by == world.cs_supervisor and notice.published_at is not None
    assert [e.to_status for e in notice.events.all()] == [
        "draft",
        "pending_approval",
        "approved",
        "published",
    ]


def test_the_writer_may_not_approve_her_own_notice_nor_may_the_front_desk(world, today):
    own = _draft(world, today, actor=world.cs_supervisor)
    services.submit_notice(notice=own, actor=world.cs_supervisor)
    with pytest.raises(AccessDenied):
        services.approve_notice(notice=own, actor=world.cs_supervisor)
    other = _draft(world, today)
    services.submit_notice(notice=other, actor=world.frontdesk)
    with pytest.raises(AccessDenied):
        services.approve_notice(notice=other, actor=world.frontdesk)
    with pytest.raises(AccessDenied):
        services.approve_notice(notice=other, actor=world.butler)
    services.approve_notice(notice=own, actor=world.director)
    assert own.status == NoticeState.APPROVED


def test_send_back_needs_a_reason_and_makes_it_a_draft_again(world, today):
    notice = _draft(world, today)
    services.submit_notice(notice=notice, actor=world.frontdesk)
    with pytest.raises(ServiceError) as refused:
        services.send_back_notice(notice=notice, actor=world.cs_supervisor, reason=" ")
    assert refused.value.field == "reason"
    services.send_back_notice(notice=notice, actor=world.cs_supervisor, reason="时间写错了")
    assert notice.status == NoticeState.DRAFT
    assert notice.events.last().reason == "时间写错了"
    services.update_notice(
        notice=notice,
        title="停水通知（更正）",
        body="正文",
        category="outage",
        publish_on=today,
        expires_on=today + dt.timedelta(days=2),
        buildings=[],
        actor=world.frontdesk,
    )
    notice.refresh_from_db()
    assert notice.title == "停水通知（更正）" and not notice.buildings.exists()


def test_drafts_are_checked_and_only_drafts_edited(world, today):
    with pytest.raises(ServiceError) as bad:
        _draft(world, today, expires_on=today - dt.timedelta(days=1))
    assert bad.value.field == "expires_on"
    with pytest.raises(ServiceError) as bad:
        _draft(world, today, title=" ")
    assert bad.value.field == "title"
    with pytest.raises(AccessDenied):
        _draft(world, today, actor=world.technician)
    notice = _draft(world, today)
    services.submit_notice(notice=notice, actor=world.frontdesk)
    with pytest.raises(ServiceError):
        services.update_notice(
            notice=notice,
            title="x",
            body="y",
            category="notice",
            publish_on=today,
            expires_on=today,
            actor=world.frontdesk,
        )


def test_publishing_gives_each_building_a_board_task_for_its_butler(town, published, today):
    world = town
    notice = published([world.building, world.other_building])
    postings = {p.building_id: p for p in notice.postings.all()}
    assert set(postings) == {world.building.pk, world.other_building.pk}
    mine = postings[world.building.pk]
    assert mine.butler == world.butler and mine.status == PostingState.TO_POST
    assert mine.remove_by == notice.expires_on
    # Posted by the end of the first day's working day (the next day's when published after it).
    assert mine.post_by in (today, today + dt.timedelta(days=1))
    assert timezone.now() < mine.due_at <= timezone.now() + dt.timedelta(days=1)
    assert postings[world.other_building.pk].butler is None  # building 5 has no butler: the front desk posts
    assert Notification.objects.filter(recipient=world.butler).count() == 1
    # The whole project: every building.
    whole = published([], title="全体通知")
    assert whole.postings.count() == 2


def test_the_butler_posts_and_removes_with_the_removal_deadline_after_the_last_day(world, published, today):
    notice = published()
    posting = notice.postings.get()
    with pytest.raises(AccessDenied):
        services.mark_posted(posting=posting, actor=world.technician)
    services.mark_posted(posting=posting, actor=world.butler)
    posting.refresh_from_db()
    assert posting.status == PostingState.POSTED and posting.posted_by == world.butler
    due = timezone.localtime(posting.due_at)
    assert due.date() == notice.expires_on + dt.timedelta(days=1) and due.hour == 12
    services.mark_removed(posting=posting, actor=world.butler)
    posting.refresh_from_db()
    assert posting.status == PostingState.REMOVED and posting.due_at is None


def test_the_sweeper_expires_notices_and_notes_overdue_boards_once(world, published, today):
    notice = published(lasts=1)
    posting = notice.postings.get()
    services.mark_posted(posting=posting, actor=world.butler)
    unposted = published(title="另一个", lasts=1).postings.get()
    later = timezone.now() + dt.timedelta(days=3)
    assert services.expire_due_notices(actor=world.director, now=later) == 2
    notice.refresh_from_db()
    unposted.refresh_from_db()
    assert notice.status == NoticeState.EXPIRED
    assert unposted.status == PostingState.CANCELLED  # nothing to take down
    assert services.expire_due_notices(actor=world.director, now=later) == 0  # idempotent
    before = Notification.objects.filter(recipient=world.butler).count()
    assert services.note_overdue_postings(actor=world.director, now=later) == 1
    assert services.note_overdue_postings(actor=world.director, now=later) == 0
    assert Notification.objects.filter(recipient=world.butler).count() == before + 1
    # The butler's to-do shows the board in red.
    from propdesk.frontdesk.todo import my_boards

    items = my_boards(world.butler, world.project, later)
    assert len(items) == 1 and items[0].overdue(later)


def test_a_notice_still_running_is_not_expired_by_the_sweep_command(world, published):
    notice = published()
    call_command("sweep_notices")
    notice.refresh_from_db()
    assert notice.status == NoticeState.PUBLISHED


def test_withdrawing_a_published_notice_takes_it_off_the_boards_soon(world, published):
    notice = published()
    posting = notice.postings.get()
    services.mark_posted(posting=posting, actor=world.butler)
    with pytest.raises(AccessDenied):
        services.withdraw_notice(notice=notice, actor=world.frontdesk, reason="取消")
    services.withdraw_notice(notice=notice, actor=world.cs_supervisor, reason="施工改期")
    posting.refresh_from_db()
    assert notice.status == NoticeState.WITHDRAWN
    assert posting.status == PostingState.POSTED
    assert posting.due_at <= timezone.now() + dt.timedelta(hours=5)


def test_an_owner_sees_the_notices_of_her_building_only_while_they_run(town, published, today):
    world = town
    for_3 = published([world.building], title="3栋停水")
    for_5 = published([world.other_building], title="5栋停电")
    everyone = published([], title="全体")
    later = published([world.building], title="下周", starts=3)
    seen = set(selectors.portal_notices(world.owner).values_list("pk", flat=True))
    assert seen == {for_3.pk, everyone.pk}
    assert later.pk not in seen
    assert set(selectors.portal_notices(world.neighbour).values_list("pk", flat=True)) == {
        for_5.pk,
        everyone.pk,
    }
    # A withdrawn or expired notice is gone; staff and the outsider see none.
    services.withdraw_notice(notice=for_3, actor=world.cs_supervisor, reason="取消")
    assert for_3.pk not in set(selectors.portal_notices(world.owner).values_list("pk", flat=True))
    assert not selectors.portal_notices(world.outsider).exists()


def test_an_expired_notice_is_not_shown(world, published, today):
    notice = published()
    services.expire_due_notices(actor=world.director, now=timezone.now() + dt.timedelta(days=10))
    notice.refresh_from_db()
    assert notice.status == NoticeState.EXPIRED
    assert not selectors.portal_notices(world.owner).exists()


def test_read_receipts_put_unread_first_and_count_once(world, published):
    first = published(title="旧的")
    second = published(title="新的")
    assert [n.pk for n in selectors.unread_notices(world.owner)] == [second.pk, first.pk]
    services.mark_read(notice=second, user=world.owner)
    services.mark_read(notice=second, user=world.owner)
    assert NoticeRead.objects.filter(notice=second).count() == 1
    rows = list(selectors.portal_notices(world.owner))
    assert [(n.pk, n.is_read) for n in rows] == [(first.pk, False), (second.pk, True)]
    assert [n.pk for n in selectors.unread_notices(world.owner)] == [first.pk]


def test_a_butler_of_another_building_does_not_see_the_board_task(town, published):
    world = town
    notice = published()
    assert NoticePosting.objects.for_user(world.butler).filter(notice=notice).count() == 1
    from propdesk.core.models import Membership

    Membership.objects.get(user=world.butler, project=world.project).buildings.set([world.other_building])
    from propdesk.core.access import clear_access_cache

    clear_access_cache(world.butler)
    assert not NoticePosting.objects.for_user(world.butler).filter(notice=notice).exists()
