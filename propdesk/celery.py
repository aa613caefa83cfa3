"""Celery app: used when REDIS_URL is set (worker + beat). See docs/operations.md."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "propdesk.settings")

app = Celery("propdesk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def schedule_registered_jobs(sender, **kwargs):
    """Beat schedule = the periodic job registry (propdesk.core.jobs)."""
    # Imported here: this module loads with the propdesk package, before Django's app registry,
    # and the job registry and the task import models (finalize runs after Django is set up).
    from propdesk.core.jobs import registered  # noqa: PLC0415  (models; see above)
    from propdesk.core.tasks import run_periodic_job  # noqa: PLC0415  (models; see above)

    for job in registered():
        if job.every is not None:
            schedule = job.every.total_seconds()
        else:
            schedule = crontab(hour=job.daily_at.hour, minute=job.daily_at.minute)
        sender.add_periodic_task(schedule, run_periodic_job.s(job.name), name=f"job:{job.name}")
