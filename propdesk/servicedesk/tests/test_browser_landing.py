"""Each role's landing page is their to-do list (issue 18 item 4), seen in Chromium at the widths
they work at; with PROPDESK_SCREENSHOTS=docs/img the screenshots are the user guide's (landing-*.png)."""

import datetime as dt

import pytest
import time_machine

from propdesk.conftest import build_world, guide_folder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    """The guide's picture (docs/img/landing-*.png), only when PROPDESK_SCREENSHOTS asks for it."""
    folder = guide_folder()
    if folder is not None:
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def _login(page, base, username, password):
    page.goto(base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("[data-testid=login-submit]")


def _day(world):
    """A morning's state: an old small repair gone late, a fresh one, an urgent leak nobody
    dispatched for 27 minutes, a complaint and a hand-off waiting, one order with the technician."""
    from propdesk.core.models import Position, User
    from propdesk.core.services import add_membership
    from propdesk.servicedesk import services
    from propdesk.servicedesk.services import load_default_categories

    load_default_categories(project=world.project)
    now = dt.datetime.now(dt.UTC)

    def receive(at, **kw):
        values = {
            "unit": world.unit,
            "reporter_name": "SENTINEL张三",
            "kind": "repair",
            "channel": "phone",
        } | kw
        with time_machine.travel(at, tick=False):
            return services.receive_request(project=world.project, actor=world.frontdesk, **values)

    # Five days back: late on its same-day deadline whatever the weekday and hour the test runs at.
    late = receive(now - dt.timedelta(days=5), repair_class="small", content="楼道灯不亮")
    # Within the 20 minutes to dispatch (接修流程 5.1), so not late yet.
    receive(now - dt.timedelta(minutes=10), repair_class="small", content="门禁读卡器失灵")
    receive(now - dt.timedelta(minutes=27), repair_class="emergency", content="厨房水管爆裂，水漫到客厅")
    receive(now - dt.timedelta(hours=5), kind="complaint", content="夜间装修噪音", repair_class="")
    colleague = User.objects.create_user(username="fd2", password="pw-fd2", display_name="前台小李")
    add_membership(
        user=colleague, project=world.project, position=Position.objects.get(code="frontdesk_assistant")
    )
    with time_machine.travel(now - dt.timedelta(minutes=10), tick=False):
        theirs = services.receive_request(
            project=world.project,
            actor=colleague,
            kind="inquiry",
            channel="walk_in",
            unit=world.unit,
            reporter_name="SENTINEL张三",
            content="车位续租",
        )
        services.request_handoff(request=theirs, to=world.frontdesk, reason="请跟进车位续租", actor=colleague)
    with time_machine.travel(now - dt.timedelta(minutes=15), tick=False):
        services.dispatch(request=late, technician=world.technician, actor=world.dispatcher)
    return late, theirs


def test_front_desk_and_director_land_on_their_own_to_do_lists(browser, live_server):
    world = build_world()
    late, handed = _day(world)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()

    _login(page, live_server.url, "frontdesk", "pw-frontdesk")
    page.wait_for_selector("[data-testid=todo]")
    held = page.locator("[data-testid=todo-sd_held] [data-testid=todo-item]")
    assert late.number in held.first.inner_text(), "the late request is on top"
    assert held.first.get_attribute("data-colour") == "danger"
    assert handed.number in page.inner_text("[data-testid=todo-sd_handoffs]")
    assert page.locator("[data-testid=todo-sd_late]").count() == 0, "not the director's section"
    _shot(page, "landing-frontdesk")
    page.context.clear_cookies()

    _login(page, live_server.url, "director", "pw-director")
    page.wait_for_selector("[data-testid=todo-sd_late]")
    assert late.number in page.inner_text("[data-testid=todo-sd_late]")
    assert page.locator("[data-testid=todo-sd_late] [data-testid=todo-groups]").count() == 1
    assert page.locator("[data-testid=todo-sd_held]").count() == 0
    assert page.locator("[data-testid=stat-units]").count() == 1, "the totals stay"
    _shot(page, "landing-director")
    page.context.clear_cookies()

    _login(page, live_server.url, "dispatcher", "pw-dispatcher")
    page.wait_for_selector("[data-testid=todo-sd_dispatch]")
    first = page.locator("[data-testid=todo-sd_dispatch] [data-testid=todo-item]").first
    assert "水管爆裂" not in first.inner_text() or first.get_attribute("data-colour") != "success"
    assert first.get_attribute("data-colour") in ("warning", "danger"), "the urgent leak leads, coloured"
    _shot(page, "landing-dispatcher")
    context.close()


def test_the_technician_lands_on_his_cards_on_the_phone(browser, live_server):
    world = build_world()
    late, _handed = _day(world)
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    _login(page, live_server.url, "technician", "pw-technician")
    page.wait_for_url("**/servicedesk/my-orders/")
    page.wait_for_selector("[data-testid=page-title]")
    assert late.number in page.inner_text("body")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    _shot(page, "landing-technician")
    context.close()
