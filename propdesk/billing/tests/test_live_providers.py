"""The live adapters (issue 19): WeChat Pay API v3 and Alipay RSA2, against fake providers that check
our signatures and sign their answers the way the real ones do (fake_providers.py)."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from propdesk.billing import selectors, services
from propdesk.billing.choices import NotificationOutcome
from propdesk.billing.models import Payment, PaymentNotification, PaymentOrder, ProviderAccount
from propdesk.billing.providers import ProviderError, keys, transport
from propdesk.billing.providers import alipay as alipay_scheme
from propdesk.billing.providers import wechatpay as wechat_scheme
from propdesk.billing.services import desk, online

from .conftest import run_month
from .fake_providers import FakeAlipay, FakeWeChatPay, KeyPair

MARCH = dt.date(2026, 3, 1)
MCHID, APPID, API_V3_KEY = "1900009191", "2021000123456789", "a" * 16 + "B" * 16
PAIRS = {}


def pair(name: str) -> KeyPair:
    if name not in PAIRS:
        PAIRS[name] = KeyPair.new()
    return PAIRS[name]


# ---------------------------------------------------------------- the primitives, by known vectors


def test_sha256withrsa_verifies_its_own_signature_and_nothing_tampered():
    merchant, other = pair("merchant"), pair("other")
    message = "POST\n/v3/pay/transactions/native\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n{}\n"
    signature = keys.rsa_sign(merchant.private, message)
    assert keys.rsa_verify(merchant.public, message, signature)
    assert not keys.rsa_verify(merchant.public, message.replace("{}", '{"a":1}'), signature)
    assert not keys.rsa_verify(other.public, message, signature)
    assert not keys.rsa_verify(merchant.public, message, "not base64!")
    # Alipay's console gives bare base64 keys: read the same.
    bare = "".join(merchant.public.strip().splitlines()[1:-1])
    assert keys.rsa_verify(bare, message, signature)


def test_the_wechat_authorization_header_carries_a_verifiable_signature():
    merchant = pair("merchant")
    header = wechat_scheme.authorization(
        mchid=MCHID,
        serial_no="SERIAL1",
        private_pem=merchant.private,
        method="GET",
        url_path="/v3/pay/transactions/out-trade-no/PD1?mchid=1900009191",
        body="",
        timestamp="1554208460",
        nonce="NONCE1",
    )
    assert header.startswith('WECHATPAY2-SHA256-RSA2048 mchid="1900009191",nonce_str="NONCE1",signature="')
    fields = wechat_scheme.parse_authorization(header)
    assert fields["serial_no"] == "SERIAL1" and fields["timestamp"] == "1554208460"
    message = "GET\n/v3/pay/transactions/out-trade-no/PD1?mchid=1900009191\n1554208460\nNONCE1\n\n"
    assert keys.rsa_verify(merchant.public, message, fields["signature"])


def test_a_wechat_answer_is_refused_when_stale_or_signed_by_someone_else():
    platform, other = pair("platform"), pair("other")
    body, now = '{"code_url":"weixin://x"}', 1_800_000_000
    sig = keys.rsa_sign(platform.private, f"{now}\nN\n{body}\n")
    assert wechat_scheme.verify_signed(
        public_pem=platform.public, timestamp=str(now), nonce="N", body=body, signature=sig, now=now + 10
    )
    assert not wechat_scheme.verify_signed(
        public_pem=platform.public, timestamp=str(now), nonce="N", body=body, signature=sig, now=now + 301
    )  # replayed later
    assert not wechat_scheme.verify_signed(
        public_pem=other.public, timestamp=str(now), nonce="N", body=body, signature=sig, now=now
    )
    assert not wechat_scheme.verify_signed(
        public_pem=platform.public, timestamp=str(now), nonce="N", body=body + " ", signature=sig, now=now
    )


def test_aead_aes_256_gcm_round_trip_and_a_wrong_key_or_tampered_text_fails():
    token = keys.aead_encrypt(
        API_V3_KEY, nonce="fdasflkja484", associated_data="transaction", plaintext=b"{}"
    )
    assert (
        keys.aead_decrypt(API_V3_KEY, nonce="fdasflkja484", associated_data="transaction", ciphertext=token)
        == b"{}"
    )
    with pytest.raises(ValueError):
        keys.aead_decrypt("b" * 32, nonce="fdasflkja484", associated_data="transaction", ciphertext=token)
    with pytest.raises(ValueError):
        keys.aead_decrypt(API_V3_KEY, nonce="fdasflkja484", associated_data="certificate", ciphertext=token)


def test_alipay_signs_sorted_parameters_and_reads_the_raw_response_text():
    params = {"b": "2", "a": "1", "sign": "x", "sign_type": "RSA2", "empty": ""}
    assert alipay_scheme.sign_content(params) == "a=1&b=2&sign_type=RSA2"  # requests: sign_type signed
    assert alipay_scheme.sign_content(params, exclude=("sign", "sign_type")) == "a=1&b=2"  # notifications
    body = '{"alipay_trade_query_response": {"code":"10000","msg":"Success"},"sign":"S"}'
    assert (
        alipay_scheme.response_text(body, "alipay_trade_query_response") == '{"code":"10000","msg":"Success"}'
    )


# ---------------------------------------------------------------- WeChat Pay API v3 end to end


@pytest.fixture
def wechat(billing, monkeypatch):
    run_month(billing, MARCH)
    server = FakeWeChatPay(MCHID, pair("merchant"), pair("platform"), API_V3_KEY)
    monkeypatch.setattr(transport, "send", server)
    ProviderAccount.objects.create(
        project=billing.project,
        method="wechat",
        kind="wechatpay_v3",
        merchant_id=MCHID,
        app_id="wx8888888888888888",
        cert_serial_no=server.serial_no,
        private_key=server.merchant.private,
        signing_key=API_V3_KEY,
        platform_public_key=server.platform.public,
        platform_key_id="PUB_KEY_ID_01",
    )
    billing.server = server
    billing.api = APIClient()
    billing.api.force_authenticate(billing.owner)
    return billing


def _notify_wechat(client, headers: dict, body: str):
    extra = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()}
    return client.post(
        f"/api/v1/billing/notifications/wechatpay_v3/{MCHID}/",
        data=body,
        content_type="application/json",
        **extra,
    )


def test_an_owner_pays_by_wechat_native_and_the_verified_notification_credits_once(wechat, client):
    created = wechat.api.post("/api/v1/billing/my/payments/", {"unit": wechat.unit.pk, "method": "wechat"})
    assert created.status_code == 201, created.content
    answer = created.json()
    assert answer["pay"]["code_url"].startswith("weixin://wxpay/bizpayurl?pr=")
    order = PaymentOrder.objects.get(pk=answer["id"])
    sent = json.loads(wechat.server.seen[0].body)
    assert sent["amount"] == {"total": 101015, "currency": "CNY"} and sent["mchid"] == MCHID
    assert sent["notify_url"].endswith(f"/api/v1/billing/notifications/wechatpay_v3/{MCHID}/")

    wechat.server.payer_pays(order.out_trade_no)
    headers, body = wechat.server.notification(order.out_trade_no)
    assert _notify_wechat(client, headers, body).status_code == 204
    assert _notify_wechat(client, headers, body).status_code == 204  # WeChat retries: acknowledged again
    order.refresh_from_db()
    assert order.is_paid
    assert Payment.objects.filter(order=order).count() == 1
    assert selectors.outstanding_bills(wechat.unit) == []
    outcomes = list(PaymentNotification.objects.order_by("pk").values_list("outcome", flat=True))
    assert outcomes == [NotificationOutcome.APPLIED, NotificationOutcome.DUPLICATE]
    assert "openid" not in json.dumps(PaymentNotification.objects.first().payload)


def test_a_wechat_notification_with_a_bad_signature_or_another_amount_credits_nothing(wechat, client):
    order = services.create_payment_order(
        unit=wechat.unit, amount=Decimal("100.00"), method="wechat", actor=wechat.owner
    )
    online.start_online_payment(order=order)
    wechat.server.payer_pays(order.out_trade_no)
    headers, body = wechat.server.notification(order.out_trade_no, key=pair("other").private)
    refused = _notify_wechat(client, headers, body)
    assert refused.status_code == 403 and refused.json()["code"] == "FAIL"
    headers, body = wechat.server.notification(order.out_trade_no)
    assert _notify_wechat(client, headers, body.replace("transaction", "transactiom", 1)).status_code == 403
    headers, body = wechat.server.notification(order.out_trade_no, total=1)  # one fen, signed all right
    assert _notify_wechat(client, headers, body).status_code == 400
    assert not Payment.objects.exists()
    assert (
        list(PaymentNotification.objects.values_list("outcome", flat=True))
        == [NotificationOutcome.REJECTED] * 3
    )
    order.refresh_from_db()
    assert order.is_open


def test_jsapi_gives_the_page_a_pay_sign_made_with_the_merchant_key(wechat):
    order = services.create_payment_order(
        unit=wechat.unit, amount=Decimal("10.00"), method="wechat", actor=wechat.owner
    )
    pay = online.start_online_payment(order=order, scene="jsapi", openid="oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")
    assert pay["package"] == f"prepay_id=wx{order.out_trade_no}" and pay["signType"] == "RSA"
    message = f"{pay['appId']}\n{pay['timeStamp']}\n{pay['nonceStr']}\n{pay['package']}\n"
    assert keys.rsa_verify(pair("merchant").public, message, pay["paySign"])
    with pytest.raises(services.ServiceError):
        online.start_online_payment(order=order, scene="jsapi")  # no openid: refused by the adapter


def test_a_lost_wechat_notification_is_found_by_query_and_a_cancel_closes_at_the_provider(wechat):
    paid = services.create_payment_order(
        unit=wechat.unit, amount=Decimal("10.00"), method="wechat", actor=wechat.owner
    )
    online.start_online_payment(order=paid)
    wechat.server.payer_pays(paid.out_trade_no)
    checked = wechat.api.post(f"/api/v1/billing/my/payments/{paid.pk}/check/")
    assert checked.status_code == 200 and checked.json()["status"] == "paid"
    assert Payment.objects.filter(order=paid).count() == 1

    given_up = services.create_payment_order(
        unit=wechat.unit, amount=Decimal("20.00"), method="wechat", actor=wechat.owner
    )
    online.start_online_payment(order=given_up)
    assert wechat.api.post(f"/api/v1/billing/my/payments/{given_up.pk}/cancel/").json()["status"] == "closed"
    assert wechat.server.orders[given_up.out_trade_no]["trade_state"] == "CLOSED"


def test_an_answer_not_signed_by_wechat_pay_is_not_trusted(wechat):
    wechat.server.platform = pair("other")  # someone in the middle answers
    order = services.create_payment_order(
        unit=wechat.unit, amount=Decimal("10.00"), method="wechat", actor=wechat.owner
    )
    with pytest.raises(services.ServiceError) as refused:
        online.start_online_payment(order=order)
    assert refused.value.code == "provider_error"


def test_a_request_signed_with_the_wrong_merchant_key_is_refused_by_the_provider(wechat):
    account = ProviderAccount.objects.get(merchant_id=MCHID)
    account.private_key = pair("other").private
    with pytest.raises(ProviderError) as refused:
        online.connection(account).query(out_trade_no="PD1")
    assert refused.value.code == "SIGN_ERROR"


def test_wechat_v3_takes_no_payment_codes_at_the_desk_but_shows_a_native_code(wechat):
    with pytest.raises(services.ServiceError) as refused:
        desk.scan_payment_code(
            unit=wechat.unit, amount=Decimal("10"), payment_code="134567890123456781", actor=wechat.cashier
        )
    assert refused.value.field == "payment_code"
    order = desk.show_payment_code(
        unit=wechat.unit, amount=Decimal("10"), method="wechat", actor=wechat.cashier
    )
    assert order.code_url.startswith("weixin://wxpay/bizpayurl")


# ---------------------------------------------------------------- Alipay end to end


@pytest.fixture
def ali(billing, monkeypatch):
    run_month(billing, MARCH)
    server = FakeAlipay(APPID, pair("app"), pair("alipay"))
    monkeypatch.setattr(transport, "send", server)
    ProviderAccount.objects.create(
        project=billing.project,
        method="alipay",
        kind="alipay",
        merchant_id=APPID,
        private_key=server.app.private,
        platform_public_key=server.alipay.public,
    )
    billing.server = server
    billing.api = APIClient()
    billing.api.force_authenticate(billing.owner)
    return billing


def _notify_alipay(client, form):
    return client.post(f"/api/v1/billing/notifications/alipay/{APPID}/", data=form)


def test_an_owner_pays_by_alipay_precreate_and_the_notification_is_answered_success_once(ali, client):
    answer = ali.api.post("/api/v1/billing/my/payments/", {"unit": ali.unit.pk, "method": "alipay"}).json()
    assert answer["pay"]["code_url"].startswith("https://qr.alipay.com/")
    order = PaymentOrder.objects.get(pk=answer["id"])
    assert ali.server.orders[order.out_trade_no]["total_amount"] == "1010.15"
    ali.server.payer_pays(order.out_trade_no)
    form = ali.server.notification(order.out_trade_no)
    first, again = _notify_alipay(client, form), _notify_alipay(client, form)
    assert first.content == b"success" and again.content == b"success"
    assert Payment.objects.filter(order=order).count() == 1
    assert selectors.outstanding_bills(ali.unit) == []


def test_an_alipay_notification_with_a_bad_signature_or_another_amount_credits_nothing(ali, client):
    order = services.create_payment_order(
        unit=ali.unit, amount=Decimal("100.00"), method="alipay", actor=ali.owner
    )
    online.start_online_payment(order=order)
    ali.server.payer_pays(order.out_trade_no)
    forged = ali.server.notification(order.out_trade_no, key=pair("other").private)
    assert _notify_alipay(client, forged).status_code == 403
    tampered = {**ali.server.notification(order.out_trade_no), "total_amount": "1.00"}
    assert _notify_alipay(client, tampered).content == b"fail"
    cheap = ali.server.notification(order.out_trade_no, total_amount="1.00")  # signed, but not the order's
    assert _notify_alipay(client, cheap).status_code == 400
    assert not Payment.objects.exists()


def test_the_alipay_wap_address_is_signed_with_the_app_key(ali):
    import urllib.parse

    order = services.create_payment_order(
        unit=ali.unit, amount=Decimal("10.00"), method="alipay", actor=ali.owner
    )
    pay = online.start_online_payment(order=order, scene="wap", return_url="https://example.com/back")
    params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(pay["pay_url"]).query))
    assert params["method"] == "alipay.trade.wap.pay" and "QUICK_WAP_WAY" in params["biz_content"]
    assert keys.rsa_verify(pair("app").public, alipay_scheme.sign_content(params), params["sign"])


def test_alipay_at_the_desk_payment_code_query_and_close(ali):
    paid = desk.scan_payment_code(
        unit=ali.unit, amount=Decimal("10.00"), payment_code="281234567890123451", actor=ali.cashier
    )
    assert paid.is_paid and Payment.objects.get(order=paid).received_by == ali.cashier
    declined = desk.scan_payment_code(
        unit=ali.unit, amount=Decimal("10.00"), payment_code="281234567890123457", actor=ali.cashier
    )
    assert declined.is_closed and declined.failure.endswith("(NOTENOUGH)")
    waiting = desk.scan_payment_code(
        unit=ali.unit, amount=Decimal("10.00"), payment_code="281234567890123458", actor=ali.cashier
    )
    assert waiting.is_open
    ali.server.payer_pays(waiting.out_trade_no)
    assert desk.check_desk_order(order=waiting, actor=ali.cashier).is_paid
    shown = desk.show_payment_code(unit=ali.unit, amount=Decimal("5"), method="alipay", actor=ali.cashier)
    assert shown.code_url.startswith("https://qr.alipay.com/")
    closed = desk.close_desk_order(order=shown, actor=ali.cashier, reason="业主改用现金")
    assert closed.is_closed and ali.server.orders[shown.out_trade_no]["trade_status"] == "TRADE_CLOSED"
