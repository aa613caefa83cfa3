"""Objects of project A for the route authorization test (the world fixture has no billing rows)."""

import datetime as dt
from decimal import Decimal


def _receipt(world):
    from propdesk.billing.services import take_payment

    return take_payment(unit=world.unit, amount=Decimal("1.00"), method="cash", actor=world.cashier).receipt


def _run(world):
    from propdesk.billing.models import BillingRun

    return BillingRun.objects.create(
        project=world.project, period=dt.date(2026, 3, 1), started_by=world.cashier
    )


def _bill(world):
    from propdesk.billing.models import ChargeItem
    from propdesk.billing.services import charge_one_off

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


SAMPLES = {
    "billing.Receipt": _receipt,
    "billing.Payment": lambda world: _receipt(world).payment,
    "billing.BillingRun": _run,
    "billing.Bill": _bill,
    "billing.ChargeItem": lambda world: _bill(world).item,
}
