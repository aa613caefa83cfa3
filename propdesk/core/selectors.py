"""Reads for the shell: dashboard counts, department rosters, audit history."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, Q

from .models import Department, JobRun, Membership, Project


def project_counts(project: Project) -> dict[str, int]:
    """Headline numbers for the workbench, each one query."""
    from propdesk.registry.choices import UnitStatus
    from propdesk.registry.models import Building, Ownership, Party, Unit

    units = Unit.objects.filter(project=project).aggregate(
        total=Count("id"),
        occupied=Count("id", filter=Q(status=UnitStatus.OCCUPIED)),
        vacant=Count("id", filter=Q(status=UnitStatus.VACANT)),
        renovating=Count("id", filter=Q(status=UnitStatus.RENOVATING)),
        rented=Count("id", filter=Q(status=UnitStatus.RENTED)),
    )
    return {
        "buildings": Building.objects.filter(project=project).count(),
        "units": units["total"],
        "occupied": units["occupied"],
        "vacant": units["vacant"],
        "renovating": units["renovating"],
        "rented": units["rented"],
        "owners": Party.objects.filter(project=project, ownerships__ended_on__isnull=True).distinct().count(),
        "current_ownerships": Ownership.objects.filter(project=project, ended_on__isnull=True).count(),
        "staff": Membership.objects.filter(project=project, is_active=True).values("user").distinct().count(),
    }


def units_by_status(project: Project) -> list[dict]:
    from propdesk.registry.choices import UnitStatus
    from propdesk.registry.models import Unit

    labels = dict(UnitStatus.choices)
    rows = Unit.objects.filter(project=project).values("status").annotate(n=Count("id")).order_by("status")
    return [{"name": str(labels.get(r["status"], r["status"])), "value": r["n"]} for r in rows]


def units_by_building(project: Project) -> list[dict]:
    from propdesk.registry.models import Building

    rows = (
        Building.objects.filter(project=project)
        .annotate(n=Count("units"), occupied=Count("units", filter=Q(units__status="occupied")))
        .order_by("sort_order", "code")
        .values("name", "n", "occupied")
    )
    return list(rows)


def department_roster(project: Project, kinds: list[str]):
    return (
        Department.objects.filter(project=project, kind__in=kinds)
        .prefetch_related(_active_members_prefetch())
        .order_by("kind")
    )


def _active_members_prefetch():
    from django.db.models import Prefetch

    return Prefetch(
        "memberships",
        queryset=Membership.objects.filter(is_active=True)
        .select_related("user", "position")
        .prefetch_related("buildings"),
        to_attr="active_members",
    )


def latest_job_runs(limit: int = 50):
    return JobRun.objects.order_by("-started_at")[:limit]


@dataclass
class HistoryEntry:
    when: object
    who: object
    kind: str
    changes: list[tuple[str, object, object]]


def object_history(obj) -> list[HistoryEntry]:
    """Who changed what and when, newest first, each with its field-by-field differences."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id"))
    labels = {f.name: f.verbose_name for f in obj._meta.fields}
    hidden = {"id_number", "id_number_index"}
    entries = []
    for i, record in enumerate(records):
        older = records[i + 1] if i + 1 < len(records) else None
        changes = []
        if older is not None:
            delta = record.diff_against(older)
            for change in delta.changes:
                if change.field in hidden:
                    changes.append((str(labels.get(change.field, change.field)), "******", "******"))
                else:
                    changes.append((str(labels.get(change.field, change.field)), change.old, change.new))
        entries.append(
            HistoryEntry(record.history_date, record.history_user, record.get_history_type_display(), changes)
        )
    return entries


def history_model(app_label: str, model_name: str):
    """A model whose history may be shown: it has audit history and a `for_user` access method."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return None
    if not hasattr(model, "history") or not hasattr(model.objects, "for_user"):
        return None
    return model
