from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    REPAIR = "repair", _("Repair")  # 报修
    COMPLAINT = "complaint", _("Complaint")  # 投诉
    INQUIRY = "inquiry", _("Inquiry")  # 咨询
    SUGGESTION = "suggestion", _("Suggestion")  # 建议
    PRAISE = "praise", _("Praise")  # 表扬
    PAID_SERVICE = "paid_service", _("Paid special service")  # 特约服务 / 有偿服务
    OTHER = "other", _("Other matter")  # 其他


# Document number prefixes, as on the paper forms (BX-20260310-0012).
NUMBER_PREFIX = {
    RequestKind.REPAIR: "BX",
    RequestKind.COMPLAINT: "TS",
    RequestKind.INQUIRY: "ZX",
    RequestKind.SUGGESTION: "JY",
    RequestKind.PRAISE: "BY",
    RequestKind.PAID_SERVICE: "TY",
    RequestKind.OTHER: "QT",
}


class Channel(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in")  # 来访
    PHONE = "phone", _("Phone call")  # 来电
    WRITTEN = "written", _("Written")  # 书面
    PORTAL = "portal", _("Owner portal")  # 业主端
    STAFF = "staff", _("Staff report")  # 员工自报
    PATROL = "patrol", _("Patrol finding")  # 巡检发现
    CCTV = "cctv", _("CCTV finding")  # 监控发现


class RepairLocation(models.TextChoices):
    IN_UNIT = "in_unit", _("Inside a unit")  # 户内
    PUBLIC = "public", _("Public area")  # 公共区域


class RepairClass(models.TextChoices):
    EMERGENCY = "emergency", _("Emergency repair")  # 急修: worked continuously until fixed
    SMALL = "small", _("Small repair")  # 小修: finished the same day
    GENERAL = "general", _("General repair")  # 一般维修: finished within 2 days


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received")  # 已受理: recorded, with its first receiver
    IN_PROGRESS = "in_progress", _("In progress")  # 处理中: someone is working on it
    PAUSED = "paused", _("Waiting for the owner")  # 暂停: owner not at home, parts ordered with consent
    RESOLVED = "resolved", _("Resolved")  # 已完成: done, the callback is due
    CLOSED = "closed", _("Closed")  # 已关闭: callback done, archived
    CANCELLED = "cancelled", _("Cancelled")  # 已撤销: withdrawn or a duplicate


class HandOffState(models.TextChoices):
    REQUESTED = "requested", _("Waiting for acceptance")  # 待接收: the sender still holds the request
    ACCEPTED = "accepted", _("Accepted")  # 已接收: the receiver now holds it
    DECLINED = "declined", _("Declined")  # 已退回: stays with the sender, with a reason
    WITHDRAWN = "withdrawn", _("Withdrawn")  # 已撤回: the sender took it back
    TAKEN_OVER = "taken_over", _("Taken over by the center director")  # 主任接手: not accepted in time
    REDIRECTED = "redirected", _("Reassigned by the center director")  # 主任改派: a new hand-off follows


class WorkOrderState(models.TextChoices):
    DISPATCHED = "dispatched", _("Dispatched")  # 已派工: a technician is named, the arrival clock runs
    ACCEPTED = "accepted", _("Accepted by the technician")  # 已接单: he signed for it
    ARRIVED = "arrived", _("On site")  # 已到场
    COMPLETED = "completed", _("Work completed")  # 已完工: work, materials and labour recorded
    SIGNED = "signed", _("Confirmed by the owner")  # 已签认: the owner signed (not needed for public areas)
    RETURNED = (
        "returned",
        _("Slip returned to customer service"),
    )  # 已交回: customer service does the callback
    CANCELLED = "cancelled", _("Cancelled")  # 已取消: dispatched to someone else or withdrawn


class ComplaintState(models.TextChoices):
    REGISTERED = (
        "registered",
        _("Awaiting the validity decision"),
    )  # 待判定: customer service decides 投诉成立
    INVALID = (
        "invalid",
        _("Not a valid complaint"),
    )  # 不成立: explained to the owner, the owner's response recorded
    ASSIGNED = "assigned", _("With the responsible department")  # 已派发: report sent with a deadline
    ANSWERED = (
        "answered",
        _("Department has acted"),
    )  # 已回复: the department wrote its action into the report
    SIGNED_OFF = "signed_off", _("Signed off by the manager")  # 已签批: after the callback
    ARCHIVED = "archived", _("Archived")  # 已归档 with the departments concerned


class CallbackMethod(models.TextChoices):
    DOOR_VISIT = "door_visit", _("Door visit")  # 上门
    PHONE = "phone", _("Phone")  # 电话
    ON_SITE = "on_site", _("On-site check")  # 现场查看
    OPEN_LETTER = "open_letter", _("Open letter")  # 公开信


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")  # 满意
    FAIR = "fair", _("Fair")  # 一般
    UNSATISFIED = "unsatisfied", _("Unsatisfied")  # 不满意: improvement, then another callback


class EventKind(models.TextChoices):
    RECEIVED = "received", _("Received")
    DISPATCHED = "dispatched", _("Dispatched")
    ORDER_ACCEPTED = "order_accepted", _("Order accepted")
    ARRIVED = "arrived", _("Arrived on site")
    COMPLETED = "completed", _("Work completed")
    OWNER_SIGNED = "owner_signed", _("Owner signed")
    SLIP_RETURNED = "slip_returned", _("Slip returned")
    COMPLAINT_VALID = "complaint_valid", _("Complaint found valid")
    COMPLAINT_INVALID = "complaint_invalid", _("Complaint found not valid")
    DEPARTMENT_ACTION = "department_action", _("Department's action recorded")
    MANAGER_SIGNOFF = "manager_signoff", _("Signed off by the manager")
    ARCHIVED = "archived", _("Archived")
    FEEDBACK = "feedback", _("Feedback given to the owner")
    CALLBACK = "callback", _("Callback")
    IMPROVEMENT = "improvement", _("Improvement assigned")
    IMPROVEMENT_DONE = "improvement_done", _("Improvement done")
    HANDOFF_REQUESTED = "handoff_requested", _("Hand-off requested")
    HANDOFF_ACCEPTED = "handoff_accepted", _("Hand-off accepted")
    HANDOFF_DECLINED = "handoff_declined", _("Hand-off declined")
    HANDOFF_WITHDRAWN = "handoff_withdrawn", _("Hand-off withdrawn")
    HANDOFF_TAKEN_OVER = "handoff_taken_over", _("Hand-off taken over by the director")
    HANDOFF_REDIRECTED = "handoff_redirected", _("Hand-off reassigned by the director")
    STATUS_CHANGED = "status_changed", _("Status changed")
    LINKED = "linked", _("Linked to an incident")
    RECLASSIFIED = "reclassified", _("Repair class changed")
    NOTE = "note", _("Note")


# ---------------------------------------------------------------- Callback plans (回访计划)


class PlanKind(models.TextChoices):
    QUARTERLY = "quarterly", _("Quarterly sample")  # 定期回访: 每季度对部分业主进行回访
    SEASONAL = "seasonal", _("Seasonal (targeted)")  # 针对性回访: 季节变化
    PROBLEM = "problem", _("Recurring problem (targeted)")  # 针对性回访: 典型问题


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Draft")  # 草拟: tasks not generated yet
    ACTIVE = "active", _("In progress")  # 执行中
    CLOSED = "closed", _("Closed")  # 已结束


class PlanTaskState(models.TextChoices):
    PENDING = "pending", _("To call")  # 待回访
    DONE = "done", _("Called back")  # 已回访
    UNREACHABLE = "unreachable", _("Could not be reached")  # 无法联系


# ---------------------------------------------------------------- Satisfaction surveys (满意度调查)


class SurveyState(models.TextChoices):
    DRAFT = "draft", _("Draft")  # 草稿: questions still editable
    OPEN = "open", _("Collecting answers")  # 进行中
    CLOSED = "closed", _("Closed")  # 已结束: the analysis report is written


class SurveyScale(models.TextChoices):
    THREE = "three", _("Satisfied / basically satisfied / unsatisfied")  # 满意 / 基本满意 / 不满意
    FIVE = "five", _("Score 1 to 5")  # 1–5 分


class SurveyMethod(models.TextChoices):
    DOOR_VISIT = "door_visit", _("Door visit")  # 上门
    PHONE = "phone", _("Phone")  # 电话
    PAPER = "paper", _("Paper questionnaire")  # 纸质问卷
    PORTAL = "portal", _("Owner portal")  # 业主端


class KpiCode(models.TextChoices):
    """The KPI rows that have a target (考核指标), as the KPI page shows them."""

    DISPATCH = "dispatch", _("Dispatched within 20 minutes of the report")
    ARRIVAL = "arrival", _("Arrived within 20 minutes of dispatch")
    CLASS_DEADLINE = "class_deadline", _("Completed within the class deadline")
    CALLBACK_RATE = "callback_rate", _("Completed requests called back")  # 回访率 100%
    DOOR_SHARE = "door_share", _("Callbacks by door visit")  # 上门回访 ≥ 70%
    PHONE_SHARE = "phone_share", _("Callbacks by phone")  # 电话回访 约30% (a ceiling)
    SATISFACTION = "satisfaction", _("Satisfied at the callback")  # 满意率 ≥ 95%
    CALLBACK_IN_TIME = "callback_in_time", _("Complaint callbacks within 24 hours")
    COMPLAINT_FEEDBACK = "complaint_feedback", _("Feedback within 24 hours")
    COMPLAINT_RESOLUTION = "complaint_resolution", _("Resolved within 12 days")
    SURVEY_COVERAGE = "survey_coverage", _("Occupied units reached by the survey")  # 征询率 ≥ 95%
