"""Heating stop (办理停止供暖): applied before the cut-off, approved, and the billing run charges the base fee."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from propdesk.billing.choices import HeatingStopStatus
from propdesk.billing.models import Bill, HeatingStopApplication, HeatingStopRule
from propdesk.billing.services import heating as heating_services
from propdesk.core.errors import AccessDenied, ServiceError

from .conftest import run_month

pytestmark = pytest.mark.django_db
NOVEMBER = dt.date(2026, 11, 1)


@pytest.fixture
def heating(billing):
    heating_services.load_heating_defaults(project=billing.project, actor=billing.director)
    return billing


@time_machine.travel(dt.datetime(2026, 10, 10, 2, 0, tzinfo=dt.UTC), tick=False)
def test_an_approved_stop_makes_the_run_charge_the_base_fee(heating):
    application = heating_services.apply_heating_stop(
        unit=heating.unit, season=2026, applicant_name="张三", actor=heating.frontdesk
    )
    with pytest.raises(AccessDenied):
        heating_services.decide_heating_stop(application=application, approve=True, actor=heating.cashier)
    heating_services.decide_heating_stop(application=application, approve=True, actor=heating.director)
    run_month(heating, NOVEMBER)
    bill = Bill.objects.get(unit=heating.unit, period=NOVEMBER, item__code="heating")
    # 120.50 m² × 5.80 × 30 % = 209.67 instead of 698.90
    assert bill.unit_price == Decimal("1.7400") and bill.amount == Decimal("209.67")
    management = Bill.objects.get(unit=heating.unit, period=NOVEMBER, item__code="management")
    assert management.amount == Decimal("301.25")  # other items are untouched


@time_machine.travel(dt.datetime(2026, 10, 10, 2, 0, tzinfo=dt.UTC), tick=False)
def test_without_approval_the_full_fee_is_charged_and_the_rule_is_data(heating):
    application = heating_services.apply_heating_stop(unit=heating.unit, season=2026, actor=heating.cashier)
    with pytest.raises(ServiceError):
        heating_services.apply_heating_stop(unit=heating.unit, season=2026, actor=heating.cashier)
    with pytest.raises(ServiceError) as no_comment:
        heating_services.decide_heating_stop(application=application, approve=False, actor=heating.director)
    assert no_comment.value.field == "comment"
    heating_services.decide_heating_stop(
        application=application, approve=False, comment="欠费未清", actor=heating.director
    )
    run_month(heating, NOVEMBER)
    assert Bill.objects.get(unit=heating.unit, period=NOVEMBER, item__code="heating").amount == Decimal(
        "698.90"
    )
    HeatingStopRule.objects.filter(project=heating.project).update(base_fee_percent=Decimal("50"))
    again = heating_services.apply_heating_stop(unit=heating.unit, season=2026, actor=heating.cashier)
    with pytest.raises(ServiceError) as billed:  # November is billed already: a waiver is the way now
        heating_services.decide_heating_stop(application=again, approve=True, actor=heating.director)
    assert "费用减免" in str(billed.value.message)


def test_applications_after_the_cut_off_are_refused(heating):
    with time_machine.travel(dt.datetime(2026, 10, 16, 2, 0, tzinfo=dt.UTC), tick=False):
        with pytest.raises(ServiceError) as late:
            heating_services.apply_heating_stop(unit=heating.unit, season=2026, actor=heating.cashier)
    assert late.value.field == "season" and "2026-10-15" in str(late.value.message)
    assert not HeatingStopApplication.objects.exists()


@time_machine.travel(dt.datetime(2026, 10, 1, 2, 0, tzinfo=dt.UTC), tick=False)
def test_the_page_applies_and_approves(heating, login):
    client = login(heating.cashier)
    response = client.post(
        "/billing/heating-stops/", {"room": "3-2-1501", "season": "2026", "applicant_name": "张三"}
    )
    assert response.status_code == 302
    application = HeatingStopApplication.objects.get()
    assert (
        client.post(f"/billing/heating-stops/{application.pk}/decide/", {"decision": "approve"}).status_code
        == 403
    )
    login(heating.director).post(f"/billing/heating-stops/{application.pk}/decide/", {"decision": "approve"})
    assert HeatingStopApplication.objects.get().status == HeatingStopStatus.APPROVED
    assert "张三" in client.get("/billing/heating-stops/").content.decode()


@time_machine.travel(dt.datetime(2026, 10, 10, 2, 0, tzinfo=dt.UTC), tick=False)
def test_the_list_reads_a_page_in_the_same_queries_for_one_row_or_five(heating, login):
    """The approve buttons ask the kit per row (`{% moves %}`): no query per row for its project."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from propdesk.registry.tests.factories import UnitFactory

    client = login(heating.director)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/billing/heating-stops/").status_code == 200
        return len(ctx.captured_queries)

    heating_services.apply_heating_stop(unit=heating.unit, season=2026, actor=heating.cashier)
    queries()  # the first request of a session warms its caches
    one = queries()
    for n in range(4):
        unit = UnitFactory(project=heating.project, building=heating.unit.building, number=f"90{n}")
        heating_services.apply_heating_stop(unit=unit, season=2026, actor=heating.cashier)
    assert queries() == one
