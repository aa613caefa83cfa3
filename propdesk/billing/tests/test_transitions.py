"""Billing's status tables (transitions.py): allowed and refused moves, the event rows, their immutability."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction

from propdesk.billing import services, transitions
from propdesk.billing.choices import (
    CaseStatus,
    DebitBatchStatus,
    DepositStatus,
    DrawerStatus,
    HeatingStopStatus,
    OrderStatus,
    WaiverStatus,
)
from propdesk.billing.models import (
    Bill,
    DebitBatchEvent,
    DebitLine,
    DepositEvent,
    DrawerSessionEvent,
    DunningCaseEvent,
    HeatingStopEvent,
    WaiverEvent,
    WaiverReason,
)
from propdesk.billing.models.events import EVENT_TABLES
from propdesk.billing.services import cash as cash_services
from propdesk.billing.services import debit as debit_services
from propdesk.billing.services import deposit as deposit_services
from propdesk.billing.services import dunning as dunning_services
from propdesk.billing.services import heating as heating_services
from propdesk.billing.services import waiver as waiver_services
from propdesk.core import lifecycle
from propdesk.core.errors import ServiceError

from .conftest import only_event, run_month, status_moves

pytestmark = pytest.mark.django_db
MARCH = dt.date(2026, 3, 1)

LIFECYCLES = [
    (transitions.DRAWER, DrawerStatus),
    (transitions.DEBIT_BATCH, DebitBatchStatus),
    (transitions.DEPOSIT, DepositStatus),
    (transitions.DUNNING_CASE, CaseStatus),
    (transitions.HEATING_STOP, HeatingStopStatus),
    (transitions.WAIVER, WaiverStatus),
    (transitions.PAYMENT_ORDER, OrderStatus),
]


@pytest.mark.parametrize(("lc", "choices"), LIFECYCLES)
def test_every_state_is_in_its_table_and_can_move_follows_it(lc, choices):
    table = lc.table()
    assert set(table) == set(choices.values)
    for src in choices.values:
        for dst in choices.values:
            assert lc.can(src, dst) == (dst in table[src])
        assert not lc.can(src, src)  # no move stays in place


def test_the_tables_spell_out_the_rules():
    assert not transitions.DRAWER.can(DrawerStatus.CLOSED, DrawerStatus.CLOSED)  # closed twice
    assert not transitions.DRAWER.can(DrawerStatus.OPEN, DrawerStatus.DEPOSITED)  # banked before the close
    assert not transitions.DEPOSIT.can(DepositStatus.CLOSED, DepositStatus.FORFEITED)  # refunded, forfeited
    assert not transitions.WAIVER.can(WaiverStatus.REJECTED, WaiverStatus.APPROVED)
    assert not transitions.HEATING_STOP.can(HeatingStopStatus.APPROVED, HeatingStopStatus.REJECTED)
    assert not transitions.DUNNING_CASE.can(CaseStatus.CLOSED, CaseStatus.OPEN)
    assert not transitions.DEBIT_BATCH.can(DebitBatchStatus.IMPORTED, DebitBatchStatus.EXPORTED)
    assert not transitions.PAYMENT_ORDER.can(OrderStatus.PAID, OrderStatus.OPEN)  # paid stays paid


# ---------------------------------------------------------------- cash drawer


def test_the_drawer_close_and_bank_are_events_and_a_closed_drawer_takes_no_cash(billing):
    session = cash_services.open_session(billing.project.pk, billing.cashier)
    cash_services.close_drawer(session=session, counted=Decimal("500.00"), actor=billing.cashier)
    event = only_event(DrawerSessionEvent, session=session)
    assert (event.from_status, event.to_status, event.actor) == ("open", "closed", billing.cashier)
    assert event.project_id == billing.project.pk and "实点 500.00" in event.reason and event.at is not None

    with pytest.raises(ServiceError) as twice:
        cash_services.close_drawer(session=session, counted=Decimal("500.00"), actor=billing.cashier)
    assert twice.value.code == "already_closed"
    with pytest.raises(ServiceError) as refused:  # the table itself refuses, whoever calls
        lifecycle.move(session, to=DrawerStatus.CLOSED, actor=billing.cashier)
    assert refused.value.field == "status" and "钱箱" in refused.value.message
    with pytest.raises(ServiceError) as no_drawer:
        services.take_payment(unit=billing.unit, amount=Decimal("10"), method="cash", actor=billing.cashier)
    assert no_drawer.value.code == "no_drawer"

    cash_services.record_bank_deposit(
        session=session, slip_number="JK-1", amount=Decimal("0.01"), deposited_on=MARCH, actor=billing.cashier
    )
    events = list(DrawerSessionEvent.objects.filter(session=session))
    assert [(e.from_status, e.to_status) for e in events] == [
        ("", "open"),
        ("open", "closed"),
        ("closed", "deposited"),
    ]
    assert events[2].reason == "缴款单号 JK-1"
    session.refresh_from_db()
    assert session.status == DrawerStatus.DEPOSITED


def test_a_refused_move_changes_nothing_and_writes_no_event(billing):
    session = cash_services.open_session(billing.project.pk, billing.cashier)
    with pytest.raises(ServiceError) as refused:
        lifecycle.move(session, to=DrawerStatus.DEPOSITED, actor=billing.cashier)
    assert "不能改为" in refused.value.message
    session.refresh_from_db()
    assert session.status == DrawerStatus.OPEN and not status_moves(DrawerSessionEvent).exists()


# ---------------------------------------------------------------- deposits


def _deposit(world):
    return deposit_services.take_deposit(
        unit=world.unit,
        kind="renovation",
        amount=Decimal("2000.00"),
        method="pos",
        actor=world.cashier,
        trade_no="POS-1",
    )


def test_a_refunded_deposit_cannot_be_forfeited(billing):
    deposit = _deposit(billing)
    deposit_services.deduct_deposit(
        deposit=deposit, amount=Decimal("300"), reason="损坏", actor=billing.cashier
    )
    assert not status_moves(DepositEvent).exists()  # a partial deduction leaves it held
    deposit_services.refund_deposit(
        deposit=deposit, method="bank_transfer", trade_no="T-9", reason="装修验收合格", actor=billing.cashier
    )
    event = only_event(DepositEvent, deposit=deposit)
    assert (event.from_status, event.to_status, event.reason) == ("held", "closed", "装修验收合格")
    with pytest.raises(ServiceError):
        deposit_services.forfeit_deposit(deposit=deposit, reason="违规", actor=billing.director)
    with pytest.raises(ServiceError) as refused:
        lifecycle.move(deposit, to=DepositStatus.FORFEITED, actor=billing.director)
    assert refused.value.field == "status" and "押金" in refused.value.message
    assert status_moves(DepositEvent).count() == 1


def test_a_forfeit_is_an_event_by_the_director(billing):
    deposit = _deposit(billing)
    deposit_services.forfeit_deposit(deposit=deposit, reason="擅自拆改承重墙", actor=billing.director)
    event = only_event(DepositEvent, deposit=deposit)
    assert (event.from_status, event.to_status, event.actor) == ("held", "forfeited", billing.director)


# ---------------------------------------------------------------- waivers


@pytest.fixture
def waivers(billing):
    waiver_services.load_waiver_defaults(project=billing.project, actor=billing.director)
    run_month(billing, MARCH)
    billing.reason = WaiverReason.objects.get(project=billing.project, name="空置房")
    billing.bills = {b.item.code: b for b in Bill.objects.filter(unit=billing.unit).select_related("item")}
    return billing


def _waiver(world, amount):
    return waiver_services.apply_for_waiver(
        unit=world.unit,
        lines=[(world.bills["management"], Decimal(amount))],
        reason=world.reason,
        details="空置",
        actor=world.cashier,
    )


def test_a_rejected_waiver_cannot_be_approved(waivers):
    application = _waiver(waivers, "100")
    waiver_services.decide_waiver(
        application=application, approve=False, comment="不符合条件", actor=waivers.cs_supervisor
    )
    event = only_event(WaiverEvent, application=application)
    assert (event.from_status, event.to_status, event.actor, event.reason) == (
        "pending",
        "rejected",
        waivers.cs_supervisor,
        "不符合条件",
    )
    with pytest.raises(ServiceError) as refused:
        lifecycle.move(application, to=WaiverStatus.APPROVED, actor=waivers.director)
    assert refused.value.field == "status" and "减免申请" in refused.value.message


def test_only_the_last_step_of_the_chain_moves_the_waiver(waivers):
    application = _waiver(waivers, "300")  # supervisor → director
    waiver_services.decide_waiver(application=application, approve=True, actor=waivers.cs_supervisor)
    assert not status_moves(WaiverEvent).exists()
    waiver_services.decide_waiver(
        application=application, approve=True, comment="同意", actor=waivers.director
    )
    event = only_event(WaiverEvent, application=application)
    assert (event.from_status, event.to_status, event.actor) == ("pending", "approved", waivers.director)


# ---------------------------------------------------------------- heating stops


@time_machine.travel(dt.datetime(2026, 10, 10, 2, 0, tzinfo=dt.UTC), tick=False)
def test_a_decided_heating_stop_is_not_decided_again(billing):
    heating_services.load_heating_defaults(project=billing.project, actor=billing.director)
    application = heating_services.apply_heating_stop(unit=billing.unit, season=2026, actor=billing.cashier)
    heating_services.decide_heating_stop(
        application=application, approve=True, comment="同意", actor=billing.director
    )
    event = only_event(HeatingStopEvent, application=application)
    assert (event.from_status, event.to_status, event.reason) == ("pending", "approved", "同意")
    with pytest.raises(ServiceError) as refused:
        lifecycle.move(application, to=HeatingStopStatus.REJECTED, actor=billing.director)
    assert refused.value.field == "status" and "停暖申请" in refused.value.message


# ---------------------------------------------------------------- dunning


def test_a_closed_case_is_not_closed_again(billing):
    with time_machine.travel("2026-03-01 09:00 +0800", tick=False):
        run_month(billing, MARCH)
    with time_machine.travel("2026-04-02 10:00 +0800", tick=False):
        case = dunning_services.open_case(unit=billing.unit, actor=billing.butler)
        dunning_services.close_case(case=case, reason="业主已搬离，转法务", actor=billing.cs_supervisor)
    event = only_event(DunningCaseEvent, case=case)
    assert (event.from_status, event.to_status, event.reason) == ("open", "closed", "业主已搬离，转法务")
    with pytest.raises(ServiceError) as refused:
        lifecycle.move(case, to=CaseStatus.CLOSED, actor=billing.cs_supervisor)
    assert refused.value.field == "status" and "催缴案件" in refused.value.message


# ---------------------------------------------------------------- direct debit


def _mandate(world):
    return debit_services.add_mandate(
        unit=world.unit,
        bank_name="工商银行",
        account_name="张三",
        account_number="6222020200112233445",
        signed_on=dt.date(2026, 1, 5),
        actor=world.cashier,
    )


def test_an_imported_batch_moves_once(billing):
    run_month(billing, MARCH)
    _mandate(billing)
    batch = debit_services.create_batch(project=billing.project, period=MARCH, actor=billing.cashier)
    line = DebitLine.objects.get(batch=batch)
    text = f"H,{batch.number}\nD,{line.line_no},{line.amount},F,余额不足\nT,1\n"
    debit_services.import_results(batch=batch, text=text, actor=billing.cashier)
    debit_services.import_results(batch=batch, text=text, actor=billing.cashier)  # again: nothing changes
    event = only_event(DebitBatchEvent, batch=batch)
    assert (event.from_status, event.to_status) == ("exported", "imported") and "失败 1 笔" in event.reason
    with pytest.raises(ServiceError) as refused:
        lifecycle.move(batch, to=DebitBatchStatus.EXPORTED, actor=billing.cashier)
    assert refused.value.field == "status" and "托收批次" in refused.value.message


# ---------------------------------------------------------------- append-only in the database


def _one_event_of_each(billing):
    session = cash_services.open_session(billing.project.pk, billing.cashier)
    cash_services.close_drawer(session=session, counted=Decimal("500.00"), actor=billing.cashier)
    deposit = _deposit(billing)
    deposit_services.forfeit_deposit(deposit=deposit, reason="没收", actor=billing.director)
    return only_event(DrawerSessionEvent, session=session), only_event(DepositEvent, deposit=deposit)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE {table} SET reason = 'changed' WHERE id = %s",
        "UPDATE {table} SET to_status = 'open' WHERE id = %s",
        "DELETE FROM {table} WHERE id = %s",
    ],
)
def test_the_database_refuses_to_change_or_delete_an_event(billing, sql):
    for event in _one_event_of_each(billing):
        table = event._meta.db_table
        assert table in EVENT_TABLES
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql.format(table=table), [event.pk])
        assert (
            type(event).objects.filter(pk=event.pk, reason=event.reason, to_status=event.to_status).exists()
        )


def test_the_orm_refuses_too(billing):
    drawer_event, deposit_event = _one_event_of_each(billing)
    with pytest.raises(TypeError):
        drawer_event.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        DepositEvent.objects.filter(pk=deposit_event.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        DrawerSessionEvent.objects.filter(pk=drawer_event.pk).update(reason="x")


def test_every_event_table_has_both_guards():
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            names = {row[0] for row in cursor.fetchall()}
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
            names = {row[0] for row in cursor.fetchall()}
    for table in EVENT_TABLES:
        assert {f"{table}_no_update", f"{table}_no_delete"} <= names


@pytest.mark.django_db(transaction=True)
def test_a_test_flush_still_empties_the_event_tables(billing):
    """Transactional tests end with Django's flush: TRUNCATE on PostgreSQL, guarded DELETEs on SQLite."""
    _one_event_of_each(billing)
    assert DrawerSessionEvent.objects.exists()  # teardown flushes; a refused DELETE would fail this test


