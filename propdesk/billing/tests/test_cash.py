"""Cash drawer (现金收缴) and refunds: sessions, daily close, differences, bank deposits, refunds through the drawer."""

import datetime as dt
import io
import subprocess
import threading
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from openpyxl import load_workbook

from propdesk.billing import selectors, services
from propdesk.billing.choices import DrawerStatus
from propdesk.billing.models import (
    BankDeposit,
    DrawerDiscrepancy,
    DrawerEntry,
    DrawerSession,
    Payment,
    PrepaidEntry,
    Receipt,
    Refund,
)
from propdesk.billing.services import cash as cash_services
from propdesk.core.errors import AccessDenied, ServiceError

from .conftest import run_month

MARCH = dt.date(2026, 3, 1)
pytestmark = pytest.mark.django_db


def cash(world, amount, **kwargs):
    return services.take_payment(
        unit=world.unit, amount=Decimal(amount), method="cash", actor=world.cashier, **kwargs
    )


def drawer(world):
    return cash_services.open_session(world.project.pk, world.cashier)


def test_cash_is_refused_without_an_open_drawer_and_other_methods_are_not(world):
    with pytest.raises(ServiceError) as refused:
        services.take_payment(unit=world.unit, amount=Decimal("10"), method="cash", actor=world.cashier)
    assert refused.value.field == "method" and "开箱" in str(refused.value.message)
    assert not Payment.objects.exists() and not Receipt.objects.exists()
    services.take_payment(
        unit=world.unit, amount=Decimal("10"), method="pos", trade_no="P1", actor=world.cashier
    )
    assert not DrawerEntry.objects.exists()


def test_one_open_drawer_per_cashier(billing):
    with pytest.raises(ServiceError):
        cash_services.open_drawer(project=billing.project, actor=billing.cashier, opening_float=0)
    with pytest.raises(ServiceError):
        cash_services.open_drawer(project=billing.project, actor=billing.director, opening_float=-1)


@time_machine.travel(dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC), tick=False)
def test_the_daily_close_counts_float_payments_and_refunds(billing):
    cash(billing, "300.00")
    cash(billing, "200.50")
    services.take_payment(
        unit=billing.unit, amount=Decimal("99"), method="pos", trade_no="P9", actor=billing.cashier
    )
    cash_services.refund(
        unit=billing.unit, amount=Decimal("50.50"), method="cash", reason="多交退回", actor=billing.cashier
    )
    session = drawer(billing)
    breakdown = selectors.drawer_breakdown(session)
    assert breakdown["payments_count"] == 2 and breakdown["payments_total"] == Decimal("500.50")
    assert breakdown["refunds_count"] == 1 and breakdown["refunds_total"] == Decimal("50.50")
    assert breakdown["expected"] == Decimal("950.00")  # 500 float + 500.50 − 50.50
    closed = cash_services.close_drawer(session=session, counted=Decimal("950.00"), actor=billing.cashier)
    assert closed.status == DrawerStatus.CLOSED and closed.difference == 0
    assert not DrawerDiscrepancy.objects.exists()
    with pytest.raises(ServiceError) as again:
        cash_services.close_drawer(session=session, counted=Decimal("950.00"), actor=billing.cashier)
    assert again.value.code == "already_closed"
    with pytest.raises(ServiceError):  # closed: cash needs a new session
        cash(billing, "1.00")


