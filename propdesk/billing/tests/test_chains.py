"""Hash chains over money rows and the personal-data access log (issue 17 item 11, `core.chains`):
rows changed, deleted or slipped in with the triggers off are found by `verify_chains`, which fails
its job and alerts the company's administrators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from propdesk.billing import services
from propdesk.billing.models import Allocation, Payment, Receipt
from propdesk.core import chains
from propdesk.core.models import ChainLink, CompanyRole, Position
from propdesk.notices.models import Notification
from propdesk.registry.services.privacy import reveal_personal_data

from .conftest import run_month

MARCH = dt.date(2026, 3, 1)


def _bypass(sql: str, params=()):
    """What a superuser can do: write with the triggers switched off (SQLite: dropped for the test)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(sql, params)
            cursor.execute("SET LOCAL session_replication_role = origin")
        else:
            table = sql.split()[1] if sql.startswith("UPDATE") else sql.split()[2]
            cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
            cursor.execute(sql, params)


def _problems(world):
    chains.link(world.project)
    problems, _heads = chains.verify(world.project)
    return {(p.table, p.row_id, p.what) for p in problems}


@pytest.fixture
def paid(billing):
    run_month(billing, MARCH)
    payment = services.take_payment(
        unit=billing.unit, amount=Decimal("500"), method="cash", actor=billing.cashier
    )
    return billing, payment


@pytest.mark.django_db
def test_every_new_money_row_gets_its_link_once_and_the_chains_verify(paid):
    world, payment = paid
    added = chains.link(world.project)
    assert added >= 1 + 1 + 3 + 1  # the payment, its receipt, the month's bills, the allocations
    assert chains.link(world.project) == 0  # nothing twice
    assert ChainLink.objects.filter(table_name="billing_payment", row_id=payment.pk, part="row").count() == 1
    problems, heads = chains.verify(world.project)
    assert problems == []
    by_table = {h.table: h for h in heads}
    assert by_table["billing_bill"].links >= 3 and len(by_table["billing_bill"].chain_hash) == 64


@pytest.mark.django_db
def test_a_changed_payment_and_a_deleted_allocation_are_found(paid):
    world, payment = paid
    chains.link(world.project)
    _bypass("UPDATE billing_payment SET payer_name = 'someone else' WHERE id = %s", [payment.pk])
    allocation = Allocation.objects.filter(payment=payment).first()
    _bypass("DELETE FROM billing_allocation WHERE id = %s", [allocation.pk])
    found = _problems(world)
    assert ("billing_payment", payment.pk, "changed") in found
    assert ("billing_allocation", allocation.pk, "deleted") in found
    assert not {p for p in found if p[0] == "billing_bill"}


@pytest.mark.django_db
def test_a_receipt_voided_after_linking_is_linked_again_and_its_void_is_then_sealed(paid):
    world, payment = paid
    chains.link(world.project)
    receipt = payment.receipt
    services.void_receipt(receipt=receipt, reason="wrong unit", actor=world.director)
    assert chains.link(world.project) >= 1  # the void (and the reversal rows it wrote)
    assert ChainLink.objects.filter(table_name="billing_receipt", row_id=receipt.pk, part="once").exists()
    assert _problems(world) == set()
    _bypass("UPDATE billing_receipt SET void_reason = 'typo' WHERE id = %s", [receipt.pk])
    assert ("billing_receipt", receipt.pk, "changed") in _problems(world)
    assert Receipt.objects.get(pk=receipt.pk).void_reason == "typo"


@pytest.mark.django_db
def test_a_link_altered_or_a_row_slipped_in_behind_the_chain_is_found(paid):
    world, payment = paid
    chains.link(world.project)
    first = ChainLink.objects.filter(project=world.project, table_name="billing_bill").order_by("seq").first()
    _bypass("UPDATE core_chainlink SET row_hash = %s WHERE id = %s", ["0" * 64, first.pk])
    found = _problems(world)
    assert ("billing_bill", first.row_id, "link") in found
    assert ("billing_bill", first.row_id, "changed") in found  # the row no longer matches the forged hash


@pytest.mark.django_db
def test_the_personal_data_access_log_is_chained(world):
    from propdesk.registry.models import PersonalDataAccess

    reveal_personal_data(party=world.owner_party, reason="回访核实身份", actor=world.director)
    access = PersonalDataAccess.objects.get()
    chains.link(world.project)
    _bypass("UPDATE registry_personaldataaccess SET reason = 'nothing' WHERE id = %s", [access.pk])
    assert ("registry_personaldataaccess", access.pk, "changed") in _problems(world)


@pytest.mark.django_db
def test_a_deleted_access_log_row_is_found(world):
    from propdesk.registry.models import PersonalDataAccess

    for reason in ("回访核实身份", "欠费催缴联系业主"):
        reveal_personal_data(party=world.owner_party, reason=reason, actor=world.director)
    first, second = PersonalDataAccess.objects.order_by("pk")
    chains.link(world.project)
    assert _problems(world) == set()
    _bypass("DELETE FROM registry_personaldataaccess WHERE id = %s", [first.pk])
    assert _problems(world) == {("registry_personaldataaccess", first.pk, "deleted")}
    assert PersonalDataAccess.objects.filter(pk=second.pk).exists()


@pytest.mark.django_db
def test_verify_chains_fails_its_job_and_alerts_the_company_admins(paid):
    world, payment = paid
    admin = get_user_model().objects.create(username="company-admin", display_name="管理员")
    CompanyRole.objects.create(
        user=admin, company=world.company, position=Position.objects.get(code="company_admin")
    )
    call_command("verify_chains")  # clean: links, verifies, prints the heads
    assert not Notification.objects.filter(recipient=admin).exists()
    _bypass(
        "UPDATE billing_payment SET received_at = %s WHERE id = %s",
        [timezone.now() - dt.timedelta(days=40), payment.pk],
    )
    with pytest.raises(CommandError, match="broken"):
        call_command("verify_chains")
    alert = Notification.objects.get(recipient=admin)
    assert world.project.name in alert.title and "billing_payment" in alert.body
    assert "email" in alert.channels
    assert Payment.objects.filter(pk=payment.pk).exists()
