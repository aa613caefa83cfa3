"""Reading notifications: each person reads only their own (see permissions.py)."""

from __future__ import annotations

from .models import Notification


def notifications_of(user):
    """The user's notifications, newest first."""
    return Notification.objects.for_user(user).order_by("-created_at", "-id")


def unread_of(user):
    return Notification.objects.for_user(user).unread()


def latest_unread(user) -> dict:
    """The unread count and the newest unread one (id and title), for the phone pages' poll."""
    unread = unread_of(user)
    latest = unread.order_by("-id").values("id", "title").first() or {"id": 0, "title": ""}
    return {"unread": unread.count(), "latest": latest["id"], "title": latest["title"]}
