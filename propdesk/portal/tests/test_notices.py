"""The owner portal's notices: the list (unread first, category badge) and reading one (marks it read)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from propdesk.conftest import SCREENSHOT_DIR

GUIDE_IMAGES = SCREENSHOT_DIR  # the guide's picture comes from test_browser_journey.py


def _publish(
    world, *, title, buildings, body="尊敬的业主：\n\n本周六 9:00—15:00 清洗水箱，暂停供水，请提前储水。"
):
    from propdesk.frontdesk import services

    today = timezone.localdate()
    notice = services.create_notice(
        project=world.project,
        title=title,
        body=body,
        category="outage",
        publish_on=today,
        expires_on=today + dt.timedelta(days=5),
        buildings=buildings,
        actor=world.frontdesk,
    )
    services.submit_notice(notice=notice, actor=world.frontdesk)
    services.approve_notice(notice=notice, actor=world.cs_supervisor)
    return services.publish_notice(notice=notice, actor=world.frontdesk)


@pytest.mark.django_db
def test_the_owner_reads_her_buildings_notice_and_it_is_no_longer_unread(client, world):
    from propdesk.registry.services import create_building

    mine = _publish(world, title="3栋停水通知", buildings=[world.building])
    far = create_building(project=world.project, code="9", name="9栋", floors=6, entrances=1)
    theirs = _publish(world, title="9栋停电通知", buildings=[far])
    client.force_login(world.owner)
    page = client.get(reverse("portal:notices")).content.decode()
    assert "3栋停水通知" in page and "9栋停电通知" not in page
    assert 'data-testid="unread"' in page
    detail = client.get(reverse("portal:notice", args=[mine.pk]))
    assert detail.status_code == 200 and "请提前储水" in detail.content.decode()
    page = client.get(reverse("portal:notices")).content.decode()
    assert 'data-testid="unread"' not in page
    assert client.get(reverse("portal:notice", args=[theirs.pk])).status_code == 404


@pytest.mark.django_db
def test_a_person_without_units_sees_no_notices(client, world, django_user_model):
    _publish(world, title="全体通知", buildings=[])
    client.force_login(django_user_model.objects.create_user(username="nobody", password="x"))
    assert 'data-testid="no-notices"' in client.get(reverse("portal:notices")).content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_owner_reads_a_notice_on_her_phone(browser, live_server):
    from propdesk.conftest import build_world

    world = build_world()
    notice = _publish(world, title="关于二次供水水箱清洗停水的通知", buildings=[world.building])
    _publish(world, title="消防安全温馨提示", buildings=[], body="冬季天干物燥，请勿在楼道堆放杂物。")
    phone = browser.new_context(viewport={"width": 375, "height": 812}, has_touch=True)
    page = phone.new_page()
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "owner")
    page.fill("#id_password", "pw-owner")
    page.click("[data-testid=login-submit]")
    page.wait_for_selector("[data-testid=my-units]")
    page.goto(live_server.url + reverse("portal:notices"))
    assert page.locator("[data-testid=unread]").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.click(f"text={notice.title}")
    page.wait_for_selector("[data-testid=portal-notice-detail]")
    assert "请提前储水" in page.inner_text("[data-testid=portal-notice-detail]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    GUIDE_IMAGES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(GUIDE_IMAGES / "portal-notice.png"), full_page=True)
    page.click("[data-testid=back]")
    page.wait_for_selector("[data-testid=portal-notices]")
    assert page.locator("[data-testid=unread]").count() == 1
    phone.close()


@pytest.mark.django_db
def test_the_home_shows_the_unread_notices_until_they_are_read(client, world):
    notice = _publish(world, title="3栋停水通知", buildings=[world.building])
    client.force_login(world.owner)
    home = client.get(reverse("portal:home")).content.decode()
    assert 'data-testid="home-notice"' in home and "3栋停水通知" in home
    client.get(reverse("portal:notice", args=[notice.pk]))
    home = client.get(reverse("portal:home")).content.decode()
    assert "3栋停水通知" not in home and 'data-testid="no-unread-notices"' in home
