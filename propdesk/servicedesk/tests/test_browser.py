"""A phone repair from the front desk to the CS supervisor's phone, in Chromium."""

import pytest

from propdesk.conftest import SCREENSHOT_DIR, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, base, username, password):
    page.goto(base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("[data-testid=login-submit]")
    page.wait_for_selector("[data-testid=page-title]")


def test_front_desk_records_a_repair_and_the_supervisor_accepts_the_hand_off_on_a_phone(browser, live_server):
    from propdesk.servicedesk.services import load_default_categories

    world = build_world()
    load_default_categories(project=world.project)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    page = desk.new_page()
    _login(page, live_server.url, "frontdesk", "pw-frontdesk")
    page.goto(live_server.url + "/servicedesk/new/")
    page.fill("#id_unit_label", "3-2-1501")
    page.wait_for_selector("[data-testid=unit-hint]")
    page.click("text=业主本人来电")
    assert page.input_value("#id_reporter_name") == "SENTINEL张三"
    page.select_option("#id_category", label="给排水 / 漏水渗水")
    page.fill("#id_content", "卫生间漏水到楼下")
    page.screenshot(path=str(SCREENSHOT_DIR / "servicedesk-intake-desktop.png"), full_page=True)
    page.click("[data-testid=save-request]")
    page.wait_for_selector("[data-testid=timeline]")
    assert page.inner_text("[data-testid=first-receiver]") == "frontdesk"
    page.fill("#id_reason", "需客服主管协调工程部")
    page.click("[data-testid=request-handoff]")
    page.wait_for_selector(".alert-success")
    desk.close()

    phone = browser.new_context(viewport={"width": 375, "height": 812})
    mobile = phone.new_page()
    _login(mobile, live_server.url, "cs_supervisor", "pw-cs_supervisor")
    mobile.goto(live_server.url + "/servicedesk/handoffs/")
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 375
    button = mobile.locator("[data-testid^=accept-]").first
    assert button.bounding_box()["height"] >= 44
    mobile.screenshot(path=str(SCREENSHOT_DIR / "servicedesk-handoffs-phone.png"), full_page=True)
    button.click()
    mobile.wait_for_selector(".alert-success")
    from propdesk.servicedesk.models import ServiceRequest

    request = ServiceRequest.objects.get()
    assert request.holder.username == "cs_supervisor" and request.first_receiver.username == "frontdesk"
    mobile.goto(live_server.url + f"/servicedesk/{request.pk}/")
    mobile.screenshot(path=str(SCREENSHOT_DIR / "servicedesk-detail-phone.png"), full_page=True)
    phone.close()


def test_technician_accepts_arrives_completes_and_the_owner_signs_on_the_phone(
    browser, live_server, settings, tmp_path
):
    from propdesk.servicedesk import services
    from propdesk.servicedesk.models import WorkOrder

    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    request = services.receive_request(
        project=world.project,
        actor=world.frontdesk,
        kind="repair",
        channel="walk_in",
        content="厨房水龙头漏水",
        reporter_name="SENTINEL张三",
        unit=world.unit,
        reporter_phone="13812345678",
    )
    services.dispatch(request=request, technician=world.technician, actor=world.dispatcher)
    phone = browser.new_context(viewport={"width": 375, "height": 812}, has_touch=True)
    page = phone.new_page()
    _login(page, live_server.url, "technician", "pw-technician")
    page.goto(live_server.url + "/servicedesk/my-orders/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    accept = page.locator("[data-testid=step-accept]")
    assert accept.bounding_box()["height"] >= 44
    accept.click()
    page.click("[data-testid=step-arrive]")
    page.fill("textarea[name=work_done]", "更换水龙头阀芯")
    page.fill("input[name=material_name]", "阀芯")
    page.fill("input[name=material_quantity]", "1")
    page.fill("input[name=material_unit]", "个")
    page.click("[data-testid=step-complete]")
    pad = page.locator("[data-testid=signature-pad]")
    box = pad.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 80)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 20 + step * 25, box["y"] + 80 + (15 if step % 2 else -15))
    page.mouse.up()
    page.screenshot(path=str(SCREENSHOT_DIR / "technician-sign-phone.png"), full_page=True)
    page.click("[data-testid=step-sign]")
    page.wait_for_selector("text=交回客服")
    order = WorkOrder.objects.get()
    assert order.state == "signed" and order.signer_name == "SENTINEL张三"
    assert order.signature.read().startswith(b"\x89PNG")
    phone.close()


def test_the_supervisor_extends_an_active_callback_plan_on_a_phone(browser, live_server):
    import datetime as dt

    from propdesk.registry.tests.factories import UnitFactory
    from propdesk.servicedesk.models import CallbackPlan
    from propdesk.servicedesk.services import plans

    world = build_world()
    UnitFactory.create_batch(6, building=world.building, status="occupied")
    plan = plans.create_plan(
        project=world.project,
        actor=world.cs_supervisor,
        title="冬季供暖回访",
        kind="seasonal",
        starts_on=dt.date(2026, 11, 15),
        ends_on=dt.date(2026, 12, 15),
        content="室温是否达标",
        responsible=world.butler,
        sample_size=4,
    )
    plans.generate_tasks(plan=plan, actor=world.cs_supervisor)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    phone = browser.new_context(viewport={"width": 375, "height": 812})
    page = phone.new_page()
    _login(page, live_server.url, "cs_supervisor", "pw-cs_supervisor")
    page.goto(live_server.url + f"/servicedesk/callback-plans/{plan.pk}/")
    page.click("[data-testid=edit-plan]")
    page.wait_for_selector("text=抽样条件")
    assert page.is_disabled("#id_sample_size") and not page.is_disabled("#id_ends_on")
    page.fill("#id_ends_on", "2026-12-31")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(SCREENSHOT_DIR / "servicedesk-plan-edit-phone.png"), full_page=True)
    page.click("button:has-text('保存')")
    page.wait_for_selector(".alert-success")
    assert CallbackPlan.objects.get(pk=plan.pk).ends_on == dt.date(2026, 12, 31)
    phone.close()
