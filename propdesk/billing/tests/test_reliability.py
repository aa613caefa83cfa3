"""Reliability under concurrency and crashes (issue 6): PostgreSQL only where real concurrency matters.

- 1,000 notifications for 250 online payments, each delivered 4 times (twice as sent, twice
  re-signed as a provider's retry) from 8 threads in random order → exactly 250 payments.
- A billing run (two workers, each its own connection) killed with SIGKILL at random points
  10 times, then resumed → one line per (unit, item, period).
- Raw SQL cannot change or delete bills, payments and receipts.
"""

import datetime as dt
import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import Sum

from propdesk.billing import selectors, services
from propdesk.billing.choices import NotificationOutcome
from propdesk.billing.models import (
    Allocation,
    Bill,
    BillingRun,
    BillingRunBatch,
    Payment,
    PaymentNotification,
    PaymentOrder,
    PrepaidEntry,
    ProviderAccount,
    Receipt,
)
from propdesk.billing.providers import SandboxAdapter

from .conftest import run_month

MARCH = dt.date(2026, 3, 1)
ROOT = Path(__file__).resolve().parents[3]


def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip(
            "real concurrency and raw-SQL guards are tested on PostgreSQL (SQLite serialises all writers)"
        )


def _bulk_units(world, n, *, building=None):
    """n homes with a charge start, inserted in bulk (the factories are too slow for thousands)."""
    from propdesk.billing.models import UnitChargeStart
    from propdesk.registry.models import Unit

    building = building or world.building
    Unit.objects.bulk_create(
        [
            Unit(
                project=world.project,
                building=building,
                entrance="9",
                floor=1 + i // 20,
                number=f"R{i:05d}",
                building_area=Decimal("80.00") + Decimal(i % 50),
                use="residential",
                status="occupied",
            )
            for i in range(n)
        ]
    )
    units = list(Unit.objects.filter(project=world.project, entrance="9").order_by("pk"))
    UnitChargeStart.objects.bulk_create(
        [UnitChargeStart(project=world.project, unit=u, starts_on=dt.date(2025, 1, 1)) for u in units]
    )
    return units


