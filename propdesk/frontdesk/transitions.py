"""The lifecycles of notices and their board postings on the kit (core.lifecycle).

Notice (通知 / 公告): draft → awaiting approval → approved → published → expired (the sweeper, after
the last day); the supervisor sends a submitted notice back to the draft with the reason; a notice
is withdrawn with the reason at any step before it expires.

Board posting (张贴任务): to post → posted → removed; a task not yet posted when its notice ends is
cancelled (nothing to take down).
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

from propdesk.core.lifecycle import Lifecycle, Move, register

from . import permissions as P
from .choices import NoticeState as S
from .choices import PostingState as T
from .models import Notice, NoticeEvent, NoticePosting, NoticePostingEvent

NOTICE = register(
    Lifecycle(
        model=Notice,
        event_model=NoticeEvent,
        refusal=gettext_noop("The notice is “%(from)s” and cannot become “%(to)s”."),
        tones={
            S.DRAFT: "secondary",
            S.PENDING_APPROVAL: "warning",
            S.APPROVED: "info",
            S.PUBLISHED: "success",
            S.EXPIRED: "light",
            S.WITHDRAWN: "dark",
        },
        moves=[
            Move(
                S.DRAFT, S.PENDING_APPROVAL, allowed=P.can_draft, name="submit", label=gettext_noop("Submit")
            ),
            Move(
                S.PENDING_APPROVAL,
                S.APPROVED,
                allowed=P.can_approve,
                sets=("approved_by", "approved_at"),
                name="approve",
                label=gettext_noop("Approve"),
            ),
            Move(
                S.PENDING_APPROVAL,
                S.DRAFT,
                allowed=P.can_approve,
                needs_reason=True,
                name="send_back",
                label=gettext_noop("Send back"),
            ),
            Move(
                S.APPROVED,
                S.PUBLISHED,
                allowed=P.can_publish,
                sets=("published_at",),
                name="publish",
                label=gettext_noop("Publish"),
            ),
            Move(
                (S.DRAFT, S.PENDING_APPROVAL, S.APPROVED, S.PUBLISHED),
                S.WITHDRAWN,
                allowed=P.can_withdraw,
                sets=("ended_at",),
                needs_reason=True,
                name="withdraw",
                label=gettext_noop("Withdraw"),
            ),
            # Only the sweeper expires a notice, once its last day has passed in the project (services).
            Move(S.PUBLISHED, S.EXPIRED, sets=("ended_at",), name="expire"),
        ],
    )
)

POSTING = register(
    Lifecycle(
        model=NoticePosting,
        event_model=NoticePostingEvent,
        refusal=gettext_noop("The board posting is “%(from)s” and cannot become “%(to)s”."),
        tones={T.TO_POST: "warning", T.POSTED: "primary", T.REMOVED: "success"},
        moves=[
            Move(
                T.TO_POST,
                T.POSTED,
                allowed=P.can_mark_posting,
                sets=("posted_at", "posted_by", "due_at", "overdue_noted_at", "photo"),
                name="post",
                label=gettext_noop("Posted"),
            ),
            Move(
                T.POSTED,
                T.REMOVED,
                allowed=P.can_mark_posting,
                sets=("removed_at", "removed_by", "due_at", "overdue_noted_at", "photo"),
                name="remove",
                label=gettext_noop("Taken down"),
            ),
            Move(
                T.TO_POST,
                T.CANCELLED,
                allowed=P.can_cancel_posting,
                sets=("due_at", "overdue_noted_at"),
                name="cancel",
            ),
        ],
    )
)
