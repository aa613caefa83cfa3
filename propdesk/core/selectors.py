"""Reads for the shell: dashboard counts, department rosters, audit history."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Prefetch

from .crypto import EncryptedPhoneField, PhoneIndexField
from .models import Department, JobRun, Membership, Project

# The workbench and the overview show what the installed apps report about a project (the registry:
# buildings, units by status and building, owners); core adds its own staff count.
_overview_providers: list = []


def register_overview(provider) -> None:
    """`provider(project) -> dict` of template context: "counts" entries are merged, others set."""
    if provider not in _overview_providers:
        _overview_providers.append(provider)


def project_overview(project: Project) -> dict:
    context: dict = {"counts": {}}
    for provider in _overview_providers:
        for key, value in provider(project).items():
            if key == "counts":
                context["counts"].update(value)
            else:
                context[key] = value
    context["counts"]["staff"] = (
        Membership.objects.filter(project=project, is_active=True).values("user").distinct().count()
    )
    return context


def department_roster(project: Project, kinds: list[str]):
    return (
        Department.objects.filter(project=project, kind__in=kinds)
        .prefetch_related(_active_members_prefetch())
        .order_by("kind")
    )


def _active_members_prefetch():
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
    # A field with choices (a status) shows its values in words, as the page's language says them.
    words = {f.name: dict(f.flatchoices) for f in obj._meta.fields if f.choices}
    hidden = {"id_number", "id_number_index"}
    # Encrypted phones show masked (138****5678) and their blind indexes as stars.
    masks = {f.name: f.mask for f in obj._meta.fields if isinstance(f, EncryptedPhoneField)}
    indexes = {f.name for f in obj._meta.fields if isinstance(f, PhoneIndexField)}
    entries = []
    for i, record in enumerate(records):
        older = records[i + 1] if i + 1 < len(records) else None
        changes = []
        if older is not None:
            delta = record.diff_against(older)
            for change in delta.changes:
                if change.field in indexes:
                    continue  # its phone's change is shown, masked
                if change.field in hidden:
                    changes.append((str(labels.get(change.field, change.field)), "******", "******"))
                elif change.field in masks:
                    mask = masks[change.field]
                    changes.append(
                        (str(labels.get(change.field, change.field)), mask(change.old), mask(change.new))
                    )
                else:
                    old, new = change.old, change.new
                    if change.field in words:
                        old, new = (words[change.field].get(v, v) for v in (old, new))
                    changes.append((str(labels.get(change.field, change.field)), old, new))
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