@pytest.mark.django_db(transaction=True)
def test_1000_notifications_for_250_payments_from_8_threads_credit_each_once(billing):
    _postgres_only()
    units = _bulk_units(billing, 49)
    units.append(billing.unit)
    run_month(billing, MARCH)
    account = ProviderAccount.objects.create(
        project=billing.project, method="wechat", merchant_id="1900000109", signing_key="k" * 32
    )
    adapter = SandboxAdapter("wechat")
    rng = random.Random(6)
    deliveries, orders = [], []
    for i in range(250):
        unit = units[i % len(units)]
        amount = Decimal(rng.randint(1000, 90000)) / 100
        order = services.create_payment_order(unit=unit, amount=amount, method="wechat", actor=billing.owner)
        # Orders made over the month: an earlier one no longer blocks the unit (issue 19: one open
        # app order per unit while the provider would still take money for it).
        PaymentOrder.objects.filter(pk=order.pk).update(created_at=order.created_at - dt.timedelta(days=1))
        orders.append(order)
        first = adapter.notification(
            merchant_id=account.merchant_id,
            key=account.signing_key,
            out_trade_no=order.out_trade_no,
            amount=amount,
        )
        # The provider retries: the same message twice, then re-signed with a fresh nonce twice.
        retry = adapter.notification(
            merchant_id=account.merchant_id,
            key=account.signing_key,
            out_trade_no=order.out_trade_no,
            amount=amount,
            transaction_id=first["transaction_id"],
        )
        deliveries += [first, dict(first), retry, dict(retry)]
    assert len(deliveries) == 1000
    rng.shuffle(deliveries)
    work: queue.Queue = queue.Queue()
    for d in deliveries:
        work.put(d)
    errors, outcomes = [], []

    def provider():
        try:
            while True:
                try:
                    payload = work.get_nowait()
                except queue.Empty:
                    return
                outcome, _payment = services.handle_notification(payload=payload)
                outcomes.append(outcome)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=provider) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]
    assert outcomes.count(NotificationOutcome.APPLIED) == 250
    assert outcomes.count(NotificationOutcome.DUPLICATE) == 750
    assert Payment.objects.count() == 250
    assert PaymentNotification.objects.filter(outcome=NotificationOutcome.APPLIED).count() == 250
    numbers = sorted(Receipt.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 251))
    expected = sum(o.amount for o in orders)
    assert Payment.objects.aggregate(s=Sum("amount"))["s"] == expected
    for unit in units:
        paid = Payment.objects.filter(unit=unit).aggregate(s=Sum("amount"))["s"] or Decimal("0")
        ordered = sum((o.amount for o in orders if o.unit_id == unit.pk), start=Decimal("0"))
        assert paid == ordered
        allocated = Allocation.objects.filter(payment__unit=unit).aggregate(s=Sum("amount"))["s"] or Decimal(
            "0"
        )
        assert allocated + selectors.prepaid_balance(unit) == paid  # every fen settled a bill or is prepaid
        billed = Bill.objects.filter(unit=unit).aggregate(s=Sum("amount"))["s"] or Decimal("0")
        outstanding = sum((b.outstanding for b in selectors.outstanding_bills(unit)), start=Decimal("0"))
        assert outstanding == billed - allocated


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_a_billing_run_killed_10_times_with_sigkill_then_resumed_has_one_line_per_unit_item_month(billing):
    _postgres_only()
    _bulk_units(billing, 2999)  # 3,000 homes with 3-2-1501 → 9,000 lines (management, heating, waste)
    run = BillingRun.objects.create(
        project=billing.project, period=MARCH, started_by=billing.cashier, total_units=3000
    )
    env = {**os.environ, "DATABASE_URL": _database_url()}
    env.pop("REDIS_URL", None)
    command = [
        sys.executable,
        str(ROOT / "manage.py"),
        "billing_run",
        "--run",
        str(run.pk),
        "--batch-size",
        # Small batches: a batch of 100 units now takes milliseconds, and the run must last long
        # enough (many commits) to be killed several times, in and between batches. One unit a
        # batch: two workers take about as long as one did with two units a batch.
        "1",
        # Two workers, each its own connection: a kill leaves up to two batches half done.
        "--workers",
        "2",
    ]
    rng = random.Random(9)
    kills = 0
    for _ in range(10):
        proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(1.0, 3.0))  # Django starts in about a second; then it is mid-run
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            kills += 1
        proc.wait()
        run.refresh_from_db()
        if run.status == "done":
            break
    assert kills >= 3, "the run finished before it could be killed: make it bigger"
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    run.refresh_from_db()
    assert run.status == "done" and run.processed_units == run.total_units == 3000
    assert BillingRunBatch.objects.filter(run=run).count() == 3000  # planned once, never re-planned
    assert not BillingRunBatch.objects.filter(run=run, done_at__isnull=True).exists()
    keys = list(Bill.objects.filter(period=MARCH).values_list("unit_id", "item_id", "period"))
    assert len(keys) == len(set(keys)) == 3000 * 3


@pytest.mark.django_db
def test_raw_sql_cannot_change_or_delete_bills_payments_and_receipts(billing):
    _postgres_only()
    run_month(billing, MARCH)
    payment = services.take_payment(
        unit=billing.unit, amount=Decimal("2000"), method="cash", actor=billing.cashier
    )
    bill = Bill.objects.filter(unit=billing.unit).first()
    statements = [
        ("UPDATE billing_bill SET amount = 1 WHERE id = %s", bill.pk),
        ("DELETE FROM billing_bill WHERE id = %s", bill.pk),
        ("UPDATE billing_payment SET amount = 1 WHERE id = %s", payment.pk),
        ("DELETE FROM billing_payment WHERE id = %s", payment.pk),
        ("UPDATE billing_receipt SET number = 99 WHERE id = %s", payment.receipt.pk),
        ("DELETE FROM billing_receipt WHERE id = %s", payment.receipt.pk),
        ("UPDATE billing_allocation SET amount = 1 WHERE payment_id = %s", payment.pk),
        ("DELETE FROM billing_prepaidentry WHERE payment_id = %s", payment.pk),
    ]
    for sql, pk in statements:
        with (
            pytest.raises(DatabaseError, match="append-only|never change|never deleted"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [pk])
    bill.refresh_from_db()
    assert Payment.objects.get(pk=payment.pk).amount == Decimal("2000.00")
    assert Receipt.objects.get(pk=payment.receipt.pk).number == 1
    assert PrepaidEntry.objects.filter(payment=payment).exists()
    # Voiding is the one change a receipt allows, and it leaves the row in place.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE billing_receipt SET void_reason = 'x' WHERE id = %s", [payment.receipt.pk])
