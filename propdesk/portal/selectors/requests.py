"""Requests, surveys and the special-service price list as the portal shows them."""

from __future__ import annotations

from dataclasses import dataclass

from propdesk.paidservices.choices import SpecialState
from propdesk.paidservices.models import SpecialServiceOrder
from propdesk.paidservices.services.prices import published_price_list
from propdesk.registry.models import Unit
from propdesk.registry.visibility import OWNER, UnitAccess
from propdesk.servicedesk import selectors as desk_selectors
from propdesk.servicedesk.choices import RepairLocation, RequestStatus, WorkOrderState
from propdesk.servicedesk.models import OwnerRating, ServiceRequest, WorkOrder
from propdesk.servicedesk.services import portal as desk_portal


def my_requests(user, *, limit: int = 50) -> list[ServiceRequest]:
    """The person's requests, newest first, each with the running deadlines promised to them (`live_clocks`)."""
    rows = list(desk_portal.owner_requests(user)[:limit])
    return desk_selectors.attach_live_clocks(rows, codes=desk_selectors.OWNER_DEADLINES)


@dataclass
class OwnerActions:
    """What the person may do on their request now (the services check again when they do it)."""

    confirm: bool = False
    rate: bool = False
    price: SpecialServiceOrder | None = None
    rating: OwnerRating | None = None


def owner_actions(user, request: ServiceRequest, accesses: list[UnitAccess]) -> OwnerActions:
    owns = any(a.unit_id == request.unit_id and a.role == OWNER for a in accesses)
    rating = OwnerRating.objects.filter(request=request).first()
    actions = OwnerActions(rating=rating)
    actions.confirm = (
        request.repair_location == RepairLocation.IN_UNIT
        and WorkOrder.objects.filter(request=request, state=WorkOrderState.COMPLETED).exists()
    )
    actions.rate = rating is None and request.status in (RequestStatus.RESOLVED, RequestStatus.CLOSED)
    if owns:
        actions.price = (
            SpecialServiceOrder.objects.filter(request=request, state=SpecialState.CONFIRMED)
            .prefetch_related("lines")
            .first()
        )
    return actions


def request_detail(user, pk: int) -> ServiceRequest | None:
    """One of the person's requests with its deadlines and the timeline of its kit's events."""
    request = desk_portal.owner_requests(user).filter(pk=pk).prefetch_related("photos").first()
    if request is None:
        return None
    desk_selectors.attach_live_clocks([request], codes=desk_selectors.OWNER_DEADLINES)
    request.steps = desk_selectors.timeline(request)
    return request


def price_lists(accesses: list[UnitAccess]) -> list[tuple[object, list]]:
    """The published special-service price list of each project where the person has a unit."""
    projects = {
        u.project_id: u.project
        for u in Unit.objects.filter(pk__in=[a.unit_id for a in accesses]).select_related("project")
    }
    return [
        (project, published_price_list(project))
        for project in sorted(projects.values(), key=lambda p: p.name)
    ]
