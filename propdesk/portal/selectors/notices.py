"""The portal home's notices card: the newest unread notices of the person's buildings."""

from __future__ import annotations

from propdesk.frontdesk.selectors import unread_notices
from propdesk.registry.models import Unit
from propdesk.registry.visibility import UnitAccess

SHOWN = 3


def notices_section(request, accesses: list[UnitAccess]) -> dict | None:
    """Up to three unread notices and how many there are; nothing for a person without a unit."""
    if not accesses:
        return None
    units = Unit.objects.filter(pk__in=[a.unit_id for a in accesses]).select_related("project")
    unread = list(unread_notices(request.user, units)[: SHOWN + 1])
    return {
        "template": "portal/_home_notices.html",
        "notices": unread[:SHOWN],
        "more": len(unread) > SHOWN,
    }
