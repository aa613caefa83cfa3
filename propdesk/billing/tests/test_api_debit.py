"""Bank direct debit through the API (issue 16, item 13): mandates and a month's batch, the twins of the
托收 pages, with the pages' checks; the account number never leaves unmasked."""

import datetime as dt
from decimal import Decimal

import pytest

from propdesk.billing.models import DebitBatch, DebitLine, DebitMandate
from propdesk.conftest import logged_in_api

from .conftest import run_month

pytestmark = pytest.mark.django_db

MANDATES = "/api/v1/billing/debit-mandates/"
BATCHES = "/api/v1/billing/debit-batches/"
MARCH = dt.date(2026, 3, 1)


def mandate_for(world, **change):
    body = {
        "unit": world.unit.pk,
        "bank_name": "工商银行",
        "account_name": "张三",
        "account_number": "6222 0202 0011 2233 445",
        "signed_on": "2026-01-05",
    }
    return {**body, **change}


def test_a_mandate_is_recorded_through_the_api_by_who_may_and_shown_masked(billing):
    # Customer service reads the bills but keeps no mandates (the page refuses her too).
    assert (
        logged_in_api(billing.cs_supervisor).post(MANDATES, mandate_for(billing), format="json").status_code
        == 403
    )
    assert (
        logged_in_api(billing.outsider).post(MANDATES, mandate_for(billing), format="json").status_code == 404
    )
    recorded = logged_in_api(billing.cashier).post(MANDATES, mandate_for(billing), format="json")
    assert recorded.status_code == 201, recorded.json()
    mandate = DebitMandate.objects.get()
    assert (mandate.unit, mandate.account_number, mandate.created_by) == (
        billing.unit,
        "6222020200112233445",
        billing.cashier,
    )
    assert recorded.json()["account_masked"] == "622************3445"
    listed = logged_in_api(billing.cashier).get(MANDATES).content.decode()
    assert "622************3445" in listed and "6222020200112233445" not in listed
    assert "account_number" not in recorded.json()

    # A new mandate ends the unit's previous one (kept, inactive), as on the page.
    again = logged_in_api(billing.director).post(
        MANDATES, mandate_for(billing, bank_name="建设银行", account_number="6227001234567890"), format="json"
    )
    assert again.status_code == 201
    assert list(DebitMandate.objects.order_by("pk").values_list("bank_name", "is_active")) == [
        ("工商银行", False),
        ("建设银行", True),
    ]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"account_number": "12AB"}, "account_number"),  # the service's rule: 8 to 30 digits
        ({"account_number": "1234567"}, "account_number"),
        ({"bank_name": ""}, "bank_name"),
        ({"signed_on": "last week"}, "signed_on"),
        ({"unit": None}, "unit"),
    ],
)
def test_a_bad_mandate_is_refused_naming_the_field_and_the_last_one_stays(billing, change, field):
    logged_in_api(billing.cashier).post(MANDATES, mandate_for(billing), format="json")
    refused = logged_in_api(billing.cashier).post(MANDATES, mandate_for(billing, **change), format="json")
    assert refused.status_code == 400 and refused.json()["fields"].keys() == {field}, refused.json()
    assert list(DebitMandate.objects.values_list("account_number", "is_active")) == [
        ("6222020200112233445", True)
    ]


def test_a_months_batch_is_made_through_the_api_by_who_may(billing):
    run_month(billing, MARCH)
    month = {"project": billing.project.pk, "period": "2026-03"}
    nothing = logged_in_api(billing.cashier).post(
        BATCHES, month, format="json"
    )  # no mandate yet: nothing to debit
    assert nothing.status_code == 400 and nothing.json()["fields"].keys() == {"period"}
    logged_in_api(billing.cashier).post(MANDATES, mandate_for(billing), format="json")

    assert logged_in_api(billing.cs_supervisor).post(BATCHES, month, format="json").status_code == 403
    assert logged_in_api(billing.outsider).post(BATCHES, month, format="json").status_code == 404
    bad = logged_in_api(billing.cashier).post(BATCHES, {**month, "period": "March"}, format="json")
    assert bad.status_code == 400 and bad.json()["fields"].keys() == {"period"}
    assert not DebitBatch.objects.exists()

    made = logged_in_api(billing.cashier).post(BATCHES, month, format="json")
    assert made.status_code == 201, made.json()
    batch = DebitBatch.objects.get()
    assert made.json()["number"] == batch.number == "TS202603-01"
    assert made.json()["total_amount"] == "1010.15" and made.json()["line_count"] == 1
    (line,) = DebitLine.objects.filter(batch=batch)
    assert (line.unit, line.amount) == (billing.unit, Decimal("1010.15"))
    # The room waits in a batch the bank has not answered: a second one has nothing to debit.
    again = logged_in_api(billing.cashier).post(BATCHES, month, format="json")
    assert again.status_code == 400 and again.json()["fields"].keys() == {"period"}
    assert DebitBatch.objects.count() == 1
