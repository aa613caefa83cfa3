"""Who may do what with notifications: they are personal — whatever a person's project permissions,
they read and mark only their own."""

from __future__ import annotations


def can_read(user, notification) -> bool:
    return getattr(user, "is_authenticated", False) and notification.recipient_id == user.pk
