"""Every write of dunning (催缴): cases, contacts, promise clocks on the SLA engine.

A promised payment date is an SLA clock whose subject is the contact row: policy
`催缴承诺缴费` (seeded by `load_dunning_defaults`), started at the beginning of the
promised day (event `received`, recorded by `start_promise_clocks` once that day has come)
and stopped by the payment that keeps the promise (event `completed`). When the day ends
unpaid the SLA sweeper marks the breach and notifies the clock's holder: the butler of
the unit's building.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core import lifecycle
from propdesk.core.audit import acting_as, system_user
from propdesk.core.errors import ServiceError
from propdesk.core.models import Membership
from propdesk.registry.models import Unit
from propdesk.sla import services as sla
from propdesk.sla.choices import Channel, Event, Recipient, Rule, TargetCode, Trigger
from propdesk.sla.defaults import ALWAYS_CALENDAR
from propdesk.sla.models import Calendar, EscalationStep, SlaPolicy, SlaTarget

from ..choices import CaseStatus, ContactMethod, ContactOutcome
from ..defaults import DEFAULT_STAGES, PROMISE_KIND, PROMISE_POLICY, PROMISE_PRECEDENCE, PROMISE_TARGET
from ..models import DunningCase, DunningCaseEvent, DunningContact, DunningStage, Payment
from ..money import ZERO, money
from ..selectors import dunning as dunning_selectors

# ---------------------------------------------------------------- configuration


@transaction.atomic
def load_dunning_defaults(*, project, actor=None) -> int:
    """The dunning ladder and the promise SLA policy a project lacks. Idempotent; never overwrites."""
    created = 0
    with acting_as(actor):
        for order, (code, name, description) in enumerate(DEFAULT_STAGES, start=1):
            if DunningStage.objects.filter(project=project, code=code).exists():
                continue
            if DunningStage.objects.filter(project=project, order=order * 10).exists():
                continue
            DunningStage.objects.create(
                project=project, code=code, name=name, order=order * 10, description=description
            )
            created += 1
        if SlaPolicy.objects.filter(project=project, name=PROMISE_POLICY).exists():
            return created
        if SlaPolicy.objects.filter(project=project, precedence=PROMISE_PRECEDENCE).exists():
            return created
        always = Calendar.objects.filter(project=project, name=ALWAYS_CALENDAR).first()
        policy = SlaPolicy.objects.create(
            project=project, name=PROMISE_POLICY, precedence=PROMISE_PRECEDENCE, subject_kind=PROMISE_KIND
        )
        target = SlaTarget.objects.create(
            project=project,
            policy=policy,
            code=TargetCode.RESOLVE,
            name=PROMISE_TARGET,
            start_event=Event.RECEIVED,
            stop_event=Event.COMPLETED,
            cancel_events=Event.CLOSED,
            rule=Rule.CALENDAR_DAYS,
            value=1,  # the promised day, 00:00 to 24:00
            calendar=always,
        )
        EscalationStep.objects.bulk_create(
            [
                EscalationStep(
                    project=project,
                    target=target,
                    trigger=Trigger.AFTER_DUE,
                    value=0,
                    recipients=Recipient.HOLDER,
                    channels=Channel.IN_APP,
                    is_warning=False,
                ),
                EscalationStep(
                    project=project,
                    target=target,
                    trigger=Trigger.AFTER_DUE,
                    value=3 * 24 * 60,
                    recipients=f"{Recipient.HOLDER},{Recipient.CS_SUPERVISOR}",
                    channels=Channel.IN_APP,
                    is_warning=False,
                ),
            ]
        )
    return created


# ---------------------------------------------------------------- cases


def butler_of(unit):
    """The butler whose 辖区 holds the unit's building (the first by membership), or None."""
    membership = (
        Membership.objects.filter(
            project_id=unit.project_id,
            is_active=True,
            position__has_building_scope=True,
            buildings=unit.building_id,
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def unit_arrears(unit, *, on: dt.date | None = None) -> Decimal:
    """What the unit owes on bills past their due date."""
    on = on or timezone.localdate()
    return dunning_selectors.overdue_by_unit(unit.project, on, unit_ids=[unit.pk]).get(unit.pk, ZERO)


def _first_stage(project) -> DunningStage:
    stage = DunningStage.objects.filter(project=project, is_active=True).order_by("order").first()
    if stage is None and not DunningStage.objects.filter(project=project).exists():
        load_dunning_defaults(project=project)  # a project made before dunning existed
        stage = DunningStage.objects.filter(project=project, is_active=True).order_by("order").first()
    if stage is None:
        raise ServiceError(_("This project has no dunning stages set up yet."), field="stage")
    return stage


@transaction.atomic
def open_case(*, unit, actor) -> DunningCase:
    """Open a dunning case for a unit in arrears; the unit's open case if it has one."""
    Unit.objects.select_for_update().get(pk=unit.pk)
    existing = DunningCase.objects.filter(
        project_id=unit.project_id, unit=unit, status=CaseStatus.OPEN
    ).first()
    if existing is not None:
        return existing
    if unit_arrears(unit) <= 0:
        raise ServiceError(_("This unit has no overdue arrears."), field="unit")
    with acting_as(actor):
        case = DunningCase.objects.create(
            project_id=unit.project_id,
            unit=unit,
            stage=_first_stage(unit.project),
            butler=butler_of(unit),
            opened_by=actor,
        )
        lifecycle.record_created(case, actor=actor, reason=_("Dunning case opened"))
        return case


@transaction.atomic
def open_cases_for_arrears(*, project, actor, on: dt.date | None = None) -> int:
    """Open a case for every unit in arrears that has none (one aggregate query, one bulk insert)."""
    on = on or timezone.localdate()
    owed = dunning_selectors.overdue_by_unit(project, on)
    have = set(
        DunningCase.objects.filter(project=project, status=CaseStatus.OPEN).values_list("unit_id", flat=True)
    )
    missing = [unit_id for unit_id in owed if unit_id not in have]
    if not missing:
        return 0
    stage = _first_stage(project)
    butlers: dict[int, int] = {}
    for m in (
        Membership.objects.filter(project=project, is_active=True, position__has_building_scope=True)
        .order_by("-pk")
        .prefetch_related("buildings")
    ):
        for b in m.buildings.all():
            butlers[b.pk] = m.user_id
    buildings = dict(Unit.objects.filter(pk__in=missing).values_list("pk", "building_id"))
    DunningCase.objects.bulk_create(
        [
            DunningCase(
                project=project,
                unit_id=unit_id,
                stage=stage,
                butler_id=butlers.get(buildings[unit_id]),
                opened_by=actor,
            )
            for unit_id in missing
        ],
        ignore_conflicts=True,
    )
    # Their first status event (ids read back: ignore_conflicts returns none); one insert.
    now = timezone.now()
    DunningCaseEvent.objects.bulk_create(
        [
            DunningCaseEvent(
                project=project,
                case_id=case_id,
                from_status="",
                to_status=CaseStatus.OPEN,
                actor=actor,
                reason=_("Dunning cases opened in bulk"),
                at=now,
            )
            for case_id in DunningCase.objects.filter(
                project=project, status=CaseStatus.OPEN, unit_id__in=missing
            )
            .exclude(events__isnull=False)
            .values_list("pk", flat=True)
        ]
    )
    return len(missing)


@transaction.atomic
def close_case(*, case: DunningCase, reason: str, actor) -> DunningCase:
    """Close a case with a reason (paid up, or a manager's decision). Open promise clocks are cancelled."""
    if not reason.strip():
        raise ServiceError(_("Enter the reason for closing."), field="reason")
    case = DunningCase.objects.select_for_update().get(pk=case.pk)
    if case.status != CaseStatus.OPEN:
        raise ServiceError(_("This dunning case is already closed."))
    now = timezone.now()
    with acting_as(actor):
        for contact in case.contacts.filter(clock_started=True, kept_at__isnull=True):
            _promise_event(contact, "closed", at=now, actor=actor, reason=reason.strip())
        case = lifecycle.move(
            case,
            to=CaseStatus.CLOSED,
            actor=actor,
            reason=reason,
            closed_at=now,
            close_reason=reason.strip()[:200],
        )
    return case


# ---------------------------------------------------------------- contacts and promises


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _promise_event(contact: DunningContact, event: str, *, at, actor, reason: str = ""):
    return sla.record_event(
        subject=contact,
        event=event,
        at=at,
        actor=actor,
        reason=reason,
        project=contact.project,
        attrs={"kind": PROMISE_KIND},
        holder=contact.case.butler,
    )


def _start_clock(contact: DunningContact, *, actor) -> None:
    _promise_event(
        contact,
        "received",
        at=_day_start(contact.promised_on),
        actor=actor,
        reason=_("Owner promised to pay on %(date)s") % {"date": f"{contact.promised_on:%Y-%m-%d}"},
    )
    contact.clock_started = True
    contact.save(update_fields=["clock_started"])


@transaction.atomic
def log_contact(
    *,
    case: DunningCase,
    stage: DunningStage,
    method: str,
    outcome: str,
    actor,
    at: dt.datetime | None = None,
    promised_on: dt.date | None = None,
    promised_amount: Decimal | None = None,
    note: str = "",
) -> DunningContact:
    """Log one contact (催缴记录). The case moves to the contact's stage; a promise starts its clock."""
    case = DunningCase.objects.select_for_update().select_related("unit", "project").get(pk=case.pk)
    if case.status != CaseStatus.OPEN:
        raise ServiceError(_("This dunning case is already closed."), field="case")
    if stage.project_id != case.project_id or not stage.is_active:
        raise ServiceError(_("Choose a valid dunning stage."), field="stage")
    if method not in ContactMethod.values:
        raise ServiceError(_("Choose how the owner was contacted."), field="method")
    if outcome not in ContactOutcome.values:
        raise ServiceError(_("Choose the outcome of the contact."), field="outcome")
    at = at or timezone.now()
    today = timezone.localdate(at)
    if outcome == ContactOutcome.PROMISED:
        if promised_on is None:
            raise ServiceError(_("Enter the date the owner promised to pay."), field="promised_on")
        if promised_on < today:
            raise ServiceError(_("The promised date cannot be before today."), field="promised_on")
        if promised_on > today + dt.timedelta(days=366):
            raise ServiceError(_("The promised date cannot be more than a year away."), field="promised_on")
    elif promised_on is not None:
        raise ServiceError(
            _("Enter a promised date only when the owner promised to pay."), field="promised_on"
        )
    if promised_amount is not None:
        promised_amount = money(promised_amount)
        if promised_amount <= 0:
            raise ServiceError(_("The promised amount must be greater than zero."), field="promised_amount")
        if outcome != ContactOutcome.PROMISED:
            promised_amount = None
    with acting_as(actor):
        contact = DunningContact.objects.create(
            project_id=case.project_id,
            case=case,
            stage=stage,
            method=method,
            outcome=outcome,
            contacted_by=actor,
            contacted_at=at,
            arrears=unit_arrears(case.unit, on=today),
            promised_on=promised_on,
            promised_amount=promised_amount,
            note=note.strip(),
        )
        if case.stage_id != stage.pk:
            case.stage = stage
            case.save(update_fields=["stage"])
        if promised_on is not None and promised_on <= today:
            _start_clock(contact, actor=actor)
    return contact


def start_promise_clocks(*, now: dt.datetime | None = None) -> int:
    """Start the clock of every open promise whose day has come. Idempotent; catches up after downtime."""
    now = now or timezone.now()
    actor = system_user()
    started = 0
    pending = DunningContact.objects.filter(
        promised_on__lte=timezone.localdate(now),
        clock_started=False,
        kept_at__isnull=True,
        case__status=CaseStatus.OPEN,
    ).values_list("pk", flat=True)
    for pk in list(pending[:5000]):
        with transaction.atomic():
            contact = (
                DunningContact.objects.select_for_update(of=("self",))
                .select_related("case__butler", "project")
                .get(pk=pk)
            )
            if contact.clock_started or contact.kept_at is not None:
                continue
            _start_clock(contact, actor=actor)
            started += 1
    return started


def payment_received(payment: Payment) -> None:
    """Called in the payment's transaction: promises it keeps stop their clocks; a paid-up case closes.

    A promise with an amount is kept when the unit has paid at least that much since the
    contact; one without an amount when the unit no longer owes anything overdue.
    """
    cases = DunningCase.objects.filter(
        project_id=payment.project_id, unit_id=payment.unit_id, status=CaseStatus.OPEN
    )
    if not cases.exists():  # most payments: no case, and so no promise, to look at
        return
    contacts = list(
        DunningContact.objects.filter(
            project_id=payment.project_id,
            case__unit_id=payment.unit_id,
            case__status=CaseStatus.OPEN,
            promised_on__isnull=False,
            kept_at__isnull=True,
        ).select_related("case__butler", "project")
    )
    owed = unit_arrears(payment.unit)
    now = timezone.now()
    actor = system_user()
    for contact in contacts:
        paid_since = (
            Payment.objects.filter(
                project_id=payment.project_id,
                unit_id=payment.unit_id,
                received_at__gte=contact.contacted_at,
                receipt__voided_at__isnull=True,
            ).aggregate(s=Sum("amount"))["s"]
            or ZERO
        )
        kept = paid_since >= contact.promised_amount if contact.promised_amount else owed <= 0
        if not kept:
            continue
        contact.kept_at = now
        contact.save(update_fields=["kept_at"])
        if contact.clock_started:
            number = getattr(getattr(payment, "receipt", None), "display_number", "")
            reason = (_("Paid %(receipt)s") % {"receipt": number}).strip()
            _promise_event(contact, "completed", at=now, actor=actor, reason=reason)
    if owed <= 0:
        for case in cases:
            close_case(case=case, reason=_("Arrears paid up"), actor=actor)
