"""Money rows are sealed in the database (issue 17 item 11): no column changes once written except
the ones a documented transition sets once, no row is deleted, TRUNCATE is refused, and the
application's PostgreSQL role can neither truncate nor switch the triggers off."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import re
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from propdesk.billing import services
from propdesk.billing.models import Bill, Payment, Receipt
from propdesk.core.management.commands.database_roles import roles_sql

from .conftest import run_month

MARCH = dt.date(2026, 3, 1)
SEALED = importlib.import_module("propdesk.billing.migrations.0027_sealed_money_rows").SEALED


def _refused(sql: str, params=()):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def _paid(world, amount="10"):
    return services.take_payment(unit=world.unit, amount=Decimal(amount), method="cash", actor=world.cashier)


@pytest.mark.django_db
def test_every_column_of_every_money_table_is_guarded():
    """SQLite's guard names the columns: a column added later without sealing again is caught here."""
    with connection.cursor() as cursor:
        for table, once in SEALED.items():
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            if connection.vendor == "sqlite":
                cursor.execute(
                    "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s",
                    [f"{table}_no_update"],
                )
                row = cursor.fetchone()
                assert row, f"{table} has no guard: a migration rebuilt the table (seal it again)"
                guard = row[0]
                unguarded = [c for c in columns if not re.search(rf"NEW\.{c} IS NOT OLD\.{c}\b", guard)]
                assert not unguarded, (
                    f"{table}: {unguarded} can change (seal the table again in its migration)"
                )
            else:
                cursor.execute(
                    "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [table]
                )
                names = {row[0] for row in cursor.fetchall()}
                assert {f"{table}_no_update", f"{table}_no_delete", f"{table}_no_truncate"} <= names, table
            assert set(once) <= set(columns), table


@pytest.mark.django_db
def test_a_payment_row_never_changes_in_any_column(billing):
    payment = _paid(billing)
    for column, value in (
        ("received_at", timezone.now() - dt.timedelta(days=3)),
        ("payer_name", "someone else"),
        ("note", "edited"),
        ("received_by_id", billing.director.pk),
    ):
        _refused(f"UPDATE billing_payment SET {column} = %s WHERE id = %s", [value, payment.pk])
    _refused("DELETE FROM billing_payment WHERE id = %s", [payment.pk])
    payment.refresh_from_db()
    assert payment.payer_name == "" and payment.note == ""
    payment.save()  # writing the same values again is no change


@pytest.mark.django_db
def test_a_bill_keeps_its_due_date_and_description(billing):
    run_month(billing, MARCH)
    bill = Bill.objects.filter(unit=billing.unit).first()
    _refused("UPDATE billing_bill SET due_on = %s WHERE id = %s", [dt.date(2030, 1, 1), bill.pk])
    _refused("UPDATE billing_bill SET description = 'x' WHERE id = %s", [bill.pk])
    _refused("DELETE FROM billing_bill WHERE id = %s", [bill.pk])


@pytest.mark.django_db
def test_a_receipt_is_voided_once_and_then_never_changes(billing):
    receipt = _paid(billing).receipt
    _refused("UPDATE billing_receipt SET issued_at = %s WHERE id = %s", [timezone.now(), receipt.pk])
    services.void_receipt(receipt=receipt, reason="wrong unit", actor=billing.director)  # the transition
    receipt.refresh_from_db()
    assert receipt.voided_at is not None
    _refused("UPDATE billing_receipt SET void_reason = 'other' WHERE id = %s", [receipt.pk])
    _refused("UPDATE billing_receipt SET voided_at = NULL WHERE id = %s", [receipt.pk])
    _refused("UPDATE billing_receipt SET voided_by_id = %s WHERE id = %s", [billing.cashier.pk, receipt.pk])
    receipt.refresh_from_db()
    assert (
        receipt.void_reason == "wrong unit" and Receipt.objects.filter(voided_at__isnull=False).count() == 1
    )


@pytest.mark.django_db
def test_truncate_is_refused_outside_a_flush(billing):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE (its DELETE is refused row by row)")
    _paid(billing)
    _refused("TRUNCATE billing_payment CASCADE")
    _refused("TRUNCATE billing_bill, billing_receipt CASCADE")
    assert Payment.objects.count() == 1


@pytest.mark.django_db
def test_the_application_role_cannot_truncate_nor_turn_the_triggers_off(billing):
    if connection.vendor != "postgresql":
        pytest.skip("database roles are PostgreSQL's")
    payment = _paid(billing)
    suffix = os.getpid()
    owner, app = f"pd_test_owner_{suffix}", f"pd_test_app_{suffix}"
    with connection.cursor() as cursor:
        for statement in roles_sql(owner=owner, app=app, database=connection.settings_dict["NAME"]):
            cursor.execute(statement)  # in the test's transaction: rolled back with it, roles included
        cursor.execute(f"SET LOCAL ROLE {app}")
        cursor.execute("SELECT count(*) FROM billing_payment")
        assert cursor.fetchone()[0] == 1
        cursor.execute("UPDATE core_project SET name = name WHERE id = %s", [billing.project.pk])  # rows: yes
    _refused("SET session_replication_role = replica")  # permission denied: not a superuser
    _refused("TRUNCATE billing_payment CASCADE")  # no TRUNCATE privilege
    _refused("SET LOCAL propdesk.flush = 'on'; TRUNCATE billing_bankdeposit")
    _refused("ALTER TABLE billing_payment DISABLE TRIGGER ALL")  # not the owner
    _refused("DROP TRIGGER billing_payment_no_update ON billing_payment")
    _refused("UPDATE billing_payment SET amount = 1 WHERE id = %s", [payment.pk])
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
