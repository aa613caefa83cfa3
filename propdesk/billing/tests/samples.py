"""Objects of project A for the route authorization test (the world fixture has no billing rows)."""

import datetime as dt
from decimal import Decimal


def _receipt(world):
    from propdesk.billing.models import Receipt
    from propdesk.billing.services import take_payment

    existing = Receipt.objects.filter(project=world.project).first()
    if existing is not None:
        return existing

    return take_payment(
        unit=world.unit, amount=Decimal("1.00"), method="pos", trade_no="SENTINEL-POS", actor=world.cashier
    ).receipt


def _run(world):
    from propdesk.billing.models import BillingRun

    existing = BillingRun.objects.filter(project=world.project).first()
    if existing is not None:
        return existing

    return BillingRun.objects.create(
        project=world.project, period=dt.date(2026, 3, 1), started_by=world.cashier
    )


def _bill(world):
    from propdesk.billing.models import Bill, ChargeItem
    from propdesk.billing.services import charge_one_off

    existing = Bill.objects.filter(project=world.project, reference="S-1").first()
    if existing is not None:
        return existing
    item, _ = ChargeItem.objects.get_or_create(
        project=world.project, code="sample", defaults={"name": "SENTINEL费", "kind": "one_off"}
    )
    return charge_one_off(
        unit=world.unit,
        item=item,
        amount=Decimal("5"),
        on=dt.date(2026, 3, 1),
        reference="S-1",
        actor=world.cashier,
    )


def _price(world):
    from propdesk.billing.models import Price

    item = _bill(world).item
    return Price.objects.get_or_create(
        project=world.project,
        item=item,
        use="",
        effective_from=dt.date(2020, 1, 1),
        defaults={"unit_price": Decimal("1")},
    )[0]


def _override(world):
    from propdesk.billing.models import UnitPriceOverride

    item = _bill(world).item
    return UnitPriceOverride.objects.get_or_create(
        project=world.project,
        unit=world.unit,
        item=item,
        effective_from=dt.date(2020, 1, 1),
        defaults={"unit_price": Decimal("1"), "reason": "SENTINEL"},
    )[0]


def _start(world):
    from propdesk.billing.models import UnitChargeStart

    return UnitChargeStart.objects.get_or_create(
        project=world.project, unit=world.unit, defaults={"starts_on": dt.date(2020, 5, 1)}
    )[0]


def _provider(world):
    from propdesk.billing.models import ProviderAccount

    return ProviderAccount.objects.get_or_create(
        project=world.project, method="wechat", defaults={"merchant_id": "SENTINEL-1", "signing_key": "k"}
    )[0]


def _drawer(world):
    from propdesk.billing.models import DrawerSession

    existing = DrawerSession.objects.filter(project=world.project).first()
    if existing is not None:
        return existing
    return DrawerSession.objects.create(
        project=world.project, cashier=world.cashier, opening_float=Decimal("0"), close_note="SENTINEL"
    )


def _waiver(world):
    from propdesk.billing.models import WaiverApplication, WaiverReason
    from propdesk.billing.services.waiver import apply_for_waiver, load_waiver_defaults

    existing = WaiverApplication.objects.filter(project=world.project).first()
    if existing is not None:
        return existing
    load_waiver_defaults(project=world.project, actor=world.director)
    reason = WaiverReason.objects.filter(project=world.project).first()
    return apply_for_waiver(
        unit=world.unit,
        lines=[(_bill(world), Decimal("1"))],
        reason=reason,
        details="SENTINEL",
        actor=world.cashier,
    )


def _deposit(world):
    from propdesk.billing.models import Deposit
    from propdesk.billing.services.deposit import take_deposit

    existing = Deposit.objects.filter(project=world.project).first()
    if existing is not None:
        return existing
    return take_deposit(
        unit=world.unit,
        kind="card",
        amount=Decimal("1"),
        method="pos",
        trade_no="SENTINEL-D",
        reference="SENTINEL",
        actor=world.cashier,
    )


def _debit_batch(world):
    from propdesk.billing.models import DebitBatch

    existing = DebitBatch.objects.filter(project=world.project).first()
    if existing is not None:
        return existing
    return DebitBatch.objects.create(
        project=world.project,
        number="SENTINEL",
        period=dt.date(2026, 3, 1),
        total_amount=Decimal("0"),
        created_by=world.cashier,
    )


def _heating_stop(world):
    from propdesk.billing.models import HeatingStopApplication

    return HeatingStopApplication.objects.get_or_create(
        project=world.project,
        unit=world.unit,
        season=2026,
        defaults={"applicant_name": "SENTINEL", "applied_by": world.cashier},
    )[0]


