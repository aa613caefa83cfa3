"""Arrears aging (by building, by butler), collection rates, the report page and its export; dunning pages."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from openpyxl import load_workbook

from propdesk.billing import services
from propdesk.billing.models import DunningCase
from propdesk.billing.selectors import dunning as dunning_selectors
from propdesk.billing.services import dunning as dunning_services

from .conftest import add_units

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 30)


def _at(text):
    return time_machine.travel(text, tick=False)


def _charge(world, unit, amount, due_on, ref):
    # one-off items fall due 30 days after the charge date
    return services.charge_one_off(
        unit=unit,
        item=world.items["one_off"],
        amount=Decimal(amount),
        on=due_on - dt.timedelta(days=30),
        reference=ref,
        actor=world.cashier,
    )


@pytest.fixture
def aged(billing):
    """3-2-1501 and three more homes of building 3, and one home of building 5 with no butler."""
    from propdesk.registry.services import create_building, create_unit

    a, b, c = add_units(billing, 3)
    other = create_building(project=billing.project, code="5", name="SENTINEL5栋", floors=6, entrances=1)
    far = create_unit(building=other, entrance="1", floor=1, number="101", building_area=Decimal("80"))
    u = billing.unit
    _charge(billing, u, "100.00", TODAY - dt.timedelta(days=1), "A1")  # 1 day → 0–30
    _charge(billing, u, "200.00", TODAY - dt.timedelta(days=30), "A2")  # 30 days → 0–30
    _charge(billing, u, "50.00", TODAY - dt.timedelta(days=31), "A3")  # 31 → 31–90
    _charge(billing, a, "300.00", TODAY - dt.timedelta(days=90), "B1")  # 90 → 31–90
    _charge(billing, a, "400.00", TODAY - dt.timedelta(days=91), "B2")  # 91 → 91–180
    _charge(billing, b, "500.00", TODAY - dt.timedelta(days=365), "C1")  # 365 → 181–365
    _charge(billing, b, "600.00", TODAY - dt.timedelta(days=366), "C2")  # 366 → >365
    _charge(billing, c, "700.00", TODAY, "D1")  # due today: not yet overdue
    paid = _charge(billing, c, "80.00", TODAY - dt.timedelta(days=200), "D2")
    _charge(billing, far, "90.00", TODAY - dt.timedelta(days=10), "E1")
    with _at("2026-06-30 10:00 +0800"):
        services.take_payment(
            unit=c, amount=Decimal("80"), method="cash", bills=[paid.pk], actor=billing.cashier
        )
        credited = _charge(billing, a, "40.00", TODAY - dt.timedelta(days=5), "B3")
        services.issue_credit_note(
            bill=credited, amount=Decimal("15"), reason="面积复核", actor=billing.director
        )
    billing.far_building = other
    return billing


def test_aging_buckets_by_due_date_by_building_and_by_butler(aged):
    aging = dunning_selectors.arrears_aging(aged.project, TODAY)
    rows = {r.label: r for r in aging.by_building}
    three = rows["SENTINEL3栋"]
    assert three.values == [
        Decimal("325.00"),  # 100 + 200 + (40 − 15 credited)
        Decimal("350.00"),
        Decimal("400.00"),
        Decimal("500.00"),
        Decimal("600.00"),
    ]
    assert three.units == 3  # the fourth home paid, its other bill is not yet due
    assert rows["SENTINEL5栋"].values[0] == Decimal("90.00")
    butlers = {r.label: r for r in aging.by_butler}
    assert butlers[aged.butler.display_name].total == three.total == Decimal("2175.00")
    assert butlers["未分配"].total == Decimal("90.00")
    assert aging.total.total == Decimal("2265.00") and aging.total.units == 4


def test_aging_is_one_query(aged):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        dunning_selectors.aging_by_building_rows(aged.project, TODAY)
    # One aggregate query over the bills; on PostgreSQL it is preceded by its session settings.
    reads = [q["sql"] for q in captured.captured_queries if "set_config(" not in q["sql"]]
    assert len(reads) == 1 and "billing_bill" in reads[0]


def test_collection_rates_for_the_period_and_for_arrears(billing):
    from .conftest import run_month

    with _at("2026-05-01 09:00 +0800"):
        run_month(billing, dt.date(2026, 5, 1))  # management 301.25 + waste 10.00 = 311.25
    with _at("2026-06-01 09:00 +0800"):
        run_month(billing, dt.date(2026, 6, 1))  # 311.25 again
    with _at("2026-06-10 10:00 +0800"):
        # oldest first: May's 311.25 (arrears) then 100.00 of June's management fee
        services.take_payment(
            unit=billing.unit, amount=Decimal("411.25"), method="cash", actor=billing.cashier
        )
        rates = dunning_selectors.collection_rates(
            billing.project, dt.date(2026, 6, 1), now=dt.datetime.now(dt.UTC)
        )
    assert (rates.billed, rates.collected) == (Decimal("311.25"), Decimal("100.00"))
    assert rates.current_rate == Decimal("32.1")
    assert (rates.arrears_opening, rates.arrears_collected) == (Decimal("311.25"), Decimal("311.25"))
    assert rates.arrears_rate == Decimal("100.0")


def test_the_report_page_chart_and_excel(aged, login):
    client = login(aged.director)
    with _at("2026-06-30 12:00 +0800"):
        page = client.get("/billing/reports/arrears/?period=2026-06")
        assert page.status_code == 200
        html = page.content.decode()
        assert "aging-chart" in html and "echarts.min.js" in html
        assert "¥2,265.00" in html and "未分配" in html
        export = client.get("/billing/reports/arrears/export/")
    wb = load_workbook(io.BytesIO(export.content))
    assert wb.sheetnames == ["按楼栋", "按管家", "收缴率"]
    last = [c.value for c in wb["按楼栋"][wb["按楼栋"].max_row]]
    assert last[0] == "合计" and Decimal(str(last[-1])) == Decimal("2265.00")


def test_the_report_needs_its_permission_and_shows_only_the_users_project(aged, login, client):
    with _at("2026-06-30 12:00 +0800"):
        assert login(aged.butler).get("/billing/reports/arrears/").status_code == 403
        client.logout()
        other = login(aged.outsider).get("/billing/reports/arrears/")  # director of project B
        assert other.status_code == 200 and "SENTINEL" not in other.content.decode()


def test_dunning_pages_log_a_contact_and_stay_at_constant_queries(aged, login, django_assert_max_num_queries):
    with _at("2026-06-30 12:00 +0800"):
        dunning_services.open_cases_for_arrears(project=aged.project, actor=aged.director)
        client = login(aged.butler)
        with django_assert_max_num_queries(25):
            page = client.get("/billing/dunning/")
        html = page.content.decode()
        assert "3-2-1501" in html and "5-1-101" not in html  # building 5 is not in the butler's 辖区
        case = DunningCase.objects.get(unit=aged.unit)
        stage = case.stage
        response = client.post(
            f"/billing/dunning/{case.pk}/",
            {
                "stage": stage.pk,
                "method": "phone",
                "outcome": "promised",
                "promised_on": "2026-07-03",
                "note": "月初发工资后缴",
            },
        )
        assert response.status_code == 302
        bad = client.post(
            f"/billing/dunning/{case.pk}/",
            {"stage": stage.pk, "method": "phone", "outcome": "promised", "promised_on": "2026-06-01"},
        )
        assert "承诺缴费日期不能早于今天" in bad.content.decode()
        detail = client.get(f"/billing/dunning/{case.pk}/").content.decode()
    assert "月初发工资后缴" in detail and "2026-07-03" in detail
    assert case.contacts.count() == 1
