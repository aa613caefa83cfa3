"""The cashier at a desktop: find 3-2-1501, take cash, open the receipt PDF."""

import datetime as dt

import pytest

from propdesk.billing import services
from propdesk.billing.services import cash as cash_services
from propdesk.conftest import SCREENSHOT_DIR, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_cashier_takes_a_cash_payment_for_3_2_1501_and_opens_the_receipt(browser, live_server):
    world = build_world()
    services.load_default_charge_items(
        project=world.project, actor=world.director, effective_from=dt.date(2020, 1, 1)
    )
    run = services.start_billing_run(project=world.project, period=dt.date(2026, 3, 1), actor=world.cashier)
    services.execute_billing_run(run.pk)
    cash_services.open_drawer(project=world.project, actor=world.cashier, opening_float=0)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)

    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(live_server.url + "/login/")
        page.fill("#id_username", "cashier")
        page.fill("#id_password", "pw-cashier")
        page.click("[data-testid=login-submit]")
        page.wait_for_selector("[data-testid=page-title]")
        page.goto(live_server.url + "/billing/desk/")
        page.fill("[data-testid=unit-query]", "3-2-1501")
        page.keyboard.press("Enter")
        page.wait_for_selector("[data-testid=total-due]")
        assert page.locator("[data-testid=page-title]").inner_text() == "3-2-1501"
        assert page.locator("[data-testid=total-due]").inner_text() == "¥1,010.15"
        page.screenshot(path=str(SCREENSHOT_DIR / "billing-desk.png"), full_page=True)
        page.select_option("#id_method", "cash")
        page.fill("#id_amount", "1010.15")
        page.fill("#id_payer_name", "张三")
        page.click("[data-testid=take-payment]")
        page.wait_for_selector("[data-testid=receipt-amount]")
        assert "壹仟零壹拾元零壹角伍分" in page.locator("[data-testid=receipt-amount]").inner_text()
        page.screenshot(path=str(SCREENSHOT_DIR / "billing-receipt.png"), full_page=True)
        pdf_url = page.locator("[data-testid=receipt-pdf]").get_attribute("href")
        response = page.request.get(live_server.url + pdf_url)
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF")
        (SCREENSHOT_DIR / "billing-receipt.pdf").write_bytes(response.body())
    finally:
        context.close()
