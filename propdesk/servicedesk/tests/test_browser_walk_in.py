"""A walk-in repair end to end in Chromium: front desk → dispatcher → technician's phone (375 px)
with the owner's signature → slip returned → callback → closed. Screenshots of each step."""

import pytest

from propdesk.conftest import SCREENSHOT_DIR, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(context, base, username):
    page = context.new_page()
    page.goto(base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"pw-{username}")
    page.click("[data-testid=login-submit]")
    page.wait_for_selector("[data-testid=page-title]")
    return page


def _shot(page, name):
    page.screenshot(path=str(SCREENSHOT_DIR / f"walkin-{name}.png"), full_page=True)


def test_a_walk_in_repair_from_the_front_desk_to_the_technicians_phone_to_the_callback(
    browser, live_server, settings, tmp_path
):
    from propdesk.servicedesk.models import ServiceRequest
    from propdesk.servicedesk.services import load_default_categories
    from propdesk.sla.defaults import load_sla_defaults

    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    load_default_categories(project=world.project)
    load_sla_defaults(project=world.project)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    base = live_server.url

    # 1. Front desk: the owner walks in; find the room, record the problem.
    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    page = _login(desk, base, "frontdesk")
    page.goto(base + "/servicedesk/new/")
    page.fill("#id_unit_label", "3-2-1501")
    page.wait_for_selector("[data-testid=unit-hint]")
    page.click("text=业主本人来电")
    page.select_option("#id_kind", "repair")
    page.select_option("#id_channel", "walk_in")
    page.select_option("#id_category", label="给排水 / 漏水渗水")
    page.fill("#id_content", "厨房水槽下水管漏水，柜子里全是水")
    _shot(page, "1-intake")
    page.click("[data-testid=save-request]")
    page.wait_for_selector("[data-testid=timeline]")
    request = ServiceRequest.objects.get()
    assert request.first_receiver.username == "frontdesk" and request.channel == "walk_in"
    desk.close()

    # 2. Dispatcher assigns a technician.
    office = browser.new_context(viewport={"width": 1280, "height": 900})
    page = _login(office, base, "dispatcher")
    page.goto(base + f"/servicedesk/{request.pk}/")
    page.select_option("#id_technician", str(world.technician.pk))
    page.click("[data-testid=dispatch]")
    page.wait_for_selector("[data-testid=order-state]")
    _shot(page, "2-dispatched")
    # The list, searched by room: the emergency repair's 20-minute arrival countdown runs.
    page.goto(base + "/servicedesk/?q=3-2-1501")
    assert page.locator("[data-testid=request-row]").count() == 1
    badge = page.locator("[data-testid=sla-badge]").first
    assert badge.get_attribute("data-state") == "running" and "剩余" in badge.inner_text()
    _shot(page, "3-list-with-countdown")
    office.close()

    # 3. The technician on a 375 px phone: accept, arrive, complete, the owner signs.
    phone = browser.new_context(viewport={"width": 375, "height": 812}, has_touch=True)
    mobile = _login(phone, base, "technician")
    mobile.goto(base + "/servicedesk/my-orders/")
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 375
    accept = mobile.locator("[data-testid=step-accept]")
    assert accept.bounding_box()["height"] >= 44
    _shot(mobile, "4-phone-order")
    accept.click()
    mobile.click("[data-testid=step-arrive]")
    _shot(mobile, "5-phone-on-site")
    mobile.fill("textarea[name=work_done]", "更换水槽下水管及密封圈")
    mobile.fill("input[name=material_name]", "下水管")
    mobile.fill("input[name=material_quantity]", "1")
    mobile.fill("input[name=material_unit]", "根")
    mobile.click("[data-testid=step-complete]")
    pad = mobile.locator("[data-testid=signature-pad]")
    box = pad.bounding_box()
    mobile.mouse.move(box["x"] + 20, box["y"] + 90)
    mobile.mouse.down()
    for step in range(1, 13):
        mobile.mouse.move(box["x"] + 20 + step * 24, box["y"] + 90 + (20 if step % 2 else -20))
    mobile.mouse.up()
    _shot(mobile, "6-phone-signature")
    mobile.click("[data-testid=step-sign]")
    mobile.wait_for_selector("text=交回客服")
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 375
    _shot(mobile, "7-phone-signed")
    phone.close()
    order = request.work_orders.get()
    assert order.state == "signed" and order.signature.read().startswith(b"\x89PNG")

    # 4. Back at the service center: the slip is returned, customer service calls back.
    cs = browser.new_context(viewport={"width": 1280, "height": 900})
    page = _login(cs, base, "cs_supervisor")
    page.goto(base + f"/servicedesk/{request.pk}/")
    page.click("[data-testid=return-slip]")
    page.wait_for_selector("[data-testid=record-callback]")
    _shot(page, "8-slip-returned")
    page.select_option("#cb-method", "door_visit")
    page.select_option("#cb-sat", "satisfied")
    page.fill("textarea[name=owner_words]", "师傅很快修好了，很满意")
    # A door visit's record is signed by the owner (seed 004), on the pad the door visit shows.
    callback_pad = page.locator("[data-testid=callback-signature-pad]")
    callback_pad.wait_for(state="visible")
    callback_pad.scroll_into_view_if_needed()
    box = callback_pad.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 90)
    page.mouse.down()
    for step in range(1, 13):
        page.mouse.move(box["x"] + 20 + step * 24, box["y"] + 90 + (20 if step % 2 else -20))
    page.mouse.up()
    page.click("[data-testid=record-callback]")
    page.wait_for_selector(".alert-success")
    page.wait_for_selector("[data-testid=callback-signature] img")
    _shot(page, "9-closed")
    cs.close()
    assert request.callbacks.get().signature.read().startswith(b"\x89PNG")

    request.refresh_from_db()
    assert request.status == "closed" and request.closed_at is not None
    order.refresh_from_db()
    assert order.state == "returned"
    kinds = list(request.events.values_list("kind", flat=True))
    for expected in ("received", "dispatched", "order_accepted", "arrived", "completed", "owner_signed"):
        assert expected in kinds
    assert kinds[-1] == "status_changed" and "callback" in kinds and "slip_returned" in kinds
