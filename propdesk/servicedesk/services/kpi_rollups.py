"""Writes of the service desk KPI roll-ups (kpis.py reads them): build missing and dirty days, or
throw a project's roll-up away. Called by the periodic job `refresh_kpis`, its command and the
data generator; the figures themselves are counted by `kpis._counts`, the same code the page uses."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import connection, transaction
from django.db.models import Min, Q
from django.utils import timezone

from propdesk.core.models import Project

from .. import kpi_triggers
from ..kpis import UTC, _counts, _midnight, _runs
from ..models import KpiCount, KpiDay, KpiDirty, KpiState, ServiceRequest

logger = logging.getLogger(__name__)


def refresh(project_ids=None, *, now: dt.datetime | None = None) -> dict:
    """Build the roll-up of every whole UTC day before today that is missing or dirty. Idempotent.

    Per project, under a lock on its KpiState row: read the dirty log, then count the days to build
    (a write that commits meanwhile either is seen by the counting or leaves its own dirty row, which
    is not deleted: only the rows read first are), replace their counts, delete the log rows read.
    """

    now = now or timezone.now()
    if not kpi_triggers.ensure(connection):
        if not kpi_triggers.installed(connection):
            logger.warning("KPI roll-ups not built: no triggers on this database (%s)", connection.vendor)
            return {"built_days": 0}

    ids = list(project_ids) if project_ids is not None else list(Project.objects.values_list("pk", flat=True))
    today = now.astimezone(UTC).date()
    built_total = 0
    for project_id in ids:
        with transaction.atomic():
            KpiState.objects.get_or_create(project_id=project_id)
            state = KpiState.objects.select_for_update().get(project_id=project_id)
            dirty = list(KpiDirty.objects.filter(project_id=project_id).values_list("id", "day"))
            built = set(KpiDay.objects.filter(project_id=project_id).values_list("day", flat=True))
            earliest = ServiceRequest.objects.filter(project_id=project_id).aggregate(m=Min("received_at"))[
                "m"
            ]
            wanted: set[dt.date] = set()
            if earliest is not None:
                day = earliest.astimezone(UTC).date()
                while day < today:
                    wanted.add(day)
                    day += dt.timedelta(days=1)
            to_build = (wanted - built) | ({d for _i, d in dirty} & (wanted | built))
            if to_build:
                runs = _runs(to_build)
                spans = {project_id: [(_midnight(a), _midnight(b + dt.timedelta(days=1))) for a, b in runs]}
                counts = _counts(spans, now=now, by_day=True)
                in_runs = None
                for a, b in runs:
                    one = Q(day__gte=a, day__lte=b)
                    in_runs = one if in_runs is None else in_runs | one
                KpiCount.objects.filter(in_runs, project_id=project_id).delete()
                KpiDay.objects.filter(in_runs, project_id=project_id).delete()
                KpiCount.objects.bulk_create(
                    [
                        KpiCount(project_id=project_id, day=day, code=code, n=n)
                        for day, counter in counts.items()
                        if day in to_build
                        for code, n in counter.items()
                    ],
                    batch_size=2000,
                )
                KpiDay.objects.bulk_create(
                    [KpiDay(project_id=project_id, day=day, built_at=now) for day in sorted(to_build)],
                    batch_size=2000,
                )
            seen = [i for i, _d in dirty]
            for chunk in range(0, len(seen), 5000):
                KpiDirty.objects.filter(id__in=seen[chunk : chunk + 5000]).delete()
            state.refreshed_at = now
            state.save(update_fields=["refreshed_at"])
            built_total += len(to_build)
    if built_total > 30 and connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:  # planner statistics for the freshly filled tables
            for model in (KpiDay, KpiCount, KpiDirty):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    return {"built_days": built_total}


def forget(project_id: int) -> None:
    """Throw away a project's roll-up (after writes the triggers did not see, e.g. the generator's COPY)."""
    with transaction.atomic():
        KpiState.objects.get_or_create(project_id=project_id)
        KpiState.objects.select_for_update().get(project_id=project_id)  # waits for a running refresh
        KpiCount.objects.filter(project_id=project_id).delete()
        KpiDay.objects.filter(project_id=project_id).delete()
