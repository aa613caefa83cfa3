"""Fake WeChat Pay (API v3) and Alipay servers that behave like the real ones, for tests.

They stand in for `providers.transport.send`: each checks the merchant's signature with the
merchant's public key (refusing a bad one as the real provider does), keeps its orders, answers
signed with the platform's private key, and builds the signed notifications the real provider
posts. Keys are generated per test run; no real key is ever committed.
"""

from __future__ import annotations

import base64
import json
import secrets
import time
import urllib.parse
from dataclasses import dataclass, field

from propdesk.billing.providers import alipay as alipay_scheme
from propdesk.billing.providers import keys, transport
from propdesk.billing.providers import wechatpay as wechat_scheme


@dataclass
class KeyPair:
    private: str
    public: str

    @classmethod
    def new(cls) -> KeyPair:
        return cls(*keys.new_key_pair())


@dataclass
class FakeWeChatPay:
    mchid: str
    merchant: KeyPair  # the merchant's API key pair (the company keeps the private one)
    platform: KeyPair  # WeChat Pay's (the company is given the public one)
    api_v3_key: str
    serial_no: str = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"
    orders: dict = field(default_factory=dict)
    seen: list = field(default_factory=list)

    def _answer(self, status: int, data: dict | None, *, key: str | None = None) -> transport.HttpResponse:
        body = json.dumps(data, ensure_ascii=False) if data is not None else ""
        timestamp, nonce = str(int(time.time())), secrets.token_hex(16)
        signature = keys.rsa_sign(key or self.platform.private, f"{timestamp}\n{nonce}\n{body}\n")
        headers = {
            "wechatpay-timestamp": timestamp,
            "wechatpay-nonce": nonce,
            "wechatpay-signature": signature,
            "wechatpay-serial": "PUB_KEY_ID_0114232134912410000000000000",
        }
        return transport.HttpResponse(status, body, headers)

    def __call__(self, request: transport.HttpRequest) -> transport.HttpResponse:
        self.seen.append(request)
        path = request.url.removeprefix(wechat_scheme.BASE_URL)
        auth = wechat_scheme.parse_authorization(request.headers.get("Authorization", ""))
        message = (
            f"{request.method}\n{path}\n{auth.get('timestamp')}\n{auth.get('nonce_str')}\n{request.body}\n"
        )
        if (
            auth.get("mchid") != self.mchid
            or auth.get("serial_no") != self.serial_no
            or not keys.rsa_verify(self.merchant.public, message, auth.get("signature", ""))
        ):
            return self._answer(401, {"code": "SIGN_ERROR", "message": "签名错误"})
        data = json.loads(request.body) if request.body else {}
        if request.method == "POST" and path.startswith("/v3/pay/transactions/"):
            scene = path.rsplit("/", 1)[1]
            if path.endswith("/close"):
                no = path.split("/")[-2]
                if self.orders.get(no, {}).get("trade_state") == "SUCCESS":
                    return self._answer(400, {"code": "ORDERPAID", "message": "订单已支付"})
                self.orders.setdefault(no, {})["trade_state"] = "CLOSED"
                return self._answer(204, None)
            no = data["out_trade_no"]
            self.orders[no] = {"request": data, "trade_state": "NOTPAY", "total": data["amount"]["total"]}
            if scene == "native":
                return self._answer(200, {"code_url": f"weixin://wxpay/bizpayurl?pr={no[-8:]}"})
            if scene == "jsapi":
                return self._answer(200, {"prepay_id": "wx" + no})
            return self._answer(
                200, {"h5_url": f"https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx{no}"}
            )
        if request.method == "GET" and "/out-trade-no/" in path:
            no = urllib.parse.urlsplit(path).path.rsplit("/", 1)[1]
            order = self.orders.get(no)
            if order is None:
                return self._answer(404, {"code": "ORDER_NOT_EXIST", "message": "订单不存在"})
            return self._answer(200, self._transaction(no))
        return self._answer(404, {"code": "NOT_FOUND"})

    def _transaction(self, no: str, *, total: int | None = None) -> dict:
        order = self.orders[no]
        return {
            "mchid": self.mchid,
            "appid": "wx8888888888888888",
            "out_trade_no": no,
            "transaction_id": order.get("transaction_id", ""),
            "trade_state": order["trade_state"],
            "amount": {"total": order["total"] if total is None else total, "currency": "CNY"},
            "payer": {"openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"},
        }

    def payer_pays(self, no: str) -> None:
        self.orders[no].update(trade_state="SUCCESS", transaction_id="42000" + secrets.token_hex(10))

    def notification(self, no: str, *, total: int | None = None, key: str | None = None) -> tuple[dict, str]:
        """(headers, body) of the TRANSACTION.SUCCESS notification for a paid order."""
        nonce = secrets.token_hex(6)
        plain = json.dumps(self._transaction(no, total=total)).encode()
        body = json.dumps(
            {
                "id": "EV-" + secrets.token_hex(8),
                "create_time": "2026-03-10T10:25:00+08:00",
                "event_type": "TRANSACTION.SUCCESS",
                "resource_type": "encrypt-resource",
                "summary": "支付成功",
                "resource": {
                    "algorithm": "AEAD_AES_256_GCM",
                    "original_type": "transaction",
                    "associated_data": "transaction",
                    "nonce": nonce,
                    "ciphertext": keys.aead_encrypt(
                        self.api_v3_key, nonce=nonce, associated_data="transaction", plaintext=plain
                    ),
                },
            }
        )
        timestamp, sig_nonce = str(int(time.time())), secrets.token_hex(16)
        headers = {
            "Wechatpay-Timestamp": timestamp,
            "Wechatpay-Nonce": sig_nonce,
            "Wechatpay-Signature": keys.rsa_sign(
                key or self.platform.private, f"{timestamp}\n{sig_nonce}\n{body}\n"
            ),
            "Wechatpay-Serial": "PUB_KEY_ID_0114232134912410000000000000",
            "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048",
        }
        return headers, body


