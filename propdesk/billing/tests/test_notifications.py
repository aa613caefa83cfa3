"""Online payments: the sandbox provider's signed notifications are verified and credited once."""

import datetime as dt
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from propdesk.billing import selectors, services
from propdesk.billing.choices import NotificationOutcome, OrderStatus
from propdesk.billing.models import Payment, PaymentNotification, ProviderAccount, Receipt
from propdesk.billing.providers import SandboxAdapter, sign, signature_valid

from .conftest import run_month

pytestmark = pytest.mark.django_db
URL = "/api/v1/billing/notifications/sandbox/"


@pytest.fixture
def wechat(billing):
    account = ProviderAccount.objects.create(
        project=billing.project, method="wechat", merchant_id="1900000109", signing_key="k" * 32
    )
    run_month(billing, dt.date(2026, 3, 1))
    order = services.create_payment_order(
        unit=billing.unit, amount=Decimal("301.25"), method="wechat", actor=billing.owner, payer_name="张三"
    )
    adapter = SandboxAdapter("wechat")
    payload = adapter.notification(
        merchant_id=account.merchant_id,
        key=account.signing_key,
        out_trade_no=order.out_trade_no,
        amount=order.amount,
    )
    return billing, account, order, adapter, payload


def send(payload):
    return APIClient().post(URL, payload, format="json")


def test_the_signature_is_hmac_sha256_over_the_sorted_fields():
    fields = {"b": "2", "a": "1", "empty": "", "sign": "ignored"}
    assert sign(fields, "key") == sign({"a": "1", "b": "2"}, "key")
    assert signature_valid({**fields, "sign": sign(fields, "key")}, "key")
    assert not signature_valid({**fields, "sign": sign(fields, "other")}, "key")


def test_a_notification_delivered_three_times_credits_once(wechat):
    world, account, order, adapter, payload = wechat
    responses = adapter.deliver(payload, send, times=3)
    assert [r.status_code for r in responses] == [200, 200, 200]
    assert [r.json()["outcome"] for r in responses] == ["applied", "duplicate", "duplicate"]
    assert Payment.objects.count() == 1
    assert Receipt.objects.count() == 1
    payment = Payment.objects.get()
    assert payment.amount == Decimal("301.25") and payment.trade_no == payload["transaction_id"]
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    # March management fee is paid; the heating and waste fees remain.
    assert sum(b.outstanding for b in selectors.outstanding_bills(world.unit)) == Decimal("708.90")
    outcomes = list(PaymentNotification.objects.order_by("id").values_list("outcome", flat=True))
    assert outcomes == [
        NotificationOutcome.APPLIED,
        NotificationOutcome.DUPLICATE,
        NotificationOutcome.DUPLICATE,
    ]


def test_a_tampered_signature_is_refused_and_logged(wechat):
    _world, _account, _order, _adapter, payload = wechat
    response = send({**payload, "sign": "0" * 64})
    assert response.status_code == 403
    assert response.json()["message"] == "签名校验失败"
    assert not Payment.objects.exists()
    assert PaymentNotification.objects.get().outcome == NotificationOutcome.REJECTED


def test_a_changed_amount_breaks_the_signature(wechat):
    _world, _account, _order, _adapter, payload = wechat
    response = send({**payload, "total_fee": "1"})
    assert response.status_code == 403
    assert not Payment.objects.exists()


def test_a_correctly_signed_wrong_amount_is_refused(wechat):
    _world, account, order, adapter, _payload = wechat
    payload = adapter.notification(
        merchant_id=account.merchant_id,
        key=account.signing_key,
        out_trade_no=order.out_trade_no,
        amount=Decimal("1.00"),
    )
    response = send(payload)
    assert response.status_code == 400
    body = response.json()
    assert (
        body["code"] == "amount_mismatch" and body["message"] == "通知金额与订单金额不符" and "fields" in body
    )
    assert not Payment.objects.exists()


def test_an_unsigned_request_is_refused_and_logged(wechat):
    response = APIClient().post(URL, {"merchant_id": "1900000109", "out_trade_no": "x"}, format="json")
    assert response.status_code == 403
    logged = PaymentNotification.objects.get()
    assert (logged.outcome, logged.error) == (NotificationOutcome.REJECTED, "缺少签名")
    assert logged.payload["merchant_id"] == "1900000109"
    assert APIClient().get(URL).status_code == 403


def test_a_second_real_transaction_for_a_paid_order_is_a_double_charge_on_the_cashiers_desk(wechat, client):
    """The owner paid one order twice (two transaction numbers): the second money is received, kept as
    prepaid balance (no other bill is settled with it), recorded as a double charge, and listed on the
    cashier's desk until the cashier refunds that payment."""
    from propdesk.billing.services import cash as cash_services

    world, account, order, adapter, payload = wechat
    assert send(payload).json()["outcome"] == "applied"
    outstanding = sum(b.outstanding for b in selectors.outstanding_bills(world.unit))
    second = adapter.notification(
        merchant_id=account.merchant_id,
        key=account.signing_key,
        out_trade_no=order.out_trade_no,
        amount=order.amount,
    )
    assert second["transaction_id"] != payload["transaction_id"]
    body = send(second).json()
    assert body["outcome"] == "double_charge"
    double = Payment.objects.get(pk=body["payment"])
    assert double.amount == order.amount and double.trade_no == second["transaction_id"]
    assert (
        sum(b.outstanding for b in selectors.outstanding_bills(world.unit)) == outstanding
    )  # nothing settled
    assert selectors.prepaid_balance(world.unit) == order.amount
    assert send(second).json()["outcome"] == "duplicate"  # the same second transaction again: once only

    client.force_login(world.cashier)
    desk = client.get("/billing/desk/").content.decode()
    assert 'data-testid="refunds-due"' in desk and second["transaction_id"] in desk

    cash_services.refund(
        unit=world.unit,
        method="bank_transfer",
        trade_no="BANK-REFUND-1",
        reason="重复扣款退回",
        payment=double,
        actor=world.cashier,
    )
    assert 'data-testid="refunds-due"' not in client.get("/billing/desk/").content.decode()
