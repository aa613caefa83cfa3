"""Issue 18: a technician's phone receives a dispatch (badge, sound, the card with its deadline), then
sees the deadline turn red when the arrival time has passed and the SLA sweeper has run."""

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from propdesk.conftest import SCREENSHOT_DIR, build_world

from .test_browser import _login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_technician_is_told_of_a_dispatch_on_the_phone_and_sees_its_deadline_turn_red(
    browser, live_server, settings
):
    from propdesk.servicedesk import services
    from propdesk.sla.defaults import load_sla_defaults
    from propdesk.sla.sweeper import sweep

    settings.NOTICE_POLL_SECONDS = 1
    world = build_world()
    services.load_default_categories(project=world.project)
    load_sla_defaults(project=world.project)
    request = services.receive_request(
        project=world.project,
        actor=world.frontdesk,
        kind="repair",
        channel="phone",
        content="厨房水龙头漏水",
        reporter_name="SENTINEL张三",
        unit=world.unit,
        reporter_phone="13812345678",
    )
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    phone = browser.new_context(viewport={"width": 375, "height": 812}, has_touch=True, locale="zh-CN")
    page = phone.new_page()
    page.set_default_timeout(15000)
    _login(page, live_server.url, "technician", "pw-technician")
    page.goto(live_server.url + "/servicedesk/my-orders/")
    page.wait_for_selector("[data-empty]")
    assert page.locator("[data-testid=bell-count]").count() == 0

    dispatched = timezone.now()
    order = services.dispatch(request=request, technician=world.technician, actor=world.dispatcher)

    # The page hears of it without a reload: the bell shows 1, it rang, it says what arrived, the card is in.
    page.wait_for_selector(f"[data-card='{order.pk}']")
    assert page.inner_text("[data-testid=bell-count]") == "1"
    assert page.get_attribute("[data-testid=live-notices]", "data-rings") == "1"
    assert request.number in page.inner_text("[data-testid=live-announce]")
    deadline = page.locator(f"[data-card='{order.pk}'] [data-testid=deadline]").first
    due = timezone.localtime(dispatched + dt.timedelta(minutes=20))
    assert deadline.get_attribute("data-colour") == "success"
    assert f"{due:%H:%M}" in deadline.inner_text() and "派工后到场" in deadline.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(SCREENSHOT_DIR / "technician-dispatch-arrives-phone.png"), full_page=True)

    # 25 minutes later nobody is on site: the sweeper breaches the arrival clock and tells the technician.
    with time_machine.travel(dispatched + dt.timedelta(minutes=25), tick=True):
        sweep()
        page.wait_for_selector(f"[data-card='{order.pk}'] [data-testid=deadline][data-colour=danger]")
        red = page.locator(f"[data-card='{order.pk}'] [data-testid=deadline]").first
        assert "已超时" in red.inner_text()
        # Polled by Playwright's own matcher: a string predicate (wait_for_function) needs eval, which the CSP forbids.
        expect(page.locator("[data-testid=bell-count]")).to_have_text(
            re.compile(r"^([2-9]|\d{2,})$"), timeout=20_000
        )
        assert int(page.get_attribute("[data-testid=live-notices]", "data-rings")) >= 2
        page.screenshot(path=str(SCREENSHOT_DIR / "technician-deadline-breached-phone.png"), full_page=True)
        # The notification names the request and opens the order card.
        page.goto(live_server.url + "/notifications/")
        assert request.number in page.inner_text("[data-testid=notifications]")
        page.screenshot(path=str(SCREENSHOT_DIR / "technician-notifications-phone.png"), full_page=True)
    phone.close()
