"""现金收缴 in the browser: the cashier opens her drawer, takes cash at the desk by keyboard, closes the day
short with a reason; the CS supervisor approves the difference; the cashier records the bank deposit."""

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from propdesk.billing import services
from propdesk.billing.models import BankDeposit, DrawerDiscrepancy, DrawerEntry, DrawerSession, Payment
from propdesk.conftest import build_world

from .browser_helpers import PHONE, assert_no_horizontal_overflow, logged_in, shot, text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _march_bills(world):
    services.load_default_charge_items(
        project=world.project, actor=world.director, effective_from=dt.date(2020, 1, 1)
    )
    run = services.start_billing_run(project=world.project, period=dt.date(2026, 3, 1), actor=world.cashier)
    services.execute_billing_run(run.pk)


def test_open_take_cash_by_keyboard_close_short_approve_and_bank(browser, live_server):
    world = build_world()
    _march_bills(world)  # 3-2-1501 owes ¥1,010.15

    with logged_in(browser, live_server, "cashier") as page:
        # The desk refuses cash before the drawer is open and says where to open it.
        page.goto(live_server.url + "/billing/desk/")
        # The room box has the focus (autofocus is applied at a rendering step, after the load event on a
        # busy machine: wait for it rather than type into nothing).
        expect(page.locator("#q")).to_be_focused()
        page.keyboard.type("3-2-1501")
        page.keyboard.press("Enter")
        page.wait_for_selector("[data-testid=total-due]")
        assert "您的钱箱未开箱，不能收现金。" in text(page, "[data-testid=no-drawer]")
        page.click("[data-testid=no-drawer] a")

        # 我的钱箱: open with a float of ¥500.
        page.wait_for_selector("[data-testid=open-form]")
        assert text(page, "[data-testid=page-title]") == "我的钱箱"
        page.fill("#id_opening_float", "500")
        page.click("[data-testid=open-drawer]")
        page.wait_for_selector("[data-testid=close-form]")
        assert "已开箱" in page.content() and text(page, "[data-testid=drawer-status]") == "收款中"
        assert text(page, "[data-testid=expected]") == "¥500.00"
        assert "尚无现金收支。" in text(page, "[data-testid=drawer-entries]")

        # The cashier desk by keyboard: room, Enter, the amount is filled in, Tab to the payer, Enter.
        page.goto(live_server.url + "/billing/desk/")
        expect(page.locator("#q")).to_be_focused()
        page.keyboard.type("3-2-1501")
        page.keyboard.press("Enter")
        page.wait_for_selector("[data-testid=total-due]")
        assert text(page, "[data-testid=total-due]") == "¥1,010.15"
        assert page.locator("[data-testid=no-drawer]").count() == 0
        assert page.input_value("#id_method") == "cash"
        assert page.input_value("#id_amount") == "1010.15"
        # ready to type over (core/forms.js focuses it once the page's scripts have run)
        expect(page.locator("#id_amount")).to_be_focused()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "id_payer_name"
        page.keyboard.type("张三")
        page.keyboard.press("Enter")
        page.wait_for_selector("[data-testid=receipt-amount]")
        assert "壹仟零壹拾元零壹角伍分" in text(page, "[data-testid=receipt-amount]")
        payment = Payment.objects.get()
        assert payment.method == "cash" and payment.amount == Decimal("1010.15")
        assert DrawerEntry.objects.get().payment == payment

        # Back in the drawer: float + cash taken, the receipt listed.
        page.goto(live_server.url + "/billing/drawer/")
        assert text(page, "[data-testid=expected]") == "¥1,510.15"
        entries = text(page, "[data-testid=drawer-entries]")
        assert "3-2-1501" in entries and payment.receipt.display_number in entries and "¥1,010.15" in entries
        assert "+ 现金收款 1 笔 ¥1,010.15" in text(page, "[data-testid=drawer-breakdown]")
        shot(page, "cash-drawer-open")

        # Daily close ¥10.15 short: refused without a reason, then closed with one.
        page.fill("#id_counted", "1500.00")
        page.click("[data-testid=close-drawer]")
        page.wait_for_selector("[data-testid=close-form] .text-danger")
        assert "请填写长短款原因" in text(page, "[data-testid=close-form]")
        assert page.input_value("#id_counted") == "1500.00"  # nothing typed is lost
        assert DrawerSession.objects.get().status == "open"
        page.fill("#id_reason", "找零差错")
        page.click("[data-testid=close-drawer]")
        page.wait_for_selector("[data-testid=discrepancy]")
        assert text(page, "[data-testid=counted]") == "¥1,500.00"
        assert text(page, "[data-testid=difference]") == "-¥10.15"
        assert "已日结。" in page.content()
        assert "找零差错" in text(page, "[data-testid=discrepancy]")
        assert "待财务审批" in text(page, "[data-testid=discrepancy]")
        assert page.locator("[data-testid=approve]").count() == 0  # never her own difference
        # The bank deposit waits for the approval: no form that would only be refused.
        assert page.locator("[data-testid=deposit-form]").count() == 0
        shot(page, "cash-drawer-closed")
        session = DrawerSession.objects.get()
        assert session.status == "closed"
        assert (session.expected_amount, session.counted_amount) == (Decimal("1510.15"), Decimal("1500.00"))
        discrepancy = DrawerDiscrepancy.objects.get()
        assert discrepancy.amount == Decimal("-10.15") and discrepancy.reason == "找零差错"

    with logged_in(browser, live_server, "cs_supervisor") as page:
        page.goto(live_server.url + "/billing/drawer/sessions/")
        assert text(page, "[data-testid=page-title]") == "现金收缴"
        row = page.locator("tbody tr").first
        assert "已日结，未缴存" in text(page, "tbody tr") and "待审批" in row.inner_text()
        assert "¥1,510.15" in row.inner_text() and "¥1,500.00" in row.inner_text()
        row.locator("a").click()
        page.wait_for_selector("[data-testid=approve]")
        page.fill("#id_comment", "已核实，出纳自行补足")
        page.click("[data-testid=approve]")
        page.wait_for_selector("[data-testid=discrepancy] .text-success")
        assert "审批人" in text(page, "[data-testid=discrepancy]")
        assert "已核实，出纳自行补足" in text(page, "[data-testid=discrepancy]")
        assert page.locator("[data-testid=deposit-form]").count() == 0  # banking is the cashier's
        discrepancy.refresh_from_db()
        assert discrepancy.approved_by == world.cs_supervisor and discrepancy.approved_at is not None

    with logged_in(browser, live_server, "cashier") as page:
        page.goto(live_server.url + f"/billing/drawer/sessions/{session.pk}/")
        page.wait_for_selector("[data-testid=deposit-form]")
        assert page.input_value("#id_amount") == "1000.00"  # counted − float stays as the next float
        page.fill("#id_slip_number", "JK-20260301-01")
        page.click("[data-testid=deposit-form] button")
        page.wait_for_selector("[data-testid=deposit]")
        assert "JK-20260301-01" in text(page, "[data-testid=deposit]")
        assert "¥1,000.00" in text(page, "[data-testid=deposit]")
        assert "已缴存银行" in text(page, "h1 + .badge, .badge")
        shot(page, "cash-drawer-banked")
        pdf = page.request.get(live_server.url + f"/billing/drawer/sessions/{session.pk}/pdf/")
        assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    session.refresh_from_db()
    assert session.status == "deposited"
    deposit = BankDeposit.objects.get()
    assert (deposit.slip_number, deposit.amount, deposit.recorded_by) == (
        "JK-20260301-01",
        Decimal("1000.00"),
        world.cashier,
    )


