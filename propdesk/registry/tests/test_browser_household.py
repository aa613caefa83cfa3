"""The household's whole record (一户一档) and the intake's room field, in Chromium at 1280 px.

The unit page with every panel (requests, bills and arrears, payments and receipts, deposits,
callbacks, special services) as the director sees it; the intake finding the unit by the last four
digits of a phone and by pinyin initials. With PROPDESK_SCREENSHOTS=docs/img the screenshots are the guide's.
"""

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import expect

from propdesk.conftest import build_world, guide_folder
from propdesk.registry import services as registry
from propdesk.registry.choices import ResidencyKind

from .test_unit_panels import furnish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk_page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def _login(page, base, username):
    page.goto(base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-" + username)
    page.click("[data-testid=login-submit]")
    page.wait_for_selector("[data-testid=page-title]")


def _shot(page, name):
    """The guide's picture, only when PROPDESK_SCREENSHOTS asks for it (a test run leaves docs/img alone)."""
    folder = guide_folder()
    if folder is not None:
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def _household(world):
    from propdesk.paidservices.services.orders import create_order

    with time_machine.travel(dt.datetime(2026, 4, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        furnish(world, n_requests=3)
        tenant = registry.register_party(
            project=world.project, name="王小二", phone="13700004321", actor=None
        )
        registry.start_residency(
            unit=world.unit,
            party=tenant,
            kind=ResidencyKind.TENANT,
            started_on=dt.date(2025, 3, 1),
            actor=None,
        )
        create_order(
            actor=world.frontdesk,
            unit=world.unit,
            content="更换厨房水龙头",
            customer_name="王小二",
            department_kind="engineering",
        )


def test_the_unit_page_shows_the_whole_household(desk_page, live_server):
    world = build_world()
    _household(world)
    page, base = desk_page, live_server.url
    _login(page, base, "director")
    page.goto(f"{base}/registry/units/{world.unit.pk}/")
    _shot(page, "unit-record")
    for testid in (
        "owners",
        "residents",
        "unit-requests",
        "unit-bills",
        "unit-payments",
        "unit-deposits",
        "unit-callbacks",
        "unit-special-orders",
    ):
        assert page.locator(f"[data-testid={testid}]").is_visible(), testid
    assert "¥" in page.inner_text("[data-testid=unit-outstanding]")
    assert page.locator("[data-testid=receipt-pdf]").count() == 2  # the payment and the deposit
    page.click("[data-testid=unit-requests-more]")
    page.wait_for_selector("[data-testid=unit-filter]")
    assert world.unit.label in page.inner_text("[data-testid=unit-filter]")


def test_the_intake_finds_the_unit_by_phone_tail_and_initials(desk_page, live_server):
    world = build_world()
    tenant = registry.register_party(project=world.project, name="王小二", phone="13700004321", actor=None)
    registry.start_residency(
        unit=world.unit, party=tenant, kind=ResidencyKind.TENANT, started_on=dt.date(2025, 3, 1), actor=None
    )
    page, base = desk_page, live_server.url
    _login(page, base, "frontdesk")
    page.goto(base + "/servicedesk/new/")
    page.fill("#id_unit_label", "4321")
    page.wait_for_selector("[data-testid=unit-hint-caller]")
    assert world.unit.label in page.inner_text("[data-testid=unit-hint]")
    _shot(page, "intake-phone-tail")

    assert "王小二" in page.inner_text("[data-testid=unit-hint-caller]")

    page.fill("#id_unit_label", "wxe")
    page.wait_for_selector("[data-testid=unit-hint-caller]:has-text('拼音')")
    assert world.unit.label in page.inner_text("[data-testid=unit-hint]")
    _shot(page, "intake-initials")
    page.click("[data-testid=unit-hint] [data-fill=id_unit_label]")
    expect(page.locator("#id_unit_label")).to_have_value(world.unit.label)
    page.wait_for_selector("[data-testid=unit-hint]:not(:has([data-fill=id_unit_label]))")
    page.click("[data-testid=unit-hint] [data-fill=id_reporter_name]")
    assert page.input_value("#id_reporter_name") in ("王小二", "SENTINEL张三")

    page.fill("#id_content", "厨房水管漏水")
    page.click("[data-testid=save-request]")
    page.wait_for_selector("[data-testid=timeline]")
    assert world.unit.label in page.content()
