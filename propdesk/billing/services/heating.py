"""Heating stop applications (办理停止供暖): apply before the cut-off, approve, and the run's base fee."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core import lifecycle
from propdesk.core.audit import acting_as
from propdesk.core.errors import AccessDenied, ServiceError

from .. import permissions
from ..choices import ChargeKind, HeatingStopStatus
from ..models import Bill, HeatingStopApplication, HeatingStopRule


def load_heating_defaults(*, project, actor=None) -> None:
    """project_setup step: the base-fee rule (30 %, cut-off 15 October) unless the project has one."""
    with acting_as(actor):
        HeatingStopRule.objects.get_or_create(project=project)


def rule_for(project) -> HeatingStopRule:
    rule = HeatingStopRule.objects.filter(project=project).first()
    return rule if rule is not None else HeatingStopRule(project=project)


def cutoff(project, season: int) -> dt.date:
    rule = rule_for(project)
    return dt.date(season, rule.cutoff_month, rule.cutoff_day)


def apply_heating_stop(*, unit, season: int, actor, applicant_name: str = "") -> HeatingStopApplication:
    """申请停止供暖 for the season starting in November of `season`; refused after the cut-off."""
    today = timezone.localdate()
    last_day = cutoff(unit.project, season)
    if today > last_day:
        raise ServiceError(
            _("Heating stops for the %(season)s heating season closed on %(date)s.")
            % {"season": f"{season}–{season + 1}", "date": f"{last_day:%Y-%m-%d}"},
            field="season",
        )
    try:
        with transaction.atomic(), acting_as(actor):
            application = HeatingStopApplication.objects.create(
                project_id=unit.project_id,
                unit=unit,
                season=season,
                applicant_name=applicant_name.strip()[:100],
                applied_by=actor,
            )
            lifecycle.record_created(application, actor=actor)
            return application
    except IntegrityError:
        raise ServiceError(
            _("This unit already has a heating stop application for this season."), field="season"
        ) from None


def decide_heating_stop(*, application: HeatingStopApplication, approve: bool, comment: str = "", actor):
    """Approve or reject. Refused once the season's heating has been billed for the unit (use a waiver then)."""
    if not permissions.can_decide_heating_stop(actor, application):
        raise AccessDenied(_("You may not decide heating stop applications."))
    if not approve and not comment.strip():
        raise ServiceError(_("A rejection needs a comment."), field="comment")
    with transaction.atomic(), acting_as(actor):
        application = HeatingStopApplication.objects.select_for_update().get(pk=application.pk)
        if application.status != HeatingStopStatus.PENDING:
            raise ServiceError(_("This application is already decided."))
        if approve:
            billed = Bill.objects.filter(
                unit_id=application.unit_id,
                item__kind=ChargeKind.SEASONAL_AREA,
                period__gte=dt.date(application.season, 7, 1),
                period__lt=dt.date(application.season + 1, 7, 1),
            ).exists()
            if billed:
                raise ServiceError(
                    _(
                        "This season's heating is already billed for the unit: a heating stop cannot"
                        " change it any more; apply for a fee waiver instead."
                    )
                )
        application = lifecycle.move(
            application,
            to=HeatingStopStatus.APPROVED if approve else HeatingStopStatus.REJECTED,
            actor=actor,
            reason=comment,
            decided_by=actor,
            decided_at=timezone.now(),
            comment=comment.strip()[:200],
        )
    return application
