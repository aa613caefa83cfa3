"""Who may make the registry's decisions: `can_<verb>(user, obj)`, asked by the lifecycle kit and pages."""

from __future__ import annotations

from propdesk.core.access import has_project_perm

APPROVE_PERM = "registry.approve_archiveloan"


def can_decide_loan(user, loan) -> bool:
    """Approve or reject a request to consult or borrow an archive file (审批查阅 / 外借)."""
    return has_project_perm(user, loan.project, APPROVE_PERM)
