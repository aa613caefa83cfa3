"""The cashier's pages and the API: find a room, take a payment, print the receipt; lists with fixed query counts."""

import datetime as dt
import io
import subprocess
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from propdesk.billing import services
from propdesk.billing.models import Payment, Receipt, ReceiptPrint

from .conftest import add_units, run_month

pytestmark = pytest.mark.django_db
MARCH = dt.date(2026, 3, 1)


def test_the_desk_finds_a_room_by_what_the_cashier_types(billing, login):
    client = login(billing.cashier)
    response = client.get("/billing/desk/", {"q": "3-2-1501"})
    assert response.status_code == 302 and response["Location"] == f"/billing/desk/units/{billing.unit.pk}/"
    response = client.get("/billing/desk/", {"building": billing.building.pk, "room": "1501"})
    assert response["Location"] == f"/billing/desk/units/{billing.unit.pk}/"
    assert "没有匹配" in client.get("/billing/desk/", {"q": "9-9-9999"}).content.decode()


def test_the_cashier_takes_a_cash_payment_and_gets_a_receipt(billing, login):
    run_month(billing, MARCH)
    client = login(billing.cashier)
    page = client.get(f"/billing/desk/units/{billing.unit.pk}/").content.decode()
    assert "¥1,010.15" in page
    response = client.post(
        f"/billing/desk/units/{billing.unit.pk}/",
        {"method": "cash", "amount": "1010.15", "payer_name": "张三"},
    )
    receipt = Receipt.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/billing/receipts/{receipt.pk}/"
    assert receipt.payment.received_by == billing.cashier


def test_a_payment_error_is_shown_next_to_the_field(billing, login):
    response = login(billing.cashier).post(
        f"/billing/desk/units/{billing.unit.pk}/", {"method": "bank_transfer", "amount": "10"}
    )
    assert response.status_code == 200 and "请填写转账或刷卡流水号" in response.content.decode()
    assert not Payment.objects.exists()


def test_the_receipt_pdf_is_in_chinese_and_reprints_are_marked_as_copies(billing, login, tmp_path):
    run_month(billing, MARCH)
    payment = services.take_payment(
        unit=billing.unit, amount=Decimal("1123.45"), method="cash", actor=billing.cashier, payer_name="张三"
    )
    client = login(billing.cashier)

    def text_of(response):
        path = tmp_path / "r.pdf"
        path.write_bytes(response.content)
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout

    first = client.get(f"/billing/receipts/{payment.receipt.pk}/pdf/")
    assert first["Content-Type"] == "application/pdf"
    text = text_of(first)
    for expected in (
        "收据",
        "SJ00000001",
        "壹仟壹佰贰拾叁元肆角伍分",
        "¥1,123.45",
        "物业服务费",
        "3-2-1501",
        "现金",
        "027-11110000",
        "张三",
    ):
        assert expected in text, expected
    assert "补打" not in text
    second = text_of(client.get(f"/billing/receipts/{payment.receipt.pk}/pdf/"))
    assert "补打" in second and "副本" in second
    assert list(ReceiptPrint.objects.values_list("is_copy", flat=True).order_by("id")) == [False, True]


