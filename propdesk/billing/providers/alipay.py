"""Alipay Open Platform (支付宝开放平台) for one application, RSA2 keys.

- Requests: the common parameters (app_id, method, format, charset, sign_type=RSA2, timestamp,
  version, notify_url, biz_content) sorted by name as `k=v&…` (empty values and `sign` left out),
  signed SHA256withRSA with the application's private key.
- Answers: `{"<method>_response": {…}, "sign": "…"}`; the signature is over the raw text of the
  `_response` object, verified with the Alipay public key (支付宝公钥).
- Notifications (异步通知, a form POST): all parameters except `sign` and `sign_type`, sorted as
  `k=v&…`, verified with the Alipay public key; the answer is the plain text `success`.
- Services: `alipay.trade.precreate` (当面付 qr_code), `alipay.trade.wap.pay` (a signed address the
  phone's browser opens; no call from us), `alipay.trade.query`, `alipay.trade.close`,
  `alipay.trade.pay` (付款码 at the desk, scene=bar_code).
"""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from . import keys, transport
from .base import ORDER_MINUTES, NotificationRefused, ProviderAnswer, ProviderError, fen, normalised, yuan

GATEWAY = "https://openapi.alipay.com/gateway.do"
PAID = ("TRADE_SUCCESS", "TRADE_FINISHED")
# alipay.trade.pay's refusals → the desk's words (services.desk._refusal).
PAY_ERRORS = {
    "ACQ.PAYMENT_AUTH_CODE_INVALID": "AUTH_CODE_INVALID",
    "ACQ.BUYER_BALANCE_NOT_ENOUGH": "NOTENOUGH",
    "ACQ.BUYER_BANKCARD_BALANCE_NOT_ENOUGH": "NOTENOUGH",
}


def sign_content(params: dict, *, exclude: tuple = ("sign",)) -> str:
    """`k=v&…` sorted by name, empty values and the excluded names left out (not URL-encoded)."""
    return "&".join(
        f"{k}={params[k]}" for k in sorted(params) if k not in exclude and params[k] not in ("", None)
    )


def response_text(body: str, key: str) -> str:
    """The raw JSON text of `key`'s value in the answer: what Alipay signed."""
    marker = f'"{key}"'
    at = body.find(marker)
    if at < 0:
        return ""
    at = body.index(":", at + len(marker)) + 1
    while at < len(body) and body[at] in " \t\r\n":
        at += 1
    _value, end = json.JSONDecoder().raw_decode(body, at)
    return body[at:end]


