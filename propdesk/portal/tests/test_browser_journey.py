"""A new owner's whole journey on a 375 px phone, in Chromium (issue 19, "done when"): the front desk
sends the invitation from the unit page, the owner activates with the code from the SMS, pays two
bills through the sandbox wallet and sees the receipt, reports a repair with a photo, follows it
while staff finish it, signs and rates it, and reads a notice. And a tenant whose owner has not
consented is refused activation, then let in once the desk records the owner's written consent.

The data is a small realistic project (阳光花园, 3栋 1501, owner 李明), not the SENTINEL world, because
these pages are the user guide's pictures: with PROPDESK_SCREENSHOTS set, the journey saves them
(to var/screenshots/, or to the directory it names), e.g.
    PROPDESK_SCREENSHOTS=docs/img .venv/bin/python -m pytest propdesk/portal/tests/test_browser_journey.py
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from propdesk.conftest import guide_folder
from propdesk.portal.tests.test_browser import PHONE, _fits
from propdesk.portal.tests.test_notices import _publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Lantern-Harbour-93"
STAFF = {  # username: (position, display name)
    "frontdesk": ("frontdesk_assistant", "周婷"),
    "dispatcher": ("dispatcher", "陈刚"),
    "technician": ("technician", "王建国"),
    "cashier": ("cashier", "刘芳"),
    "cs_supervisor": ("cs_supervisor", "赵敏"),
    "director": ("center_director", "孙伟"),
}


def _sunshine_garden(settings, media_root) -> SimpleNamespace:
    """阳光花园: staff with Chinese names, 3栋 1501 owned by 李明, 1502 owned by 王芳 and rented to 张伟,
    this month's bills, online payment in the sandbox, the request categories."""
    from propdesk.billing import services as billing
    from propdesk.billing.models import ProviderAccount
    from propdesk.billing.tests.conftest import run_month
    from propdesk.core.models import Position, User
    from propdesk.core.services import add_membership, create_company, create_project, load_default_positions
    from propdesk.registry import services as registry
    from propdesk.servicedesk.services import load_default_categories

    settings.MEDIA_ROOT = media_root
    load_default_positions()
    positions = {p.code: p for p in Position.objects.all()}
    company = create_company(name="阳光物业服务有限公司", code="sunshine")
    project = create_project(
        company=company,
        name="阳光花园",
        code="sunshine-garden",
        kind="residential",
        service_phone="027-87654321",
    )
    garden = SimpleNamespace(project=project)
    for username, (position, name) in STAFF.items():
        user = User.objects.create_user(username=username, password="pw-" + username, display_name=name)
        add_membership(user=user, project=project, position=positions[position])
        setattr(garden, username, user)
    garden.building = registry.create_building(project=project, code="3", name="3栋", floors=18, entrances=2)
    garden.unit, garden.rented = (
        registry.create_unit(
            building=garden.building,
            entrance="1",
            floor=15,
            number=number,
            building_area=Decimal("98.60"),
            status="occupied",
        )
        for number in ("1501", "1502")
    )
    garden.owner = registry.register_party(project=project, name="李明", phone="13871234567")
    garden.landlord = registry.register_party(project=project, name="王芳", phone="13607180000")
    garden.tenant = registry.register_party(project=project, name="张伟", phone="13995551234")
    registry.start_ownership(unit=garden.unit, party=garden.owner, started_on=dt.date(2019, 6, 1))
    registry.start_ownership(unit=garden.rented, party=garden.landlord, started_on=dt.date(2019, 6, 1))
    registry.start_residency(
        unit=garden.rented, party=garden.tenant, kind="tenant", started_on=dt.date(2025, 9, 1), actor=None
    )
    billing.load_default_charge_items(
        project=project, actor=garden.director, effective_from=dt.date(2019, 1, 1)
    )
    for method, merchant in (("wechat", "1900000109"), ("alipay", "2088000000000001")):
        ProviderAccount.objects.create(
            project=project, method=method, merchant_id=merchant, signing_key="k" * 32
        )
    run_month(garden, timezone.localdate().replace(day=1))
    load_default_categories(project=project)
    return garden


