"""Billing runs (SPEC §7 Bills): one line per unit, item and month; twice adds nothing; resumes after a crash."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import DatabaseError, IntegrityError, transaction

from propdesk.billing import services
from propdesk.billing.choices import RunStatus
from propdesk.billing.models import Bill, Price, UnitPriceOverride
from propdesk.billing.services import runs

from .conftest import MANAGEMENT_3_2_1501, add_units, run_month

pytestmark = pytest.mark.django_db

MARCH = dt.date(2026, 3, 1)


def test_a_run_bills_every_charged_unit_by_its_use_and_area(billing):
    run = run_month(billing, MARCH)
    assert run.status == RunStatus.DONE
    lines = {b.item.code: b for b in Bill.objects.filter(unit=billing.unit, period=MARCH)}
    # A home in March: management fee, waste fee, heating (in season); no parking fees, no metered items.
    assert set(lines) == {"management", "waste", "heating"}
    assert lines["management"].amount == MANAGEMENT_3_2_1501
    assert lines["heating"].amount == Decimal("698.90")  # 120.50 × 5.80
    assert lines["waste"].amount == Decimal("10.00")
    assert run.lines_created == 3


def test_heating_is_billed_only_in_the_heating_season(billing):
    run_month(billing, dt.date(2026, 6, 1))
    assert not Bill.objects.filter(item__code="heating").exists()


def test_running_a_month_twice_creates_nothing_new(billing):
    add_units(billing, 5)
    run_month(billing, MARCH)
    before = Bill.objects.count()
    second = run_month(billing, MARCH)
    assert Bill.objects.count() == before
    assert second.lines_created == 0


def test_a_run_interrupted_after_the_first_batch_resumes_and_completes(billing, monkeypatch):
    add_units(billing, 7)  # 8 units with 3-2-1501: batches of 3 → 3 batches
    calls = []

    def crash(run, batch):
        calls.append(batch.last_unit_id)
        if len(calls) == 1:
            raise RuntimeError("worker killed")

    monkeypatch.setattr(runs, "_after_batch", crash)
    run = services.start_billing_run(project=billing.project, period=MARCH, actor=billing.cashier)
    with pytest.raises(RuntimeError):
        services.execute_billing_run(run.pk, batch_size=3)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.processed_units == 3
    first_batch_lines = Bill.objects.count()
    assert first_batch_lines > 0

    run = services.execute_billing_run(run.pk, batch_size=3)
    assert run.status == RunStatus.DONE
    assert run.processed_units == 8
    per_key = Bill.objects.values_list("unit_id", "item_id", "period")
    assert len(per_key) == len(set(per_key)) == 8 * 3  # management, waste, heating for each home
    assert run.lines_created == 8 * 3


def test_a_busy_month_cannot_be_started_twice(billing):
    services.start_billing_run(project=billing.project, period=MARCH, actor=billing.cashier)
    with pytest.raises(services.ServiceError):
        services.start_billing_run(project=billing.project, period=MARCH, actor=billing.cashier)


def test_a_move_in_halfway_through_the_month_is_prorated(billing):
    (unit,) = add_units(billing, 1, starts_on=dt.date(2026, 3, 16))
    run_month(billing, MARCH)
    bill = Bill.objects.get(unit=unit, item__code="management")
    # 89.56 m² × 2.50 × 16/31 = 115.561… → 115.56; the waste fee is not prorated.
    assert bill.amount == Decimal("115.56")
    assert bill.starts_on == dt.date(2026, 3, 16)
    assert Bill.objects.get(unit=unit, item__code="waste").amount == Decimal("10.00")


def test_a_price_change_mid_year_never_rewrites_old_bills(billing):
    run_month(billing, MARCH)
    Price.objects.create(
        project=billing.project,
        item=billing.items["management"],
        use="residential",
        unit_price=Decimal("2.80"),
        effective_from=dt.date(2026, 7, 1),
    )
    run_month(billing, dt.date(2026, 6, 1))
    run_month(billing, dt.date(2026, 7, 1))
    amounts = dict(
        Bill.objects.filter(unit=billing.unit, item__code="management").values_list("period__month", "amount")
    )
    assert amounts == {3: MANAGEMENT_3_2_1501, 6: MANAGEMENT_3_2_1501, 7: Decimal("337.40")}


def test_a_unit_override_wins_over_the_price_list(billing):
    UnitPriceOverride.objects.create(
        project=billing.project,
        unit=billing.unit,
        item=billing.items["parking_rent"],
        unit_price=Decimal("300"),
        effective_from=dt.date(2026, 1, 1),
        reason="租用开发商车位",
    )
    run_month(billing, MARCH)
    assert Bill.objects.get(unit=billing.unit, item__code="parking_rent").amount == Decimal("300.00")


def test_a_bill_amount_cannot_be_updated_or_deleted(billing):
    run_month(billing, MARCH)
    bill = Bill.objects.get(unit=billing.unit, item__code="management")
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        Bill.objects.filter(pk=bill.pk).update(amount=Decimal("1.00"))
    with pytest.raises(TypeError):
        bill.delete()
    bill.refresh_from_db()
    assert bill.amount == MANAGEMENT_3_2_1501


def test_a_credit_note_corrects_a_bill_with_a_reason(billing):
    run_month(billing, MARCH)
    from propdesk.billing import selectors

    bill = Bill.objects.get(unit=billing.unit, item__code="management")
    services.issue_credit_note(bill=bill, amount=Decimal("1.25"), reason="面积复核", actor=billing.director)
    assert selectors.outstanding_of(bill.pk) == Decimal("300.00")
    with pytest.raises(services.ServiceError):
        services.issue_credit_note(bill=bill, amount=Decimal("300.01"), reason="x", actor=billing.director)
    bill.refresh_from_db()
    assert bill.amount == MANAGEMENT_3_2_1501


def test_one_off_charge_is_unique_by_its_reference(billing):
    item = billing.items["one_off"]
    services.charge_one_off(
        unit=billing.unit, item=item, amount=Decimal("50"), on=MARCH, reference="GB-1", actor=billing.cashier
    )
    with pytest.raises(services.ServiceError):
        services.charge_one_off(
            unit=billing.unit,
            item=item,
            amount=Decimal("50"),
            on=MARCH,
            reference="GB-1",
            actor=billing.cashier,
        )
