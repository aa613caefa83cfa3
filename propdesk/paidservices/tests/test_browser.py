"""A paid repair on the technician's phone (375 px): the owner signs the price, then the work starts."""

import pytest

from propdesk.conftest import SCREENSHOT_DIR, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, base, username, password):
    page.goto(base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("[data-testid=login-submit]")
    page.wait_for_selector("[data-testid=page-title]")


def _draw(page, selector):
    box = page.locator(selector).bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 80)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 20 + step * 25, box["y"] + 80 + (15 if step % 2 else -15))
    page.mouse.up()


def test_the_owner_agrees_to_the_price_on_the_technicians_phone_before_work_starts(
    browser, live_server, settings, tmp_path
):
    from propdesk.paidservices import services as special
    from propdesk.paidservices.models import ServiceItem
    from propdesk.servicedesk import services
    from propdesk.servicedesk.models import WorkOrder

    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    request = services.receive_request(
        project=world.project,
        actor=world.frontdesk,
        kind="repair",
        channel="walk_in",
        content="厨房水龙头坏了，换新的",
        reporter_name="SENTINEL张三",
        unit=world.unit,
        repair_location="in_unit",
    )
    tap = ServiceItem.objects.get(project=world.project, code="tap_replace")
    order = special.create_order(actor=world.frontdesk, request=request, items=[(tap, 2)])
    special.confirm_order(order=order, actor=world.eng_supervisor)
    work = services.dispatch(request=request, technician=world.technician, actor=world.dispatcher)

    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    phone = browser.new_context(viewport={"width": 375, "height": 812}, has_touch=True)
    page = phone.new_page()
    _login(page, live_server.url, "technician", "pw-technician")
    page.goto(live_server.url + "/servicedesk/my-orders/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.inner_text(f"[data-testid=paid-total-{work.pk}]") == "¥40.00"
    assert page.locator("[data-testid=step-accept]").count() == 0
    _draw(page, f"[data-testid=agree-pad-{work.pk}]")
    button = page.locator(f"[data-testid=step-agree-{work.pk}]")
    assert button.bounding_box()["height"] >= 44
    page.screenshot(path=str(SCREENSHOT_DIR / "special-agree-phone.png"), full_page=True)
    button.click()
    page.wait_for_selector("[data-testid=step-accept]")
    page.click("[data-testid=step-accept]")
    page.wait_for_selector("[data-testid=step-arrive]")
    order.refresh_from_db()
    assert order.state == "agreed" and order.signature.read().startswith(b"\x89PNG")
    assert WorkOrder.objects.get(pk=work.pk).state == "accepted"
    phone.close()
