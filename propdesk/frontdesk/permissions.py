"""Who may do what with notices: `can_<verb>(user, obj)`, one rule each.

Seed 000 (客服部岗位职责): the front desk (物业助理（前台）) writes notices and their publicity (5.2.5),
the customer service supervisor reviews the department's documents (5.1.5 审核本部门的各类业务表单),
the building butlers post and take down notices in their buildings (5.3.7 张贴、撤除各类通知、公告).
"""

from __future__ import annotations

from propdesk.core.access import has_project_perm, sees_building

from .choices import NoticeState

VIEW_PERM = "frontdesk.view_notice"
DRAFT_PERM = "frontdesk.add_notice"
APPROVE_PERM = "frontdesk.approve_notice"
POST_PERM = "frontdesk.post_notice"


def can_draft(user, notice) -> bool:
    """Write and edit drafts, submit them, publish approved ones: the front desk."""
    return has_project_perm(user, notice.project, DRAFT_PERM)


def can_edit(user, notice) -> bool:
    return notice.status == NoticeState.DRAFT and can_draft(user, notice)


def can_approve(user, notice) -> bool:
    """Approve or send back: a holder of the approving permission who did not draft it (four eyes)."""
    return has_project_perm(user, notice.project, APPROVE_PERM) and notice.drafted_by_id != getattr(
        user, "pk", None
    )


def can_publish(user, notice) -> bool:
    return can_draft(user, notice) or has_project_perm(user, notice.project, APPROVE_PERM)


def can_withdraw(user, notice) -> bool:
    """Withdraw: the supervisor always; the front desk a notice not yet approved."""
    if has_project_perm(user, notice.project, APPROVE_PERM):
        return True
    return notice.status in (NoticeState.DRAFT, NoticeState.PENDING_APPROVAL) and can_draft(user, notice)


def can_mark_posting(user, posting) -> bool:
    """Mark a board posted or cleared: the building's butler, or whoever holds the posting
    permission outside building scope (the front desk covers a building without a butler)."""
    if not has_project_perm(user, posting.project, POST_PERM):
        return False
    return posting.butler_id == getattr(user, "pk", None) or sees_building(
        user, posting.project_id, posting.building_id
    )


def can_cancel_posting(user, posting) -> bool:
    """The notice ended before the board was posted: nothing to post (the services do it)."""
    return posting.notice.status in (NoticeState.EXPIRED, NoticeState.WITHDRAWN)
