"""The demo's year of bills and payments (`load_demo --history`): bills every month, most paid on a day
after they went out, a realistic collection rate, the rest in arrears, consistent with take_payment."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db.models import Sum
from django.utils import timezone

from propdesk.billing import selectors, services
from propdesk.billing.demo_history import billed_months, history_payments_step
from propdesk.billing.models import Allocation, Bill, Payment, Receipt
from propdesk.billing.services import dunning as dunning_services
from propdesk.billing.tests.conftest import add_units, run_month

pytestmark = pytest.mark.django_db


def test_a_year_of_bills_and_payments(billing):
    today = timezone.localdate()
    months = billed_months(today, history=True)
    assert len(months) == 12 and months[-1] == today.replace(day=1)
    assert billed_months(today, history=False) == months[-3:]
    units = add_units(billing, 80, starts_on=months[0])
    for period in months:
        run_month(billing, period)
    assert (
        history_payments_step(SimpleNamespace(community=billing.project, users=billing.users, history=0))
        == {}
    )
    counts = history_payments_step(SimpleNamespace(community=billing.project, users=billing.users, history=1))
    project = billing.project
    assert 80 <= counts["collected_percent"] <= 95, counts
    # Payments in every past month, each received after its bills' month began, each with a receipt.
    for period in months[:-1]:
        paid = Payment.objects.filter(project=project, trade_no__startswith=f"H{period:%Y%m}")
        assert paid.exists(), period
        first = paid.order_by("received_at").first()
        assert timezone.localtime(first.received_at).date() >= period
    assert Receipt.objects.filter(project=project).count() == Payment.objects.filter(project=project).count()
    numbers = list(Receipt.objects.filter(project=project).values_list("number", flat=True))
    assert sorted(numbers) == list(range(1, len(numbers) + 1))
    for payment in Payment.objects.filter(project=project)[:50]:
        allocated = Allocation.objects.filter(payment=payment).aggregate(s=Sum("amount"))["s"]
        assert allocated == payment.amount
    # Some households are in arrears; dunning opens cases for them; the desk goes on numbering.
    owing = [u for u in units if selectors.outstanding_bills(u)]
    assert 0 < len(owing) < len(units)
    dunning_services.open_cases_for_arrears(project=project, actor=billing.butler, on=today)
    unit = owing[0]
    due = sum((b.outstanding for b in selectors.outstanding_bills(unit)), start=Decimal("0"))
    payment = services.take_payment(
        unit=unit, amount=due, method="pos", trade_no="POS-AFTER", actor=billing.cashier
    )
    assert payment.receipt.number == len(numbers) + 1
    assert not selectors.outstanding_bills(unit)
    assert Bill.objects.filter(project=project).values("period").distinct().count() == 12
    assert dt.date.today() >= months[0]
