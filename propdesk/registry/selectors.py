"""Reads of the registry that matter: lists, the unit page, search. Queries are decided here."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from propdesk.core.crypto import phone_index

from .choices import LoanKind, LoanStatus, ResidencyKind, UnitStatus
from .models import (
    ArchiveFile,
    ArchiveLoan,
    Building,
    CareNote,
    EmergencyContact,
    Ownership,
    Party,
    PersonalDataAccess,
    Residency,
    Unit,
    UnitEvent,
    Vehicle,
)
from .models.core import building_order
from .validators import normalize_phone


def buildings_for_list(user, project):
    return (
        Building.objects.for_user(user)
        .filter(project=project)
        .annotate(unit_count=Count("units"), occupied=Count("units", filter=Q(units__status="occupied")))
        .order_by(*building_order())
    )


def units_of_building(building):
    current = Ownership.objects.filter(project_id=building.project_id, ended_on__isnull=True).select_related(
        "party"
    )
    return (
        Unit.objects.filter(project_id=building.project_id, building=building)
        .select_related("building")
        .prefetch_related(Prefetch("ownerships", queryset=current, to_attr="current_ownerships"))
        .order_by("entrance", "-floor", "number")
    )


def unit_detail(unit):
    return Ownership.objects.filter(unit=unit).select_related("party").order_by("ended_on", "-started_on")


def unit_people(unit) -> dict:
    """Everything about the people of one unit, current first, ended relations kept for history."""
    pid = unit.project_id
    return {
        "ownerships": list(unit_detail(unit)),
        "residencies": list(
            Residency.objects.filter(project_id=pid, unit=unit)
            .select_related("party")
            .order_by("ended_on", "kind", "-started_on")
        ),
        "contacts": list(EmergencyContact.objects.filter(project_id=pid, unit=unit, is_active=True)),
        "vehicles": list(
            Vehicle.objects.filter(project_id=pid, unit=unit)
            .select_related("party")
            .order_by("ended_on", "plate")
        ),
        "care_notes": list(
            CareNote.objects.filter(project_id=pid, unit=unit)
            .select_related("party")
            .order_by("ended_on", "-started_on")
        ),
    }


def unit_events(unit, limit: int = 50):
    return UnitEvent.objects.filter(project_id=unit.project_id, unit=unit).select_related("actor")[:limit]


def unit_archive_files(unit):
    return ArchiveFile.objects.filter(project_id=unit.project_id, unit=unit).annotate(
        n_documents=Count("documents")
    )


def party_units(party, user):
    """The party's rooms, vehicles and archive files that `user` sees (a butler: in her buildings)."""
    return {
        "ownerships": list(
            Ownership.objects.for_user(user)
            .filter(project_id=party.project_id, party=party)
            .select_related("unit__building")
            .order_by("ended_on", "-started_on")
        ),
        "residencies": list(
            Residency.objects.for_user(user)
            .filter(project_id=party.project_id, party=party)
            .select_related("unit__building")
            .order_by("ended_on", "-started_on")
        ),
        "vehicles": list(
            Vehicle.objects.for_user(user)
            .filter(project_id=party.project_id, party=party)
            .select_related("unit__building")
        ),
        "archive_files": list(
            ArchiveFile.objects.for_user(user).filter(project_id=party.project_id, party=party)
        ),
    }


def access_log(user, project):
    return (
        PersonalDataAccess.objects.for_user(user)
        .filter(project=project)
        .select_related("user", "party")
        .order_by("-at", "-id")
    )


def overdue_loans(project, today=None):
    """Files lent out and not back by their due date."""
    today = today or timezone.localdate()
    return ArchiveLoan.objects.filter(
        project=project, kind=LoanKind.LEND, status=LoanStatus.APPROVED, due_on__lt=today
    ).select_related("archive_file")


