"""The finance pages' twins in the API (issue 16, item 13): billing runs, waiver reasons and the
arrears report, with the pages' checks."""

import pytest

from propdesk.billing.models import BillingRun, WaiverReason
from propdesk.conftest import logged_in_api

pytestmark = pytest.mark.django_db


def test_a_billing_run_is_started_and_resumed_through_the_api_by_who_may_start_one(billing):
    url = "/api/v1/billing/runs/"
    month = {"project": billing.project.pk, "period": "2026-03"}
    # The customer service supervisor sees the runs but does not start them (as on the page).
    assert logged_in_api(billing.cs_supervisor).post(url, month, format="json").status_code == 403
    assert logged_in_api(billing.outsider).post(url, month, format="json").status_code == 404
    bad = logged_in_api(billing.cashier).post(
        url, {"project": billing.project.pk, "period": "March"}, format="json"
    )
    assert bad.status_code == 400 and bad.json()["fields"].keys() == {"period"}
    started = logged_in_api(billing.cashier).post(url, month, format="json")
    assert started.status_code == 201, started.json()
    assert started.json()["period"] == "2026-03-01"
    again = logged_in_api(billing.cashier).post(
        url, month, format="json"
    )  # that month's run is still working
    assert again.status_code == 400 and "period" in again.json()["fields"]
    resume = f"{url}{started.json()['id']}/resume/"
    assert logged_in_api(billing.cs_supervisor).post(resume).status_code == 403
    assert logged_in_api(billing.cashier).post(resume).status_code == 200
    listed = logged_in_api(billing.cs_supervisor).get(url).json()["results"]
    assert [row["id"] for row in listed] == [started.json()["id"]]
    assert BillingRun.objects.filter(project=billing.project).count() == 1


def test_the_arrears_report_and_the_waiver_reasons_are_read_through_the_api(billing):
    url = "/api/v1/billing/reports/arrears/"
    missing = logged_in_api(billing.cashier).get(url)
    assert missing.status_code == 400 and missing.json()["fields"].keys() == {"project"}
    assert logged_in_api(billing.technician).get(url, {"project": billing.project.pk}).status_code == 403
    assert logged_in_api(billing.outsider).get(url, {"project": billing.project.pk}).status_code in (403, 404)
    report = logged_in_api(billing.cashier).get(url, {"project": billing.project.pk, "period": "2026-03"})
    assert report.status_code == 200, report.json()
    body = report.json()
    assert body["rates"]["period"] == "2026-03-01"
    assert set(body) == {"as_of", "buckets", "by_building", "by_butler", "total", "rates"}
    assert set(body["total"]["buckets"]) == set(body["buckets"])

    WaiverReason.objects.create(project=billing.project, name="已停用的原因", is_active=False)
    active = set(
        WaiverReason.objects.filter(project=billing.project, is_active=True).values_list("name", flat=True)
    )
    reasons = logged_in_api(billing.butler).get("/api/v1/billing/waiver-reasons/").json()["results"]
    assert {r["name"] for r in reasons} == active and "已停用的原因" not in active
    theirs = logged_in_api(billing.outsider).get("/api/v1/billing/waiver-reasons/").json()["results"]
    assert billing.project.pk not in {r["project"] for r in theirs}


def test_a_receipt_is_voided_through_the_api_with_its_reason_by_who_may_void(billing):
    """The receipt page's 作废: billing.void_receipt and a reason; the receipt stays, marked void."""
    import datetime as dt
    from decimal import Decimal

    from propdesk.billing import services

    from .conftest import run_month

    run_month(billing, dt.date(2026, 3, 1))
    payment = services.take_payment(
        unit=billing.unit, amount=Decimal("100.00"), actor=billing.cashier, method="cash"
    )
    url = f"/api/v1/billing/receipts/{payment.receipt.pk}/void/"
    assert (
        logged_in_api(billing.cs_supervisor).post(url, {"reason": "金额录错"}, format="json").status_code
        == 403
    )
    assert logged_in_api(billing.director).post(url, {}, format="json").json()["fields"].keys() == {"reason"}
    voided = logged_in_api(billing.director).post(url, {"reason": "金额录错"}, format="json")
    assert voided.status_code == 200, voided.json()
    payment.receipt.refresh_from_db()
    assert payment.receipt.is_void and payment.receipt.void_reason == "金额录错"
