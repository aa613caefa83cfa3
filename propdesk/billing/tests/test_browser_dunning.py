"""催缴 in the browser: the director opens cases for every unit in arrears; the butler, on a phone, sees only
her buildings, logs a call with a promised date; the director reads the aging report (ECharts) and exports it."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from propdesk.billing import services
from propdesk.billing.models import DunningCase, DunningContact
from propdesk.conftest import build_world

from .browser_helpers import PHONE, assert_no_horizontal_overflow, logged_in, shot, text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _world():
    """3-2-1501 (butler's building 3) and 5-1-101 (building 5, no butler) owe March 2026, long overdue."""
    from propdesk.registry.services import create_building, create_unit

    world = build_world()
    services.load_default_charge_items(
        project=world.project, actor=world.director, effective_from=dt.date(2020, 1, 1)
    )
    other = create_building(project=world.project, code="5", name="SENTINEL5栋", floors=6, entrances=1)
    far = create_unit(building=other, entrance="1", floor=1, number="101", building_area=Decimal("80"))
    services.set_charge_start(unit=far, starts_on=dt.date(2025, 1, 1), actor=world.director)
    run = services.start_billing_run(project=world.project, period=dt.date(2026, 3, 1), actor=world.cashier)
    services.execute_billing_run(run.pk)
    world.far = far
    return world


def test_cases_a_butlers_call_with_a_promise_and_the_aging_report(browser, live_server):
    world = _world()
    promised = timezone.localdate() + dt.timedelta(days=3)

    with logged_in(browser, live_server, "director") as page:
        page.goto(live_server.url + "/billing/dunning/")
        assert text(page, "[data-testid=page-title]") == "催缴管理"
        assert "没有催缴案件。" in text(page, "[data-testid=cases]")
        page.click("[data-testid=open-all]")
        page.wait_for_selector("text=已为 2 户立案催缴。")
        cases = text(page, "[data-testid=cases]")
        assert "3-2-1501" in cases and "5-1-101" in cases and "电话/口头催缴" in cases
        assert "¥1,010.15" in cases
    assert DunningCase.objects.filter(status="open").count() == 2
    case = DunningCase.objects.get(unit=world.unit)
    far_case = DunningCase.objects.get(unit=world.far)
    assert case.butler == world.butler and far_case.butler is None

    with logged_in(browser, live_server, "butler", viewport=PHONE) as page:
        page.goto(live_server.url + "/billing/dunning/")
        assert_no_horizontal_overflow(page)
        cases = text(page, "[data-testid=cases]")
        assert "3-2-1501" in cases and "5-1-101" not in cases  # only her 辖区
        assert text(page, "[data-testid=count]") == "1 个案件"
        options = page.locator("#f-building option").all_inner_texts()
        assert options == ["—", "SENTINEL3栋"]
        shot(page, "dunning-list-phone")
        page.click("text=3-2-1501")
        page.wait_for_selector("[data-testid=contact-form]")
        assert_no_horizontal_overflow(page)
        assert text(page, "[data-testid=arrears]") == "¥1,010.15"
        assert text(page, "[data-testid=stage]") == "电话/口头催缴"
        form = text(page, "[data-testid=contact-form]")
        assert "催缴方式" in form and "付款方式" not in form  # a dunning contact, not a payment
        page.select_option("#id_method", "phone")
        page.select_option("#id_outcome", "promised")
        page.fill("#id_promised_on", promised.isoformat())
        page.fill("#id_promised_amount", "1010.15")
        page.fill("#id_note", "业主说月初发工资后来缴")
        save = page.locator("[data-testid=save-contact]")
        assert save.bounding_box()["height"] >= 38
        save.click()
        page.wait_for_selector("text=催缴记录已保存。")
        assert_no_horizontal_overflow(page)
        contacts = text(page, "[data-testid=contacts]")
        assert "电话" in contacts and "承诺缴费" in contacts and promised.isoformat() in contacts
        assert "¥1,010.15" in contacts and "业主说月初发工资后来缴" in contacts
        shot(page, "dunning-case-phone")
        # Another building's case is not hers: not listed and not reachable by its address.
        response = page.goto(live_server.url + f"/billing/dunning/{far_case.pk}/")
        assert response.status == 404
    contact = DunningContact.objects.get()
    assert (contact.case, contact.method, contact.outcome, contact.promised_on) == (
        case,
        "phone",
        "promised",
        promised,
    )
    assert contact.promised_amount == Decimal("1010.15") and contact.contacted_by == world.butler
    assert contact.arrears == Decimal("1010.15")

    with logged_in(browser, live_server, "director") as page:
        page.goto(live_server.url + "/billing/reports/arrears/")
        assert text(page, "[data-testid=page-title]").startswith("欠费账龄与收缴率")
        page.wait_for_selector("#aging-chart svg")  # ECharts drew the stacked bars
        assert text(page, "[data-testid=total-arrears]") == "¥1,684.15"  # 1,010.15 + 674.00
        by_building = text(page, "[data-testid=by-building]")
        assert "SENTINEL3栋" in by_building and "SENTINEL5栋" in by_building and "181–365" in by_building
        by_butler = text(page, "[data-testid=by-butler]")
        assert "butler" in by_butler and "未分配" in by_butler and "¥674.00" in by_butler
        shot(page, "arrears-report")
        with page.expect_download() as download:
            page.click("[data-testid=export]")
        book = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
        assert book.sheetnames == ["按楼栋", "按管家", "收缴率"]
        last = [c.value for c in book["按楼栋"][book["按楼栋"].max_row]]
        assert last[0] == "合计" and Decimal(str(last[-1])) == Decimal("1684.15")

        page.set_viewport_size(PHONE)
        page.reload()
        page.wait_for_selector("#aging-chart svg")
        assert_no_horizontal_overflow(page)
        shot(page, "arrears-report-phone")
