"""Deposits (押金): taken with a receipt, held, deducted row by row, refunded or forfeited; never below zero."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
import time_machine
from django.db import connection

from propdesk.billing import selectors
from propdesk.billing.choices import DepositStatus
from propdesk.billing.models import Bill, Deposit, DepositMovement, DrawerEntry, Payment, Receipt
from propdesk.billing.services import cash as cash_services
from propdesk.billing.services import deposit as deposit_services
from propdesk.core.errors import AccessDenied, ServiceError

pytestmark = pytest.mark.django_db


def take(world, amount="2000.00", method="cash", **kwargs):
    return deposit_services.take_deposit(
        unit=world.unit,
        kind="renovation",
        amount=Decimal(amount),
        method=method,
        actor=world.cashier,
        **kwargs,
    )


@time_machine.travel(dt.datetime(2026, 4, 2, 2, 0, tzinfo=dt.UTC), tick=False)
def test_a_deposit_is_taken_with_a_receipt_and_its_cash_goes_into_the_drawer(billing):
    deposit = take(billing, payer_name="李四", reference="ZX-2026-031")
    assert deposit.number == "YJ202604-0001" and deposit.status == DepositStatus.HELD
    assert deposit.payment.receipt.number == 1
    assert deposit.bill.item.code == "renovation_deposit" and deposit.bill.reference == deposit.number
    assert selectors.outstanding_of(deposit.bill.pk) == 0  # the deposit bill is settled at once
    assert DrawerEntry.objects.get(payment=deposit.payment).amount == Decimal("2000.00")
    assert deposit_services.balance_of(deposit) == Decimal("2000.00")


def test_deductions_are_rows_and_the_balance_never_goes_negative(billing):
    deposit = take(billing)
    deposit_services.deduct_deposit(
        deposit=deposit, amount=Decimal("300"), reason="损坏电梯轿厢", actor=billing.cashier
    )
    deposit_services.deduct_deposit(
        deposit=deposit, amount=Decimal("200"), reason="建筑垃圾清运", actor=billing.cashier
    )
    assert deposit_services.balance_of(deposit) == Decimal("1500.00")
    with pytest.raises(ServiceError) as too_much:
        deposit_services.deduct_deposit(
            deposit=deposit, amount=Decimal("1500.01"), reason="x", actor=billing.cashier
        )
    assert too_much.value.field == "amount"
    with pytest.raises(ServiceError):
        deposit_services.deduct_deposit(
            deposit=deposit, amount=Decimal("1"), reason=" ", actor=billing.cashier
        )
    movement = deposit_services.refund_deposit(
        deposit=deposit, method="bank_transfer", trade_no="TR-9", reason="装修验收合格", actor=billing.cashier
    )
    assert movement.amount == Decimal("1500.00")
    deposit.refresh_from_db()
    assert deposit.status == DepositStatus.CLOSED and deposit_services.balance_of(deposit) == 0
    assert list(DepositMovement.objects.values_list("kind", flat=True)) == [
        "deduction",
        "deduction",
        "refund",
    ]
    with pytest.raises(ServiceError) as closed:
        deposit_services.deduct_deposit(
            deposit=deposit, amount=Decimal("1"), reason="x", actor=billing.cashier
        )
    assert closed.value.code == "not_held"
    with pytest.raises(TypeError):
        movement.delete()


def test_a_cash_refund_goes_out_of_the_drawer(billing):
    deposit = take(billing, "300")
    deposit_services.refund_deposit(deposit=deposit, method="cash", reason="退卡", actor=billing.cashier)
    session = cash_services.open_session(billing.project.pk, billing.cashier)
    assert selectors.drawer_breakdown(session)["expected"] == Decimal("500.00")  # 500 float + 300 − 300
    assert Payment.objects.get(pk=deposit.payment_id).amount == Decimal("300.00")
    assert not Receipt.objects.get(payment=deposit.payment).is_void


def test_only_the_director_forfeits(billing):
    deposit = take(billing, "500", method="pos", trade_no="P-1")
    with pytest.raises(AccessDenied):
        deposit_services.forfeit_deposit(deposit=deposit, reason="违规装修", actor=billing.cashier)
    deposit_services.forfeit_deposit(deposit=deposit, reason="违规装修拒不整改", actor=billing.director)
    deposit.refresh_from_db()
    assert deposit.status == DepositStatus.FORFEITED
    assert DepositMovement.objects.get().amount == Decimal("500.00")


def test_cash_deposits_need_the_drawer(world):
    with pytest.raises(ServiceError):
        take(world)
    assert not Deposit.objects.exists() and not Bill.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_refunds_of_one_deposit_pay_once(world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks under concurrency are tested on PostgreSQL")
    deposit = deposit_services.take_deposit(
        unit=world.unit, kind="card", amount=Decimal("100"), method="pos", trade_no="P-7", actor=world.cashier
    )
    results, barrier = [], threading.Barrier(2)

    def refund(no):
        from django.db import connections

        try:
            barrier.wait()
            deposit_services.refund_deposit(
                deposit=deposit, method="bank_transfer", trade_no=no, reason="退卡", actor=world.cashier
            )
            results.append("ok")
        except ServiceError as exc:
            results.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=refund, args=(f"T{n}",)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["not_held", "ok"]
    assert DepositMovement.objects.count() == 1


def test_pages_take_list_filter_and_refund(billing, login, django_assert_max_num_queries):
    client = login(billing.cashier)
    response = client.post(
        f"/billing/desk/units/{billing.unit.pk}/deposit/",
        {"kind": "renovation", "amount": "1000", "method": "cash", "reference": "ZX-1"},
    )
    deposit = Deposit.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/billing/deposits/{deposit.pk}/"
    take(billing, "20", method="pos", trade_no="P-2")
    deposit_services.take_deposit(
        unit=billing.unit,
        kind="card",
        amount=Decimal("50"),
        method="pos",
        trade_no="P-3",
        actor=billing.cashier,
    )
    with django_assert_max_num_queries(12):
        page = client.get("/billing/deposits/", {"kind": "renovation"}).content.decode()
    assert deposit.number in page and "YJ" in page and "门禁卡" not in page.split("<tbody>")[1]
    response = client.post(
        f"/billing/deposits/{deposit.pk}/", {"action": "deduct", "amount": "100", "reason": "损坏"}
    )
    assert response.status_code == 302
    page = client.get(f"/billing/deposits/{deposit.pk}/").content.decode()
    assert "¥900.00" in page and "损坏" in page
    assert (
        client.post(f"/billing/deposits/{deposit.pk}/", {"action": "forfeit", "reason": "x"}).status_code
        == 403
    )
    unit_page = login(billing.director).get(f"/registry/units/{billing.unit.pk}/").content.decode()
    assert 'data-testid="unit-deposits"' in unit_page and deposit.number in unit_page


def test_the_api_takes_and_deducts_and_keeps_outsiders_out(billing, login):
    client = login(billing.cashier)
    response = client.post(
        "/api/v1/billing/deposits/",
        {"unit": billing.unit.pk, "kind": "move_in", "amount": "800", "method": "pos", "trade_no": "P-8"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["receipt_number"].startswith("SJ")
    response = client.post(
        f"/api/v1/billing/deposits/{pk}/deduct/",
        {"amount": "900", "reason": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400
    response = client.post(
        f"/api/v1/billing/deposits/{pk}/deduct/",
        {"amount": "80", "reason": "钥匙未还"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["balance"] == "720.00"
    outsider = login(billing.outsider)
    assert outsider.post(f"/api/v1/billing/deposits/{pk}/refund/", {}).status_code == 404
    assert outsider.post("/api/v1/billing/deposits/", {"unit": billing.unit.pk}).status_code == 404


@pytest.mark.parametrize("amount", ["100000000", "99999999.99", "10000000.00", "1e9"])
def test_an_amount_beyond_any_real_deposit_is_a_400_naming_the_field(billing, login, amount):
    """Issue 17, item 6: 10^8 gave a 500 and 99,999,999.99 was accepted; every amount has a business
    ceiling (money.MAX_AMOUNT) and a refusal that names the field."""
    from propdesk.billing.models import Deposit

    response = login(billing.cashier).post(
        "/api/v1/billing/deposits/",
        {"unit": billing.unit.pk, "kind": "move_in", "amount": amount, "method": "pos", "trade_no": "P-9"},
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert "amount" in response.json()["fields"]
    assert not Deposit.objects.exists()


def test_the_services_refuse_too_much_whatever_the_caller(billing):
    from propdesk.billing.money import MAX_AMOUNT
    from propdesk.billing.services import deposit as deposit_services
    from propdesk.core.errors import ServiceError

    with pytest.raises(ServiceError) as err:
        deposit_services.take_deposit(
            unit=billing.unit,
            kind="move_in",
            amount=MAX_AMOUNT + Decimal("0.01"),
            method="pos",
            trade_no="P-10",
            actor=billing.cashier,
        )
    assert err.value.field == "amount"
