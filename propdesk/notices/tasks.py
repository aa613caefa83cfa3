"""Deliver notifications by email, SMS and Enterprise WeChat after the transaction that created them commits."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import transaction

from .channels import send_email, sms_backend, wecom_backend
from .models import Notification

logger = logging.getLogger(__name__)


@shared_task(name="propdesk.notices.deliver", acks_late=True, queue="notify")
def deliver(notification_ids: list[int]) -> int:
    """Send the email, SMS and WeCom copies of these notifications. Safe to run twice: an id already
    delivered is marked in `channels` with a trailing '+sent'."""
    sent = 0
    sms = sms_backend()
    wecom = None
    for notification in Notification.objects.filter(pk__in=notification_ids).select_related("recipient"):
        with transaction.atomic():
            claimed = (
                Notification.objects.filter(pk=notification.pk, channels=notification.channels)
                .exclude(channels__endswith="+sent")
                .update(channels=notification.channels + "+sent")
            )
            if not claimed:
                continue
            wanted = set(notification.channels.split(","))
            user = notification.recipient
            if "email" in wanted and user.email:
                send_email(
                    to=user.email,
                    subject=notification.title,
                    body=f"{notification.body}\n\n{notification.link}",
                )
                sent += 1
            if "sms" in wanted and user.phone:
                sms.send(
                    project_id=notification.project_id,
                    phone=user.phone,
                    text=f"{notification.title} {notification.body}"[:500],
                    notification_id=notification.pk,
                )
                sent += 1
            if "wecom" in wanted and user.wecom_userid:
                wecom = wecom or wecom_backend()
                wecom.send(
                    project_id=notification.project_id,
                    userid=user.wecom_userid,
                    title=notification.title,
                    text=notification.body,
                    link=notification.link,
                    notification_id=notification.pk,
                )
                sent += 1
    return sent
