"""The service desk's panels on the unit page (一户一档): the unit's requests with their state, and
the callbacks made to the household. Registered in apps.ready() with registry.panels."""

from __future__ import annotations

from propdesk.registry.panels import first_rows

from .models import Callback, ServiceRequest


def requests_panel(unit, user) -> dict:
    """The unit's requests, newest first, with their state (a badge); "more" opens the list."""
    rows = (
        ServiceRequest.objects.for_user(user)
        .filter(project_id=unit.project_id, unit_id=unit.pk)
        .select_related("category")
        .order_by("-received_at", "-id")
    )
    requests, more = first_rows(rows)
    return {"requests": requests, "more": more}


def callbacks_panel(unit, user) -> dict | None:
    """Callbacks made about the unit's requests, newest first (hidden when there are none)."""
    rows = (
        Callback.objects.for_user(user)
        .filter(project_id=unit.project_id, request__unit_id=unit.pk)
        .select_related("request", "done_by")
        .order_by("-done_at", "-id")
    )
    callbacks, more = first_rows(rows)
    if not callbacks:
        return None
    return {"callbacks": callbacks, "more": more}
