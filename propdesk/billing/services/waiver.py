"""Waivers (费用减免): apply, decide step by step, credit the bills at the last approval.

Lock order: application row → unit row (issue_credit_note locks the unit).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from propdesk.core import lifecycle, uploads
from propdesk.core.access import has_project_perm
from propdesk.core.audit import acting_as
from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.registry.models import Unit

from .. import selectors
from ..choices import WaiverDecisionKind, WaiverStatus
from ..models import Bill, WaiverApplication, WaiverDecision, WaiverLine, WaiverReason, WaiverRule
from ..models.waiver import WAIVER_LEVELS
from ..money import ZERO, money
from .charges import issue_credit_note

DEFAULT_REASONS = ["空置房", "房屋维修影响使用", "特困户", "开发商承担", "服务质量问题补偿", "其他"]
# ≤200 元: supervisor; ≤2000 元: supervisor → director; above: supervisor → director → general manager.
DEFAULT_RULES = [
    (Decimal("200.00"), "supervisor"),
    (Decimal("2000.00"), "supervisor,director"),
    (None, "supervisor,director,gm"),
]


def load_waiver_defaults(*, project, actor=None) -> None:
    """project_setup step: the default reason list and approval thresholds, never overwriting edits."""
    with acting_as(actor):
        if not WaiverReason.objects.filter(project=project).exists():
            for n, name in enumerate(DEFAULT_REASONS):
                WaiverReason.objects.create(project=project, name=name, sort_order=n * 10)
        if not WaiverRule.objects.filter(project=project).exists():
            for up_to, chain in DEFAULT_RULES:
                WaiverRule.objects.create(project=project, up_to=up_to, chain=chain)


def chain_for(project, amount: Decimal) -> list[str]:
    rules = sorted(
        WaiverRule.objects.filter(project=project),
        key=lambda r: (r.up_to is None, r.up_to or ZERO),
    )
    for rule in rules:
        if rule.up_to is None or amount <= rule.up_to:
            levels = rule.levels
            if not levels or any(lv not in WAIVER_LEVELS for lv in levels):
                raise ServiceError("减免审批规则配置有误，请联系管理员")
            return levels
    raise ServiceError("该金额没有适用的减免审批规则，请联系管理员", field="amount")


def _next_number(project) -> str:
    prefix = f"JM{timezone.localdate():%Y%m}-"
    last = (
        WaiverApplication.objects.filter(project=project, number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return f"{prefix}{int(last[len(prefix) :]) + 1 if last else 1:04d}"


MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024  # a scanned certificate or a photo of one


def apply_for_waiver(
    *,
    unit,
    lines: list[tuple[Bill, Decimal]],
    reason: WaiverReason,
    details: str = "",
    attachment=None,
    actor,
) -> WaiverApplication:
    """减免申请: bill lines of one unit, each at most what it still asks; the amount picks the chain."""
    if not lines:
        raise ServiceError("请选择要减免的账单", field="bills")
    if attachment:
        kind = uploads.check_upload(
            attachment, field="attachment", accept=uploads.IMAGE | uploads.PDF, max_bytes=MAX_ATTACHMENT_BYTES
        )
        if kind in uploads.IMAGE:
            attachment = uploads.reencoded_image(attachment, field="attachment")
    if reason.project_id != unit.project_id or not reason.is_active:
        raise ServiceError("请选择减免原因", field="reason")
    clean: list[tuple[Bill, Decimal]] = []
    for bill, amount in lines:
        if bill.unit_id != unit.pk:
            raise ServiceError("所选账单不属于该房屋", field="bills")
        try:
            amount = money(amount)
        except (TypeError, ValueError, ArithmeticError):
            raise ServiceError("金额格式不正确", field="amount") from None
        if amount <= 0:
            raise ServiceError("减免金额必须大于零", field="amount")
        clean.append((bill, amount))
    if len({b.pk for b, _a in clean}) != len(clean):
        raise ServiceError("同一账单只能出现一次", field="bills")
    total = money(sum((a for _b, a in clean), start=ZERO))
    levels = chain_for(unit.project, total)
    with transaction.atomic(), acting_as(actor):
        Unit.objects.select_for_update().get(pk=unit.pk)
        pending = WaiverLine.objects.filter(
            bill__in=[b for b, _a in clean], application__status=WaiverStatus.PENDING
        ).exists()
        if pending:
            raise ServiceError("所选账单已有待审批的减免申请", field="bills")
        for bill, amount in clean:
            outstanding = selectors.outstanding_of(bill.pk)
            if amount > outstanding:
                raise ServiceError(
                    f"{bill.item.name} {bill.period:%Y-%m} 减免金额不能超过欠费 {outstanding}", field="amount"
                )
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    application = WaiverApplication.objects.create(
                        project_id=unit.project_id,
                        number=_next_number(unit.project),
                        unit=unit,
                        amount=total,
                        reason=reason,
                        details=details.strip()[:500],
                        chain=",".join(levels),
                        applied_by=actor,
                        **({"attachment": attachment} if attachment else {}),
                    )
                break
            except IntegrityError:
                continue
        else:  # pragma: no cover - five concurrent applications in one instant
            raise ServiceError("申请编号冲突，请重试")
        lifecycle.record_created(application, actor=actor, reason=reason.name)
        WaiverLine.objects.bulk_create(
            [
                WaiverLine(project_id=unit.project_id, application=application, bill=bill, amount=amount)
                for bill, amount in clean
            ]
        )
    return application


def can_decide(application: WaiverApplication, user) -> bool:
    level = application.current_level
    if level is None or application.applied_by_id == user.pk:
        return False
    if application.decisions.filter(decided_by=user).exists():
        return False  # one person, one step of a chain
    return has_project_perm(user, application.project, WAIVER_LEVELS[level][0])


def decide_waiver(
    *, application: WaiverApplication, approve: bool, comment: str = "", actor
) -> WaiverApplication:
    """One approval step. A rejection (with a comment) ends it; the last approval issues the credit notes."""
    comment = comment.strip()
    if not approve and not comment:
        raise ServiceError("驳回须填写意见", field="comment")
    with transaction.atomic(), acting_as(actor):
        application = WaiverApplication.objects.select_for_update().get(pk=application.pk)
        if application.status != WaiverStatus.PENDING:
            raise ServiceError("该申请已审结", code="already_decided")
        level = application.current_level
        if not can_decide(application, actor):
            raise AccessDenied(f"本步须由{WAIVER_LEVELS[level][1]}审批，且不能审批自己的申请或同一申请的两步")
        WaiverDecision.objects.create(
            project_id=application.project_id,
            application=application,
            step=application.step,
            level=level,
            decision=WaiverDecisionKind.APPROVE if approve else WaiverDecisionKind.REJECT,
            comment=comment[:200],
            decided_by=actor,
        )
        application.step += 1
        if not approve:
            application = lifecycle.move(
                application,
                to=WaiverStatus.REJECTED,
                actor=actor,
                reason=comment,
                step=application.step,
                decided_at=timezone.now(),
            )
        elif application.step >= len(application.levels):
            for line in application.lines.select_related("bill"):
                note = issue_credit_note(
                    bill=line.bill, amount=line.amount, reason=f"费用减免 {application.number}", actor=actor
                )
                line.credit_note = note
                line.save(update_fields=["credit_note"])
            application = lifecycle.move(
                application,
                to=WaiverStatus.APPROVED,
                actor=actor,
                reason=comment,
                step=application.step,
                decided_at=timezone.now(),
            )
        else:  # an intermediate approval: the next level decides; the status stays pending
            application.save(update_fields=["step"])
    return application
