"""A request's timeline (处理记录): the one public way to add a step to it.

Every step is a `RequestEvent` row: status changes of the request, of its work orders and of its
complaint report (written by the lifecycle kit through `record_lifecycle_event`), and the steps
that change no status (notes, feedback, hand-offs, links). Append-only: never updated or deleted.
"""

from __future__ import annotations

from django.utils import timezone

from propdesk.core import fastsql

from .choices import ComplaintState, EventKind, HandOffState, RepairClass, RequestStatus, WorkOrderState
from .models import RequestEvent, ServiceRequest


def record_event(
    request: ServiceRequest,
    kind: str,
    actor,
    *,
    at=None,
    reason: str = "",
    from_status: str = "",
    to_status: str = "",
    **data,
) -> RequestEvent:
    """Add one step to `request`'s timeline; `data` is kept with it (JSON)."""
    event = RequestEvent(
        project_id=request.project_id,
        request=request,
        kind=kind,
        actor=actor,
        at=at or timezone.now(),
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        data=data,
    )
    # Inside a write_behind block (the intake) it travels with the next statement; its pk is set then.
    return fastsql.save_new(event, defer=True)


def record_lifecycle_event(row, *, from_status, to_status, actor, reason, at, move, **data) -> RequestEvent:
    """The kit's event writer for the service desk's aggregates: a step of the request's timeline
    whose kind is the move's `event` (a status change of the request itself by default)."""
    request = row if isinstance(row, ServiceRequest) else row.request
    return record_event(
        request,
        (move.event if move is not None and move.event else EventKind.STATUS_CHANGED),
        actor,
        at=at,
        reason=(reason or "").strip(),
        from_status=from_status,
        to_status=to_status,
        **data,
    )


# Whose states a step names: a work order's steps carry its id as `order`; a complaint's and a
# hand-off's their own kinds; every other status step is the request's.
_STATE_SETS = (RequestStatus, WorkOrderState, ComplaintState, HandOffState)


def state_labels(event: RequestEvent) -> tuple[str, str]:
    """The from and to states of a step in words (never codes): of the order for a work order's
    step, else of the request, else of whichever of the desk's aggregates names that state. A change of
    a repair's class names the classes."""
    if event.kind == EventKind.RECLASSIFIED:
        data = event.data or {}

        def repair_class(code: str) -> str:
            return str(RepairClass(code).label) if code in RepairClass.values else code

        return repair_class(data.get("from_class", "")), repair_class(data.get("to_class", ""))
    first = WorkOrderState if "order" in (event.data or {}) else RequestStatus
    sets = (first, *(s for s in _STATE_SETS if s is not first))

    def label(code: str) -> str:
        for states in sets:
            if code in states.values:
                return str(states(code).label)
        return code

    return (
        label(event.from_status) if event.from_status else "",
        label(event.to_status) if event.to_status else "",
    )