def _shot(page, name: str, *, full_page: bool = True) -> None:
    """The guide's picture of this page, only when PROPDESK_SCREENSHOTS asks for them."""
    folder = guide_folder()
    if folder is None:
        return
    path = str(folder / f"{name}.png")
    height = page.evaluate("document.documentElement.scrollHeight")
    if not full_page or height <= PHONE["height"]:
        page.screenshot(path=path)
        return
    # A full-page capture leaves the fixed tab bar where the screen ended, across the middle of a long
    # page: a screen as tall as the page puts it at the bottom, as the owner sees it.
    page.set_viewport_size({"width": PHONE["width"], "height": height})
    page.screenshot(path=path)
    page.set_viewport_size(PHONE)


def _staff(browser, live_server, username: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-" + username)
    page.click("[data-testid=login-submit]")
    page.wait_for_selector("[data-testid=page-title]")
    return context, page


def _phone(browser):
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


def _sms_code(desk, unit) -> str:
    """The code in the newest sandbox SMS, as the desk sees it on the unit page."""
    desk.goto(desk.url.split("/registry/")[0] + f"/registry/units/{unit.pk}/")
    texts = desk.locator("[data-testid=sandbox-sms-text]").all_inner_texts()
    return next(m.group(1) for t in texts if (m := re.search(r"(?<!\d)(\d{6})(?!\d)", t)))


def _ask_for_code(page, live_server, phone: str) -> None:
    page.goto(live_server.url + "/portal/activate/")
    page.fill("[data-testid=field-phone]", phone)
    page.click("[data-testid=activate-send]")
    page.wait_for_selector("[data-testid=verify-form]")


def _enter_code(page, code: str) -> None:
    page.fill("[data-testid=field-code]", code)
    page.fill("[data-testid=field-password]", PASSWORD)
    page.fill("[data-testid=field-password_again]", PASSWORD)


def _photo(tmp_path) -> str:
    """A small real PNG: a tiled floor with a dark stain."""
    image = Image.new("RGB", (320, 240), (226, 222, 212))
    draw = ImageDraw.Draw(image)
    for x in range(0, 320, 40):
        draw.line([(x, 0), (x, 240)], fill=(170, 166, 158), width=2)
    for y in range(0, 240, 40):
        draw.line([(0, y), (320, y)], fill=(170, 166, 158), width=2)
    draw.ellipse([(120, 90), (220, 160)], fill=(120, 110, 90))
    path = tmp_path / "floor-drain.png"
    image.save(path, format="PNG")
    return str(path)


def _sign(page) -> None:
    page.wait_for_selector("[data-testid=signature-pad]")
    page.wait_for_load_state("load")  # the pad's script listens from then on
    pad = page.locator("[data-testid=signature-pad]")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + 100)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 30 + step * 20, box["y"] + 100 - (step % 3) * 25)
    page.mouse.up()


