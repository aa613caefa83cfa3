"""Bank direct debit (托收): mandates encrypted, the debit file, the result file applied once, bad files refused whole."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from propdesk.billing import selectors
from propdesk.billing.choices import DebitResult
from propdesk.billing.models import DebitLine, DebitMandate, Payment
from propdesk.billing.services import debit as debit_services

from .conftest import add_units, run_month

MARCH = dt.date(2026, 3, 1)
pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(billing):
    run_month(billing, MARCH)
    billing.second = add_units(billing, 1)[0]
    run_month(billing, MARCH)  # the new unit's March bills
    for unit, account in ((billing.unit, "6222020200112233445"), (billing.second, "6217000011112222")):
        debit_services.add_mandate(
            unit=unit,
            bank_name="工商银行",
            account_name="张三",
            account_number=account,
            signed_on=dt.date(2026, 1, 5),
            actor=billing.cashier,
        )
    billing.batch = debit_services.create_batch(project=billing.project, period=MARCH, actor=billing.cashier)
    return billing


def lines_of(world):
    first = DebitLine.objects.get(batch=world.batch, unit=world.unit)
    second = DebitLine.objects.get(batch=world.batch, unit=world.second)
    return first, second


def result_file(world, *lines, count=None):
    body = [f"H,{world.batch.number}"] + list(lines) + [f"T,{len(lines) if count is None else count}"]
    return "\n".join(body) + "\n"


def test_the_account_number_is_encrypted_and_shown_masked(batch):
    mandate = DebitMandate.objects.get(unit=batch.unit)
    assert mandate.account_masked == "622************3445"
    with connection.cursor() as cursor:
        cursor.execute("SELECT account_number FROM billing_debitmandate WHERE id = %s", [mandate.pk])
        assert "6222020200112233445" not in cursor.fetchone()[0]
    with pytest.raises(debit_services.ServiceError) as bad:
        debit_services.add_mandate(
            unit=batch.unit,
            bank_name="x",
            account_name="y",
            account_number="12AB",
            signed_on=MARCH,
            actor=batch.cashier,
        )
    assert bad.value.field == "account_number"


def test_the_debit_file_has_one_line_per_unit_with_its_open_amount_and_totals(batch):
    text = debit_services.debit_file(batch.batch)
    rows = text.strip().split("\r\n")
    assert rows[0].startswith(f"H,{batch.batch.number},") and rows[0].endswith(
        f",202603,2,{batch.batch.total_amount}"
    )
    assert rows[1] == "D,1,3-1-100,张三,6217000011112222,753.35"  # entrance 1 before entrance 2
    assert (
        rows[2] == "D,2,3-2-1501,张三,6222020200112233445,1010.15"
        and rows[-1] == f"T,2,{batch.batch.total_amount}"
    )
    assert batch.batch.line_count == 2


def test_the_result_file_credits_successes_once_and_lists_failures(batch):
    first, second = lines_of(batch)
    text = result_file(
        batch, f"D,{first.line_no},1010.15,S,", f"D,{second.line_no},{second.amount},F,余额不足"
    )
    report = debit_services.import_results(batch=batch.batch, text=text, actor=batch.cashier)
    assert (report.succeeded, report.failed) == (1, 1)
    payment = Payment.objects.get(method="bank_debit")
    assert payment.trade_no == f"{batch.batch.number}-{first.line_no}" and payment.receipt.number >= 1
    assert selectors.outstanding_bills(batch.unit) == []
    assert DebitLine.objects.get(pk=second.pk).reason == "余额不足"
    again = debit_services.import_results(batch=batch.batch, text=text, actor=batch.cashier)
    assert (again.succeeded, again.unchanged) == (0, 2)
    assert Payment.objects.filter(method="bank_debit").count() == 1


def test_a_bad_file_names_line_and_field_and_applies_nothing(batch):
    text = result_file(batch, "D,2,1010.15,S,", "D,1,1.00,F,", "D,9,1.00,S,", "X,oops", count=5)
    with pytest.raises(debit_services.ServiceError) as bad:
        debit_services.import_results(batch=batch.batch, text=text, actor=batch.cashier)
    message = str(bad.value.message)
    for expected in ("第3行 金额", "第3行 失败原因", "第4行 明细序号", "第5行 记录类型", "第6行 笔数"):
        assert expected in message, expected
    assert not Payment.objects.exists()
    assert set(DebitLine.objects.values_list("result", flat=True)) == {DebitResult.PENDING}


def test_a_unit_in_an_unanswered_batch_is_not_debited_twice(batch):
    with pytest.raises(debit_services.ServiceError):
        debit_services.create_batch(project=batch.project, period=MARCH, actor=batch.cashier)


def test_pages_download_and_import(batch, login):
    client = login(batch.cashier)
    page = client.get("/billing/debit/").content.decode()
    assert batch.batch.number in page
    response = client.get(f"/billing/debit/{batch.batch.pk}/file/")
    assert response["Content-Type"].startswith("text/csv") and b"6222020200112233445" in response.content
    first, second = lines_of(batch)
    upload = SimpleUploadedFile(
        "result.csv",
        result_file(
            batch, f"D,{first.line_no},1010.15,S,", f"D,{second.line_no},{second.amount},F,账户冻结"
        ).encode(),
    )
    response = client.post(f"/billing/debit/{batch.batch.pk}/", {"file": upload})
    assert response.status_code == 302
    page = client.get(f"/billing/debit/{batch.batch.pk}/").content.decode()
    assert 'data-testid="failures"' in page and "账户冻结" in page
    bad = SimpleUploadedFile("bad.csv", b"H,WRONG\nT,0\n")
    page = client.post(f"/billing/debit/{batch.batch.pk}/", {"file": bad}).content.decode()
    assert "第1行 批次号" in page
    mandates = client.get("/billing/debit/mandates/").content.decode()
    assert "622************3445" in mandates and "6222020200112233445" not in mandates
    response = client.post(
        "/billing/debit/mandates/",
        {"room": "3-2-1501", "bank_name": "建设银行", "account_name": "李四", "account_number": "6227001234567890",
         "signed_on": "2026-03-01"},
    )  # fmt: skip
    assert response.status_code == 302
    assert DebitMandate.objects.get(unit=batch.unit, is_active=True).bank_name == "建设银行"


def test_the_api_imports_a_result_and_keeps_outsiders_out(batch, login):
    first, second = lines_of(batch)
    text = result_file(batch, f"D,{first.line_no},1010.15,S,", f"D,{second.line_no},{second.amount},S,")
    response = login(batch.cashier).post(
        f"/api/v1/billing/debit-batches/{batch.batch.pk}/import/",
        {"text": text},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["succeeded"] == 2 and response.json()["status"] == "imported"
    outsider = login(batch.outsider)
    assert outsider.post(f"/api/v1/billing/debit-batches/{batch.batch.pk}/import/", {}).status_code == 404
