"""The registry API: masked by default, reveal logged, owners see only their own units, bounded queries."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from propdesk.registry import services
from propdesk.registry.models import PersonalDataAccess

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_parties_are_masked_and_filtered(api, world):
    api.force_login(world.frontdesk)
    body = api.get("/api/v1/parties/", {"phone_last4": "5678"}).json()
    row = body["results"][0] if "results" in body else body[0]
    assert row["phone"] == "138****5678" and row["id_number"] == "110***********002X"


def test_reveal_through_the_api_is_logged(api, world):
    api.force_login(world.director)
    url = f"/api/v1/parties/{world.owner_party.pk}/reveal/"
    assert api.post(url, {}, format="json").status_code == 400
    response = api.post(url, {"reason": "核对产权证"}, format="json")
    assert response.json()["id_number"] == "11010519491231002X"
    assert PersonalDataAccess.objects.get().purpose == "api"
    api.force_login(world.frontdesk)
    assert api.post(url, {"reason": "想看"}, format="json").status_code == 403


def test_status_change_through_the_api(api, world):
    api.force_login(world.frontdesk)
    url = f"/api/v1/units/{world.unit.pk}/status/"
    bad = api.post(url, {"status": "unsold"}, format="json")
    assert (
        bad.status_code == 400
        and bad.json()["fields"] == {"status": [bad.json()["message"]]}
        or "status" in bad.json()["fields"]
    )
    assert (
        api.post(url, {"status": "vacant", "reason": "业主搬离"}, format="json").json()["status"] == "vacant"
    )
    events = api.get(f"/api/v1/units/{world.unit.pk}/events/").json()
    assert events[0]["to_status"] == "vacant"


def test_search_api(api, world):
    api.force_login(world.frontdesk)
    hits = api.get("/api/v1/search/", {"project": world.project.pk, "q": "3-2-1501"}).json()
    assert hits[0]["unit"]["label"] == "3-2-1501"
    api.force_login(world.outsider)
    assert api.get("/api/v1/search/", {"project": world.project.pk, "q": "3-2-1501"}).status_code == 404


def test_owner_sees_only_own_units(api, world):
    other = services.create_unit(
        building=world.building, entrance="1", floor=2, number="201", building_area=100
    )
    api.force_login(world.owner)
    labels = [u["label"] for u in api.get("/api/v1/my/units/").json()]
    assert labels == ["3-2-1501"]
    assert api.get(f"/api/v1/units/{other.pk}/").status_code in (403, 404)
    assert api.get("/api/v1/parties/").json().get("count", 0) == 0


def test_list_apis_have_bounded_queries(api, world, django_assert_max_num_queries):
    for i in range(5):
        unit = services.create_unit(
            building=world.building, entrance="1", floor=i + 1, number=f"{i + 1}01", building_area=90
        )
        party = services.register_party(project=world.project, name=f"住户{i}", phone=f"1390000{i:04d}")
        services.start_residency(
            unit=unit, party=party, kind="resident", started_on=dt.date(2025, 1, 1), actor=None
        )
        services.register_vehicle(unit=unit, plate=f"鄂A1234{i}", started_on=dt.date(2025, 1, 1), actor=None)
        services.open_archive_file(project=world.project, unit=unit, actor=world.records)
    api.force_login(world.director)
    for url in (
        "/api/v1/units/",
        "/api/v1/parties/",
        "/api/v1/ownerships/",
        "/api/v1/residencies/",
        "/api/v1/vehicles/",
        "/api/v1/archive-files/",
        "/api/v1/archive-loans/",
        "/api/v1/care-notes/",
        "/api/v1/emergency-contacts/",
    ):
        with django_assert_max_num_queries(12):
            assert api.get(url).status_code == 200, url
