"""States and kinds of the front desk's notices (通知 / 公告)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeCategory(models.TextChoices):
    NOTICE = "notice", _("General notice")  # 通知: something owners must know or do (fire drill, fee change)
    ANNOUNCEMENT = "announcement", _("Announcement")  # 公告: the service center announces (results, rules)
    REMINDER = "reminder", _("Friendly reminder")  # 温馨提示: weather, safety, courtesy
    OUTAGE = "outage", _("Water or power outage")  # 停水停电: a planned outage's notice


class NoticeState(models.TextChoices):
    DRAFT = "draft", _("Draft")  # 草稿: the front desk writes it
    PENDING_APPROVAL = "pending_approval", _("Awaiting approval")  # 待审核: the customer service supervisor
    APPROVED = "approved", _("Approved, not yet published")  # 已审核: to print and publish
    PUBLISHED = "published", _("Published")  # 已发布: in the portal from its first day; posted on boards
    EXPIRED = "expired", _("Expired")  # 已过期: past its last day (the sweeper); boards to clear
    WITHDRAWN = "withdrawn", _("Withdrawn")  # 已撤回: taken back with a reason; boards to clear


class PostingState(models.TextChoices):
    TO_POST = "to_post", _("To post")  # 待张贴: the butler posts it on the building's board
    POSTED = "posted", _("Posted")  # 已张贴: on the board until the removal date
    REMOVED = "removed", _("Removed")  # 已撤除: taken down
    CANCELLED = "cancelled", _("Not posted")  # 无需张贴: the notice ended before it was posted