def test_detail_pages_show_the_status_history_in_chinese(billing, login):
    from django.urls import reverse

    session = cash_services.open_session(billing.project.pk, billing.cashier)
    cash_services.close_drawer(session=session, counted=Decimal("500.00"), actor=billing.cashier)
    deposit = _deposit(billing)
    deposit_services.forfeit_deposit(deposit=deposit, reason="擅自拆改", actor=billing.director)
    client = login(billing.director)
    page = client.get(reverse("billing:drawer_session", args=[session.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    assert page.status_code == 200 and "状态变更记录" in html and "已日结，未缴存" in html
    html = client.get(reverse("billing:deposit", args=[deposit.pk])).content.decode()
    assert "状态变更记录" in html and "擅自拆改" in html and "已没收" in html


def test_each_aggregate_s_timeline_starts_with_its_creation(waivers):
    """Opening a drawer, taking a deposit, opening a dunning case (one or in bulk), applying for a
    waiver or a heating stop, and making a debit batch each write the first status event ("" → initial)."""
    from propdesk.billing.models import DebitBatchEvent, DunningCase, DunningCaseEvent, HeatingStopEvent
    from propdesk.billing.services import debit as debit_services
    from propdesk.billing.services import dunning as dunning_services
    from propdesk.billing.services import heating as heating_services

    def first(model, **kwargs):
        event = model.objects.filter(**kwargs).order_by("at", "id").first()
        return (event.from_status, event.to_status, event.actor_id)

    session = cash_services.open_session(waivers.project.pk, waivers.cashier)
    assert first(DrawerSessionEvent, session=session) == ("", "open", waivers.cashier.pk)
    deposit = _deposit(waivers)
    assert first(DepositEvent, deposit=deposit) == ("", "held", waivers.cashier.pk)
    application = _waiver(waivers, "100")
    assert first(WaiverEvent, application=application) == ("", "pending", waivers.cashier.pk)
    _mandate(waivers)
    batch = debit_services.create_batch(project=waivers.project, period=MARCH, actor=waivers.cashier)
    assert first(DebitBatchEvent, batch=batch) == ("", batch.status, waivers.cashier.pk)
    with time_machine.travel("2026-06-01 10:00 +0800", tick=False):
        opened = dunning_services.open_cases_for_arrears(project=waivers.project, actor=waivers.butler)
        assert opened >= 1
        for case in DunningCase.objects.filter(project=waivers.project):
            assert first(DunningCaseEvent, case=case) == ("", "open", waivers.butler.pk)
        heating = heating_services.apply_heating_stop(unit=waivers.unit, season=2026, actor=waivers.cashier)
    assert first(HeatingStopEvent, application=heating) == ("", "pending", waivers.cashier.pk)
    assert DunningCaseEvent.objects.count() == DunningCase.objects.count()  # one each, bulk included


# ---------------------------------------------------------------- the kit itself


def test_the_kit_refuses_a_field_the_move_does_not_set_and_saves_nothing(billing):
    session = cash_services.open_session(billing.project.pk, billing.cashier)
    with pytest.raises(TypeError):
        lifecycle.move(session, to=DrawerStatus.CLOSED, actor=billing.cashier, cashier=billing.director)
    with pytest.raises(TypeError):  # an event table of the one shape keeps no data
        lifecycle.move(session, to=DrawerStatus.CLOSED, actor=billing.cashier, event_data={"x": 1})
    session.refresh_from_db()
    assert session.status == DrawerStatus.OPEN and not status_moves(DrawerSessionEvent).exists()


def test_allowed_moves_are_what_the_table_offers_from_the_current_status(billing):
    session = cash_services.open_session(billing.project.pk, billing.cashier)
    assert [m.name for m in lifecycle.allowed_moves(session, billing.cashier)] == ["close"]
    cash_services.close_drawer(session=session, counted=Decimal("500.00"), actor=billing.cashier)
    session.refresh_from_db()
    assert lifecycle.allowed_targets(session, billing.cashier) == [DrawerStatus.DEPOSITED]


def test_a_loaded_status_cannot_be_assigned_outside_the_kit(billing):
    session = cash_services.open_session(billing.project.pk, billing.cashier)
    with pytest.raises(lifecycle.StatusWriteRefused):
        session.status = DrawerStatus.CLOSED
    assert session.status == DrawerStatus.OPEN
