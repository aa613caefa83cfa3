"""The price list page's API twins: add an item, edit or retire it, price it from a date (issue 16,
item 13).

Each calls the page's service: the price-list keepers (engineering supervisor, director, cashier) may;
the butler, who only reads the list, is refused as on the page (403); the outsider finds nothing
(404); bad input names its field and writes nothing.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from propdesk.conftest import logged_in_api
from propdesk.paidservices.models import ServiceItem, ServiceItemPrice

pytestmark = pytest.mark.django_db

URL = "/api/v1/billing/special-service-items/"


def body(world, **kw):
    return {
        "project": world.project.pk,
        "code": "ac_clean",
        "name": "空调清洗",
        "unit_label": "台",
        "department_kind": "engineering",
        "labour_price": "80.00",
        "materials_price": "0",
    } | kw


@pytest.fixture
def item(world):
    return ServiceItem.objects.filter(project=world.project, is_active=True).order_by("pk").first()


def test_the_engineering_supervisor_adds_an_item_with_its_first_price(world):
    made = logged_in_api(world.eng_supervisor).post(
        URL, body(world, effective_from="2026-06-01"), format="json"
    )
    assert made.status_code == 201, made.content
    item = ServiceItem.objects.get(pk=made.json()["id"])
    assert (item.code, item.name, item.unit_label, item.is_active) == ("ac_clean", "空调清洗", "台", True)
    assert list(item.prices.values_list("labour_price", "effective_from")) == [
        (Decimal("80.00"), dt.date(2026, 6, 1))
    ]
    today = logged_in_api(world.eng_supervisor).post(URL, body(world, code="ac_clean_2"), format="json")
    assert today.status_code == 201 and today.json()["effective_from"] == timezone.localdate().isoformat()


def test_who_only_reads_the_list_cannot_add_to_it(world):
    before = ServiceItem.objects.count()
    assert logged_in_api(world.butler).post(URL, body(world), format="json").status_code == 403
    assert logged_in_api(world.outsider).post(URL, body(world), format="json").status_code == 404
    assert ServiceItem.objects.count() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"project": ""}, "project"),
        ({"code": "空调 清洗"}, "code"),
        ({"name": ""}, "name"),
        ({"labour_price": "-5"}, "labour_price"),
        ({"labour_price": "eighty"}, "labour_price"),
        ({"department_kind": "kitchen"}, "department_kind"),
        ({"effective_from": "June"}, "effective_from"),
        ({"code": "toilet_unblock"}, "code"),  # already on the list: the service's rule
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(world, change, field):
    before = (ServiceItem.objects.count(), ServiceItemPrice.objects.count())
    answer = logged_in_api(world.eng_supervisor).post(URL, body(world, **change), format="json")
    assert answer.status_code == 400, answer.content
    assert field in answer.json()["fields"]
    assert (ServiceItem.objects.count(), ServiceItemPrice.objects.count()) == before


def test_an_item_is_edited_and_retired_through_the_api(world, item):
    client = logged_in_api(world.director)
    url = f"{URL}{item.pk}/"
    edited = client.patch(url, {"name": "疏通坐便器（含上门）", "sort_order": 5}, format="json")
    assert edited.status_code == 200, edited.content
    item.refresh_from_db()
    assert (item.name, item.sort_order, item.is_active) == ("疏通坐便器（含上门）", 5, True)
    bad = client.patch(url, {"name": " "}, format="json")
    assert bad.status_code == 400 and "name" in bad.json()["fields"]
    retired = client.patch(url, {"is_active": False}, format="json")
    assert retired.status_code == 200 and retired.json()["is_active"] is False
    item.refresh_from_db()
    assert item.name == "疏通坐便器（含上门）" and not item.is_active
    listed = client.get(URL, {"project": world.project.pk, "is_active": "true"}).json()["results"]
    assert item.pk not in {row["id"] for row in listed}


def test_who_only_reads_the_list_cannot_edit_or_price_it(world, item):
    url = f"{URL}{item.pk}/"
    prices = item.prices.count()
    assert logged_in_api(world.butler).patch(url, {"is_active": False}, format="json").status_code == 403
    assert (
        logged_in_api(world.butler).post(f"{url}price/", {"labour_price": "1"}, format="json").status_code
        == 403
    )
    assert logged_in_api(world.outsider).patch(url, {"is_active": False}, format="json").status_code == 404
    assert (
        logged_in_api(world.outsider).post(f"{url}price/", {"labour_price": "1"}, format="json").status_code
        == 404
    )
    item.refresh_from_db()
    assert item.is_active and item.prices.count() == prices


def test_a_new_price_from_a_date_leaves_the_old_one_in_force_before_it(world, item):
    client = logged_in_api(world.cashier)
    url = f"{URL}{item.pk}/price/"
    priced = client.post(url, {"labour_price": "95.00", "effective_from": "2099-01-01"}, format="json")
    assert priced.status_code == 201, priced.content
    assert priced.json()["labour_price"] == "95.00" and priced.json()["item"] == item.pk
    again = client.post(url, {"labour_price": "99.00", "effective_from": "2099-01-01"}, format="json")
    assert again.status_code == 400 and "effective_from" in again.json()["fields"]
    missing = client.post(url, {"materials_price": "1"}, format="json")
    assert missing.status_code == 400 and "labour_price" in missing.json()["fields"]
    assert list(item.prices.filter(effective_from__year=2099).values_list("labour_price", flat=True)) == [
        Decimal("95.00")
    ]
    # Today's price is still the old one.
    shown = client.get(f"{URL}{item.pk}/").json()
    assert shown["labour_price"] != "95.00"


def test_the_list_takes_the_queries_of_one_item_whatever_its_length(world):
    """No query per item (the price in effect is read with the items)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = logged_in_api(world.eng_supervisor)

    def queries():
        with CaptureQueriesContext(connection) as seen:
            assert client.get(URL, {"project": world.project.pk}).status_code == 200
        return len(seen)

    client.post(URL, body(world, code="n_0"), format="json")
    few = queries()
    for n in range(1, 6):
        assert client.post(URL, body(world, code=f"n_{n}"), format="json").status_code == 201
    assert queries() == few