@dataclass(frozen=True)
class Alipay:
    """One application (APPID) with the keys its company added (see docs/billing.md)."""

    app_id: str
    private_key: str  # 应用私钥
    alipay_public_key: str  # 支付宝公钥
    notify_url: str = ""
    gateway: str = GATEWAY

    def signed_params(self, method: str, biz: dict, **extra) -> dict:
        params = {
            "app_id": self.app_id,
            "method": method,
            "format": "JSON",
            "charset": "utf-8",
            "sign_type": "RSA2",
            "timestamp": datetime.now(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M:%S"),
            "version": "1.0",
            "notify_url": self.notify_url,
            "biz_content": json.dumps(biz, ensure_ascii=False, separators=(",", ":")),
            **extra,
        }
        params = {k: v for k, v in params.items() if v not in ("", None)}
        params["sign"] = keys.rsa_sign(self.private_key, sign_content(params))
        return params

    def call(self, method: str, biz: dict) -> dict:
        """Send one signed request; verify the answer's signature; return the `_response` object."""
        body = urllib.parse.urlencode(self.signed_params(method, biz))
        answer = transport.send(
            transport.HttpRequest(
                "POST",
                self.gateway + "?charset=utf-8",
                {"Content-Type": "application/x-www-form-urlencoded;charset=utf-8"},
                body,
            )
        )
        key = method.replace(".", "_") + "_response"
        try:
            signed = response_text(answer.body, key) or response_text(answer.body, "error_response")
            sign = json.loads(answer.body).get("sign", "")
        except ValueError:
            raise ProviderError("SIGN_ERROR", "the answer is not Alipay's JSON") from None
        if not (signed and keys.rsa_verify(self.alipay_public_key, signed, sign)):
            raise ProviderError("SIGN_ERROR", "the answer's signature does not verify")
        return json.loads(signed)

    def _biz(self, out_trade_no: str, amount: Decimal, subject: str) -> dict:
        return {
            "out_trade_no": out_trade_no,
            "total_amount": yuan(amount),
            "subject": subject[:256],
            "timeout_express": f"{ORDER_MINUTES}m",
        }

    # ------------------------------------------------------------ orders

    def precreate(self, *, out_trade_no: str, amount: Decimal, subject: str) -> str:
        """当面付: the qr_code (https://qr.alipay.com/…) a payer scans."""
        data = self.call("alipay.trade.precreate", self._biz(out_trade_no, amount, subject))
        if data.get("code") != "10000":
            raise ProviderError(str(data.get("sub_code") or data.get("code")), str(data.get("sub_msg", "")))
        return str(data["qr_code"])

    def wap_pay_url(self, *, out_trade_no: str, amount: Decimal, subject: str, return_url: str = "") -> str:
        """手机网站支付: the signed gateway address the phone's browser opens (no call from us)."""
        biz = {**self._biz(out_trade_no, amount, subject), "product_code": "QUICK_WAP_WAY"}
        params = self.signed_params("alipay.trade.wap.pay", biz, return_url=return_url)
        return self.gateway + "?" + urllib.parse.urlencode(params)

    def create(
        self,
        *,
        out_trade_no: str,
        amount: Decimal,
        description: str,
        scene: str = "native",
        return_url: str = "",
        **_ignored,
    ) -> dict:
        if scene == "wap":
            url = self.wap_pay_url(
                out_trade_no=out_trade_no, amount=amount, subject=description, return_url=return_url
            )
            return {"pay_url": url}
        return {"code_url": self.precreate(out_trade_no=out_trade_no, amount=amount, subject=description)}

    def _answer(self, data: dict) -> ProviderAnswer:
        status = str(data.get("trade_status", ""))
        if status in PAID:
            return ProviderAnswer("SUCCESS", self._fields(data, "SUCCESS"), verified=True)
        if status == "WAIT_BUYER_PAY":
            return ProviderAnswer("USERPAYING", {}, "USERPAYING", "waiting for the payer")
        return ProviderAnswer("FAIL", {}, status or "FAIL", str(data.get("sub_msg", "")))

    def _fields(self, data: dict, state: str) -> dict:
        try:
            total = fen(Decimal(str(data.get("total_amount", ""))))
        except (InvalidOperation, ValueError):
            total = ""
        return normalised(
            merchant_id=self.app_id,
            out_trade_no=data.get("out_trade_no", ""),
            transaction_id=data.get("trade_no", ""),
            total_fee=total,
            state=state,
        )

    def query(self, *, out_trade_no: str, **_ignored) -> ProviderAnswer:
        data = self.call("alipay.trade.query", {"out_trade_no": out_trade_no})
        if data.get("code") != "10000":
            if data.get("sub_code") == "ACQ.TRADE_NOT_EXIST":
                return ProviderAnswer("NOTPAY", {}, "ACQ.TRADE_NOT_EXIST", str(data.get("sub_msg", "")))
            raise ProviderError(str(data.get("sub_code") or data.get("code")), str(data.get("sub_msg", "")))
        return self._answer(data)

    def close(self, *, out_trade_no: str) -> None:
        data = self.call("alipay.trade.close", {"out_trade_no": out_trade_no})
        # A trade the payer never opened does not exist at Alipay yet: nothing to close.
        if data.get("code") != "10000" and data.get("sub_code") != "ACQ.TRADE_NOT_EXIST":
            raise ProviderError(str(data.get("sub_code") or data.get("code")), str(data.get("sub_msg", "")))

    # ------------------------------------------------------------ the desk

    supports_payment_codes = True

    def micropay(
        self, *, out_trade_no: str, amount: Decimal, payment_code: str, description: str = "", **_ignored
    ) -> ProviderAnswer:
        """alipay.trade.pay with the payer's code: 10000 paid, 10003 the payer is confirming."""
        biz = {
            **self._biz(out_trade_no, amount, description or out_trade_no),
            "scene": "bar_code",
            "auth_code": payment_code,
        }
        data = self.call("alipay.trade.pay", biz)
        code = data.get("code")
        if code == "10000":
            return ProviderAnswer("SUCCESS", self._fields(data, "SUCCESS"), verified=True)
        if code == "10003":
            return ProviderAnswer("USERPAYING", {}, "USERPAYING", str(data.get("msg", "")))
        sub = str(data.get("sub_code") or code)
        return ProviderAnswer("FAIL", {}, PAY_ERRORS.get(sub, sub), str(data.get("sub_msg", "")))

    def code_url(self, *, out_trade_no: str, amount: Decimal, description: str, **_ignored) -> str:
        return self.precreate(out_trade_no=out_trade_no, amount=amount, subject=description)

    # ------------------------------------------------------------ notifications

    def parse_notification(self, *, form: dict) -> dict:
        """Verify (Alipay public key, RSA2) and normalise an 异步通知."""
        fields = {str(k): str(v) for k, v in form.items()}
        if fields.get("sign_type", "RSA2") != "RSA2" or not keys.rsa_verify(
            self.alipay_public_key,
            sign_content(fields, exclude=("sign", "sign_type")),
            fields.get("sign", ""),
        ):
            raise NotificationRefused("invalid_signature")
        if fields.get("app_id") != self.app_id:
            raise NotificationRefused("unknown_merchant")
        status = fields.get("trade_status", "")
        return self._fields(fields, "SUCCESS" if status in PAID else status)
