"""The KPI page in Chromium at desktop (1366 px) and phone (375 px) width."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from propdesk.conftest import SCREENSHOT_DIR, build_world
from propdesk.servicedesk.tests.test_repairs import owner_signs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, base, username, password):
    page.goto(base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("[data-testid=login-submit]")
    page.wait_for_selector("[data-testid=page-title]")


def _history(world):
    from propdesk.servicedesk import services
    from propdesk.servicedesk.services import load_default_categories
    from propdesk.sla.defaults import load_sla_defaults

    load_default_categories(project=world.project)
    load_sla_defaults(project=world.project)
    now = timezone.now()
    for minutes_late, method in ((10, "door_visit"), (15, "door_visit"), (40, "phone")):
        with time_machine.travel(now - dt.timedelta(minutes=minutes_late), tick=False):
            request = services.receive_request(
                project=world.project,
                actor=world.frontdesk,
                kind="repair",
                channel="phone" if method == "phone" else "walk_in",
                content="漏水",
                reporter_name="张三",
                unit=world.unit,
            )
            order = services.dispatch(request=request, technician=world.technician, actor=world.dispatcher)
            services.accept_order(order=order, actor=world.technician)
        services.arrive(order=order, actor=world.technician)
        services.transition_request(request=request, to_status="resolved", actor=world.frontdesk)
        services.record_callback(
            request=request,
            method=method,
            satisfaction="satisfied",
            owner_words="好",
            actor=world.frontdesk,
            **owner_signs(method),
        )


def test_kpi_page_on_desktop_and_phone(browser, live_server):
    world = build_world()
    _history(world)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    for width, height, name in ((1366, 900, "desktop"), (375, 812, "phone")):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        _login(page, live_server.url, "cs_supervisor", "pw-cs_supervisor")
        page.goto(live_server.url + "/servicedesk/kpis/")
        page.wait_for_selector("#kpi-rates svg")
        assert page.inner_text("[data-testid=page-title]") == "客服指标"
        arrival = page.locator("[data-kpi=arrival]").inner_text()
        assert "66.7%" in arrival and "未达标" in arrival  # 2 of 3 within 20 minutes
        assert "66.7%" in page.locator("[data-kpi=door_share]").inner_text()
        if width == 375:
            assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.screenshot(path=str(SCREENSHOT_DIR / f"servicedesk-kpis-{name}.png"), full_page=True)
        context.close()
