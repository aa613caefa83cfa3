"""The front desk's defaults: who may do what with notices (per position) and the board deadlines."""

from __future__ import annotations

import datetime as dt

_VIEW = {"frontdesk.view_notice", "frontdesk.view_noticeposting"}
_DRAFT = _VIEW | {"frontdesk.add_notice", "frontdesk.change_notice"}
DEFAULT_PERMISSIONS: dict[str, set[str]] = {
    # 物业助理（前台）: writes notices and posts them where no butler is (seed 000 5.2.5).
    "frontdesk_assistant": _DRAFT | {"frontdesk.post_notice"},
    "records_assistant": _DRAFT,
    # 楼栋管家: posts and takes down notices in her buildings (seed 000 5.3.7).
    "butler": _VIEW | {"frontdesk.post_notice"},
    # 客服主管: reviews the department's documents (seed 000 5.1.5).
    "cs_supervisor": _DRAFT | {"frontdesk.approve_notice", "frontdesk.post_notice"},
    "center_director": _DRAFT | {"frontdesk.approve_notice", "frontdesk.post_notice"},
    "general_manager": set(_VIEW),
    "company_admin": set(_VIEW),
}

# A board is posted by the end of the working day of the notice's first day...
POST_BY = dt.time(18, 0)
# ... and cleared by noon of the day after its last day (the removal SLA).
REMOVE_BY = dt.time(12, 0)
REMOVE_DAYS_AFTER = 1
# A withdrawn notice comes off the boards within this time.
WITHDRAWN_REMOVAL = dt.timedelta(hours=4)