def test_a_new_owner_from_the_invitation_sms_to_a_paid_bill_a_rated_repair_and_a_read_notice(
    browser, live_server, tmp_path, settings
):
    from propdesk.billing.models import Bill, Receipt
    from propdesk.portal.models import PortalInvitation
    from propdesk.servicedesk import services as desk_services
    from propdesk.servicedesk.models import OwnerRating, ServiceRequest, WorkOrder

    garden = _sunshine_garden(settings, tmp_path)
    notice = _publish(garden, title="3栋二次供水水箱清洗停水通知", buildings=[garden.building])
    bills = list(Bill.objects.filter(unit=garden.unit).order_by("period", "pk"))
    assert len(bills) >= 2
    desk_ctx, desk = _staff(browser, live_server, "frontdesk")
    phone_ctx, page = _phone(browser)
    try:
        # 1. The front desk sends the invitation from the unit page; the sandbox shows the SMS.
        desk.goto(live_server.url + f"/registry/units/{garden.unit.pk}/")
        desk.click(f"[data-testid=invite-{garden.owner.pk}]")
        desk.wait_for_selector("text=开通邀请已通过短信发送给李明。")
        assert "/portal/activate/" in desk.inner_text("[data-testid=sandbox-sms]")
        assert PortalInvitation.objects.get(party=garden.owner).sent_by == garden.frontdesk

        # 2. The owner opens the link on the phone, asks for a code, and opens the account with it.
        page.goto(live_server.url + "/portal/activate/")
        assert "开通账号" in page.inner_text("header") and "获取验证码" in page.inner_text("main")
        _fits(page)
        _ask_for_code(page, live_server, "13871234567")
        _enter_code(page, _sms_code(desk, garden.unit))
        _fits(page)
        _shot(page, "portal-activation")
        page.click("[data-testid=verify-submit]")
        page.wait_for_selector("[data-testid=my-units]")
        home = page.inner_text("main")
        assert "账号已开通，欢迎使用！" in home
        assert "3栋 1501" in home and "阳光花园 · 业主" in home
        assert "笔待缴" in page.inner_text("[data-testid=todo-bills]")
        assert notice.title in page.inner_text("[data-testid=home-notice]")
        _fits(page)
        _shot(page, "portal-home")

        # 3. Two bills paid online: choose them, the sandbox wallet, its notification, the receipt.
        page.click("[data-testid=tab-bills]")
        form = page.locator(f"#unit-{garden.unit.pk}")
        form.wait_for()
        assert "我的账单" in page.inner_text("header") and "3栋 1501" in form.inner_text()
        for bill in bills[2:]:
            form.locator(f"[data-testid=bill][value='{bill.pk}']").uncheck()
        total = bills[0].amount + bills[1].amount
        assert form.locator("[data-testid=pay-total]").inner_text() == f"¥{total:,.2f}"
        _fits(page)
        _shot(page, "portal-bills")
        form.locator("[data-testid=method-wechat]").click()
        form.locator("[data-testid=pay]").click()
        page.wait_for_selector("[data-testid=wallet-amount]")
        assert page.inner_text("[data-testid=wallet-amount]") == f"¥{total:,.2f}"
        page.click("[data-testid=wallet-pay]")
        page.click("[data-testid=wallet-back]")
        page.wait_for_selector("[data-testid=receipt]")
        receipt = Receipt.objects.get()
        result = page.inner_text("main")
        assert "支付成功，谢谢！" in result and "收据号" in result and receipt.display_number in result
        assert set(receipt.payment.allocations.values_list("bill_id", flat=True)) == {
            bills[0].pk,
            bills[1].pk,
        }
        _fits(page)
        _shot(page, "portal-payment")
        page.click("text=返回我的账单")
        page.wait_for_selector("[data-testid=receipts-link]")
        assert page.locator(f"#unit-{garden.unit.pk} [data-testid=bill]").count() == len(bills) - 2
        page.click("[data-testid=receipts-link]")
        page.wait_for_selector(f"text={receipt.display_number}")

        # 4. A repair with a photo from the phone's camera.
        page.click("[data-testid=tab-requests]")
        page.click("[data-testid=new-request]")
        page.wait_for_selector("[data-testid=request-form]")
        page.select_option("#id_unit", str(garden.unit.pk))
        page.fill("#id_content", "卫生间地漏反水，地面有积水")
        page.set_input_files("[data-testid=photos]", _photo(tmp_path))
        page.click("[data-testid=submit]")
        page.wait_for_selector("[data-testid=timeline]")
        request = ServiceRequest.objects.get()
        assert f"已受理：{request.number}" in page.inner_text("main")
        assert page.locator("[data-testid=photos] img").count() == 1 == request.photos.count()
        # The photo as stored (re-encoded, 320 px wide), once the browser has loaded it (it may still be loading).
        expect(page.locator("[data-testid=photos] img")).to_have_js_property("naturalWidth", 320)

        # 5. Staff take it to completion through their services.
        order = desk_services.dispatch(request=request, technician=garden.technician, actor=garden.dispatcher)
        desk_services.accept_order(order=order, actor=garden.technician)
        desk_services.arrive(order=order, actor=garden.technician)
        desk_services.complete_order(
            order=order, actor=garden.technician, work_done="疏通地漏，更换防臭芯", labour_minutes=30
        )

        # 6. The owner follows the timeline, signs the completion and rates it.
        page.click("[data-testid=tab-home]")
        page.click("[data-testid=todo-confirm]")
        page.wait_for_selector("[data-testid=confirm]")
        assert "维修师傅已完工，请查验后签字确认。" in page.inner_text("[data-testid=confirm]")
        steps = page.locator("[data-testid=timeline] li").count()
        assert steps >= 4  # received, dispatched, on site, finished
        assert "处理进度" in page.inner_text("main")
        _fits(page)
        _shot(page, "portal-request")
        _sign(page)
        _shot(page, "portal-sign", full_page=False)  # what the phone's screen shows
        page.click("[data-testid=confirm-submit]")
        page.wait_for_selector("text=谢谢，维修已确认完工。")
        order = WorkOrder.objects.get()
        assert order.signature and order.signed_at is not None
        desk_services.return_slip(order=order, actor=garden.frontdesk)
        page.reload()
        page.click("[data-testid=sat-satisfied]")
        page.fill("textarea[name=comment]", "师傅很专业，处理及时")
        page.click("[data-testid=rate-submit]")
        page.wait_for_selector("[data-testid=rated]")
        assert "感谢您的评价。" in page.inner_text("main")
        assert "您的评价" in page.inner_text("[data-testid=rated]")
        assert "师傅很专业，处理及时" in page.inner_text("[data-testid=rated]")
        assert page.locator("[data-testid=timeline] li").count() > steps  # signed (and more) added
        assert OwnerRating.objects.get().satisfaction == "satisfied"
        _fits(page)
        _shot(page, "portal-rate")

        # 7. The notice from the home page: read, and no longer unread.
        page.click("[data-testid=tab-home]")
        page.click("[data-testid=home-notice]")
        page.wait_for_selector("[data-testid=portal-notice-detail]")
        article = page.inner_text("[data-testid=portal-notice-detail]")
        assert notice.title in article and "请提前储水" in article
        _fits(page)
        _shot(page, "portal-notice")
        page.click("[data-testid=back]")
        page.wait_for_selector("[data-testid=portal-notice]")
        assert page.locator("[data-testid=unread]").count() == 0
        page.click("[data-testid=tab-home]")
        page.wait_for_selector("text=没有未读通知。")
    finally:
        desk_ctx.close()
        phone_ctx.close()


