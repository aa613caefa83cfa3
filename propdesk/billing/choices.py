from django.db import models
from django.utils.translation import gettext_lazy as _


class ChargeKind(models.TextChoices):
    """How a charge item turns into an amount."""

    AREA = "area", _("Area × unit price")  # 物业服务费: m² × 元/m²/月
    SEASONAL_AREA = "seasonal_area", _("Area × unit price, in season")  # 采暖费: only in the heating months
    FIXED = "fixed", _("Fixed monthly amount")  # 车位租金, 车位管理费, 垃圾费: one per unit per month
    METERED = "metered", _("Meter reading × unit price")  # 水电费代收: billed from readings
    ONE_OFF = "one_off", _("One-off charge")  # 一次性收费: billed by hand
    DEPOSIT = "deposit", _("Deposit")  # 押金: held and refunded, never in a monthly run


# Kinds a billing run generates from the price list; metered items it charges from meter readings;
# the others are billed one by one through services.
RUN_KINDS = (ChargeKind.AREA, ChargeKind.SEASONAL_AREA, ChargeKind.FIXED)


class BillingCycle(models.TextChoices):
    """How often an item is billed. Area and fixed items are billed in advance, in the first month of
    their quarter or year; metered items in arrears, in its last month (readings up to its end)."""

    MONTHLY = "monthly", _("Monthly")  # 按月
    QUARTERLY = "quarterly", _("Quarterly")  # 按季: calendar quarters
    YEARLY = "yearly", _("Yearly")  # 按年: calendar years


# ---------------------------------------------------------------- Meters (抄表)


class MeterKind(models.TextChoices):
    ELECTRICITY = "electricity", _("Electricity meter")  # 电表
    WATER = "water", _("Water meter")  # 水表
    GAS = "gas", _("Gas meter")  # 燃气表
    HOT_WATER = "hot_water", _("Hot water meter")  # 热水表
    HEAT = "heat", _("Heat meter")  # 热量表


class ReadingKind(models.TextChoices):
    READING = "reading", _("Reading")  # 抄表读数
    START = "start", _("Start reading")  # 起始读数: a meter registered or put in at a meter change
    FINAL = "final", _("Final reading")  # 旧表止度: the last reading of a meter taken out (换表)
    VOID = "void", _("Voided")  # 作废: cancels the reading it replaces, with a reason


class ReadingSource(models.TextChoices):
    PAGE = "page", _("Reading entry page")  # 抄表录入页面
    EXCEL = "excel", _("Excel import")  # Excel 导入
    API = "api", _("API")


class AreaBasis(models.TextChoices):
    BUILDING = "building", _("Building area")  # 建筑面积
    INNER = "inner", _("Inner area")  # 套内面积 (falls back to building area when unknown)


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Cash")  # 现金
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")  # 银行转账
    POS = "pos", _("POS card")  # 刷卡
    WECHAT = "wechat", _("WeChat Pay")  # 微信支付
    ALIPAY = "alipay", _("Alipay")  # 支付宝
    BANK_DEBIT = (
        "bank_debit",
        _("Bank direct debit"),
    )  # 银行托收: credited only by importing the bank's result file


# Methods whose money arrives by a signed notification from a provider.
ONLINE_METHODS = (PaymentMethod.WECHAT, PaymentMethod.ALIPAY)
# What the counter records itself (the online ones are credited by their provider; debit by its batch).
COUNTER_METHOD_CHOICES = [
    (m.value, m.label) for m in PaymentMethod if m not in (*ONLINE_METHODS, PaymentMethod.BANK_DEBIT)
]
WALLET_METHOD_CHOICES = [(m.value, m.label) for m in ONLINE_METHODS]


class ProviderKind(models.TextChoices):
    """Which adapter a merchant account talks through (providers/)."""

    SANDBOX = "sandbox", _("Sandbox (simulated)")
    WECHATPAY_V3 = "wechatpay_v3", _("WeChat Pay API v3")
    ALIPAY = "alipay", _("Alipay Open Platform (RSA2)")


