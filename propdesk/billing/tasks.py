"""Background work of billing: thin tasks that take ids and may run twice."""

from celery import shared_task


@shared_task(name="propdesk.billing.run_billing", acks_late=True, queue="billing")
def run_billing(run_id: int) -> None:
    from .services.runs import execute_billing_run  # noqa: PLC0415  (the services enqueue these tasks)

    execute_billing_run(run_id)


@shared_task(name="propdesk.billing.render_notice_batch", acks_late=True, queue="billing")
def render_notice_batch(batch_id: int) -> None:
    from .services.notices import execute_notice_batch  # noqa: PLC0415  (the services enqueue these tasks)

    execute_notice_batch(batch_id)