def test_a_difference_needs_a_reason_and_an_approver_before_the_bank(billing):
    cash(billing, "100.00")
    session = drawer(billing)
    with pytest.raises(ServiceError) as no_reason:
        cash_services.close_drawer(session=session, counted=Decimal("590.00"), actor=billing.cashier)
    assert no_reason.value.field == "reason" and "-10.00" in str(no_reason.value.message)
    assert DrawerSession.objects.get(pk=session.pk).status == DrawerStatus.OPEN
    cash_services.close_drawer(
        session=session, counted=Decimal("590.00"), reason="找零差错", actor=billing.cashier
    )
    discrepancy = DrawerDiscrepancy.objects.get(session=session)
    assert discrepancy.amount == Decimal("-10.00") and discrepancy.reason == "找零差错"
    with pytest.raises(ServiceError):
        cash_services.record_bank_deposit(
            session=session,
            slip_number="YH001",
            amount=Decimal("90"),
            deposited_on=MARCH,
            actor=billing.cashier,
        )
    with pytest.raises(AccessDenied):  # the cashier holds no approval right
        cash_services.approve_discrepancy(discrepancy=discrepancy, actor=billing.cashier)
    cash_services.approve_discrepancy(discrepancy=discrepancy, comment="同意", actor=billing.cs_supervisor)
    discrepancy.refresh_from_db()
    assert discrepancy.approved_by == billing.cs_supervisor
    with pytest.raises(ServiceError):
        cash_services.approve_discrepancy(discrepancy=discrepancy, actor=billing.director)
    with pytest.raises(ServiceError) as too_much:
        cash_services.record_bank_deposit(
            session=session,
            slip_number="YH001",
            amount=Decimal("600"),
            deposited_on=MARCH,
            actor=billing.cashier,
        )
    assert too_much.value.field == "amount"
    deposit = cash_services.record_bank_deposit(
        session=session, slip_number="YH001", amount=Decimal("90"), deposited_on=MARCH, actor=billing.cashier
    )
    assert deposit.amount == Decimal("90.00")
    assert DrawerSession.objects.get(pk=session.pk).status == DrawerStatus.DEPOSITED
    with pytest.raises(ServiceError):
        cash_services.record_bank_deposit(
            session=session,
            slip_number="YH002",
            amount=Decimal("1"),
            deposited_on=MARCH,
            actor=billing.cashier,
        )
    assert BankDeposit.objects.count() == 1


def test_only_the_cashier_closes_her_drawer(billing):
    with pytest.raises(AccessDenied):
        cash_services.close_drawer(session=drawer(billing), counted=Decimal("500"), actor=billing.director)


def test_a_prepaid_refund_is_a_new_ledger_row_and_cannot_exceed_the_balance(billing):
    run_month(billing, MARCH)
    cash(billing, "1100.00")  # 1010.15 owed: 89.85 prepaid
    assert selectors.prepaid_balance(billing.unit) == Decimal("89.85")
    with pytest.raises(ServiceError) as too_much:
        cash_services.refund(
            unit=billing.unit, amount=Decimal("90"), method="cash", reason="退预存", actor=billing.cashier
        )
    assert too_much.value.field == "amount"
    with pytest.raises(ServiceError) as no_number:
        cash_services.refund(
            unit=billing.unit,
            amount=Decimal("10"),
            method="bank_transfer",
            reason="退预存",
            actor=billing.cashier,
        )
    assert no_number.value.field == "trade_no"
    row = cash_services.refund(
        unit=billing.unit,
        amount=Decimal("89.85"),
        method="bank_transfer",
        trade_no="TR-1",
        reason="业主搬离，退预存",
        actor=billing.cashier,
    )
    assert row.prepaid_entry.amount == Decimal("-89.85")
    assert selectors.prepaid_balance(billing.unit) == 0
    assert not DrawerEntry.objects.filter(refund=row).exists()  # a transfer does not touch the drawer


def test_refunding_a_payment_voids_its_receipt_and_pays_cash_out_of_the_drawer(billing):
    run_month(billing, MARCH)
    payment = cash(billing, "301.25")
    row = cash_services.refund(
        unit=billing.unit, payment=payment, method="cash", reason="重复缴费", actor=billing.cashier
    )
    assert row.amount == Decimal("301.25")
    receipt = Receipt.objects.get(payment=payment)
    assert receipt.is_void and "重复缴费" in receipt.void_reason
    assert Payment.objects.get(pk=payment.pk).amount == Decimal("301.25")  # the payment row is untouched
    assert sum(b.outstanding for b in selectors.outstanding_bills(billing.unit)) == Decimal("1010.15")
    assert DrawerEntry.objects.get(refund=row).amount == Decimal("-301.25")
    assert selectors.drawer_breakdown(drawer(billing))["expected"] == Decimal("500.00")
    with pytest.raises(ServiceError):
        cash_services.refund(
            unit=billing.unit, payment=payment, method="cash", reason="again", actor=billing.cashier
        )
    assert Refund.objects.count() == 1


