"""Waivers (费用减免): apply, decide step by step, credit the bills at the last approval.

Lock order: application row → unit row (issue_credit_note locks the unit).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core import lifecycle, uploads
from propdesk.core.access import has_project_perm
from propdesk.core.audit import acting_as
from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.registry.models import Unit

from .. import selectors
from ..choices import WaiverDecisionKind, WaiverStatus
from ..defaults import WAIVER_REASONS, WAIVER_RULES
from ..models import Bill, WaiverApplication, WaiverDecision, WaiverLine, WaiverReason, WaiverRule
from ..models.waiver import WAIVER_LEVELS
from ..money import ZERO, money
from .charges import issue_credit_note


def load_waiver_defaults(*, project, actor=None) -> None:
    """project_setup step: the default reason list and approval thresholds, never overwriting edits."""
    with acting_as(actor):
        if not WaiverReason.objects.filter(project=project).exists():
            for n, name in enumerate(WAIVER_REASONS):
                WaiverReason.objects.create(project=project, name=name, sort_order=n * 10)
        if not WaiverRule.objects.filter(project=project).exists():
            for up_to, chain in WAIVER_RULES:
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
                raise ServiceError(_("The waiver approval rules are misconfigured: ask the administrator."))
            return levels
    raise ServiceError(
        _("No waiver approval rule covers this amount: ask the administrator."), field="amount"
    )


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
        raise ServiceError(_("Choose the bills to waive."), field="bills")
    if attachment:
        kind = uploads.check_upload(
            attachment, field="attachment", accept=uploads.IMAGE | uploads.PDF, max_bytes=MAX_ATTACHMENT_BYTES
        )
        if kind in uploads.IMAGE:
            attachment = uploads.reencoded_image(attachment, field="attachment")
    if reason.project_id != unit.project_id or not reason.is_active:
        raise ServiceError(_("Choose the reason for the waiver."), field="reason")
    clean: list[tuple[Bill, Decimal]] = []
    for bill, amount in lines:
        if bill.unit_id != unit.pk:
            raise ServiceError(_("A chosen bill is not this unit's."), field="bills")
        try:
            amount = money(amount)
        except (TypeError, ValueError, ArithmeticError):
            raise ServiceError(_("The amount is not a valid number."), field="amount") from None
        if amount <= 0:
            raise ServiceError(_("The waived amount must be greater than zero."), field="amount")
        clean.append((bill, amount))
    if len({b.pk for b, _a in clean}) != len(clean):
        raise ServiceError(_("A bill can appear only once."), field="bills")
    total = money(sum((a for _b, a in clean), start=ZERO))
    levels = chain_for(unit.project, total)
    with transaction.atomic(), acting_as(actor):
        Unit.objects.select_for_update().get(pk=unit.pk)
        pending = WaiverLine.objects.filter(
            bill__in=[b for b, _a in clean], application__status=WaiverStatus.PENDING
        ).exists()
        if pending:
            raise ServiceError(_("A chosen bill already has a waiver waiting for approval."), field="bills")
        for bill, amount in clean:
            outstanding = selectors.outstanding_of(bill.pk)
            if amount > outstanding:
                raise ServiceError(
                    _("%(item)s %(period)s: the waiver cannot exceed what is outstanding, %(outstanding)s.")
                    % {"item": bill.item.name, "period": bill.period_label, "outstanding": outstanding},
                    field="amount",
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
            raise ServiceError(_("The application number was taken: try again."))
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
        raise ServiceError(_("A rejection needs a comment."), field="comment")
    with transaction.atomic(), acting_as(actor):
        application = WaiverApplication.objects.select_for_update().get(pk=application.pk)
        if application.status != WaiverStatus.PENDING:
            raise ServiceError(_("This application is already decided."), code="already_decided")
        level = application.current_level
        if not can_decide(application, actor):
            raise AccessDenied(
                _(
                    "This step is for the %(level)s to decide; nobody decides their own application"
                    " or two steps of one."
                )
                % {"level": WAIVER_LEVELS[level][1]}
            )
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
                    bill=line.bill,
                    amount=line.amount,
                    reason=_("Fee waiver %(number)s") % {"number": application.number},
                    actor=actor,
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