@dataclass
class FakeAlipay:
    app_id: str
    app: KeyPair  # the application's key pair (the company keeps the private one)
    alipay: KeyPair  # Alipay's (the company is given the public one)
    orders: dict = field(default_factory=dict)
    seen: list = field(default_factory=list)

    def _answer(self, method: str, data: dict) -> transport.HttpResponse:
        inner = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        key = method.replace(".", "_") + "_response"
        sign = keys.rsa_sign(self.alipay.private, inner)
        return transport.HttpResponse(200, f'{{"{key}":{inner},"sign":"{sign}"}}', {})

    def __call__(self, request: transport.HttpRequest) -> transport.HttpResponse:
        self.seen.append(request)
        params = dict(urllib.parse.parse_qsl(request.body))
        method = params.get("method", "")
        if params.get("app_id") != self.app_id or not keys.rsa_verify(
            self.app.public, alipay_scheme.sign_content(params), params.get("sign", "")
        ):
            return self._answer(
                method, {"code": "40002", "msg": "Invalid Arguments", "sub_code": "isv.invalid-signature"}
            )
        biz = json.loads(params["biz_content"])
        no = biz.get("out_trade_no", "")
        ok = {"code": "10000", "msg": "Success", "out_trade_no": no}
        if method == "alipay.trade.precreate":
            self.orders[no] = {"total_amount": biz["total_amount"], "trade_status": "WAIT_BUYER_PAY"}
            return self._answer(method, {**ok, "qr_code": f"https://qr.alipay.com/bax0{no[-8:]}"})
        if method == "alipay.trade.pay":
            self.orders[no] = {"total_amount": biz["total_amount"], "trade_status": "WAIT_BUYER_PAY"}
            if biz["auth_code"].endswith("7"):
                return self._answer(
                    method,
                    {
                        "code": "40004",
                        "msg": "Business Failed",
                        "sub_code": "ACQ.BUYER_BALANCE_NOT_ENOUGH",
                        "sub_msg": "买家余额不足",
                    },
                )
            if biz["auth_code"].endswith("8"):
                return self._answer(method, {"code": "10003", "msg": "order success pay inprocess"})
            self.payer_pays(no)
            return self._answer(method, {**ok, **self._trade(no)})
        if method == "alipay.trade.query":
            if no not in self.orders:
                return self._answer(
                    method,
                    {
                        "code": "40004",
                        "msg": "Business Failed",
                        "sub_code": "ACQ.TRADE_NOT_EXIST",
                        "sub_msg": "交易不存在",
                    },
                )
            return self._answer(method, {**ok, **self._trade(no)})
        if method == "alipay.trade.close":
            if no in self.orders:
                self.orders[no]["trade_status"] = "TRADE_CLOSED"
            return self._answer(method, ok)
        return self._answer(method, {"code": "40004", "sub_code": "ACQ.UNKNOWN"})

    def _trade(self, no: str) -> dict:
        order = self.orders[no]
        return {
            "trade_no": order.get("trade_no", ""),
            "trade_status": order["trade_status"],
            "total_amount": order["total_amount"],
            "out_trade_no": no,
        }

    def payer_pays(self, no: str) -> None:
        self.orders[no].update(trade_status="TRADE_SUCCESS", trade_no="2026031022001" + secrets.token_hex(6))

    def notification(self, no: str, *, total_amount: str | None = None, key: str | None = None) -> dict:
        """The 异步通知 form for a paid order, signed by Alipay."""
        order = self.orders[no]
        form = {
            "notify_time": "2026-03-10 10:25:00",
            "notify_type": "trade_status_sync",
            "notify_id": secrets.token_hex(16),
            "app_id": self.app_id,
            "charset": "utf-8",
            "version": "1.0",
            "trade_no": order["trade_no"],
            "out_trade_no": no,
            "trade_status": order["trade_status"],
            "total_amount": total_amount or order["total_amount"],
            "subject": "物业费",
            "sign_type": "RSA2",
        }
        form["sign"] = keys.rsa_sign(
            key or self.alipay.private, alipay_scheme.sign_content(form, exclude=("sign", "sign_type"))
        )
        return form


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()
