"""An owner's account opened on a phone (375 px): the front desk sends the invitation from the unit
page, the owner asks for a code on the activation page, the desk reads the code from the SMS sandbox
panel, the owner enters it with a password and lands on the portal's home. (The guide's pictures come from
test_browser_journey.py; these go to var/screenshots/.)"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from propdesk.conftest import build_world, guide_folder
from propdesk.portal.models import PortalInvitation
from propdesk.registry import services as registry
from propdesk.registry.tests.factories import UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_desk_invites_and_the_owner_activates_on_a_phone(browser, live_server):
    world = build_world()
    unit = UnitFactory(building=world.building, project=world.project, entrance="1", number="0802", floor=8)
    party = registry.register_party(project=world.project, name="李四", phone="13900001111", actor=None)
    registry.start_ownership(unit=unit, party=party, started_on=dt.date(2021, 1, 1))
    base = live_server.url

    desk_ctx = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN")
    phone_ctx = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN", is_mobile=True)
    try:
        desk = desk_ctx.new_page()
        desk.set_default_timeout(15000)
        desk.goto(base + "/login/")
        desk.fill("#id_username", "frontdesk")
        desk.fill("#id_password", "pw-frontdesk")
        desk.click("[data-testid=login-submit]")
        desk.wait_for_selector("[data-testid=page-title]")
        desk.goto(base + f"/registry/units/{unit.pk}/")
        desk.click(f"[data-testid=invite-{party.pk}]")
        desk.wait_for_selector("text=开通邀请已通过短信发送给李四。")
        assert PortalInvitation.objects.get(party=party).sent_by == world.frontdesk
        assert "/portal/activate/" in desk.inner_text("[data-testid=sandbox-sms]")

        owner = phone_ctx.new_page()
        owner.set_default_timeout(15000)
        owner.goto(base + "/portal/activate/")
        owner.fill("[data-testid=field-phone]", "13900001111")
        owner.click("[data-testid=activate-send]")
        owner.wait_for_selector("[data-testid=verify-form]")
        assert "验证码" in owner.inner_text("main")

        desk.reload()
        texts = desk.locator("[data-testid=sandbox-sms-text]").all_inner_texts()
        code = next(m.group(1) for t in texts if (m := re.search(r"(?<!\d)(\d{6})(?!\d)", t)))

        assert owner.input_value("[data-testid=field-phone]") == "13900001111"
        owner.fill("[data-testid=field-code]", code)
        owner.fill("[data-testid=field-password]", "Lantern-Harbour-93")
        owner.fill("[data-testid=field-password_again]", "Lantern-Harbour-93")
        owner.click("[data-testid=verify-submit]")
        owner.wait_for_selector("[data-testid=my-units]")
        assert owner.url.rstrip("/").endswith("/portal")
        assert unit.number in owner.inner_text("[data-testid=my-units]")
        assert owner.evaluate("document.documentElement.scrollWidth") <= 375
        if guide_folder() is not None:
            owner.screenshot(path=str(guide_folder() / "portal-activation.png"), full_page=True)

        owner.click("[data-testid=tab-me]")
        owner.wait_for_selector("[data-testid=me-sessions]")
        assert "139****1111" in owner.inner_text("[data-testid=me-identity]")
        assert owner.evaluate("document.documentElement.scrollWidth") <= 375
        if guide_folder() is not None:
            owner.screenshot(path=str(guide_folder() / "portal-me.png"), full_page=True)
        party.refresh_from_db()
        assert party.user.username.startswith("owner-")  # no login name is the number (issue 17)
    finally:
        desk_ctx.close()
        phone_ctx.close()
