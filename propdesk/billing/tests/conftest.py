import datetime as dt
from decimal import Decimal

import pytest

from propdesk.billing import services
from propdesk.billing.models import ChargeItem
from propdesk.billing.services import cash as cash_services


@pytest.fixture
def billing(world):
    """Project A with the default charge items and prices from 2020 (物业服务费 2.50, 垃圾费 10.00 for homes)."""
    services.load_default_charge_items(
        project=world.project, actor=world.director, effective_from=dt.date(2020, 1, 1)
    )
    world.items = {i.code: i for i in ChargeItem.objects.filter(project=world.project)}
    # The cashier has opened her drawer: cash payments need it (现金收缴).
    cash_services.open_drawer(project=world.project, actor=world.cashier, opening_float=Decimal("500.00"))
    return world


def run_month(world, period, **kwargs):
    run = services.start_billing_run(project=world.project, period=period, actor=world.cashier)
    return services.execute_billing_run(run.pk, **kwargs)


def add_units(world, n, *, starts_on=dt.date(2025, 1, 1)):
    from propdesk.registry.tests.factories import UnitFactory

    units = [
        UnitFactory(
            building=world.building, project=world.project, entrance="1", number=f"{100 + i}", floor=1
        )
        for i in range(n)
    ]
    for unit in units:
        services.set_charge_start(unit=unit, starts_on=starts_on, actor=world.director)
    return units


MANAGEMENT_3_2_1501 = Decimal("301.25")  # 120.50 m² × 2.50


def only_event(model, **kwargs):
    """The one status change of an aggregate (its creation event, from "", aside)."""
    (event,) = model.objects.filter(**kwargs).exclude(from_status="")
    return event


def status_moves(model):
    """An event table's status changes (creation events aside)."""
    return model.objects.exclude(from_status="")
