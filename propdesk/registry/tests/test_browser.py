"""The import wizard and the search box in a real Chromium at phone width (375 px).

Imports a real xlsx with a bad row, fixes it, imports, re-imports (nothing changes), then finds the
new owner by pinyin initials and by the last four digits of the phone. Screenshots go to SCREENSHOT_DIR.
"""

import datetime as dt
from decimal import Decimal

import pytest

from propdesk.conftest import SCREENSHOT_DIR, build_world

from .xlsx import PARTY_HEADERS, party_row, workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone_page(browser, live_server, monkeypatch):
    from propdesk.registry.services import imports

    # No Celery worker in tests: the import tasks run at once.
    monkeypatch.setattr(imports, "enqueue", lambda task, *args: task(*args))
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def _shot(page, name):
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / f"registry-{name}.png"), full_page=True)


def _upload(page, base, path):
    page.goto(base + "/registry/import/")
    page.select_option("#id_kind", "parties")
    page.set_input_files("#id_file", str(path))
    page.click("[data-testid=upload]")
    page.wait_for_selector("[data-testid=import-status]")


def test_import_fix_reimport_and_find_the_new_owner_at_phone_width(phone_page, live_server, tmp_path):
    from propdesk.registry.services import create_unit

    world = build_world()
    create_unit(building=world.building, entrance="1", floor=1, number="101", building_area=Decimal("90"))
    page, base = phone_page, live_server.url
    page.goto(base + "/login/")
    page.fill("#id_username", "records")
    page.fill("#id_password", "pw-records")
    page.click("[data-testid=login-submit]")
    page.wait_for_selector("[data-testid=page-title]")

    good = party_row(name="钱七", phone="13655556666", started_on=dt.date(2026, 2, 1))
    bad = party_row(name="孙八", role="租户", phone="1365555", number="1501", entrance="2")
    broken = tmp_path / "业主-有错.xlsx"
    broken.write_bytes(workbook(PARTY_HEADERS, [good, bad]))
    _upload(page, base, broken)
    assert "有问题" in page.inner_text("[data-testid=import-status]")
    problems = page.inner_text("[data-testid=problems]")
    assert "手机号码应为11位数字，实际为7位" in problems and "3" in problems
    _shot(page, "import-problems-phone")

    fixed = tmp_path / "业主-已改.xlsx"
    fixed.write_bytes(
        workbook(
            PARTY_HEADERS,
            [good, party_row(name="孙八", role="租户", phone="13655557777", number="1501", entrance="2")],
        )
    )
    _upload(page, base, fixed)
    assert "可以导入" in page.inner_text("[data-testid=import-status]")
    page.click("[data-testid=import-run]")
    page.wait_for_selector("[data-testid=import-done]")
    assert "新增2条" in page.inner_text("[data-testid=import-done]")
    _shot(page, "import-done-phone")

    _upload(page, base, fixed)
    page.click("[data-testid=import-run]")
    page.wait_for_selector("[data-testid=import-done]")
    assert "新增0条" in page.inner_text("[data-testid=import-done]") and "未变2条" in page.inner_text(
        "[data-testid=import-done]"
    )

    page.goto(base + "/")
    page.fill("[data-testid=search-input]", "qq")
    page.wait_for_selector("[data-testid=search-hit]:has-text('钱七')")
    _shot(page, "search-initials-phone")
    page.fill("[data-testid=search-input]", "6666")
    page.wait_for_selector("[data-testid=search-hit]:has-text('钱七')")
    assert "136****6666" in page.inner_text("[data-testid=search-results]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=owners]:has-text('钱七')")
    assert "3-1-101" in page.inner_text("[data-testid=page-title]")
    _shot(page, "unit-page-phone")
