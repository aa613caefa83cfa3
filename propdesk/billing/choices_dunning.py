"""Codes of dunning (催缴). Nothing here suggests stopping water, power, gas or heating (forbidden)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Being followed up")  # arrears remain, contacts continue
    CLOSED = "closed", _("Closed")  # paid up, or closed by a manager with a reason


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("Telephone")  # 电话 ("Phone call" is an incoming call, 来电)
    VERBAL = "verbal", _("Spoken in person")  # 口头
    SMS = "sms", _("Text message")  # 短信 / 微信
    NOTICE = "notice", _("Written dunning notice")  # 书面催缴通知单
    VISIT = "visit", _("Door visit")  # 上门
    MEETING = "meeting", _("Meeting with the manager")  # 管理处约谈
    LAWYER_LETTER = "lawyer_letter", _("Lawyer's letter")  # 律师函
    LAWSUIT = "lawsuit", _("Lawsuit or arbitration")  # 诉讼 / 仲裁


class ContactOutcome(models.TextChoices):
    PROMISED = "promised", _("Promised to pay")  # 承诺缴费 (needs a date)
    PAID = "paid", _("Paid on the spot")  # 当场缴费
    NO_ANSWER = "no_answer", _("Not reached")  # 未联系上
    REFUSED = "refused", _("Refused to pay")  # 拒缴
    DISPUTE = "dispute", _("Disputes the charge")  # 有异议（转投诉处理）
    OTHER = "other", _("Other")


# The ladder a new project starts with (SPEC §7): code, name, description.
DEFAULT_STAGES = [
    ("phone", "电话/口头催缴", "管家电话或当面提醒业主缴费，记录承诺缴费日期"),
    ("written", "书面催缴", "送达或张贴催缴通知单，业主签收"),
    ("visit", "上门催缴", "管家上门沟通，了解欠费原因"),
    ("manager", "管理处约谈", "管理处主任约谈业主，协商缴费方案"),
    ("legal", "法律途径", "发律师函，依法申请仲裁或提起诉讼"),
]

# The SLA policy a broken promise runs on (seeded through project_setup, edited in the admin).
PROMISE_KIND = "dunning_promise"
PROMISE_POLICY = "催缴承诺缴费"
PROMISE_PRECEDENCE = 80
