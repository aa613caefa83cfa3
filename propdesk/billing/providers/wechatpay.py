"""WeChat Pay API v3 (微信支付 APIv3) for one merchant account.

- Every request is signed with the merchant's API private key: SHA256withRSA over
  "METHOD\\nURL\\nTIMESTAMP\\nNONCE\\nBODY\\n", sent as
  `Authorization: WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",timestamp="…",serial_no="…"`
  (serial_no: the merchant API certificate's serial number).
- Every answer and notification is verified with the WeChat Pay platform public key (or platform
  certificate): `Wechatpay-Signature` over "TIMESTAMP\\nNONCE\\nBODY\\n", from the headers
  `Wechatpay-Timestamp` / `Wechatpay-Nonce`; a timestamp more than 5 minutes away is refused.
- A notification's `resource` is decrypted with AEAD_AES_256_GCM and the APIv3 key.
- Orders: `native` (a code_url to show as a QR code), `jsapi` (a prepay_id and the parameters the
  page passes to `WeixinJSBridge.invoke('getBrandWCPayRequest')`, signed "appId\\ntimeStamp\\nnonceStr\\npackage\\n"),
  `h5` (an h5_url the phone's browser opens). Query and close by out_trade_no.
- 付款码 (micropay) is an API v2 service (XML, MD5/HMAC-SHA256 with the v2 key); it is not part of
  API v3 and not supported here: the desk takes WeChat payment codes only on sandbox accounts.
"""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from . import keys, transport
from .base import ORDER_MINUTES, NotificationRefused, ProviderAnswer, ProviderError, fen, normalised

BASE_URL = "https://api.mch.weixin.qq.com"
SCHEMA = "WECHATPAY2-SHA256-RSA2048"
CLOCK_SKEW_SECONDS = 300
SCENES = ("native", "jsapi", "h5")
# trade_state → ours: paid, still waiting for the payer, or over.
WAITING = {"NOTPAY": "NOTPAY", "USERPAYING": "USERPAYING"}
OVER = ("CLOSED", "REVOKED", "PAYERROR")


def authorization(
    *,
    mchid: str,
    serial_no: str,
    private_pem: str,
    method: str,
    url_path: str,
    body: str,
    timestamp: str | None = None,
    nonce: str | None = None,
) -> str:
    """The Authorization header of one request (url_path: the path with its query, e.g. /v3/pay/…?mchid=1)."""
    timestamp = timestamp or str(int(time.time()))
    nonce = nonce or secrets.token_hex(16).upper()
    message = f"{method}\n{url_path}\n{timestamp}\n{nonce}\n{body}\n"
    signature = keys.rsa_sign(private_pem, message)
    return (
        f'{SCHEMA} mchid="{mchid}",nonce_str="{nonce}",signature="{signature}",'
        f'timestamp="{timestamp}",serial_no="{serial_no}"'
    )


def parse_authorization(header: str) -> dict:
    """The fields of an Authorization header (what the provider reads; used by the fake provider)."""
    schema, _, rest = (header or "").partition(" ")
    if schema != SCHEMA:
        return {}
    fields = {}
    for part in rest.split(","):
        name, _, value = part.partition("=")
        fields[name.strip()] = value.strip().strip('"')
    return fields


def verify_signed(
    *, public_pem: str, timestamp: str, nonce: str, body: str, signature: str, now: float | None = None
) -> bool:
    """An answer or notification from WeChat Pay: signature over TIMESTAMP\\nNONCE\\nBODY\\n, fresh timestamp."""
    if not (timestamp.isdigit() and nonce and signature):
        return False
    if abs((now or time.time()) - int(timestamp)) > CLOCK_SKEW_SECONDS:
        return False
    return keys.rsa_verify(public_pem, f"{timestamp}\n{nonce}\n{body}\n", signature)


