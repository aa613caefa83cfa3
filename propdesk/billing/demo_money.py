"""Demo data for the cashier's and finance's other screens: dunning cases with contacts and a kept
promise clock, a waiver awaiting approval, a renovation deposit held, and a heating-stop application.

Runs after the demo bills and desk payments (order 35), through the services, on today's date.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from propdesk.core.errors import ServiceError

from . import selectors
from .choices import ContactMethod, ContactOutcome, DepositKind
from .models import Bill, DunningCase, DunningStage, WaiverReason
from .services import deposit as deposit_services
from .services import dunning as dunning_services
from .services import heating as heating_services
from .services import waiver as waiver_services


def money_demo_step(demo) -> None:
    project = demo.community
    butler, cashier = demo.users["butler"], demo.users["cashier"]
    today = timezone.localdate()

    # 催缴: a case for every unit in arrears; the butler has called a few of them.
    dunning_services.open_cases_for_arrears(project=project, actor=butler, on=today)
    stages = {s.code: s for s in DunningStage.objects.filter(project=project)}
    first = min(stages.values(), key=lambda s: s.order) if stages else None
    cases = list(DunningCase.objects.filter(project=project).select_related("unit").order_by("unit_id")[:6])
    outcomes = [
        (ContactMethod.PHONE, ContactOutcome.NO_ANSWER, None, "两次来电无人接听"),
        (
            ContactMethod.PHONE,
            ContactOutcome.PROMISED,
            today + dt.timedelta(days=5),
            "业主出差，下周回来缴清",
        ),
        (ContactMethod.VERBAL, ContactOutcome.DISPUTE, None, "对公摊电费有异议，已转客服解释"),
        (ContactMethod.PHONE, ContactOutcome.PROMISED, today + dt.timedelta(days=2), "月底发工资后缴费"),
    ]
    for case, (method, outcome, promised_on, note) in zip(cases, outcomes, strict=False):
        if first is None:
            break
        dunning_services.log_contact(
            case=case,
            stage=first,
            method=method,
            outcome=outcome,
            actor=butler,
            promised_on=promised_on,
            note=note,
        )

    # 费用减免: one application for part of an unpaid bill, waiting for its first approval.
    reason = WaiverReason.objects.filter(project=project, is_active=True).order_by("sort_order", "pk").first()
    owing = [c.unit for c in cases[4:6]]
    if reason is not None and owing:
        bills = selectors.outstanding_bills(owing[0])
        if bills:
            bill = bills[0]
            amount = min(bill.outstanding, Decimal("50.00"))
            try:
                waiver_services.apply_for_waiver(
                    unit=owing[0],
                    lines=[(Bill.objects.get(pk=bill.pk), amount)],
                    reason=reason,
                    details="楼上漏水导致房屋无法居住半月，申请减免部分物业费",
                    actor=butler,
                )
            except ServiceError:
                pass  # no approval rule for the amount: the demo goes on without it

    # 装修押金: taken in cash at the desk (the cashier's drawer is open).
    units = [c.unit for c in cases]
    if len(units) > 1:
        deposit_services.take_deposit(
            unit=units[-1],
            kind=DepositKind.RENOVATION,
            amount=Decimal("3000.00"),
            method="cash",
            actor=cashier,
            payer_name="装修业主",
            reference="装修申请（演示）",
        )

    # 停止供暖: an application for the coming season when it is still open.
    season = today.year if today.month >= 6 else today.year - 1
    if units and today <= heating_services.cutoff(project, season):
        try:
            heating_services.apply_heating_stop(
                unit=units[0], season=season, actor=cashier, applicant_name="业主"
            )
        except ServiceError:
            pass
