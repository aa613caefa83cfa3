"""Billing runs in planned batches: concurrent workers on PostgreSQL, failures, resuming.

Threads use their own connections, so the tests that run more than one worker commit their data
(`transaction=True`); on SQLite the same tests run with its single worker.
"""

import datetime as dt
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, transaction

from propdesk.billing import selectors, services
from propdesk.billing.choices import RunStatus
from propdesk.billing.models import Bill, BillingRun, BillingRunBatch, UnitChargeStart
from propdesk.billing.services import runs
from propdesk.registry.models import Unit

MARCH = dt.date(2026, 3, 1)
ITEMS = 3  # a home in March: management, waste, heating


def _homes(world, n):
    """n homes with a charge start and varied areas, in bulk (plus the world's own 3-2-1501)."""
    Unit.objects.bulk_create(
        [
            Unit(
                project=world.project,
                building=world.building,
                entrance="7",
                floor=1 + i // 10,
                number=f"B{i:04d}",
                building_area=Decimal("60.00") + Decimal(i % 37) + Decimal(i % 7) / 10,
                use="residential",
                status="occupied",
            )
            for i in range(n)
        ]
    )
    units = list(Unit.objects.filter(project=world.project, entrance="7").order_by("pk"))
    # A few move in during the month: prorated lines must come out the same whichever worker prices them.
    UnitChargeStart.objects.bulk_create(
        [
            UnitChargeStart(
                project=world.project,
                unit=u,
                starts_on=dt.date(2026, 3, 1 + k % 20) if k % 5 == 0 else dt.date(2025, 1, 1),
            )
            for k, u in enumerate(units)
        ]
    )
    return Unit.objects.filter(project=world.project).count()


def _new_run(world):
    return BillingRun.objects.create(
        project=world.project, period=MARCH, started_by=world.cashier, total_units=0
    )


def _lines(run):
    return sorted(
        Bill.objects.filter(run=run).values_list(
            "unit_id",
            "item_id",
            "period",
            "starts_on",
            "ends_on",
            "quantity",
            "unit_price",
            "amount",
            "due_on",
        )
    )


def _threads_seen(monkeypatch, *, pause=0.02):
    """Record which thread finished each batch; a short pause lets the workers interleave."""
    seen: list[tuple[str, int]] = []

    def after(run, batch):
        seen.append((threading.current_thread().name, batch.first_unit_id))
        time.sleep(pause)

    monkeypatch.setattr(runs, "_after_batch", after)
    return seen


