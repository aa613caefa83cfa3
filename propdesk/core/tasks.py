"""Background tasks. With REDIS_URL they go to Celery; without it, to a thread in this process."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from celery import shared_task
from django.conf import settings
from django.db import close_old_connections, transaction

from .jobs import run_job

logger = logging.getLogger(__name__)
_executor: ThreadPoolExecutor | None = None


def _in_thread(task, args, kwargs):
    close_old_connections()
    try:
        task(*args, **kwargs)
    except Exception:
        logger.exception("background task %s failed", getattr(task, "name", task))
    finally:
        close_old_connections()


def enqueue(task, *args, **kwargs) -> None:
    """Start `task` after the current transaction commits (never for work that may roll back).

    Tasks take ids, not objects, and must be safe to run twice.
    """

    def start():
        global _executor
        if getattr(settings, "PROPDESK_TASKS_INLINE", False):
            # Tests: run after commit in this thread, so no background thread races the test's own writes.
            task(*args, **kwargs)
            return
        if settings.REDIS_URL:
            task.delay(*args, **kwargs)
        else:
            if _executor is None:
                _executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="propdesk-task")
            _executor.submit(_in_thread, task, args, kwargs)

    transaction.on_commit(start)


@shared_task(name="propdesk.run_job", acks_late=True)
def run_periodic_job(name: str) -> int:
    """Celery beat's entry point for every registered periodic job. Returns the JobRun id."""
    return run_job(name, trigger="celery").pk
