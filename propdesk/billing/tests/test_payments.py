"""Payments and receipts (SPEC §7 Payments): oldest bills first, prepaid balance, gapless receipts, voiding."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection

from propdesk.billing import selectors, services
from propdesk.billing.models import Bill, Payment, PrepaidEntry, Receipt
from propdesk.billing.services import cash as cash_services

from .conftest import add_units, run_month

MARCH, APRIL = dt.date(2026, 3, 1), dt.date(2026, 4, 1)


def pay(world, amount, unit=None, **kwargs):
    kwargs.setdefault("method", "cash")
    return services.take_payment(
        unit=unit or world.unit, amount=Decimal(amount), actor=world.cashier, **kwargs
    )


@pytest.mark.django_db
def test_a_payment_settles_the_oldest_bills_first_and_a_partial_payment_leaves_the_rest(billing):
    run_month(billing, MARCH)
    run_month(billing, APRIL)
    # March: management 301.25, heating 698.90, waste 10.00 = 1010.15; April (no heating) 311.25.
    payment = pay(billing, "1100.00")
    march = selectors.with_balances(Bill.objects.filter(unit=billing.unit, period=MARCH))
    assert all(b.outstanding == 0 for b in march)
    april_paid = sum(b.paid for b in selectors.with_balances(Bill.objects.filter(period=APRIL)))
    assert april_paid == Decimal("89.85")
    assert payment.receipt.number == 1
    assert selectors.prepaid_balance(billing.unit) == 0


@pytest.mark.django_db
def test_a_payment_can_settle_chosen_bills(billing):
    run_month(billing, MARCH)
    run_month(billing, APRIL)
    april_waste = Bill.objects.get(period=APRIL, item__code="waste")
    pay(billing, "10.00", bills=[april_waste.pk])
    assert selectors.outstanding_of(april_waste.pk) == 0
    assert all(b.outstanding > 0 for b in selectors.with_balances(Bill.objects.filter(period=MARCH)))


@pytest.mark.django_db
def test_an_overpayment_becomes_prepaid_and_pays_the_next_months_bills(billing):
    run_month(billing, MARCH)
    pay(billing, "2000.00")
    assert selectors.prepaid_balance(billing.unit) == Decimal("989.85")
    run_month(billing, APRIL)  # 311.25 of new bills, paid from the prepaid balance
    assert selectors.outstanding_bills(billing.unit) == []
    assert selectors.prepaid_balance(billing.unit) == Decimal("678.60")


@pytest.mark.django_db
def test_receipt_numbers_follow_each_other_without_gaps(billing):
    numbers = [pay(billing, "10.00").receipt.number for _ in range(5)]
    assert numbers == [1, 2, 3, 4, 5]


@pytest.mark.django_db
def test_transfers_need_their_number_and_are_credited_once(billing):
    with pytest.raises(services.ServiceError) as missing:
        pay(billing, "10", method="bank_transfer")
    assert missing.value.field == "trade_no"
    pay(billing, "10", method="bank_transfer", trade_no="B-778")
    with pytest.raises(services.ServiceError):
        pay(billing, "10", method="bank_transfer", trade_no="B-778")
    assert Payment.objects.count() == 1


@pytest.mark.django_db
def test_online_money_arrives_only_by_notification(billing):
    with pytest.raises(services.ServiceError):
        pay(billing, "10", method="wechat")


@pytest.mark.django_db
def test_a_voided_receipt_stays_visible_and_its_payment_no_longer_counts(billing, login):
    run_month(billing, MARCH)
    payment = pay(billing, "1100.00")
    receipt = payment.receipt
    with pytest.raises(services.ServiceError):
        services.void_receipt(receipt=receipt, reason=" ", actor=billing.director)
    services.void_receipt(receipt=receipt, reason="金额录错", actor=billing.director)
    receipt.refresh_from_db()
    assert receipt.is_void and receipt.void_reason == "金额录错"
    assert Receipt.objects.filter(pk=receipt.pk).exists()
    assert sum(b.outstanding for b in selectors.outstanding_bills(billing.unit)) == Decimal("1010.15")
    assert selectors.prepaid_balance(billing.unit) == 0  # the surplus 89.85 was reversed by a ledger row
    assert PrepaidEntry.objects.filter(payment=payment).count() == 2
    page = login(billing.cashier).get("/billing/receipts/")
    assert receipt.display_number in page.content.decode() and "作废" in page.content.decode()
    with pytest.raises(services.ServiceError):
        services.void_receipt(receipt=receipt, reason="again", actor=billing.director)


@pytest.mark.django_db
def test_payment_amounts_cannot_be_changed(billing):
    from django.db import DatabaseError, IntegrityError, transaction

    payment = pay(billing, "10")
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        Payment.objects.filter(pk=payment.pk).update(amount=Decimal("1"))
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        Receipt.objects.filter(pk=payment.receipt.pk).update(number=99)


@pytest.mark.django_db(transaction=True)
def test_concurrent_cashiers_get_consecutive_receipt_numbers(world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks under concurrency are tested on PostgreSQL (SQLite serialises all writers)")
    units = [world.unit, *add_units(world, 3)]
    cash_services.open_drawer(project=world.project, actor=world.cashier, opening_float=Decimal("0"))
    errors = []

    def cashier(unit):
        from django.db import connections

        try:
            for _ in range(250):
                services.take_payment(unit=unit, amount=Decimal("12.34"), method="cash", actor=world.cashier)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cashier, args=(u,)) for u in units]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    numbers = sorted(Receipt.objects.filter(project=world.project).values_list("number", flat=True))
    assert numbers == list(range(1, 1001))  # 4 cashiers × 250 payments: unique and gapless
    assert sum(Payment.objects.values_list("amount", flat=True)) == Decimal("12340.00")
