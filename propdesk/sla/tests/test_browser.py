"""The explain page, the countdown badge and the bell in a real Chromium."""

import pytest
import time_machine

from propdesk.conftest import SCREENSHOT_DIR, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_explain_page_and_bell(browser, live_server):
    from propdesk.sla.sweeper import sweep

    from .helpers import at, sample_clock

    world = build_world()
    clock = sample_clock(world)
    with time_machine.travel(at(2026, 3, 10, 9, 16), tick=False):
        sweep()  # 5 minutes before the arrival is due: the technician (assignee) is warned
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "technician")
    page.fill("#id_password", "pw-technician")
    page.click("[data-testid=login-submit]")
    page.wait_for_selector("[data-testid=page-title]")
    assert page.locator("[data-testid=bell-count]").inner_text() == "1"
    page.click("[data-testid=bell]")
    page.click("[data-testid=open-notification]")
    page.wait_for_selector("[data-testid=explain-summary]")
    assert f"/sla/clocks/{clock.pk}/" in page.url
    assert "20" in page.locator("[data-testid=explain-rule]").inner_text()
    assert page.locator("[data-testid=explain-fired] tr").count() >= 2
    assert page.locator("[data-testid=sla-badge]").count() == 1
    page.screenshot(path=str(SCREENSHOT_DIR / "sla-explain.png"), full_page=True)
    assert page.locator("[data-testid=bell-count]").count() == 0
    context.close()