def _refund(world):
    from propdesk.billing.models import PrepaidEntry, Refund
    from propdesk.billing.services.cash import refund

    existing = Refund.objects.filter(project=world.project).first()
    if existing is not None:
        return existing
    PrepaidEntry.objects.create(project=world.project, unit=world.unit, amount=Decimal("1.00"))
    return refund(
        unit=world.unit,
        amount=Decimal("1.00"),
        method="bank_transfer",
        trade_no="SENTINEL-RT",
        reason="SENTINEL",
        actor=world.director,
    )


def _order(world):
    from propdesk.billing.models import PaymentOrder

    existing = PaymentOrder.objects.filter(project=world.project).first()
    if existing is not None:
        return existing
    _provider(world)
    from propdesk.billing.services import create_payment_order

    return create_payment_order(
        unit=world.unit, amount=Decimal("1.00"), method="wechat", payer_name="SENTINEL", actor=world.cashier
    )


SAMPLES = {
    "billing.PaymentOrder": _order,
    "billing.Refund": _refund,
    "billing.HeatingStopApplication": _heating_stop,
    "billing.DebitBatch": _debit_batch,
    "billing.Deposit": _deposit,
    "billing.WaiverApplication": _waiver,
    "billing.DrawerSession": _drawer,
    "billing.Price": _price,
    "billing.UnitPriceOverride": _override,
    "billing.UnitChargeStart": _start,
    "billing.ProviderAccount": _provider,
    "billing.Receipt": _receipt,
    "billing.Payment": lambda world: _receipt(world).payment,
    "billing.BillingRun": _run,
    "billing.Bill": _bill,
    "billing.ChargeItem": lambda world: _bill(world).item,
}


def _case(world):
    from propdesk.billing.models import DunningCase, DunningStage

    existing = DunningCase.objects.filter(project=world.project).first()
    if existing is not None:
        return existing
    stage = DunningStage.objects.filter(project=world.project).order_by("order").first()
    return DunningCase.objects.create(
        project=world.project, unit=world.unit, stage=stage, opened_by=world.butler
    )


def _contact(world):
    from django.utils import timezone

    from propdesk.billing.models import DunningContact

    case = _case(world)
    return DunningContact.objects.filter(case=case).first() or DunningContact.objects.create(
        project=world.project,
        case=case,
        stage=case.stage,
        method="phone",
        outcome="other",
        contacted_by=world.butler,
        contacted_at=timezone.now(),
        arrears=Decimal("1"),
        note="SENTINEL",
    )


def _batch(world):
    from propdesk.billing.models import NoticeBatch

    return NoticeBatch.objects.filter(project=world.project).first() or NoticeBatch.objects.create(
        project=world.project,
        building=world.building,
        kind="dunning",
        status="done",
        content=b"%PDF-1.4 SENTINEL",
        requested_by=world.cashier,
    )


def _mandate(world):
    from propdesk.billing.models import DebitMandate
    from propdesk.billing.services import debit as debit_services

    existing = DebitMandate.objects.filter(project=world.project).first()
    return existing or debit_services.add_mandate(
        unit=world.unit,
        bank_name="SENTINEL银行",
        account_name="SENTINEL",
        account_number="6222020000001234",
        signed_on=dt.date(2025, 1, 1),
        actor=world.cashier,
    )


SAMPLES.update(
    {
        "billing.DebitMandate": _mandate,
        "billing.DunningCase": _case,
        "billing.DunningContact": _contact,
        "billing.NoticeBatch": _batch,
    }
)


def _order(world):
    from propdesk.billing.models import PaymentOrder

    _provider(world)
    return PaymentOrder.objects.filter(project=world.project).first() or PaymentOrder.objects.create(
        project=world.project,
        unit=world.unit,
        method="wechat",
        out_trade_no="SENTINEL-ORDER-1",
        amount=Decimal("1.00"),
        created_by=world.owner,
    )


SAMPLES["billing.PaymentOrder"] = _order


def _meter(world):
    from propdesk.billing.models import Meter
    from propdesk.billing.services.meters import register_meter

    existing = Meter.objects.filter(project=world.project).first()
    if existing is not None:
        return existing
    return register_meter(
        unit=world.unit,
        kind="water",
        number="SENTINEL-W1",
        installed_on=dt.date(2020, 5, 1),
        start_value="0",
        actor=world.director,
    )


def _reading(world):
    from propdesk.billing.models import MeterReading

    return MeterReading.objects.filter(meter=_meter(world)).order_by("pk").first()


SAMPLES["billing.Meter"] = _meter
SAMPLES["billing.MeterReading"] = _reading
