"""费用减免 in the browser: the cashier applies at the desk for ¥798.90 (two levels), the CS supervisor
tries to reject without a comment then approves, the center director approves → credit notes."""

import datetime as dt
from decimal import Decimal

import pytest

from propdesk.billing import selectors, services
from propdesk.billing.choices import WaiverStatus
from propdesk.billing.models import Bill, CreditNote, WaiverApplication, WaiverDecision
from propdesk.billing.services import waiver as waiver_services
from propdesk.conftest import build_world

from .browser_helpers import PHONE, assert_no_horizontal_overflow, logged_in, shot, text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _world():
    world = build_world()
    services.load_default_charge_items(
        project=world.project, actor=world.director, effective_from=dt.date(2020, 1, 1)
    )
    waiver_services.load_waiver_defaults(project=world.project, actor=world.director)
    run = services.start_billing_run(project=world.project, period=dt.date(2026, 3, 1), actor=world.cashier)
    services.execute_billing_run(run.pk)
    world.bills = {b.item.code: b for b in Bill.objects.filter(unit=world.unit).select_related("item")}
    return world


def test_apply_at_the_desk_and_approve_up_the_chain_into_credit_notes(browser, live_server):
    world = _world()
    heating, management = world.bills["heating"], world.bills["management"]

    with logged_in(browser, live_server, "cashier") as page:
        page.goto(live_server.url + f"/billing/desk/units/{world.unit.pk}/")
        assert text(page, "[data-testid=total-due]") == "¥1,010.15"
        page.click("text=申请减免")
        page.wait_for_selector("[data-testid=waiver-form]")
        assert text(page, "[data-testid=page-title]") == "申请减免 3-2-1501"
        form = text(page, "[data-testid=waiver-form]")
        assert "采暖费" in form and "物业服务费" in form and "¥698.90" in form
        assert "≤ ¥200.00: 客服/财务主管" in form and "客服/财务主管 → 服务中心主任 → 总经理" in form
        shot(page, "waiver-apply")
        page.check(f"#bill-{heating.pk}")  # empty amount: all the heating bill asks
        page.check(f"#bill-{management.pk}")
        page.fill(f"[name=amount_{management.pk}]", "100")
        page.select_option("#id_reason", label="空置房")
        page.fill("#id_details", "房屋空置，业主提供了水电表读数")
        page.click("[data-testid=submit-waiver]")
        page.wait_for_selector("[data-testid=chain]")
        assert "已提交" in page.content()
        assert text(page, "[data-testid=status]") == "待审批"
        assert "¥798.90" in page.content()
        chain = page.locator("[data-testid=chain] li")
        assert chain.count() == 2
        assert "客服/财务主管" in chain.nth(0).inner_text() and "服务中心主任" in chain.nth(1).inner_text()
        assert "待审批：客服/财务主管。" in page.content()
        assert page.locator("[data-testid=decide-form]").count() == 0  # the cashier never decides
    application = WaiverApplication.objects.get()
    assert application.number.startswith("JM") and application.amount == Decimal("798.90")
    assert application.levels == ["supervisor", "director"] and application.applied_by == world.cashier
    assert {(line.bill_id, line.amount) for line in application.lines.all()} == {
        (heating.pk, Decimal("698.90")),
        (management.pk, Decimal("100.00")),
    }

    with logged_in(browser, live_server, "cs_supervisor") as page:
        page.goto(live_server.url + "/billing/waivers/")
        assert text(page, "[data-testid=page-title]") == "费用减免"
        row = text(page, "tbody tr")
        assert application.number in row and "空置房" in row and "¥798.90" in row and "待审批" in row
        page.click(f"text={application.number}")
        page.wait_for_selector("[data-testid=decide-form]")
        page.click("[data-testid=reject]")  # a rejection needs a comment
        page.wait_for_selector("[data-testid=decide-form] .text-danger")
        assert "驳回须填写意见" in text(page, "[data-testid=decide-form]")
        assert application.decisions.count() == 0
        page.fill("#id_comment", "空置属实")
        page.click("[data-testid=approve]")
        page.wait_for_selector("text=待审批：服务中心主任。")
        assert text(page, "[data-testid=status]") == "待审批"
        assert "空置属实" in text(page, "[data-testid=chain] li:nth-child(1)")
        assert page.locator("[data-testid=decide-form]").count() == 0  # not two steps of one

    with logged_in(browser, live_server, "director") as page:
        page.goto(live_server.url + f"/billing/waivers/{application.pk}/")
        page.fill("#id_comment", "同意")
        page.click("[data-testid=approve]")
        page.wait_for_selector("[data-testid=status].text-bg-success")
        assert text(page, "[data-testid=status]") == "已批准"
        assert "审批意见已登记。" in page.content()
        lines = text(page, "table")
        assert lines.count(f"费用减免 {application.number}") == 2
        shot(page, "waiver-approved")
        page.goto(live_server.url + f"/billing/desk/units/{world.unit.pk}/")
        assert text(page, "[data-testid=total-due]") == "¥211.25"  # 1,010.15 − 798.90

    application.refresh_from_db()
    assert application.status == WaiverStatus.APPROVED
    assert list(WaiverDecision.objects.order_by("step").values_list("level", "decided_by", "comment")) == [
        ("supervisor", world.cs_supervisor.pk, "空置属实"),
        ("director", world.director.pk, "同意"),
    ]
    notes = {n.bill_id: n for n in CreditNote.objects.all()}
    assert notes[heating.pk].amount == Decimal("698.90") and notes[management.pk].amount == Decimal("100.00")
    assert {n.reason for n in notes.values()} == {f"费用减免 {application.number}"}
    assert selectors.outstanding_of(management.pk) == Decimal("201.25")


def test_the_butler_applies_on_a_phone_and_the_pages_fit(browser, live_server):
    world = _world()
    waste = world.bills["waste"]
    with logged_in(browser, live_server, "butler", viewport=PHONE) as page:
        page.goto(live_server.url + f"/billing/desk/units/{world.unit.pk}/waiver/")
        page.wait_for_selector("[data-testid=waiver-form]")
        assert_no_horizontal_overflow(page)
        page.check(f"#bill-{waste.pk}")
        page.select_option("#id_reason", label="空置房")
        submit = page.locator("[data-testid=submit-waiver]")
        assert submit.bounding_box()["height"] >= 38
        submit.click()
        page.wait_for_selector("[data-testid=chain]")
        assert_no_horizontal_overflow(page)
        assert text(page, "[data-testid=chain]") == "客服/财务主管 —"  # ≤ ¥200: one level
        shot(page, "waiver-phone")
        page.goto(live_server.url + "/billing/waivers/")
        assert_no_horizontal_overflow(page)
        shot(page, "waivers-list-phone")
    application = WaiverApplication.objects.get()
    assert application.amount == Decimal("10.00") and application.applied_by == world.butler
    assert application.levels == ["supervisor"]
