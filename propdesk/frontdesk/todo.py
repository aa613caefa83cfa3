"""The front desk's to-do sections (`core.todo`): notices awaiting approval (the supervisor), and
the boards a butler must post or clear (red once the deadline has passed)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from propdesk.core import todo
from propdesk.core.todo import TodoItem

from . import permissions, selectors
from .choices import NoticeState, PostingState
from .models import Notice

LIMIT = 200
# A posted board shows in the to-do list from this long before its removal deadline.
REMOVAL_SHOWS = dt.timedelta(days=1)


def notices_to_approve(user, project, now):
    rows = (
        Notice.objects.for_user(user)
        .filter(project=project, status=NoticeState.PENDING_APPROVAL)
        .exclude(drafted_by=user)
        .select_related("drafted_by")
        .order_by("updated_at")[:LIMIT]
    )
    return [
        TodoItem(
            title=_("Approve the notice"),
            about=f"{n.number} · {n.title}",
            url=reverse("frontdesk:notice", args=[n.pk]),
            since=n.updated_at,
            note=str(n.drafted_by),
        )
        for n in rows
    ]


def my_boards(user, project, now):
    items = []
    for posting in selectors.board_tasks(user, project)[:LIMIT]:
        posted = posting.status == PostingState.POSTED
        if posted and posting.due_at is not None and posting.due_at - now > REMOVAL_SHOWS:
            continue
        items.append(
            TodoItem(
                title=_("Take the notice down") if posted else _("Post the notice"),
                about=f"{posting.building.name} · {posting.notice.title}",
                url=reverse("frontdesk:boards"),
                due=posting.due_at,
                note=posting.notice.get_category_display(),
            )
        )
    return items


def register() -> None:
    todo.register(
        todo.Section(
            "notices_approve",
            gettext_lazy("Notices awaiting my approval"),
            notices_to_approve,
            permissions.APPROVE_PERM,
            ("cs_supervisor", "center_director"),
            28,
            "frontdesk:notices",
            hide_empty=True,
        )
    )
    todo.register(
        todo.Section(
            "notice_boards",
            gettext_lazy("Notice boards to post or clear"),
            my_boards,
            permissions.POST_PERM,
            ("butler",),
            40,
            "frontdesk:boards",
            hide_empty=True,
        )
    )
