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


# Kinds a monthly billing run generates; the others are billed one by one through services.
RUN_KINDS = (ChargeKind.AREA, ChargeKind.SEASONAL_AREA, ChargeKind.FIXED)


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


class RunStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")  # created, the job has not started
    RUNNING = "running", _("Working")  # the job is working through the units
    DONE = "done", _("Done")  # every unit processed
    FAILED = "failed", _("Interrupted")  # stopped by an error; starting it again resumes


class OrderStatus(models.TextChoices):
    OPEN = "open", _("Awaiting payment")  # sent to the provider, no notification yet
    PAID = "paid", _("Paid")  # a verified notification was applied


class NotificationOutcome(models.TextChoices):
    APPLIED = "applied", _("Applied")  # verified and credited
    DUPLICATE = "duplicate", _("Duplicate")  # already credited: acknowledged, nothing done
    REJECTED = "rejected", _("Refused")  # bad signature, amount or order: nothing credited