def test_a_tenant_without_the_owners_consent_is_refused_then_let_in_once_the_desk_records_it(
    browser, live_server, tmp_path, settings
):
    garden = _sunshine_garden(settings, tmp_path)
    desk_ctx, desk = _staff(browser, live_server, "frontdesk")
    phone_ctx, page = _phone(browser)
    try:
        _ask_for_code(page, live_server, "13995551234")
        code = _sms_code(desk, garden.rented)
        _enter_code(page, code)
        page.click("[data-testid=verify-submit]")
        page.wait_for_selector("text=业主尚未同意为租户开通业主端账号")
        refusal = page.inner_text("[data-testid=verify-form]")
        assert "3栋 1502的业主尚未同意为租户开通业主端账号" in refusal and "书面同意书" in refusal
        _fits(page)
        garden.tenant.refresh_from_db()
        assert garden.tenant.user_id is None

        # The owner's written consent, recorded at the front desk on the unit page.
        row = desk.locator(f"[data-testid=portal-account-{garden.tenant.pk}]")
        row.locator("input[name=reason]").fill("业主王芳书面同意书（2026-12-01）")
        row.get_by_role("button", name="登记业主同意").click()
        desk.wait_for_selector("text=已登记业主同意张伟开通账号。")

        _enter_code(page, code)  # the refused code was not used up
        page.click("[data-testid=verify-submit]")
        page.wait_for_selector("[data-testid=my-units]")
        assert "3栋 1502" in page.inner_text("[data-testid=my-units]")
        assert "阳光花园 · 租户" in page.inner_text("[data-testid=my-units]")
    finally:
        desk_ctx.close()
        phone_ctx.close()
