"""Delivery channels beyond the in-app bell: email through Django's mail, SMS through an adapter.

An SMS provider is a class with `send(*, project_id, phone, text, notification_id)`.
The sandbox records what would be sent; a real provider is added to SMS_BACKENDS and
chosen by the PROPDESK_SMS_BACKEND setting (a name, never a dotted path).
"""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail

from .models import SmsOutbox


class SmsBackend(Protocol):
    def send(self, *, project_id: int, phone: str, text: str, notification_id: int | None) -> None: ...


class SandboxSms:
    """Records each message in SmsOutbox instead of sending it."""

    def send(self, *, project_id: int, phone: str, text: str, notification_id: int | None) -> None:
        SmsOutbox.objects.create(
            project_id=project_id, phone=phone, text=text[:500], notification_id=notification_id
        )


SMS_BACKENDS: dict[str, type] = {"sandbox": SandboxSms}


def sms_backend() -> SmsBackend:
    name = getattr(settings, "PROPDESK_SMS_BACKEND", "sandbox")
    try:
        return SMS_BACKENDS[name]()
    except KeyError:
        raise RuntimeError(f"PROPDESK_SMS_BACKEND={name!r}: choose one of {sorted(SMS_BACKENDS)}") from None


def send_email(*, to: str, subject: str, body: str) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
