"""Reads of the owner portal. Everything an owner sees goes through `registry.visibility`.

The home page's sections: the person's units, what waits for their action (`home_todos`), and
sections other portal modules add (`register_home_section`, e.g. the notices).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from propdesk.billing import selectors as billing_selectors
from propdesk.billing.models import Bill
from propdesk.billing.money import ZERO, money
from propdesk.paidservices.choices import SpecialState
from propdesk.paidservices.models import SpecialServiceOrder
from propdesk.registry.models import Unit
from propdesk.registry.visibility import OWNER, TENANT, UnitAccess, visible
from propdesk.servicedesk.choices import RepairLocation, RequestStatus, WorkOrderState
from propdesk.servicedesk.models import ServiceRequest, SurveyCampaign, SurveyResponse, SurveyState, WorkOrder


@dataclass(frozen=True)
class HomeUnit:
    unit: Unit
    role: str

    @property
    def is_owner(self) -> bool:
        return self.role == OWNER

    @property
    def is_tenant(self) -> bool:
        return self.role == TENANT


def home_units(accesses: list[UnitAccess]) -> list[HomeUnit]:
    """The person's units in the order of their project, building and number (one query)."""
    roles = {a.unit_id: a.role for a in accesses}
    units = (
        Unit.objects.filter(pk__in=roles)
        .select_related("building", "project")
        .order_by("project__name", "building__name", "number")
    )
    return [HomeUnit(unit, roles[unit.pk]) for unit in units]


# ---------------------------------------------------------------- what waits for the person


@dataclass
class UnitDue:
    """A unit's bills still asking for money: the total and whether any is past its due date."""

    unit_id: int
    total: Decimal = ZERO
    count: int = 0
    overdue: bool = False


RATE_WITHIN = dt.timedelta(days=30)
"""A finished request asks for the owner's rating on the home page for this long."""


@dataclass
class HomeTodos:
    dues: list[UnitDue] = field(default_factory=list)
    to_confirm: list[ServiceRequest] = field(default_factory=list)
    to_rate: list[ServiceRequest] = field(default_factory=list)
    surveys: list[SurveyCampaign] = field(default_factory=list)
    prices: list[SpecialServiceOrder] = field(default_factory=list)

    @property
    def count(self) -> int:
        return (
            len(self.dues) + len(self.to_confirm) + len(self.to_rate) + len(self.surveys) + len(self.prices)
        )


def unit_dues(accesses: list[UnitAccess]) -> list[UnitDue]:
    """Per unit, what the person owes and sees (a tenant: since the tenancy), overdue flagged (one query)."""
    if not any(a.sees_money for a in accesses):
        return []
    today = timezone.localdate()
    rows = (
        billing_selectors.with_balances(
            Bill.objects.filter(visible(accesses, date_field="ends_on", money=True))
        )
        .filter(outstanding__gte=billing_selectors.HALF_FEN)
        .values_list("unit_id", "outstanding", "due_on")
    )
    dues: dict[int, UnitDue] = {}
    for unit_id, outstanding, due_on in rows:
        due = dues.setdefault(unit_id, UnitDue(unit_id))
        due.total = money(due.total + money(outstanding))
        due.count += 1
        due.overdue = due.overdue or due_on < today
    return sorted(dues.values(), key=lambda d: d.unit_id)


def home_todos(accesses: list[UnitAccess]) -> HomeTodos:
    """What waits for the person's action, in a fixed number of queries (six at most)."""
    todos = HomeTodos(dues=unit_dues(accesses))
    if not accesses:
        return todos
    seen = visible(accesses, unit="request__unit", time_field="request__received_at")
    orders = (
        WorkOrder.objects.filter(seen, state=WorkOrderState.COMPLETED)
        .filter(request__repair_location=RepairLocation.IN_UNIT)
        .select_related("request__unit__building")
        .order_by("completed_at")
    )
    todos.to_confirm = [o.request for o in orders]
    todos.to_rate = list(
        ServiceRequest.objects.filter(
            visible(accesses, time_field="received_at"),
            status__in=[RequestStatus.RESOLVED, RequestStatus.CLOSED],
            owner_rating__isnull=True,
            resolved_at__gte=timezone.now() - RATE_WITHIN,
        )
        .select_related("unit__building")
        .order_by("-resolved_at")[:3]
    )
    owned = [a for a in accesses if a.role == OWNER]
    if owned:
        todos.surveys = open_surveys(owned, unanswered_only=True)
        todos.prices = list(
            SpecialServiceOrder.objects.filter(
                unit_id__in=[a.unit_id for a in owned], state=SpecialState.CONFIRMED
            )
            .select_related("unit__building", "request")
            .order_by("created_at")
        )
    return todos


def open_surveys(owned: list[UnitAccess], *, unanswered_only: bool = False) -> list[SurveyCampaign]:
    """The open surveys of the projects where the person owns a unit, each with `open_units`: the
    unit ids that have not answered yet (two queries)."""
    unit_projects = dict(
        Unit.objects.filter(pk__in=[a.unit_id for a in owned]).values_list("pk", "project_id")
    )
    if not unit_projects:
        return []
    campaigns = list(
        SurveyCampaign.objects.filter(
            project_id__in=set(unit_projects.values()), state=SurveyState.OPEN
        ).order_by("-starts_on", "-id")
    )
    answered = set(
        SurveyResponse.objects.filter(
            campaign__in=[c.pk for c in campaigns], unit_id__in=list(unit_projects)
        ).values_list("campaign_id", "unit_id")
    )
    for campaign in campaigns:
        campaign.open_units = [
            u
            for u, p in unit_projects.items()
            if p == campaign.project_id and (campaign.pk, u) not in answered
        ]
    if unanswered_only:
        campaigns = [c for c in campaigns if c.open_units]
    return campaigns


# ---------------------------------------------------------------- sections other modules add

HomeSection = Callable[[Any, list[UnitAccess]], dict | None]
_home_sections: list[tuple[int, HomeSection]] = []


def register_home_section(section: HomeSection, *, order: int = 100) -> None:
    """Add a section to the portal's home page.

    `section(request, accesses)` returns None (nothing to show) or a dict with `template` (the
    include's name) and whatever that template reads; the home renders each one in `home_extras`
    in `order`. Keep it to one or two queries: the home page's query budget is tested.
    """
    if all(existing is not section for _, existing in _home_sections):
        _home_sections.append((order, section))
        _home_sections.sort(key=lambda pair: pair[0])


def home_extras(request, accesses: list[UnitAccess]) -> list[dict]:
    """The registered sections that have something to show, in their order."""
    shown = []
    for _, section in _home_sections:
        context = section(request, accesses)
        if context:
            shown.append(context)
    return shown
