"""WeChat Pay and Alipay at the cashier's desk (SPEC §7 Payments; the printed notices tell owners
to pay by WeChat or Alipay): the cashier scans the owner's payment code (付款码) or shows a code the
owner scans (收款码); the money is credited through the payment adapter's signed answers, once."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from propdesk.billing import selectors, services
from propdesk.billing.choices import NotificationOutcome, OrderChannel, OrderStatus
from propdesk.billing.models import Bill, Payment, PaymentNotification, PaymentOrder, ProviderAccount
from propdesk.billing.services import desk
from propdesk.core.errors import ServiceError

from .conftest import run_month

MARCH, APRIL = dt.date(2026, 3, 1), dt.date(2026, 4, 1)
WECHAT_CODE = "134567890123456781"  # 18 digits from 13: WeChat Pay; ends in 1: the sandbox pays at once
ALIPAY_CODE = "287654321098765432"  # from 28: Alipay


def _not_enough():
    return _("The owner's balance is not enough: ask for another card in the wallet or another method.")


@pytest.fixture
def desk_world(billing):
    for method, merchant in (("wechat", "1900000109"), ("alipay", "2088000000000001")):
        ProviderAccount.objects.create(
            project=billing.project, method=method, merchant_id=merchant, signing_key="k" * 32
        )
    run_month(billing, MARCH)
    run_month(billing, APRIL)
    billing.due = sum((b.outstanding for b in selectors.outstanding_bills(billing.unit)), start=Decimal(0))
    return billing


def scan(world, code, amount=None, **kwargs):
    return desk.scan_payment_code(
        unit=world.unit, amount=amount or world.due, payment_code=code, actor=world.cashier, **kwargs
    )


@pytest.mark.django_db
def test_a_scanned_wechat_code_is_credited_at_once_with_the_cashiers_receipt(desk_world):
    order = scan(desk_world, WECHAT_CODE)
    assert order.status == OrderStatus.PAID and order.method == "wechat"
    assert order.channel == OrderChannel.DESK_SCAN
    assert order.code_tail == "6781"  # the code itself is a one-time credential: not kept
    payment = Payment.objects.get(order=order)
    assert payment.trade_no.startswith("SBX") and payment.amount == desk_world.due
    assert payment.receipt.issued_by == desk_world.cashier  # the desk's receipt, not the system's
    assert selectors.outstanding_bills(desk_world.unit) == []


@pytest.mark.django_db
def test_the_code_says_whose_wallet_it_is(desk_world):
    assert scan(desk_world, ALIPAY_CODE, amount=Decimal("10.00")).method == "alipay"
    assert scan(desk_world, "1345 6789 0123 4567 81", amount=Decimal("10.00")).method == "wechat"


@pytest.mark.django_db
def test_something_that_is_not_a_payment_code_is_refused_naming_the_field(desk_world):
    for code in ("", "12345", "191234567890123456", "9912345678901234567"):
        with pytest.raises(ServiceError) as refused:
            scan(desk_world, code)
        assert refused.value.field == "payment_code"
    assert not PaymentOrder.objects.exists()


@pytest.mark.django_db
def test_a_declined_wallet_closes_the_order_with_the_reason_and_credits_nothing(desk_world):
    order = scan(desk_world, "134567890123456787")  # sandbox: …7 has not enough balance
    assert order.status == OrderStatus.CLOSED
    assert order.failure == f"{_not_enough()} (NOTENOUGH)"
    assert not Payment.objects.exists()
    assert order.events.filter(to_status=OrderStatus.CLOSED).get().reason == _not_enough()


@pytest.mark.django_db
def test_a_wallet_asking_for_the_password_is_asked_again_and_credited_once(desk_world):
    order = scan(desk_world, "134567890123456788")  # sandbox: …8 needs the owner's password
    assert order.status == OrderStatus.OPEN and order.waits_for_wallet
    assert not Payment.objects.exists()
    order = desk.check_desk_order(order=order, actor=desk_world.cashier)
    assert order.status == OrderStatus.PAID
    # The provider's notification of the same transaction arrives later: acknowledged, not credited.
    again = desk.check_desk_order(order=order, actor=desk_world.cashier)
    assert again.status == OrderStatus.PAID
    account = ProviderAccount.objects.get(project=desk_world.project, method="wechat")
    connection = desk.desk_connection(order)
    late = connection.paid_notification(out_trade_no=order.out_trade_no, amount=order.amount)
    assert services.handle_notification(payload=late)[0] == NotificationOutcome.DUPLICATE
    assert Payment.objects.filter(order=order).count() == 1
    assert account.merchant_id == late["merchant_id"]


@pytest.mark.django_db
def test_an_owner_who_cancels_in_the_wallet_closes_the_order(desk_world):
    order = scan(desk_world, "134567890123456786")  # sandbox: …6 asks for the password, then gives up
    order = desk.check_desk_order(order=order, actor=desk_world.cashier)
    assert order.status == OrderStatus.CLOSED
    assert order.failure == _("The owner cancelled the payment in the wallet.") + " (PAYERROR)"
    assert not Payment.objects.exists()


@pytest.mark.django_db
def test_a_shown_code_is_paid_from_the_wallet_and_settles_the_chosen_bills(desk_world):
    april_waste = Bill.objects.get(unit=desk_world.unit, period=APRIL, item__code="waste")
    order = desk.show_payment_code(
        unit=desk_world.unit,
        amount=Decimal("10.00"),
        method="alipay",
        bills=[april_waste.pk],
        actor=desk_world.cashier,
    )
    assert order.shows_code and order.code_url.startswith("/billing/sandbox/pay/")
    order = desk.sandbox_wallet_pays(order=order)
    assert order.status == OrderStatus.PAID
    assert selectors.outstanding_of(april_waste.pk) == 0
    march = selectors.with_balances(Bill.objects.filter(unit=desk_world.unit, period=MARCH))
    assert all(b.outstanding > 0 for b in march)  # the chosen bill, not the oldest


@pytest.mark.django_db
def test_money_arriving_for_an_order_the_cashier_gave_up_is_still_credited(desk_world):
    order = desk.show_payment_code(
        unit=desk_world.unit, amount=Decimal("10.00"), method="wechat", actor=desk_world.cashier
    )
    order = desk.close_desk_order(order=order, actor=desk_world.cashier, reason="owner left")
    assert order.status == OrderStatus.CLOSED
    order = desk.sandbox_wallet_pays(order=order)  # the owner paid on the way out
    assert order.status == OrderStatus.PAID
    assert Payment.objects.get(order=order).amount == Decimal("10.00")
    assert PaymentNotification.objects.get().outcome == NotificationOutcome.APPLIED


@pytest.mark.django_db
def test_a_project_without_the_method_or_in_production_refuses_the_wallet(desk_world, settings):
    ProviderAccount.objects.filter(method="alipay").delete()
    with pytest.raises(ServiceError) as missing:
        scan(desk_world, ALIPAY_CODE)
    assert missing.value.field == "method"
    settings.REQUIRE_SECRETS = True
    with pytest.raises(ServiceError) as production:
        scan(desk_world, WECHAT_CODE)
    assert production.value.message == _(
        "This project's payment account is a sandbox, refused in production."
    )
    assert not Payment.objects.exists()


# ---------------------------------------------------------------- the desk's pages


@pytest.mark.django_db
def test_the_desk_form_takes_a_scanned_code_straight_to_the_receipt(desk_world, login):
    client = login(desk_world.cashier)
    url = reverse("billing:desk_unit", args=[desk_world.unit.pk])
    response = client.post(url, {"payment_code": WECHAT_CODE, "method": "cash", "amount": "100.00"})
    payment = Payment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("billing:receipt", args=[payment.receipt.pk])
    assert payment.method == "wechat"


@pytest.mark.django_db
def test_a_declined_code_shows_the_reason_on_the_form(desk_world, login):
    client = login(desk_world.cashier)
    url = reverse("billing:desk_unit", args=[desk_world.unit.pk])
    response = client.post(url, {"payment_code": "134567890123456787", "method": "cash", "amount": "100.00"})
    assert response.status_code == 200
    assert response.context["form"].errors["payment_code"] == [f"{_not_enough()} (NOTENOUGH)"]


@pytest.mark.django_db
def test_a_shown_code_page_draws_the_qr_and_goes_to_the_receipt_once_paid(desk_world, login, client):
    cashier = login(desk_world.cashier)
    url = reverse("billing:desk_unit", args=[desk_world.unit.pk])
    response = cashier.post(url, {"method": "wechat", "amount": "10.00"})
    order = PaymentOrder.objects.get()
    assert response["Location"] == reverse("billing:desk_order", args=[order.pk])
    page = cashier.get(response["Location"])
    assert b"<svg" in page.content and b'data-testid="order-qr"' in page.content
    check = reverse("billing:desk_order_check", args=[order.pk])
    assert cashier.post(check).status_code == 200  # not paid yet: the state again

    # The owner's phone (no login) opens the code; a wrong token is nobody's order.
    wallet = order.code_url
    cashier.logout()
    assert client.get(wallet[:-3] + "xyz/").status_code == 404
    assert client.get(wallet).status_code == 200
    assert b'data-testid="wallet-paid"' in client.post(wallet).content

    cashier = login(desk_world.cashier)
    receipt = Payment.objects.get(order=order).receipt
    answer = cashier.post(check)
    assert answer.status_code == 204
    assert answer["HX-Redirect"] == reverse("billing:receipt", args=[receipt.pk])
    assert cashier.get(reverse("billing:desk_order", args=[order.pk]))["Location"] == answer["HX-Redirect"]


@pytest.mark.django_db
def test_the_sandbox_wallet_is_gone_in_production(desk_world, client, settings):
    order = desk.show_payment_code(
        unit=desk_world.unit, amount=Decimal("10.00"), method="wechat", actor=desk_world.cashier
    )
    settings.REQUIRE_SECRETS = True
    assert client.post(order.code_url).status_code == 404
    assert not Payment.objects.exists()


# ---------------------------------------------------------------- the same at the API


def _api(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_the_api_takes_counter_payments_and_desk_wallet_orders_with_the_desks_checks(desk_world):
    api = _api(desk_world.cashier)
    unit = desk_world.unit.pk
    cash = api.post(
        "/api/v1/billing/payments/", {"unit": unit, "amount": "10.00", "method": "cash"}, format="json"
    )
    assert cash.status_code == 201 and cash.json()["receipt_number"] == "SJ00000001"
    transfer = api.post(
        "/api/v1/billing/payments/",
        {"unit": unit, "amount": "10.00", "method": "bank_transfer"},
        format="json",
    )
    assert transfer.status_code == 400 and "trade_no" in transfer.json()["fields"]

    scanned = api.post(
        "/api/v1/billing/desk-orders/",
        {"unit": unit, "amount": "20.00", "payment_code": "134567890123456788"},
        format="json",
    )
    assert scanned.status_code == 201 and scanned.json()["status"] == OrderStatus.OPEN
    checked = api.post(f"/api/v1/billing/desk-orders/{scanned.json()['id']}/check/")
    assert checked.json()["status"] == OrderStatus.PAID and checked.json()["receipt"]

    shown = api.post(
        "/api/v1/billing/desk-orders/", {"unit": unit, "amount": "5.00", "method": "alipay"}, format="json"
    )
    assert shown.json()["code_url"].startswith("/billing/sandbox/pay/")
    too_long = api.post(
        f"/api/v1/billing/desk-orders/{shown.json()['id']}/close/", {"reason": "x" * 201}, format="json"
    )
    assert too_long.status_code == 400 and "reason" in too_long.json()["fields"]
    assert PaymentOrder.objects.get(pk=shown.json()["id"]).status == OrderStatus.OPEN
    closed = api.post(
        f"/api/v1/billing/desk-orders/{shown.json()['id']}/close/", {"reason": "走了"}, format="json"
    )
    assert closed.json()["status"] == OrderStatus.CLOSED and closed.json()["failure"] == "走了"

    neither = api.post("/api/v1/billing/desk-orders/", {"unit": unit, "amount": "5.00"}, format="json")
    assert neither.status_code == 400 and "method" in neither.json()["fields"]
    bad_code = api.post(
        "/api/v1/billing/desk-orders/", {"unit": unit, "amount": "5.00", "payment_code": "123"}, format="json"
    )
    assert bad_code.status_code == 400 and "payment_code" in bad_code.json()["fields"]


@pytest.mark.django_db
def test_who_may_not_take_payments_is_refused_at_the_api(desk_world):
    unit = desk_world.unit.pk
    body = {"unit": unit, "amount": "5.00", "method": "wechat"}
    assert (
        _api(desk_world.frontdesk).post("/api/v1/billing/desk-orders/", body, format="json").status_code
        == 403
    )
    assert (
        _api(desk_world.outsider).post("/api/v1/billing/desk-orders/", body, format="json").status_code == 404
    )
    assert not PaymentOrder.objects.exists()
