"""Demo billing: the default charge items, meters with their readings in two buildings, three months
billed (the past year with `--history`), and some payments at the desk."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.utils import timezone

from propdesk.registry.models import Unit

from . import selectors, services
from .demo_history import billed_months
from .demo_meters import demo_meters
from .models import BillingRun, ProviderAccount
from .services.cash import open_drawer, open_session


def demo_step(demo) -> None:
    project, cashier = demo.community, demo.users["cashier"]
    services.load_default_charge_items(project=project, actor=cashier, effective_from=dt.date(2020, 1, 1))
    for method, prefix in (("wechat", "SBX"), ("alipay", "SBA")):  # sandbox accounts: the desk takes both
        ProviderAccount.objects.get_or_create(
            project=project,
            method=method,
            defaults={"merchant_id": f"{prefix}{project.pk:06d}", "signing_key": secrets.token_hex(32)},
        )
    months = billed_months(timezone.localdate(), history=demo.history > 0)
    demo_meters(demo, months)  # before the runs: they charge the readings
    for period in months:
        # Synchronously, through the same code the background job runs.
        run = BillingRun.objects.create(
            project=project,
            period=period,
            started_by=cashier,
            total_units=Unit.objects.filter(project=project).count(),
        )
        services.execute_billing_run(run.pk, batch_size=1000)

    if open_session(project.pk, cashier) is None:
        open_drawer(project=project, actor=cashier, opening_float=Decimal("500.00"))
    # Every fourth unit paid what it owed at the desk; a few paid more (prepaid).
    for n, unit in enumerate(Unit.objects.filter(project=project).order_by("id")[:160]):
        if n % 4:
            continue
        due = sum((b.outstanding for b in selectors.outstanding_bills(unit)), start=Decimal("0"))
        if due <= 0:
            continue
        extra = Decimal("200.00") if n % 20 == 0 else Decimal("0")
        services.take_payment(
            unit=unit,
            amount=due + extra,
            method="cash" if n % 8 else "pos",
            trade_no="" if n % 8 else f"POS{n:06d}",
            actor=cashier,
        )
