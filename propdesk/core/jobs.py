"""Periodic jobs: one registry, three ways to run them.

A job is a management command (so cron can call it too) registered here with its
schedule in one line from an AppConfig.ready(). Celery beat reads the registry
when REDIS_URL is set; otherwise the in-process scheduler started by
`manage.py serve` does. Every run is recorded as a JobRun so operators can see
that the scheduler is alive. Jobs must be idempotent and catch up by themselves
after downtime: a missed run is never replayed, the next run does the work.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import threading
import traceback
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.core.management import call_command
from django.db import close_old_connections
from django.db.models import Max
from django.utils import timezone

from .audit import acting_as, system_user
from .models import JobRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str  # the management command's name
    every: dt.timedelta | None = None  # run at this interval ...
    daily_at: dt.time | None = None  # ... or once a day at this local time (TIME_ZONE)
    description: str = ""

    def schedule_text(self) -> str:
        if self.every is not None:
            minutes = int(self.every.total_seconds() // 60)
            return f"every {minutes} min" if minutes < 60 else f"every {minutes // 60} h"
        return f"daily at {self.daily_at:%H:%M}"


_jobs: dict[str, PeriodicJob] = {}


def register(
    name: str, *, every: dt.timedelta | None = None, daily_at: dt.time | None = None, description: str = ""
) -> None:
    if (every is None) == (daily_at is None):
        raise ValueError(f"job {name}: give exactly one of every= or daily_at=")
    _jobs[name] = PeriodicJob(name=name, every=every, daily_at=daily_at, description=description)


def registered() -> list[PeriodicJob]:
    return sorted(_jobs.values(), key=lambda j: j.name)


def get(name: str) -> PeriodicJob:
    try:
        return _jobs[name]
    except KeyError:
        raise KeyError(f"no periodic job named {name!r}; registered: {sorted(_jobs)}") from None


def run_job(name: str, *, trigger: str):
    """Run one job now, recording a JobRun with its output. Never raises: a failure is recorded."""
    get(name)
    run = JobRun.objects.create(job=name, trigger=trigger, started_at=timezone.now())
    out = io.StringIO()
    try:
        with acting_as(system_user()):
            call_command(name, stdout=out, stderr=out)
        run.succeeded = True
    except Exception:
        logger.exception("periodic job %s failed", name)
        out.write(traceback.format_exc())
        run.succeeded = False
    run.finished_at = timezone.now()
    run.output = out.getvalue()[-20000:]
    run.save(update_fields=["succeeded", "finished_at", "output"])
    return run


def next_run_after(job: PeriodicJob, last: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    """When the job should next run, given its last start (None: never ran)."""
    if job.every is not None:
        return now if last is None else last + job.every
    assert job.daily_at is not None
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    local_now = now.astimezone(tz)
    today_at = dt.datetime.combine(local_now.date(), job.daily_at, tzinfo=tz)
    if last is None or last < today_at:
        # Not yet run today: due at today's time (or now, if that has passed — catching up).
        return today_at
    return today_at + dt.timedelta(days=1)


class InProcessScheduler(threading.Thread):
    """Runs registered jobs on time inside the web process (for `make run` without Redis)."""

    def __init__(self, *, poll_seconds: float = 15.0):
        super().__init__(name="propdesk-scheduler", daemon=True)
        self.poll_seconds = poll_seconds
        self._stop_event = threading.Event()

    def stop(self) -> None:
        self._stop_event.set()

    def last_starts(self) -> dict[str, dt.datetime]:
        return dict(JobRun.objects.values("job").annotate(last=Max("started_at")).values_list("job", "last"))

    def tick(self, now: dt.datetime | None = None) -> list[str]:
        """Run every job that is due now; return their names."""
        now = now or timezone.now()
        last = self.last_starts()
        ran = []
        for job in registered():
            if next_run_after(job, last.get(job.name), now) <= now:
                run_job(job.name, trigger="scheduler")
                ran.append(job.name)
        return ran

    def run(self) -> None:
        while not self._stop_event.is_set():
            try:
                close_old_connections()
                self.tick()
            except Exception:
                logger.exception("in-process scheduler tick failed")
            finally:
                close_old_connections()
            self._stop_event.wait(self.poll_seconds)