def archive_files_for_list(user, project, *, q: str = ""):
    qs = (
        ArchiveFile.objects.for_user(user)
        .filter(project=project)
        .select_related("unit__building", "party")
        .annotate(
            n_documents=Count("documents", distinct=True),
            lent_out=Count(
                "loans", filter=Q(loans__status=LoanStatus.APPROVED, loans__kind=LoanKind.LEND), distinct=True
            ),
        )
        .order_by("catalogue_number")
    )
    if q:
        qs = qs.filter(Q(catalogue_number__icontains=q) | Q(title__icontains=q))
    return qs


def loans_for_list(user, project, *, status: str = ""):
    qs = (
        ArchiveLoan.objects.for_user(user)
        .filter(project=project)
        .select_related("archive_file", "requested_by", "approved_by")
        .order_by("-requested_at", "-id")
    )
    if status:
        qs = qs.filter(status=status)
    return qs


def parties_for_export(project, user):
    """The project's owners and residents `user` sees (a butler: of her buildings), with the rooms
    they own or live in now (those `user` sees)."""
    return (
        Party.objects.for_user(user)
        .filter(project=project)
        .prefetch_related(
            Prefetch(
                "ownerships",
                queryset=Ownership.objects.for_user(user)
                .filter(ended_on__isnull=True)
                .select_related("unit__building"),
                to_attr="current_ownerships",
            ),
            Prefetch(
                "residencies",
                queryset=Residency.objects.for_user(user)
                .filter(ended_on__isnull=True)
                .select_related("unit__building"),
                to_attr="current_residencies",
            ),
        )
        .order_by("name", "id")
    )


# --- the workbench's and the overview's numbers (core.selectors.register_overview) -------------------


def project_overview(project) -> dict:
    """Headline numbers (each one query), units by status and by building."""
    units = Unit.objects.filter(project=project).aggregate(
        total=Count("id"),
        occupied=Count("id", filter=Q(status=UnitStatus.OCCUPIED)),
        vacant=Count("id", filter=Q(status=UnitStatus.VACANT)),
        renovating=Count("id", filter=Q(status=UnitStatus.RENOVATING)),
        rented=Count("id", filter=Q(status=UnitStatus.RENTED)),
    )
    labels = dict(UnitStatus.choices)
    by_status = (
        Unit.objects.filter(project=project).values("status").annotate(n=Count("id")).order_by("status")
    )
    by_building = (
        Building.objects.filter(project=project)
        .annotate(n=Count("units"), occupied=Count("units", filter=Q(units__status=UnitStatus.OCCUPIED)))
        .order_by(*building_order())
        .values("name", "n", "occupied")
    )
    return {
        "counts": {
            "buildings": Building.objects.filter(project=project).count(),
            "units": units["total"],
            "occupied": units["occupied"],
            "vacant": units["vacant"],
            "renovating": units["renovating"],
            "rented": units["rented"],
            "owners": Party.objects.filter(project=project, ownerships__ended_on__isnull=True)
            .distinct()
            .count(),
            "current_ownerships": Ownership.objects.filter(project=project, ended_on__isnull=True).count(),
        },
        "status_chart": [
            {"name": str(labels.get(r["status"], r["status"])), "value": r["n"]} for r in by_status
        ],
        "building_chart": list(by_building),
    }


def current_links_by_phone(phone: str) -> tuple[list, list]:
    """The current ownerships and tenancies of every party (in any project) whose mobile is `phone`
    (stored normalised: the registry's own `normalize_phone`). Used by the portal's activation."""
    phone = normalize_phone(phone)
    if not phone:
        return [], []
    owned = list(
        Ownership.objects.filter(party__phone_index=phone_index(phone), ended_on__isnull=True).select_related(
            "party", "unit", "unit__building", "project"
        )
    )
    rented = list(
        Residency.objects.filter(
            party__phone_index=phone_index(phone), ended_on__isnull=True, kind=ResidencyKind.TENANT
        ).select_related("party", "unit", "unit__building", "project")
    )
    return owned, rented
