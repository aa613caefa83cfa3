"""Background tasks of the registry. They take ids and are safe to run twice."""

from celery import shared_task

# The module, not its functions: it imports this module to enqueue these tasks.
from .services import imports as import_jobs


@shared_task(name="registry.validate_import", acks_late=True)
def validate_import(job_id: int) -> None:
    import_jobs.validate_job(job_id)


@shared_task(name="registry.apply_import", acks_late=True)
def apply_import(job_id: int) -> None:
    import_jobs.apply_job(job_id)
