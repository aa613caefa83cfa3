"""The one notification service: every module that tells a person something calls `notify`."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core.errors import ServiceError
from propdesk.core.tasks import enqueue

from .models import Notification
from .tasks import deliver

CHANNELS = ("in_app", "email", "sms", "wecom")


@dataclass(frozen=True)
class Message:
    recipient_id: int
    project_id: int
    title: str
    body: str = ""
    link: str = ""
    channels: tuple[str, ...] = ("in_app",)


def notify(*, messages: list[Message], actor=None) -> list[Notification]:
    """Create the in-app notifications now (one bulk insert) and deliver email/SMS/WeCom after commit.

    Every message appears under the recipient's bell; email and SMS copies are sent by a
    task started only when the caller's transaction commits, so a rolled-back escalation
    sends nothing.
    """
    for m in messages:
        unknown = set(m.channels) - set(CHANNELS)
        if unknown:
            raise ServiceError(
                _("Unknown notification channels: %(channels)s") % {"channels": ", ".join(sorted(unknown))},
                field="channels",
            )
    rows = Notification.objects.bulk_create(
        [
            Notification(
                project_id=m.project_id,
                recipient_id=m.recipient_id,
                title=m.title[:200],
                body=m.body,
                link=m.link[:300],
                channels=",".join(sorted(set(m.channels) | {"in_app"})),
            )
            for m in messages
        ]
    )
    outside = [n.pk for n in rows if n.pk and n.channels != "in_app"]
    if outside:
        enqueue(deliver, outside)
    return rows


@transaction.atomic
def mark_read(*, notification: Notification, actor) -> Notification:
    if notification.recipient_id != actor.pk:
        raise ServiceError(
            _("You can only mark your own notifications."), field="notification", code="permission_denied"
        )
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


@transaction.atomic
def mark_all_read(*, actor) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())