def _truncate_bills():
    """Bills refuse DELETE and TRUNCATE (sealed rows); a test empties them as Django's flush does."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL propdesk.flush = 'on'")
        cursor.execute("TRUNCATE billing_bill CASCADE")


@pytest.mark.django_db(transaction=True)
def test_two_workers_make_exactly_the_lines_of_one_worker(billing, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("more than one worker runs on PostgreSQL only")
    units = _homes(billing, 59)  # 60 homes, batches of 4 → 15 batches
    seen = _threads_seen(monkeypatch)

    one = services.execute_billing_run(_new_run(billing).pk, batch_size=4, workers=1)
    by_one = _lines(one)
    assert {name for name, _first in seen} == {threading.current_thread().name}
    _truncate_bills()
    seen.clear()

    two = services.execute_billing_run(_new_run(billing).pk, batch_size=4, workers=2)
    by_two = _lines(two)
    assert len({name for name, _first in seen}) == 2, "both workers took batches"
    assert len(seen) == 15 and len({first for _name, first in seen}) == 15  # each batch once

    assert len(by_one) == units * ITEMS
    assert by_one == by_two  # the same lines, priced the same
    for run in (one, two):
        assert run.status == RunStatus.DONE
        assert run.processed_units == run.total_units == units
        assert run.lines_created == units * ITEMS
        assert not BillingRunBatch.objects.filter(run=run, done_at__isnull=True).exists()


@pytest.mark.django_db(transaction=True)
def test_a_failing_batch_fails_the_run_records_the_error_and_stops_the_other_workers(billing, monkeypatch):
    units = _homes(billing, 79)  # 80 homes, batches of 4 → 20 batches
    seen = _threads_seen(monkeypatch, pause=0.05)
    run = _new_run(billing)
    broken = []

    def poisoned(original):
        def insert(*args, **kwargs):
            if not broken:  # the first batch any worker takes
                broken.append(threading.current_thread().name)
                raise RuntimeError("price list unreadable")
            return original(*args, **kwargs)

        return insert

    if connection.vendor == "postgresql":
        monkeypatch.setattr(
            selectors.RunPricing, "insert_lines_sql", poisoned(selectors.RunPricing.insert_lines_sql)
        )
    else:
        monkeypatch.setattr(runs, "insert_run_lines", poisoned(runs.insert_run_lines))

    with pytest.raises(RuntimeError, match="price list unreadable"):
        services.execute_billing_run(run.pk, batch_size=4, workers=2)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "price list unreadable" in run.error
    done = BillingRunBatch.objects.filter(run=run, done_at__isnull=False)
    assert done.count() == len(seen) < 10, "the other worker stopped after its batch in hand"
    assert run.processed_units == sum(done.values_list("units", flat=True))
    # The failed batch's transaction rolled back whole: it is not done and its units have no lines.
    for undone in BillingRunBatch.objects.filter(run=run, done_at__isnull=True):
        assert not Bill.objects.filter(
            unit_id__gte=undone.first_unit_id, unit_id__lte=undone.last_unit_id
        ).exists()
    assert Bill.objects.filter(run=run).count() == run.processed_units * ITEMS

    run = services.execute_billing_run(run.pk, batch_size=4, workers=2)  # the fault is gone: resume
    assert run.status == RunStatus.DONE and run.error == ""
    keys = list(Bill.objects.values_list("unit_id", "item_id", "period"))
    assert len(keys) == len(set(keys)) == units * ITEMS


@pytest.mark.django_db(transaction=True)
def test_resuming_a_partial_run_processes_only_the_batches_not_done(billing, monkeypatch):
    units = _homes(billing, 29)  # 30 homes, batches of 4 → 8 batches (the last of 2)
    calls = []

    def crash_after_three(run, batch):
        calls.append(batch.first_unit_id)
        if len(calls) == 3:
            raise RuntimeError("worker killed")

    monkeypatch.setattr(runs, "_after_batch", crash_after_three)
    run = _new_run(billing)
    with pytest.raises(RuntimeError):
        services.execute_billing_run(run.pk, batch_size=4, workers=1)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    batches = BillingRunBatch.objects.filter(run=run)
    assert batches.count() == 8 and run.total_units == units
    assert (
        list(
            batches.filter(done_at__isnull=False)
            .order_by("first_unit_id")
            .values_list("first_unit_id", flat=True)
        )
        == calls
    )
    undone = set(batches.filter(done_at__isnull=True).values_list("first_unit_id", flat=True))
    assert len(undone) == 5 and run.processed_units == 12
    before = Bill.objects.count()
    assert before == 12 * ITEMS

    # A home added while the run was stopped is planned into a batch of its own when it resumes.
    UnitChargeStart.objects.create(
        project=billing.project,
        unit=Unit.objects.create(
            project=billing.project,
            building=billing.building,
            entrance="7",
            floor=9,
            number="LATE",
            building_area=Decimal("70.00"),
            use="residential",
            status="occupied",
        ),
        starts_on=dt.date(2025, 1, 1),
    )
    seen = _threads_seen(monkeypatch, pause=0)
    run = services.execute_billing_run(run.pk, batch_size=4)
    assert run.status == RunStatus.DONE
    assert batches.count() == 9
    resumed = {first for _name, first in seen}
    assert len(seen) == len(resumed) == 6
    assert undone < resumed  # the undone batches and the new one, none done before
    assert not resumed & set(calls)
    assert run.processed_units == run.total_units == units + 1
    keys = list(Bill.objects.values_list("unit_id", "item_id", "period"))
    assert len(keys) == len(set(keys)) == (units + 1) * ITEMS
    assert run.lines_created == (units + 1) * ITEMS


@pytest.mark.django_db
def test_a_run_inside_a_transaction_or_on_sqlite_uses_one_worker(settings):
    settings.BILLING_RUN_WORKERS = 4
    assert services.run_workers() == 1  # the test's transaction: other connections would not see its rows
    assert services.run_workers(3) == 1
