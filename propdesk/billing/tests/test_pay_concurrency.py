"""Paying one bill twice from two phones at once (issue 19), on PostgreSQL where row locks are real.

- Two phones start a payment for the same unit at the same moment: one order is opened, the other
  phone is refused with a clear message (the unit row is locked while the open orders are looked at).
- Two orders for the same bills (the app and a code shown at the desk) paid and notified at the same
  moment: each bill is settled once; the second money is the unit's prepaid balance (the rule for any
  overpayment, SPEC §7), nothing is lost and nothing is paid twice.
"""

import datetime as dt
import json
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.db.models import Sum

from propdesk.billing import selectors, services
from propdesk.billing.choices import OrderChannel
from propdesk.billing.models import Allocation, Bill, Payment, PaymentOrder, ProviderAccount
from propdesk.billing.services import online

from .conftest import run_month
from .fake_providers import FakeWeChatPay, KeyPair

MARCH = dt.date(2026, 3, 1)
OWED = Decimal("1010.15")
MCHID, API_V3_KEY = "1900009191", "c" * 32


def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip(
            "two payments at once need real row locks: tested on PostgreSQL (SQLite serialises writers)"
        )


def _at_once(*calls):
    """Run the calls in threads released together; (results, errors) in call order."""
    barrier, results, errors = threading.Barrier(len(calls)), [None] * len(calls), [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:  # noqa: BLE001  (reported to the test)
            errors[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_two_phones_starting_a_payment_at_once_one_is_refused(billing):
    _postgres_only()
    run_month(billing, MARCH)
    ProviderAccount.objects.create(
        project=billing.project, method="wechat", merchant_id="SBX1", signing_key="k" * 32
    )
    ProviderAccount.objects.create(
        project=billing.project, method="alipay", merchant_id="SBA1", signing_key="k" * 32
    )

    def phone(method, actor):
        return lambda: services.create_payment_order(
            unit=billing.unit, amount=OWED, method=method, actor=actor
        )

    for _ in range(5):
        results, errors = _at_once(phone("wechat", billing.owner), phone("alipay", billing.director))
        assert PaymentOrder.objects.filter(status="open").count() == 1
        (refusal,) = [e for e in errors if e is not None]
        assert isinstance(refusal, services.ServiceError) and refusal.code == "order_in_progress"
        opened = next(r for r in results if r is not None)
        assert opened.out_trade_no in str(refusal.message)
        online.close_online_order(order=opened, actor=billing.director, reason="test")


@pytest.mark.django_db(transaction=True)
def test_two_orders_for_one_bill_notified_at_once_settle_it_once_and_keep_the_rest(billing):
    _postgres_only()
    run_month(billing, MARCH)
    merchant, platform = KeyPair.new(), KeyPair.new()
    server = FakeWeChatPay(MCHID, merchant, platform, API_V3_KEY)
    ProviderAccount.objects.create(
        project=billing.project,
        method="wechat",
        kind="wechatpay_v3",
        merchant_id=MCHID,
        app_id="wx1",
        cert_serial_no=server.serial_no,
        private_key=merchant.private,
        signing_key=API_V3_KEY,
        platform_public_key=platform.public,
    )
    owed = sum((b.outstanding for b in selectors.outstanding_bills(billing.unit)), start=Decimal("0"))
    # The owner's phone in the app, and a code shown at the desk for the same bills.
    app = services.create_payment_order(unit=billing.unit, amount=owed, method="wechat", actor=billing.owner)
    desk = services.create_payment_order(
        unit=billing.unit,
        amount=owed,
        method="wechat",
        actor=billing.cashier,
        channel=OrderChannel.DESK_CODE,
    )
    notes = []
    for order in (app, desk):
        server.orders[order.out_trade_no] = {"trade_state": "NOTPAY", "total": int(owed * 100)}
        server.payer_pays(order.out_trade_no)
        notes.append(server.notification(order.out_trade_no))

    def notify(headers, body):
        return lambda: online.handle_provider_notification(
            kind="wechatpay_v3", merchant_id=MCHID, headers=headers, body=body
        )

    # Each notification delivered twice (a retry), all four at the same moment.
    _results, errors = _at_once(*(notify(h, b) for h, b in notes for _ in range(2)))
    assert all(e is None for e in errors), errors
    assert Payment.objects.filter(order__in=[app, desk]).count() == 2  # two moneys, each credited once
    for bill in Bill.objects.filter(unit=billing.unit):
        allocated = Allocation.objects.filter(bill=bill).aggregate(s=Sum("amount"))["s"]
        assert allocated == bill.amount  # settled exactly once
    assert selectors.outstanding_bills(billing.unit) == []
    paid = Payment.objects.filter(unit=billing.unit).aggregate(s=Sum("amount"))["s"]
    allocated = Allocation.objects.filter(bill__unit=billing.unit).aggregate(s=Sum("amount"))["s"]
    assert paid == allocated + selectors.prepaid_balance(billing.unit)  # nothing lost
    assert selectors.prepaid_balance(billing.unit) > 0


@pytest.mark.django_db
def test_the_second_phone_is_told_in_chinese_and_the_same_phone_gets_its_order_back(billing):
    from rest_framework.test import APIClient

    run_month(billing, MARCH)
    for method, merchant in (("wechat", "SBX2"), ("alipay", "SBA2")):
        ProviderAccount.objects.create(
            project=billing.project, method=method, merchant_id=merchant, signing_key="k" * 32
        )
    api = APIClient()
    api.force_authenticate(billing.owner)
    first = api.post("/api/v1/billing/my/payments/", {"unit": billing.unit.pk, "method": "wechat"})
    again = api.post("/api/v1/billing/my/payments/", {"unit": billing.unit.pk, "method": "wechat"})
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]  # a second tap: the same order, paid once at most
    other = api.post("/api/v1/billing/my/payments/", {"unit": billing.unit.pk, "method": "alipay"})
    assert other.status_code == 400
    text = json.dumps(other.json(), ensure_ascii=False)
    assert "正在支付中" in text and first.json()["out_trade_no"] in text
    assert PaymentOrder.objects.count() == 1
    # Cancelled on the first phone: the other may pay now.
    assert api.post(f"/api/v1/billing/my/payments/{first.json()['id']}/cancel/").json()["status"] == "closed"
    assert (
        api.post("/api/v1/billing/my/payments/", {"unit": billing.unit.pk, "method": "alipay"}).status_code
        == 201
    )
