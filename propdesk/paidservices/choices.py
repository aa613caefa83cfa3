"""States and agreement methods of paid services (特约服务)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SpecialState(models.TextChoices):
    DRAFT = "draft", _("Awaiting the head's confirmation")  # 待审核: content and price being prepared
    # 待经理审批: work off the price list, priced by the department head, waits for the manager (seed 003
    # 服务收费 3.4: 物业经理负责审批特约服务内容及价格); list prices were approved with the list.
    PENDING_APPROVAL = "pending_approval", _("Awaiting the manager's approval")
    CONFIRMED = "confirmed", _("Awaiting the owner's agreement")  # 主管已确认: content and price confirmed
    AGREED = "agreed", _("Agreed by the owner")  # 业主已同意: work may start
    COMPLETED = "completed", _("Completed and billed")  # 已完工: one bill line made for the cashier
    DECLINED = "declined", _("Declined by the owner")  # 业主不同意
    CANCELLED = "cancelled", _("Cancelled")  # 已取消


class AgreementMethod(models.TextChoices):
    SIGNATURE = "signature", _("Signature on the phone")  # 手机签字
    PORTAL = "portal", _("Confirmed in the owner portal")  # 业主端确认
    PAPER = "paper", _("Signed contact form")  # 纸质联络单签字