def test_the_drawer_and_the_finance_list_fit_a_phone(browser, live_server):
    world = build_world()
    _march_bills(world)
    with logged_in(browser, live_server, "cashier", viewport=PHONE) as page:
        page.goto(live_server.url + "/billing/drawer/")
        assert_no_horizontal_overflow(page)
        page.fill("#id_opening_float", "200")
        page.click("[data-testid=open-drawer]")
        page.wait_for_selector("[data-testid=close-form]")
        page.goto(live_server.url + f"/billing/desk/units/{world.unit.pk}/")
        assert_no_horizontal_overflow(page)
        page.click("[data-testid=take-payment]")
        page.wait_for_selector("[data-testid=receipt-amount]")
        page.goto(live_server.url + "/billing/drawer/")
        assert_no_horizontal_overflow(page)
        shot(page, "cash-drawer-phone")
        page.fill("#id_counted", "1210.15")
        page.click("[data-testid=close-drawer]")
        page.wait_for_selector("[data-testid=drawer-breakdown]")
        assert_no_horizontal_overflow(page)
        assert text(page, "[data-testid=difference]") == "¥0.00"
    with logged_in(browser, live_server, "cs_supervisor", viewport=PHONE) as page:
        page.goto(live_server.url + "/billing/drawer/sessions/")
        assert_no_horizontal_overflow(page)
        shot(page, "cash-sessions-phone")
    assert DrawerSession.objects.get().counted_amount == Decimal("1210.15")