def test_a_voided_receipt_pdf_says_so(billing, login, tmp_path):
    payment = services.take_payment(
        unit=billing.unit, amount=Decimal("10"), method="cash", actor=billing.cashier
    )
    client = login(billing.director)
    client.post(f"/billing/receipts/{payment.receipt.pk}/void/", {"reason": "收错房号"})
    path = tmp_path / "v.pdf"
    path.write_bytes(client.get(f"/billing/receipts/{payment.receipt.pk}/pdf/").content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "作废" in text and "收错房号" in text


def test_the_cashier_cannot_void_receipts(billing, login):
    payment = services.take_payment(
        unit=billing.unit, amount=Decimal("10"), method="cash", actor=billing.cashier
    )
    assert (
        login(billing.cashier)
        .post(f"/billing/receipts/{payment.receipt.pk}/void/", {"reason": "x"})
        .status_code
        == 403
    )


def _queries(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_list_pages_and_apis_take_a_fixed_number_of_queries(billing, login):
    client = login(billing.director)
    run_month(billing, MARCH)
    services.take_payment(unit=billing.unit, amount=Decimal("10"), method="cash", actor=billing.cashier)
    urls = [
        "/billing/bills/",
        "/billing/receipts/",
        "/billing/runs/",
        "/api/v1/billing/bills/",
        "/api/v1/billing/payments/",
        "/api/v1/billing/receipts/",
    ]
    for url in urls:  # warm the per-process caches (content types, translations)
        _queries(client, url)
    few = {url: _queries(client, url) for url in urls}
    for unit in add_units(billing, 6):
        services.take_payment(unit=unit, amount=Decimal("10"), method="cash", actor=billing.cashier)
    run_month(billing, dt.date(2026, 4, 1))
    many = {url: _queries(client, url) for url in urls}
    assert many == few
    assert max(many.values()) <= 16


def test_the_bill_list_filters_totals_and_exports_to_excel(billing, login):
    run_month(billing, MARCH)
    client = login(billing.director)
    page = client.get("/billing/bills/", {"period": "2026-03", "state": "open"}).content.decode()
    assert "¥1,010.15" in page
    response = client.get("/billing/bills/export/", {"period": "2026-03"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("房号", "收费项目", "账期")
    assert {r[1] for r in rows[1:]} == {"物业服务费", "采暖费", "生活垃圾处理费"}
    assert sum(Decimal(str(r[7])) for r in rows[1:]) == Decimal("1010.15")


def test_the_api_shows_bills_with_what_they_still_ask(billing, login):
    run_month(billing, MARCH)
    body = login(billing.cashier).get("/api/v1/billing/bills/").json()
    results = body["results"] if isinstance(body, dict) else body
    assert {r["outstanding"] for r in results} == {"301.25", "698.90", "10.00"}


def test_the_outsider_sees_no_bills_of_another_project(billing, login):
    run_month(billing, MARCH)
    client = login(billing.outsider)
    body = client.get("/api/v1/billing/bills/").json()
    assert (body["results"] if isinstance(body, dict) else body) == []
    bill_id = (
        Payment.objects.none()
        or services.take_payment(
            unit=billing.unit, amount=Decimal("1"), method="cash", actor=billing.cashier
        ).receipt.pk
    )
    assert client.get(f"/api/v1/billing/receipts/{bill_id}/").status_code == 404
    assert client.get(f"/billing/desk/units/{billing.unit.pk}/").status_code in (403, 404)


def test_a_billing_run_page_polls_its_progress(billing, login):
    client = login(billing.cashier)
    response = client.post("/billing/runs/", {"period": "2026-03"})
    run_url = response["Location"]
    page = client.get(run_url).content.decode()
    assert 'hx-trigger="every 1s"' in page
    from propdesk.billing.models import BillingRun

    services.execute_billing_run(BillingRun.objects.get().pk)
    fragment = client.get(run_url + "progress/").content.decode()
    assert "100%" in fragment and "hx-trigger" not in fragment


def test_the_receipt_prints_on_the_three_part_continuous_form(billing, login, tmp_path):
    """三联收据: 241 mm wide continuous paper (half height, 140 mm); one impression makes the three
    copies, whose uses are printed on the edge; a payment of several months shows each item once."""
    from pypdf import PdfReader

    run_month(billing, MARCH)
    run_month(billing, dt.date(2026, 4, 1))
    payment = services.take_payment(
        unit=billing.unit, amount=Decimal("1321.40"), method="cash", actor=billing.cashier
    )
    response = login(billing.cashier).get(f"/billing/receipts/{payment.receipt.pk}/pdf/?paper=241")
    assert 'filename="SJ00000001-241mm.pdf"' in response["Content-Disposition"]
    path = tmp_path / "r241.pdf"
    path.write_bytes(response.content)
    box = PdfReader(path).pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (241, 140)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in ("收据", "SJ00000001", "交款人", "壹仟叁佰贰拾壹元肆角", "¥1,321.40"):
        assert expected in text, expected
    edge = "".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split()
    )
    assert "第一联存根白" in edge and "第二联交款人红" in edge and "第三联记账黄" in edge
    # March and April's management fee: one line over both months (301.25 × 2).
    assert "2026-03-01 至 2026-04-30" in text and "¥602.50" in text
    assert text.count("物业服务费") == 1
