"""Background tasks of the registry. They take ids and are safe to run twice."""

from celery import shared_task


@shared_task(name="registry.validate_import", acks_late=True)
def validate_import(job_id: int) -> None:
    from .services.imports import validate_job

    validate_job(job_id)


@shared_task(name="registry.apply_import", acks_late=True)
def apply_import(job_id: int) -> None:
    from .services.imports import apply_job

    apply_job(job_id)
