"""The owner portal on a 375 px phone, in Chromium: paying two bills through the sandbox wallet and
seeing the receipt; reporting a repair with a photo, staff finishing it, the owner signing and
rating; the browser's back button. The user guide's pictures come from test_browser_journey.py (realistic
names, not the SENTINEL world); these go to var/screenshots/ only."""

from __future__ import annotations

import datetime as dt

import pytest
from PIL import Image

from propdesk.conftest import SCREENSHOT_DIR, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GUIDE_IMAGES = SCREENSHOT_DIR
PHONE = {"width": 375, "height": 812}


def _world(tmp_path, settings):
    from propdesk.billing import services as billing
    from propdesk.billing.models import ProviderAccount
    from propdesk.billing.tests.conftest import run_month
    from propdesk.servicedesk.services import load_default_categories

    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    billing.load_default_charge_items(
        project=world.project, actor=world.director, effective_from=dt.date(2020, 1, 1)
    )
    for method, merchant in (("wechat", "1900000109"), ("alipay", "2088000000000001")):
        ProviderAccount.objects.create(
            project=world.project, method=method, merchant_id=merchant, signing_key="k" * 32
        )
    run_month(world, dt.date(2026, 3, 1))
    load_default_categories(project=world.project)
    return world


def _phone(browser, live_server):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "owner")
    page.fill("#id_password", "pw-owner")
    page.click("[data-testid=login-submit]")
    page.wait_for_selector("[data-testid=my-units]")
    return context, page


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_owner_pays_two_bills_through_the_wallet_and_sees_the_receipt(
    browser, live_server, tmp_path, settings
):
    from propdesk.billing.models import Bill, Receipt

    world = _world(tmp_path, settings)
    bills = list(Bill.objects.filter(unit=world.unit).order_by("period", "pk"))
    assert len(bills) == 3  # management fee, heating, refuse: the owner pays two of them now
    GUIDE_IMAGES.mkdir(parents=True, exist_ok=True)
    context, page = _phone(browser, live_server)
    assert page.locator("[data-testid=todo-bills]").count() == 1
    _fits(page)
    page.screenshot(path=str(GUIDE_IMAGES / "portal-home.png"), full_page=True)
    page.click("[data-testid=tab-bills]")
    page.wait_for_selector("[data-testid=unit-bills]")
    assert page.locator("[data-testid=bill]:checked").count() == 3  # all chosen by default
    _fits(page)
    page.screenshot(path=str(GUIDE_IMAGES / "portal-bills.png"), full_page=True)
    # Unchecking a bill lowers the total.
    page.locator(f"[data-testid=bill][value='{bills[2].pk}']").uncheck()
    total = bills[0].amount + bills[1].amount
    assert page.inner_text("[data-testid=pay-total]") == f"¥{total:,.2f}"
    assert page.locator("[data-testid=pay]").bounding_box()["height"] >= 44
    page.click("[data-testid=method-alipay]")
    page.click("[data-testid=pay]")
    page.wait_for_selector("[data-testid=wallet-amount]")
    assert page.inner_text("[data-testid=wallet-amount]") == f"¥{total:,.2f}"
    page.click("[data-testid=wallet-pay]")
    page.click("[data-testid=wallet-back]")
    page.wait_for_selector("[data-testid=receipt]")
    receipt = Receipt.objects.get()
    assert receipt.display_number in page.inner_text("[data-testid=receipt]")
    with page.expect_download() as download:
        page.click("[data-testid=receipt-pdf]")
    assert download.value.suggested_filename == f"{receipt.display_number}.pdf"
    assert set(Receipt.objects.get().payment.allocations.values_list("bill_id", flat=True)) == {
        bills[0].pk,
        bills[1].pk,
    }
    page.click("text=返回我的账单")
    page.wait_for_selector("[data-testid=unit-bills]")
    assert page.locator("[data-testid=bill]").count() == 1  # the one left unpaid
    # The back button goes back through the pages visited.
    page.go_back()
    page.wait_for_selector("[data-testid=payment-state]")
    context.close()


def _photo(tmp_path) -> str:
    path = tmp_path / "leak.jpg"
    Image.new("RGB", (320, 240), (40, 90, 160)).save(path, format="JPEG")
    return str(path)


def test_the_owner_reports_a_repair_with_a_photo_signs_the_completion_and_rates_it(
    browser, live_server, tmp_path, settings
):
    from propdesk.servicedesk import services as desk
    from propdesk.servicedesk.models import OwnerRating, ServiceRequest, WorkOrder

    world = _world(tmp_path, settings)
    context, page = _phone(browser, live_server)
    page.click("[data-testid=tab-requests]")
    page.click("[data-testid=new-request]")
    page.wait_for_selector("[data-testid=request-form]")
    assert page.get_attribute("[data-testid=photos]", "capture") == "environment"
    page.fill("#id_content", "卫生间地漏反水")
    page.set_input_files("[data-testid=photos]", _photo(tmp_path))
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=timeline]")
    request = ServiceRequest.objects.get()
    assert request.photos.count() == 1
    assert page.locator("[data-testid=deadline]").count() >= 1
    # Staff take it from here through their own services.
    order = desk.dispatch(request=request, technician=world.technician, actor=world.dispatcher)
    desk.accept_order(order=order, actor=world.technician)
    desk.arrive(order=order, actor=world.technician)
    desk.complete_order(order=order, actor=world.technician, work_done="疏通地漏", labour_minutes=20)
    page.goto(live_server.url + "/portal/")
    page.click("[data-testid=todo-confirm]")
    page.wait_for_selector("[data-testid=signature-pad]")
    page.wait_for_load_state("load")  # the pad's script listens from then on
    _fits(page)
    pad = page.locator("[data-testid=signature-pad]").bounding_box()
    page.mouse.move(pad["x"] + 30, pad["y"] + 100)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(pad["x"] + 30 + step * 20, pad["y"] + 100 - (step % 3) * 25)
    page.mouse.up()
    page.locator("[data-testid=request-head]").scroll_into_view_if_needed()
    page.screenshot(path=str(GUIDE_IMAGES / "portal-request.png"))  # what the phone's screen shows
    page.click("[data-testid=confirm-submit]")
    page.wait_for_selector(".alert-success")
    order = WorkOrder.objects.get()
    assert order.signature and order.signed_at is not None
    desk.return_slip(order=order, actor=world.frontdesk)
    page.reload()
    page.click("[data-testid=sat-satisfied]")
    page.fill("textarea[name=comment]", "师傅很专业")
    page.click("[data-testid=rate-submit]")
    page.wait_for_selector("[data-testid=rated]")
    assert OwnerRating.objects.get().satisfaction == "satisfied"
    # Back to the list with the browser's back button, then forward to the detail again.
    page.goto(live_server.url + "/portal/requests/")
    page.click("[data-testid=request-row]")
    page.wait_for_selector("[data-testid=timeline]")
    page.go_back()
    page.wait_for_selector("[data-testid=request-row]")
    page.go_forward()
    page.wait_for_selector("[data-testid=rated]")
    context.close()