# The live kinds and the method each one serves.
KIND_METHOD = {ProviderKind.WECHATPAY_V3: PaymentMethod.WECHAT, ProviderKind.ALIPAY: PaymentMethod.ALIPAY}


class RunStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")  # created, the job has not started
    RUNNING = "running", _("Working")  # the job is working through the units
    DONE = "done", _("Done")  # every unit processed
    FAILED = "failed", _("Interrupted")  # stopped by an error; starting it again resumes


class OrderStatus(models.TextChoices):
    OPEN = "open", _("Awaiting payment")  # sent to the provider, no notification yet
    PAID = "paid", _("Paid")  # a verified notification (or the provider's signed answer) was applied
    # Declined by the provider (e.g. not enough balance) or given up at the desk. Money that still
    # arrives for it later is credited all the same (closed → paid): money is never turned away.
    CLOSED = "closed", _("Closed")


class OrderChannel(models.TextChoices):
    APP = "app", _("Owner's app")  # the owner paid from the portal or app
    DESK_SCAN = (
        "desk_scan",
        _("Payment code scanned at the desk"),
    )  # 付款码: the cashier scans the owner's code
    DESK_CODE = "desk_code", _("Code shown at the desk")  # 收款码: the owner scans the code the desk shows


class NotificationOutcome(models.TextChoices):
    APPLIED = "applied", _("Applied")  # verified and credited
    DUPLICATE = "duplicate", _("Duplicate")  # already credited: acknowledged, nothing done
    # A second real transaction for an order already paid: the owner was charged twice. The money is
    # received (to the prepaid balance, not to bills) and waits on the cashier's desk for a refund.
    DOUBLE_CHARGE = "double_charge", _("Charged twice: refund due")
    REJECTED = "rejected", _("Refused")  # bad signature, amount or order: nothing credited


# ---------------------------------------------------------------- dunning (催缴)
# Nothing here suggests stopping water, power, gas or heating (forbidden).


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


# ---------------------------------------------------------------- Cash drawers and refunds


class DrawerStatus(models.TextChoices):
    OPEN = "open", _("Taking cash")  # 收款中 ("Open" alone is 打开)
    CLOSED = "closed", _("Closed, not banked")  # 已日结，未缴存
    DEPOSITED = "deposited", _("Banked")  # 已缴存银行


class RefundMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")


# ---------------------------------------------------------------- Bank direct debit (银行托收)


class DebitBatchStatus(models.TextChoices):
    EXPORTED = "exported", _("Sent to the bank")
    IMPORTED = "imported", _("Result imported")


class DebitResult(models.TextChoices):
    PENDING = "pending", _("Awaiting the bank")
    SUCCEEDED = "succeeded", _("Debited")
    FAILED = "failed", _("Failed")


# ---------------------------------------------------------------- Deposits (押金)


class DepositKind(models.TextChoices):
    RENOVATION = "renovation", _("Renovation deposit")  # 装修押金
    CARD = "card", _("Access card deposit")  # 门禁卡/IC卡押金
    MOVE_IN = "move_in", _("Move-in deposit")  # 入住押金
    OTHER = "other", _("Other deposit")  # 其他押金


class DepositStatus(models.TextChoices):
    HELD = "held", _("Held")  # 持有中 (possibly partly deducted)
    CLOSED = "closed", _("Settled")  # 已清退: balance refunded / deducted to zero
    FORFEITED = "forfeited", _("Forfeited")  # 已没收


class MovementKind(models.TextChoices):
    REFUND = "refund", _("Refund")  # 退还
    DEDUCTION = "deduction", _("Deduction")  # 扣除
    FORFEIT = "forfeit", _("Forfeit")  # 没收


# ---------------------------------------------------------------- Heating stops (停暖)


class HeatingStopStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


# ---------------------------------------------------------------- Printed notice batches


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")  # queued, not started
    DONE = "done", _("Ready")  # the PDF can be downloaded
    FAILED = "failed", _("Failed")  # see the error; request it again


# ---------------------------------------------------------------- Waivers (减免)


class WaiverStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class WaiverDecisionKind(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")
