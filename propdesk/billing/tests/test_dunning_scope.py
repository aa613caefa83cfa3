"""A butler (position with building scope) sees and works only the dunning cases of her 辖区."""

import datetime as dt
from decimal import Decimal

import pytest

from propdesk.billing import services
from propdesk.billing.models import DunningCase, DunningContact
from propdesk.billing.services import dunning as dunning_services

from .conftest import run_month

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_buildings(billing):
    """3-2-1501 (the butler's building 3) and 5-1-101 (building 5, not hers) owe March 2026."""
    from propdesk.registry.services import create_building, create_unit

    other = create_building(project=billing.project, code="5", name="SENTINEL5栋", floors=6, entrances=1)
    billing.far = create_unit(
        building=other, entrance="1", floor=1, number="101", building_area=Decimal("80")
    )
    services.set_charge_start(unit=billing.far, starts_on=dt.date(2025, 1, 1), actor=billing.director)
    run_month(billing, dt.date(2026, 3, 1))
    return billing


def test_the_butler_lists_opens_and_logs_only_in_her_buildings(two_buildings, login):
    world = two_buildings
    dunning_services.open_cases_for_arrears(project=world.project, actor=world.director)
    mine = DunningCase.objects.get(unit=world.unit)
    far = DunningCase.objects.get(unit=world.far)
    client = login(world.butler)

    html = client.get("/billing/dunning/").content.decode()
    assert "3-2-1501" in html and "5-1-101" not in html and "SENTINEL5栋" not in html
    assert (
        client.get(f"/billing/dunning/?building={world.far.building_id}")
        .content.decode()
        .count("/billing/dunning/" + str(far.pk))
        == 0
    )
    assert client.get(f"/billing/dunning/{mine.pk}/").status_code == 200
    # Not listed, and not reachable by its address either: no page, no contact logged.
    assert client.get(f"/billing/dunning/{far.pk}/").status_code == 404
    stage = far.stage
    response = client.post(
        f"/billing/dunning/{far.pk}/", {"stage": stage.pk, "method": "phone", "outcome": "no_answer"}
    )
    assert response.status_code == 404 and not DunningContact.objects.filter(case=far).exists()
    assert client.post(f"/billing/dunning/units/{world.far.pk}/open/").status_code == 404

    # Opening cases for the whole project reaches beyond her buildings: neither offered nor accepted.
    assert 'data-testid="open-all"' not in client.get("/billing/dunning/").content.decode()
    assert client.post("/billing/dunning/open-all/").status_code == 403

    # The director (no building scope) sees both.
    director = login(world.director)
    html = director.get("/billing/dunning/").content.decode()
    assert "3-2-1501" in html and "5-1-101" in html and 'data-testid="open-all"' in html
    assert director.get(f"/billing/dunning/{far.pk}/").status_code == 200


def test_the_butler_sees_the_bills_of_her_buildings_only(two_buildings, login):
    """Issue 16, item 8: not only in dunning — the bill list, its export and the API follow her 辖区."""
    from rest_framework.test import APIClient

    from propdesk.billing.models import Bill

    world = two_buildings
    far_bill = Bill.objects.filter(unit=world.far).first()
    assert far_bill is not None and Bill.objects.filter(unit=world.unit).exists()
    client = login(world.butler)
    html = client.get("/billing/bills/").content.decode()
    assert "3-2-1501" in html and "5-1-101" not in html and "SENTINEL5栋" not in html
    assert "5-1-101" not in client.get(f"/billing/bills/?building={world.far.building_id}").content.decode()

    api = APIClient()
    api.force_login(world.butler)
    rows = api.get(f"/api/v1/billing/bills/?project={world.project.pk}").json()["results"]
    assert {r["unit_label"] for r in rows} == {"3-2-1501"}
    assert api.get(f"/api/v1/billing/bills/{far_bill.pk}/").status_code == 404

    # The cashier's duties are the whole project's money.
    api.force_login(world.cashier)
    rows = api.get(f"/api/v1/billing/bills/?project={world.project.pk}").json()["results"]
    assert {r["unit_label"] for r in rows} == {"3-2-1501", "5-1-101"}