@dataclass(frozen=True)
class WeChatPayV3:
    """One merchant account (商户号) with the keys its company added (see docs/billing.md)."""

    mchid: str
    appid: str
    serial_no: str
    private_key: str  # apiclient_key.pem
    api_v3_key: str  # 32 characters
    platform_public_key: str  # 微信支付公钥 (pub_key.pem) or the platform certificate
    platform_key_id: str = ""  # 微信支付公钥ID (PUB_KEY_ID_…), sent as Wechatpay-Serial
    notify_url: str = ""
    base_url: str = BASE_URL

    # ------------------------------------------------------------ transport

    def call(self, method: str, path: str, payload: dict | None = None) -> dict:
        """Send one signed request; verify the answer's signature; return its JSON (empty for 204)."""
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")) if payload is not None else ""
        headers = {
            "Authorization": authorization(
                mchid=self.mchid,
                serial_no=self.serial_no,
                private_pem=self.private_key,
                method=method,
                url_path=path,
                body=body,
            ),
            "Accept": "application/json",
            "Content-Type": "application/json",
            "User-Agent": "PropDesk",
        }
        if self.platform_key_id:
            headers["Wechatpay-Serial"] = self.platform_key_id
        answer = transport.send(transport.HttpRequest(method, self.base_url + path, headers, body))
        if not verify_signed(
            public_pem=self.platform_public_key,
            timestamp=answer.header("Wechatpay-Timestamp"),
            nonce=answer.header("Wechatpay-Nonce"),
            body=answer.body,
            signature=answer.header("Wechatpay-Signature"),
        ):
            raise ProviderError("SIGN_ERROR", "the answer's signature does not verify")
        data = json.loads(answer.body) if answer.body else {}
        if answer.status >= 300:
            raise ProviderError(str(data.get("code", answer.status)), str(data.get("message", "")))
        return data

    # ------------------------------------------------------------ orders

    def create(
        self,
        *,
        out_trade_no: str,
        amount: Decimal,
        description: str,
        scene: str = "native",
        openid: str = "",
        client_ip: str = "",
        **_ignored,
    ) -> dict:
        """Open an order; returns what the payer's device needs for `scene`."""
        if scene not in SCENES:
            raise ProviderError("PARAM_ERROR", f"unknown scene {scene!r}")
        expire = datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(minutes=ORDER_MINUTES)
        payload: dict = {
            "appid": self.appid,
            "mchid": self.mchid,
            "description": description[:127],
            "out_trade_no": out_trade_no,
            "time_expire": expire.isoformat(timespec="seconds"),
            "notify_url": self.notify_url,
            "amount": {"total": int(fen(amount)), "currency": "CNY"},
        }
        if scene == "jsapi":
            if not openid:
                raise ProviderError("PARAM_ERROR", "a JSAPI payment needs the payer's openid")
            payload["payer"] = {"openid": openid}
        if scene == "h5":
            payload["scene_info"] = {"payer_client_ip": client_ip or "127.0.0.1", "h5_info": {"type": "Wap"}}
        data = self.call("POST", f"/v3/pay/transactions/{scene}", payload)
        if scene == "native":
            return {"code_url": data["code_url"]}
        if scene == "h5":
            return {"h5_url": data["h5_url"]}
        return self.jsapi_parameters(data["prepay_id"])

    def jsapi_parameters(
        self, prepay_id: str, *, timestamp: str | None = None, nonce: str | None = None
    ) -> dict:
        """What the page passes to getBrandWCPayRequest: signed with the merchant's key."""
        params = {
            "appId": self.appid,
            "timeStamp": timestamp or str(int(time.time())),
            "nonceStr": nonce or secrets.token_hex(16),
            "package": f"prepay_id={prepay_id}",
            "signType": "RSA",
        }
        message = f"{params['appId']}\n{params['timeStamp']}\n{params['nonceStr']}\n{params['package']}\n"
        params["paySign"] = keys.rsa_sign(self.private_key, message)
        return params

    def _answer(self, data: dict) -> ProviderAnswer:
        state = str(data.get("trade_state", ""))
        if state == "SUCCESS":
            fields = normalised(
                merchant_id=data.get("mchid", self.mchid),
                out_trade_no=data.get("out_trade_no", ""),
                transaction_id=data.get("transaction_id", ""),
                total_fee=str((data.get("amount") or {}).get("total", "")),
                state="SUCCESS",
            )
            return ProviderAnswer("SUCCESS", fields, verified=True)
        if state in WAITING:
            return ProviderAnswer(WAITING[state], {}, state, str(data.get("trade_state_desc", "")))
        return ProviderAnswer("FAIL", {}, state or "FAIL", str(data.get("trade_state_desc", "")))

    def query(self, *, out_trade_no: str, **_ignored) -> ProviderAnswer:
        try:
            data = self.call("GET", f"/v3/pay/transactions/out-trade-no/{out_trade_no}?mchid={self.mchid}")
        except ProviderError as exc:
            if exc.code == "ORDER_NOT_EXIST":
                return ProviderAnswer("NOTPAY", {}, exc.code, exc.message)
            raise
        return self._answer(data)

    def close(self, *, out_trade_no: str) -> None:
        self.call("POST", f"/v3/pay/transactions/out-trade-no/{out_trade_no}/close", {"mchid": self.mchid})

    # ------------------------------------------------------------ the desk

    def code_url(self, *, out_trade_no: str, amount: Decimal, description: str, **_ignored) -> str:
        """收款码 at the desk: a Native order's code_url (weixin://wxpay/bizpayurl?pr=…)."""
        return self.create(out_trade_no=out_trade_no, amount=amount, description=description)["code_url"]

    def micropay(self, **_ignored) -> ProviderAnswer:
        return ProviderAnswer("FAIL", {}, "NOT_SUPPORTED", "payment codes are an API v2 service")

    supports_payment_codes = False

    # ------------------------------------------------------------ notifications

    def parse_notification(self, *, headers: dict, body: str) -> dict:
        """Verify (platform key), decrypt (APIv3 key) and normalise a payment notification."""
        h = {str(k).lower(): str(v) for k, v in headers.items()}
        if not verify_signed(
            public_pem=self.platform_public_key,
            timestamp=h.get("wechatpay-timestamp", ""),
            nonce=h.get("wechatpay-nonce", ""),
            body=body,
            signature=h.get("wechatpay-signature", ""),
        ):
            raise NotificationRefused("invalid_signature")
        try:
            resource = json.loads(body)["resource"]
            plain = keys.aead_decrypt(
                self.api_v3_key,
                nonce=resource["nonce"],
                associated_data=resource.get("associated_data", ""),
                ciphertext=resource["ciphertext"],
            )
            data = json.loads(plain)
        except (ValueError, KeyError, TypeError):
            raise NotificationRefused("invalid_signature", "the resource does not decrypt") from None
        if str(data.get("mchid")) != self.mchid:
            raise NotificationRefused("unknown_merchant")
        return normalised(
            merchant_id=self.mchid,
            out_trade_no=data.get("out_trade_no", ""),
            transaction_id=data.get("transaction_id", ""),
            total_fee=str((data.get("amount") or {}).get("total", "")),
            state=str(data.get("trade_state", "")),
        )
