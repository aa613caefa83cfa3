import datetime as dt
import threading
import zoneinfo

import pytest
from django.conf import settings
from django.db import transaction

from propdesk.core import jobs
from propdesk.core.models import JobRun

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def test_every_registered_job_is_a_management_command():
    from django.core.management import get_commands

    commands = get_commands()
    assert jobs.registered(), "no periodic job registered"
    for job in jobs.registered():
        assert job.name in commands, f"periodic job {job.name} has no management command"


def test_a_job_needs_exactly_one_schedule():
    with pytest.raises(ValueError):
        jobs.register("x", every=dt.timedelta(minutes=1), daily_at=dt.time(1))
    with pytest.raises(ValueError):
        jobs.register("x")


def test_interval_job_runs_at_once_then_after_its_interval():
    job = jobs.PeriodicJob("j", every=dt.timedelta(hours=1))
    now = at("2026-03-10T10:00")
    assert jobs.next_run_after(job, None, now) == now
    assert jobs.next_run_after(job, at("2026-03-10T09:30"), now) == at("2026-03-10T10:30")


def test_daily_job_runs_at_its_local_time_and_catches_up_after_downtime():
    job = jobs.PeriodicJob("digest", daily_at=dt.time(18, 30))
    # Ran yesterday; now 17:00 → due at 18:30 today.
    assert jobs.next_run_after(job, at("2026-03-09T18:30"), at("2026-03-10T17:00")) == at("2026-03-10T18:30")
    # The server was down at 18:30; at 21:00 the run is overdue and happens now.
    assert jobs.next_run_after(job, at("2026-03-09T18:30"), at("2026-03-10T21:00")) <= at("2026-03-10T21:00")
    # Ran today → tomorrow.
    assert jobs.next_run_after(job, at("2026-03-10T18:31"), at("2026-03-10T21:00")) == at("2026-03-11T18:30")


@pytest.mark.django_db
def test_scheduler_tick_runs_due_jobs_once_and_records_them():
    scheduler = jobs.InProcessScheduler()
    first = scheduler.tick()
    assert "purge_login_attempts" in first
    again = scheduler.tick()
    assert "purge_login_attempts" not in again
    run = JobRun.objects.filter(job="purge_login_attempts").get()
    assert run.succeeded and run.trigger == "scheduler" and "purged" in run.output


@pytest.mark.django_db
def test_a_failing_job_is_recorded_not_raised(monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(jobs, "call_command", boom)
    run = jobs.run_job("purge_login_attempts", trigger="command")
    assert run.succeeded is False
    assert "disk full" in run.output


@pytest.mark.django_db
def test_run_job_command_lists_and_runs(capsys):
    from django.core.management import call_command

    call_command("run_job", "--list")
    assert "purge_login_attempts" in capsys.readouterr().out
    call_command("run_job", "purge_login_attempts")
    assert JobRun.objects.get().trigger == "command"


def test_celery_beat_schedule_is_the_job_registry():
    from propdesk.celery import app

    app.finalize()
    names = {entry["args"][0] for entry in app.conf.beat_schedule.values()}
    assert names == {job.name for job in jobs.registered()}


@pytest.mark.django_db(transaction=True)
def test_enqueued_task_runs_in_process_after_commit_without_redis(settings):
    from celery import shared_task

    from propdesk.core.tasks import enqueue

    settings.REDIS_URL = ""
    settings.PROPDESK_TASKS_INLINE = False
    done = threading.Event()

    @shared_task(name="propdesk.tests.mark_done")
    def mark_done():
        done.set()

    with transaction.atomic():
        enqueue(mark_done)
        assert not done.is_set()  # nothing starts before the commit
    assert done.wait(10)


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_periodic_job_runs_through_a_real_celery_worker_against_redis():
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL: runs in the PostgreSQL + Redis pass of .ci/run")
    from celery.contrib.testing.worker import start_worker

    from propdesk.celery import app
    from propdesk.core.tasks import run_periodic_job

    assert app.conf.broker_url.startswith("redis://")
    with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=30):
        run_id = run_periodic_job.delay("purge_login_attempts").get(timeout=60)
    run = JobRun.objects.get(pk=run_id)
    assert run.trigger == "celery"
    assert run.succeeded, run.output
