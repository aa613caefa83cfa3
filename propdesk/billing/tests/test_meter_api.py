"""The API of meters, readings and one-off charges: the same services and checks as the pages."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from rest_framework.test import APIClient

from propdesk.billing.choices import ReadingKind
from propdesk.billing.models import Bill, Meter, MeterReading
from propdesk.billing.services import meters as meter_services
from propdesk.registry.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(dt.datetime(2026, 4, 10, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def meter(billing):
    return meter_services.register_meter(
        unit=billing.unit,
        kind="water",
        number="W-1501",
        installed_on=dt.date(2026, 3, 1),
        start_value="100",
        actor=billing.director,
    )


def as_user(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_reading_is_created_and_a_lower_one_refused_with_its_problem(billing, meter):
    api = as_user(billing.technician)
    created = api.post(
        "/api/v1/billing/meter-readings/", {"meter": meter.pk, "value": "112.5", "read_on": "2026-04-01"}
    )
    assert created.status_code == 201 and created.json()["value"] == "112.50"
    again = api.post(
        "/api/v1/billing/meter-readings/", {"meter": meter.pk, "value": "112.5", "read_on": "2026-04-01"}
    )
    assert again.status_code == 200 and again.json()["id"] == created.json()["id"]
    lower = api.post(
        "/api/v1/billing/meter-readings/", {"meter": meter.pk, "value": "99", "read_on": "2026-04-05"}
    )
    assert lower.status_code == 400
    body = lower.json()
    assert body["code"] == "reading_problems"
    assert body["problems"][0]["field"] == "value" and body["problems"][0]["unit"] == "3-2-1501"
    assert "3-2-1501" in body["message"] and "112.50" in body["message"]
    assert MeterReading.objects.filter(kind=ReadingKind.READING).count() == 1


def test_readings_in_bulk_are_all_or_none(billing, meter):
    other_unit = UnitFactory(
        building=billing.building, project=billing.project, entrance="1", number="101", floor=1
    )
    other = meter_services.register_meter(
        unit=other_unit,
        kind="water",
        number="W-101",
        installed_on=dt.date(2026, 3, 1),
        start_value="50",
        actor=billing.director,
    )
    api = as_user(billing.cashier)
    rows = [
        {"meter": meter.pk, "value": "110", "read_on": "2026-04-01"},
        {"meter": other.pk, "value": "40", "read_on": "2026-04-01"},
    ]
    refused = api.post("/api/v1/billing/meter-readings/bulk/", {"readings": rows}, format="json")
    assert refused.status_code == 400
    assert [(p["row"], p["field"]) for p in refused.json()["problems"]] == [(2, "value")]
    assert not MeterReading.objects.filter(kind=ReadingKind.READING).exists()
    rows[1]["value"] = "60"
    done = api.post("/api/v1/billing/meter-readings/bulk/", {"readings": rows}, format="json")
    assert done.status_code == 201 and len(done.json()["recorded"]) == 2


def test_the_outsider_and_readers_without_the_right_are_refused(billing, meter):
    outsider = as_user(billing.outsider)
    reading = {"meter": meter.pk, "value": "110", "read_on": "2026-04-01"}
    assert outsider.post("/api/v1/billing/meter-readings/", reading).status_code == 404
    assert (
        outsider.post(
            "/api/v1/billing/meter-readings/bulk/", {"readings": [reading]}, format="json"
        ).status_code
        == 404
    )
    assert outsider.get(f"/api/v1/billing/meters/{meter.pk}/").status_code == 404
    assert as_user(billing.frontdesk).post("/api/v1/billing/meter-readings/", reading).status_code == 403
    start = MeterReading.objects.get(meter=meter)
    technician = as_user(billing.technician)
    refused = technician.post(
        f"/api/v1/billing/meter-readings/{start.pk}/correct/", {"value": "90", "reason": "x"}, format="json"
    )
    assert refused.status_code == 403


def test_meters_are_registered_and_changed_through_the_api(billing, meter):
    api = as_user(billing.eng_supervisor)
    created = api.post(
        "/api/v1/billing/meters/",
        {
            "unit": billing.unit.pk,
            "kind": "gas",
            "number": "G-1",
            "installed_on": "2026-03-01",
            "start_value": "0",
        },
        format="json",
    )
    assert created.status_code == 201 and created.json()["kind"] == "gas"
    changed = api.post(
        f"/api/v1/billing/meters/{meter.pk}/change/",
        {
            "final_value": "130",
            "changed_on": "2026-04-02",
            "new_number": "W-1501-B",
            "new_start_value": "0",
            "reason": "水表漏水",
        },
        format="json",
    )
    assert changed.status_code == 201 and changed.json()["replaces"] == meter.pk
    listed = api.get("/api/v1/billing/meters/", {"unit": billing.unit.pk}).json()["results"]
    assert {m["number"] for m in listed} == {"W-1501", "W-1501-B", "G-1"}
    assert Meter.objects.get(pk=meter.pk).removed_on == dt.date(2026, 4, 2)


def test_the_readings_list_takes_a_fixed_number_of_queries(billing, meter, django_assert_max_num_queries):
    api = as_user(billing.director)
    for day in range(1, 8):
        meter_services.record_readings(
            entries=[meter_services.ReadingInput(meter, 100 + day, dt.date(2026, 4, day))],
            source="api",
            actor=billing.technician,
        )
    with django_assert_max_num_queries(12):
        rows = api.get("/api/v1/billing/meter-readings/").json()["results"]
    assert len(rows) == 8 and all(r["counts"] for r in rows)


def test_a_one_off_charge_through_the_api(billing):
    api = as_user(billing.cashier)
    item = billing.items["one_off"]
    created = api.post(
        "/api/v1/billing/one-off-charges/",
        {"unit": billing.unit.pk, "item": item.pk, "amount": "35.5", "reason": "复印档案"},
        format="json",
    )
    assert created.status_code == 201
    assert (created.json()["reference"], created.json()["outstanding"]) == ("YC202604-0001", "35.50")
    not_one_off = api.post(
        "/api/v1/billing/one-off-charges/",
        {"unit": billing.unit.pk, "item": billing.items["management"].pk, "amount": "1", "reason": "x"},
        format="json",
    )
    assert not_one_off.status_code == 400 and not_one_off.json()["fields"] == {
        "item": ["请选择本项目的一次性收费项目。"]
    }
    assert (
        as_user(billing.technician)
        .post(
            "/api/v1/billing/one-off-charges/",
            {"unit": billing.unit.pk, "item": item.pk, "amount": "1", "reason": "x"},
            format="json",
        )
        .status_code
        == 403
    )
    assert Bill.objects.get(item=item).amount == Decimal("35.50")
    assert [r["reference"] for r in api.get("/api/v1/billing/one-off-charges/").json()["results"]] == [
        "YC202604-0001"
    ]
