"""押金 in the browser: the cashier takes a renovation deposit in cash at the desk, deducts a repair and refunds
the rest; the room page shows the deposit with its balance and status, also on a phone."""

from decimal import Decimal

import pytest

from propdesk.billing.models import Deposit, DepositMovement, DrawerEntry
from propdesk.billing.services import cash as cash_services
from propdesk.conftest import build_world

from .browser_helpers import PHONE, assert_no_horizontal_overflow, logged_in, shot, text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_take_deduct_and_refund_a_renovation_deposit_and_see_it_on_the_room_page(browser, live_server):
    world = build_world()
    cash_services.open_drawer(project=world.project, actor=world.cashier, opening_float=Decimal("0"))

    with logged_in(browser, live_server, "cashier") as page:
        page.goto(live_server.url + f"/billing/desk/units/{world.unit.pk}/")
        page.click("text=收押金")
        page.wait_for_selector("[data-testid=deposit-form]")
        assert text(page, "[data-testid=page-title]") == "收押金 3-2-1501"
        page.select_option("#id_kind", "renovation")
        page.fill("#id_amount", "2000")
        page.select_option("#id_method", "cash")
        page.fill("#id_payer_name", "张三")
        page.fill("#id_reference", "装修许可 ZX-001")
        page.click("[data-testid=deposit-form] button")
        page.wait_for_selector("[data-testid=balance]")
        deposit = Deposit.objects.get()
        assert (
            f"押金 {deposit.number} 已收取，收据 {deposit.payment.receipt.display_number}。" in page.content()
        )
        assert text(page, "[data-testid=balance]") == "¥2,000.00"
        assert text(page, "[data-testid=status]") == "持有中"
        assert "装修押金 · 装修许可 ZX-001" in page.content()
        assert "全额持有。" in text(page, "[data-testid=movements]")

        # Deduct a repair: the amount is required for a deduction.
        page.fill("#id_reason", "损坏电梯厅墙面")
        page.click("[data-testid=deduct]")
        page.wait_for_selector("[data-testid=movement-form] .text-danger")
        assert "请填写扣除金额" in text(page, "[data-testid=movement-form]")
        page.fill("#id_amount", "300")
        page.fill("#id_reason", "损坏电梯厅墙面")
        page.click("[data-testid=deduct]")
        page.wait_for_selector("text=押金已更新。")
        assert text(page, "[data-testid=balance]") == "¥1,700.00"
        assert "损坏电梯厅墙面" in text(page, "[data-testid=movements]")

        # Refund the rest in cash.
        page.select_option("#id_method", "cash")
        page.fill("#id_reason", "装修验收合格")
        page.click("[data-testid=refund]")
        page.wait_for_selector("text=押金已更新。")
        assert text(page, "[data-testid=balance]") == "¥0.00"
        assert text(page, "[data-testid=status]") == "已结清"
        assert page.locator("[data-testid=movement-form]").count() == 0  # nothing more can be done
        shot(page, "deposit-settled")

        # The room page: the deposits panel.
        page.goto(live_server.url + f"/registry/units/{world.unit.pk}/")
        panel = text(page, "[data-testid=unit-deposits]")
        assert deposit.number in panel and "装修押金" in panel and "¥0.00" in panel and "已结清" in panel

        # Her drawer: 2,000 in, 1,700 out.
        page.goto(live_server.url + "/billing/drawer/")
        assert text(page, "[data-testid=expected]") == "¥300.00"

    movements = list(DepositMovement.objects.order_by("id").values_list("kind", "amount", "reason"))
    assert movements == [
        ("deduction", Decimal("300.00"), "损坏电梯厅墙面"),
        ("refund", Decimal("1700.00"), "装修验收合格"),
    ]
    deposit.refresh_from_db()
    assert (
        deposit.status == "closed" and deposit.kind == "renovation" and deposit.amount == Decimal("2000.00")
    )
    assert sorted(DrawerEntry.objects.values_list("amount", flat=True)) == [
        Decimal("-1700.00"),
        Decimal("2000.00"),
    ]


def test_the_deposit_pages_and_the_room_panel_fit_a_phone(browser, live_server):
    world = build_world()
    cash_services.open_drawer(project=world.project, actor=world.cashier, opening_float=Decimal("0"))
    with logged_in(browser, live_server, "cashier", viewport=PHONE) as page:
        page.goto(live_server.url + f"/billing/desk/units/{world.unit.pk}/deposit/")
        assert_no_horizontal_overflow(page)
        page.select_option("#id_kind", "card")
        page.fill("#id_amount", "50")
        page.click("[data-testid=deposit-form] button")
        page.wait_for_selector("[data-testid=balance]")
        assert_no_horizontal_overflow(page)
        shot(page, "deposit-phone")
        page.goto(live_server.url + f"/registry/units/{world.unit.pk}/")
        page.wait_for_selector("[data-testid=unit-deposits]")
        assert "门禁卡押金" in text(page, "[data-testid=unit-deposits]")
        assert_no_horizontal_overflow(page)
        shot(page, "unit-deposits-phone")
        page.goto(live_server.url + "/billing/deposits/")
        assert_no_horizontal_overflow(page)
    assert Deposit.objects.get().kind == "card"
