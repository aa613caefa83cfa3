"""A butler's registry is her 辖区 (issue 16, item 8; SPEC §0 "a butler sees her buildings").

The butler of building 3 finds, opens and exports the rooms and people of building 3 only; the
front desk, whose duties are the whole project, keeps every building.
"""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from propdesk.registry import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def far(world):
    """5-1-101 in building 5, owned by 李四 (phone ending 1111, plate 鄂A55555)."""
    building = services.create_building(project=world.project, code="5", name="5栋", floors=6, entrances=1)
    unit = services.create_unit(
        building=building, entrance="1", floor=1, number="101", building_area=Decimal("80"), status="occupied"
    )
    owner = services.register_party(project=world.project, name="李四", phone="13900001111")
    services.start_ownership(unit=unit, party=owner, started_on=dt.date(2021, 1, 1))
    services.register_vehicle(
        unit=unit, plate="鄂A55555", party=owner, started_on=dt.date(2021, 1, 1), actor=None
    )
    unit.owner = owner
    return unit


def test_the_butler_finds_and_opens_only_the_rooms_and_people_of_her_buildings(world, far, login):
    client = login(world.butler)
    assert "5栋" not in client.get("/registry/buildings/").content.decode()
    assert client.get(f"/registry/buildings/{far.building_id}/").status_code == 404
    assert client.get(f"/registry/units/{far.pk}/").status_code == 404
    assert client.get(f"/registry/parties/{far.owner.pk}/").status_code == 404
    assert client.get(f"/registry/units/{world.unit.pk}/").status_code == 200
    assert client.get(f"/registry/parties/{world.owner_party.pk}/").status_code == 200

    # The search box: a room, a bare number, a name, a phone's last four digits, a plate.
    for q in ("5-1-101", "101", "李四", "1111", "鄂A55555"):
        html = client.get(f"/registry/search/results/?q={q}").content.decode()
        assert 'data-testid="search-hit"' not in html, q
    assert "3-2-1501" in client.get("/registry/search/results/?q=1501").content.decode()

    api = APIClient()
    api.force_login(world.butler)
    labels = {u["label"] for u in api.get(f"/api/v1/units/?project={world.project.pk}").json()["results"]}
    assert labels == {"3-2-1501"}
    assert api.get(f"/api/v1/units/{far.pk}/").status_code == 404
    hits = api.get(f"/api/v1/search/?project={world.project.pk}&q=李四").json()
    assert hits == []


def test_the_front_desk_keeps_every_building(world, far, login):
    client = login(world.frontdesk)
    assert client.get(f"/registry/units/{far.pk}/").status_code == 200
    assert "5-1-101" in client.get("/registry/search/results/?q=李四").content.decode()


def test_the_units_export_holds_the_butlers_rooms_only(world, far, login):
    from django.contrib.auth.models import Permission

    from propdesk.core.access import clear_access_cache
    from propdesk.core.models import Membership

    # Exporting is an office duty; a project that gives it to its butlers gets her rooms only.
    position = Membership.objects.get(user=world.butler, project=world.project).position
    position.permissions.add(Permission.objects.get(codename="export_registry"))
    clear_access_cache(world.butler)
    response = login(world.butler).get("/registry/export/units.xlsx")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(load_workbook(io.BytesIO(content), read_only=True).worksheets[0].iter_rows(values_only=True))
    assert [(str(r[0]), r[3]) for r in rows[1:]] == [("3", "1501")]