def test_a_cash_refund_cannot_take_more_than_the_drawer_holds(billing):
    PrepaidEntry.objects.create(project=billing.project, unit=billing.unit, amount=Decimal("800"))
    with pytest.raises(ServiceError) as short:
        cash_services.refund(
            unit=billing.unit, amount=Decimal("600"), method="cash", reason="退预存", actor=billing.cashier
        )
    assert "钱箱现金不足" in str(short.value.message)
    assert selectors.prepaid_balance(billing.unit) == Decimal("800.00")


def test_drawer_rows_are_append_only(billing):
    from django.db import DatabaseError, IntegrityError, transaction

    entry = DrawerEntry.objects.get(payment=cash(billing, "5"))
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        DrawerEntry.objects.filter(pk=entry.pk).update(amount=Decimal("1"))


@pytest.mark.django_db(transaction=True)
def test_two_closes_of_one_drawer_close_it_once(world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks under concurrency are tested on PostgreSQL")
    session = cash_services.open_drawer(
        project=world.project, actor=world.cashier, opening_float=Decimal("100")
    )
    services.take_payment(unit=world.unit, amount=Decimal("20"), method="cash", actor=world.cashier)
    results, barrier = [], threading.Barrier(2)

    def close(counted, reason):
        from django.db import connections

        try:
            barrier.wait()
            cash_services.close_drawer(session=session, counted=counted, reason=reason, actor=world.cashier)
            results.append("ok")
        except ServiceError as exc:
            results.append(exc.code)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=close, args=(Decimal("120"), "")),
        threading.Thread(target=close, args=(Decimal("110"), "少十元")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["already_closed", "ok"]
    session.refresh_from_db()
    assert session.expected_amount == Decimal("120.00")
    assert DrawerDiscrepancy.objects.filter(session=session).count() == (session.counted_amount != 120)


# ---------------------------------------------------------------- pages


def test_the_cashier_opens_takes_cash_and_closes_on_her_drawer_page(world, login):
    client = login(world.cashier)
    page = client.get(f"/billing/desk/units/{world.unit.pk}/").content.decode()
    assert 'data-testid="no-drawer"' in page
    client.post("/billing/drawer/", {"action": "open", "opening_float": "200"})
    assert drawer(world).opening_float == Decimal("200.00")
    client.post(f"/billing/desk/units/{world.unit.pk}/", {"method": "cash", "amount": "88.00"})
    page = client.get("/billing/drawer/").content.decode()
    assert "¥288.00" in page and Receipt.objects.get().display_number in page
    response = client.post("/billing/drawer/", {"action": "close", "counted": "280"})
    assert response.status_code == 200 and "长短款原因" in response.content.decode()
    response = client.post("/billing/drawer/", {"action": "close", "counted": "280", "reason": "点错"})
    session = DrawerSession.objects.get()
    assert response["Location"] == f"/billing/drawer/sessions/{session.pk}/"
    assert session.counted_amount == Decimal("280.00") and session.discrepancy.amount == Decimal("-8.00")


def test_finance_approves_records_the_deposit_exports_and_prints(billing, login, tmp_path):
    cash(billing, "100.00")
    session = cash_services.close_drawer(
        session=drawer(billing), counted=Decimal("601"), reason="多一元", actor=billing.cashier
    )
    director = login(billing.director)
    director.post(f"/billing/drawer/sessions/{session.pk}/approve/", {"comment": "核实"})
    assert DrawerDiscrepancy.objects.get().approved_by == billing.director
    director.post(
        f"/billing/drawer/sessions/{session.pk}/deposit/",
        {"slip_number": "ICBC-778", "amount": "101.00", "deposited_on": "2026-03-11"},
    )
    assert BankDeposit.objects.get().slip_number == "ICBC-778"
    page = director.get("/billing/drawer/sessions/").content.decode()
    assert "¥601.00" in page and "ICBC-778" in page
    book = load_workbook(io.BytesIO(director.get("/billing/drawer/sessions/export/").content))
    rows = list(book.active.values)
    assert rows[0][0] == "开箱时间" and rows[1][5] == 601 and rows[1][9] == "ICBC-778"
    response = director.get(f"/billing/drawer/sessions/{session.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    (tmp_path / "close.pdf").write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "close.pdf"), "-"], capture_output=True, text=True
    ).stdout
    text = text.replace(" ", "")
    assert "现金日结报表" in text and "出纳签字" in text and "财务复核签字" in text and "ICBC-778" in text


def test_the_cashier_cannot_see_the_finance_list_or_approve(billing, login):
    cash(billing, "1")
    session = cash_services.close_drawer(
        session=drawer(billing), counted=Decimal("500"), reason="少一元", actor=billing.cashier
    )
    client = login(billing.cashier)
    assert client.get("/billing/drawer/sessions/").status_code == 403
    assert client.post(f"/billing/drawer/sessions/{session.pk}/approve/").status_code == 403
    assert client.get(f"/billing/drawer/sessions/{session.pk}/").status_code == 200  # her own session


def test_the_refund_page_refunds_prepaid_in_cash(billing, login):
    PrepaidEntry.objects.create(project=billing.project, unit=billing.unit, amount=Decimal("50"))
    client = login(billing.cashier)
    response = client.post(
        f"/billing/desk/units/{billing.unit.pk}/refund/",
        {"source": "prepaid", "amount": "20", "method": "cash", "reason": "退部分预存"},
    )
    assert response.status_code == 302
    assert selectors.prepaid_balance(billing.unit) == Decimal("30.00")
    assert selectors.drawer_breakdown(drawer(billing))["refunds_total"] == Decimal("20.00")


def test_the_sessions_list_takes_a_fixed_number_of_queries(billing, login, django_assert_max_num_queries):
    from propdesk.billing.tests.conftest import add_units

    for unit in add_units(billing, 3):
        services.take_payment(unit=unit, amount=Decimal("1"), method="cash", actor=billing.cashier)
    cash_services.close_drawer(
        session=drawer(billing), counted=Decimal("500"), reason="x", actor=billing.cashier
    )
    for _ in range(3):
        s = cash_services.open_drawer(project=billing.project, actor=billing.cashier, opening_float=0)
        cash_services.close_drawer(session=s, counted=Decimal("0"), actor=billing.cashier)
    client = login(billing.director)
    with django_assert_max_num_queries(15):
        assert client.get("/billing/drawer/sessions/").status_code == 200


# ---------------------------------------------------------------- API


def test_the_api_opens_closes_and_lists_drawers_and_refunds(world, login):
    client = login(world.cashier)
    response = client.post(
        "/api/v1/billing/drawer-sessions/",
        {"project": world.project.pk, "opening_float": "100.00"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    services.take_payment(unit=world.unit, amount=Decimal("30"), method="cash", actor=world.cashier)
    response = client.post(
        "/api/v1/billing/refunds/",
        {"unit": world.unit.pk, "method": "cash", "amount": "30", "reason": "退预存"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    response = client.post(
        f"/api/v1/billing/drawer-sessions/{pk}/close/", {"counted": "99"}, content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["fields"]
    response = client.post(
        f"/api/v1/billing/drawer-sessions/{pk}/close/",
        {"counted": "100"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["expected_amount"] == "100.00"
    assert [row["id"] for row in client.get("/api/v1/billing/drawer-sessions/").json()["results"]] == [pk]


def test_the_outsider_cannot_touch_a_drawer_even_with_a_bad_body(world, login):
    session = cash_services.open_drawer(project=world.project, actor=world.cashier, opening_float=0)
    client = login(world.outsider)
    assert client.post(f"/api/v1/billing/drawer-sessions/{session.pk}/close/", {}).status_code == 404
    assert client.post("/api/v1/billing/drawer-sessions/", {"project": world.project.pk}).status_code == 404
    assert client.post("/api/v1/billing/refunds/", {"unit": world.unit.pk}).status_code == 404
    assert client.get("/api/v1/billing/drawer-sessions/").json()["results"] == []
