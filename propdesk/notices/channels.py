"""Delivery channels beyond the in-app bell: email through Django's mail, SMS and Enterprise WeChat
(企业微信) through adapters.

An SMS provider is a class with `send(*, project_id, phone, text, notification_id)`; a WeCom
provider one with `send(*, project_id, userid, title, text, link, notification_id)`. The sandboxes
record what would be sent (SmsOutbox, WeComOutbox); a real provider is added to SMS_BACKENDS /
WECOM_BACKENDS and chosen by a setting (a name, never a dotted path).
"""

from __future__ import annotations

import json
import logging
import urllib.parse
import urllib.request
from typing import Protocol

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail

from .models import SmsOutbox, WeComOutbox

logger = logging.getLogger(__name__)


class SmsBackend(Protocol):
    def send(self, *, project_id: int, phone: str, text: str, notification_id: int | None) -> None: ...


class WeComBackend(Protocol):
    def send(
        self, *, project_id: int, userid: str, title: str, text: str, link: str, notification_id: int | None
    ) -> None: ...


class SandboxSms:
    """Records each message in SmsOutbox instead of sending it."""

    def send(self, *, project_id: int, phone: str, text: str, notification_id: int | None) -> None:
        SmsOutbox.objects.create(
            project_id=project_id, phone=phone, text=text[:500], notification_id=notification_id
        )


class SandboxWeCom:
    """Records each message in WeComOutbox instead of posting it to WeCom."""

    def send(
        self, *, project_id: int, userid: str, title: str, text: str, link: str, notification_id: int | None
    ) -> None:

        WeComOutbox.objects.create(
            project_id=project_id,
            userid=userid,
            title=title[:128],
            text=text[:512],
            link=link[:500],
            notification_id=notification_id,
        )


class WeComError(RuntimeError):
    """WeCom answered with an errcode other than 0."""


class WeComApi:
    """The WeCom server API: an access_token from corpid + corpsecret (cached until shortly before
    it expires), then `message/send` as the application `agentid` — a text card when the message has
    a link (opened on SITE_URL), plain text otherwise.

    https://developer.work.weixin.qq.com/document/path/91039 (gettoken),
    https://developer.work.weixin.qq.com/document/path/90236 (message/send).
    """

    TOKEN_KEY = "notices:wecom-access-token"
    EXPIRED = {40014, 42001}  # invalid / expired access_token: fetch a new one and try once more
    TIMEOUT = 10

    def __init__(self, *, corp_id=None, secret=None, agent_id=None, api_url=None, opener=None):
        self.corp_id = corp_id or settings.WECOM_CORP_ID
        self.secret = secret or settings.WECOM_CORP_SECRET
        self.agent_id = int(agent_id or settings.WECOM_AGENT_ID)
        self.api_url = (api_url or settings.WECOM_API_URL).rstrip("/")
        self.opener = opener or urllib.request.urlopen

    def _call(self, request) -> dict:
        with self.opener(request, timeout=self.TIMEOUT) as response:
            return json.loads(response.read().decode("utf-8"))

    def access_token(self, *, fresh: bool = False) -> str:
        token = None if fresh else cache.get(self.TOKEN_KEY)
        if token:
            return token
        query = urllib.parse.urlencode({"corpid": self.corp_id, "corpsecret": self.secret})
        answer = self._call(urllib.request.Request(f"{self.api_url}/gettoken?{query}"))
        if answer.get("errcode", 0) != 0 or not answer.get("access_token"):
            raise WeComError(f"gettoken: {answer.get('errcode')} {answer.get('errmsg')}")
        cache.set(self.TOKEN_KEY, answer["access_token"], max(int(answer.get("expires_in", 7200)) - 300, 60))
        return answer["access_token"]

    def payload(self, *, userid: str, title: str, text: str, link: str) -> dict:
        if link:
            url = link if link.startswith("http") else settings.SITE_URL.rstrip("/") + link
            return {
                "touser": userid,
                "msgtype": "textcard",
                "agentid": self.agent_id,
                "textcard": {"title": title[:128], "description": text[:512] or title, "url": url},
            }
        return {
            "touser": userid,
            "msgtype": "text",
            "agentid": self.agent_id,
            "text": {"content": f"{title}\n{text}"[:2048]},
        }

    def post(self, body: dict, *, fresh: bool = False) -> dict:
        query = urllib.parse.urlencode({"access_token": self.access_token(fresh=fresh)})
        request = urllib.request.Request(
            f"{self.api_url}/message/send?{query}",
            data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
            headers={"Content-Type": "application/json; charset=utf-8"},
            method="POST",
        )
        return self._call(request)

    def send(
        self, *, project_id: int, userid: str, title: str, text: str, link: str, notification_id: int | None
    ) -> None:
        body = self.payload(userid=userid, title=title, text=text, link=link)
        answer = self.post(body)
        if answer.get("errcode") in self.EXPIRED:
            answer = self.post(body, fresh=True)
        if answer.get("errcode", 0) != 0:
            raise WeComError(f"message/send: {answer.get('errcode')} {answer.get('errmsg')}")
        if answer.get("invaliduser"):
            logger.warning("WeCom: unknown user %s (notification %s)", answer["invaliduser"], notification_id)


SMS_BACKENDS: dict[str, type] = {"sandbox": SandboxSms}
WECOM_BACKENDS: dict[str, type] = {"sandbox": SandboxWeCom, "wecom": WeComApi}


def sms_backend() -> SmsBackend:
    name = getattr(settings, "SMS_BACKEND", "sandbox")
    try:
        return SMS_BACKENDS[name]()
    except KeyError:
        raise RuntimeError(f"SMS_BACKEND={name!r}: choose one of {sorted(SMS_BACKENDS)}") from None


def wecom_backend() -> WeComBackend:
    name = getattr(settings, "WECOM_BACKEND", "sandbox")
    try:
        return WECOM_BACKENDS[name]()
    except KeyError:
        raise RuntimeError(f"WECOM_BACKEND={name!r}: choose one of {sorted(WECOM_BACKENDS)}") from None


def staff_channels() -> tuple[str, ...]:
    """The channels staff are told by about what they must act on: the bell always, then those of
    STAFF_NOTIFY_CHANNELS (each person gets only those they have: a phone, a WeCom user ID)."""
    return ("in_app", *(c for c in settings.STAFF_NOTIFY_CHANNELS if c != "in_app"))


def send_email(*, to: str, subject: str, body: str) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
