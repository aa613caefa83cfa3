"""Owner API (业主端): own bills, paying through the sandbox, own receipts; the public fee page."""

import datetime as dt
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from propdesk.billing.models import Payment, ProviderAccount, Receipt

from .conftest import add_units, run_month

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(billing):
    ProviderAccount.objects.create(
        project=billing.project, method="wechat", merchant_id="1900000109", signing_key="k" * 32
    )
    (neighbour,) = add_units(billing, 1)
    run_month(billing, dt.date(2026, 3, 1))
    billing.neighbour = neighbour
    client = APIClient()
    client.force_authenticate(billing.owner)
    billing.api = client
    return billing


def test_an_owner_sees_what_their_own_units_owe_and_nothing_else(owner):
    bills = owner.api.get("/api/v1/billing/my/bills/").json()
    rows = bills["results"] if isinstance(bills, dict) else bills
    assert {r["unit"] for r in rows} == {owner.unit.pk}
    assert sum(Decimal(r["outstanding"]) for r in rows) == Decimal("1010.15")
    assert owner.api.get(f"/api/v1/billing/my/bills/?unit={owner.neighbour.pk}").json() in (
        [],
        {"count": 0, "next": None, "previous": None, "results": []},
    )
    assert APIClient().get("/api/v1/billing/my/bills/").status_code in (401, 403)


def test_an_owner_pays_through_the_sandbox_and_downloads_the_receipt(owner):
    created = owner.api.post(
        "/api/v1/billing/my/payments/", {"unit": owner.unit.pk, "method": "wechat"}, format="json"
    )
    assert created.status_code == 201, created.content
    order = created.json()
    assert Decimal(order["amount"]) == Decimal("1010.15") and order["status"] == "open"
    paid = owner.api.post(f"/api/v1/billing/my/payments/{order['id']}/sandbox-pay/")
    assert paid.status_code == 200 and paid.json()["status"] == "paid"
    again = owner.api.post(f"/api/v1/billing/my/payments/{order['id']}/sandbox-pay/")
    assert again.status_code == 200
    assert Payment.objects.count() == 1  # a second notification of the same order credits nothing
    rows = owner.api.get("/api/v1/billing/my/bills/").json()
    assert (rows["results"] if isinstance(rows, dict) else rows) == []
    receipt = Receipt.objects.get()
    assert paid.json()["receipt"] == receipt.pk
    pdf = owner.api.get(f"/api/v1/billing/my/receipts/{receipt.pk}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_an_owner_cannot_pay_for_or_read_someone_elses_unit(owner):
    other = owner.api.post(
        "/api/v1/billing/my/payments/", {"unit": owner.neighbour.pk, "method": "wechat"}, format="json"
    )
    assert other.status_code == 404
    from propdesk.billing import services

    payment = services.take_payment(
        unit=owner.neighbour, amount=Decimal("5"), method="cash", actor=owner.cashier
    )
    assert owner.api.get(f"/api/v1/billing/my/receipts/{payment.receipt.pk}/pdf/").status_code == 404
    outsider = APIClient()
    outsider.force_authenticate(owner.outsider)
    assert outsider.get("/api/v1/billing/my/receipts/").json() in (
        [],
        {"count": 0, "next": None, "previous": None, "results": []},
    )


def test_the_public_fee_page_needs_no_login_and_names_the_hotline(owner, client):
    page = client.get(f"/billing/public/projects/{owner.project.pk}/fees/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "物业服务费" in html and "2.5" in html and "元/m²/月" in html and "12358" in html
    assert "不足整月按实际天数折算" in html
    assert client.get("/billing/public/projects/999999/fees/").status_code == 404


def test_an_owner_pays_chosen_bills_through_the_api_with_the_pages_rules(owner):
    """The API twin of the portal's pay button: chosen bills of one unit, each paid in full; another
    person's bill is a 404, a paid one and bills of two units are refused on `bills` in Chinese."""
    from propdesk.billing.models import Bill, PaymentOrder

    mine = list(Bill.objects.filter(unit=owner.unit).order_by("pk"))
    chosen = [mine[0].pk, mine[1].pk]
    created = owner.api.post(
        "/api/v1/billing/my/payments/", {"bills": chosen, "method": "wechat"}, format="json"
    )
    assert created.status_code == 201, created.content
    order = PaymentOrder.objects.get(pk=created.json()["id"])
    assert sorted(order.bills) == sorted(chosen) and order.amount == mine[0].amount + mine[1].amount
    owner.api.post(f"/api/v1/billing/my/payments/{order.pk}/sandbox-pay/")

    theirs = Bill.objects.filter(unit=owner.neighbour).first()
    refused = owner.api.post(
        "/api/v1/billing/my/payments/", {"bills": [mine[2].pk, theirs.pk], "method": "wechat"}, format="json"
    )
    assert refused.status_code == 404
    again = owner.api.post(
        "/api/v1/billing/my/payments/",
        {"bills": [mine[0].pk], "method": "wechat"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert again.status_code == 400 and "已缴清" in again.json()["fields"]["bills"][0]
    neither = owner.api.post("/api/v1/billing/my/payments/", {"method": "wechat"}, format="json")
    assert neither.status_code == 400 and "unit" in neither.json()["fields"]
    assert PaymentOrder.objects.count() == 1
