"""Buildings and rooms sort naturally everywhere: 2栋 before 10栋, 1-1-101 before 1-1-1001, in pages,
the API and Excel exports, by a stored key the database orders (core.natural)."""

import io

import pytest
from openpyxl import load_workbook

from propdesk.core.natural import natural_key
from propdesk.registry.models import Building, Unit
from propdesk.registry.models.core import unit_order
from propdesk.registry.tests.factories import BuildingFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_the_key_pads_every_number():
    assert natural_key("2") < natural_key("10")
    assert natural_key("2栋") < natural_key("10栋")
    assert natural_key("A2") < natural_key("A10") < natural_key("B1")
    assert natural_key("1", "101") < natural_key("1", "1001") < natural_key("2", "101")
    assert natural_key("", "101") < natural_key("1", "101")  # one entrance before numbered ones
    assert natural_key("02") == natural_key("2")


@pytest.fixture
def towers(world):
    ten = BuildingFactory(project=world.project, code="10", name="10栋")
    two = BuildingFactory(project=world.project, code="2", name="2栋")
    rooms = [
        UnitFactory(building=b, entrance="1", floor=f, number=n)
        for b in (ten, two)
        for f, n in ((10, "1001"), (1, "101"), (2, "201"))
    ]
    return ten, two, rooms


def test_the_key_is_kept_on_save(towers):
    ten, _two, _rooms = towers
    assert ten.sort_key == natural_key("10")
    unit = Unit.objects.get(building=ten, number="101")
    unit.number = "1101"
    unit.save(update_fields=["number"])
    unit.refresh_from_db()
    assert unit.sort_key == natural_key("1", "1101")


def test_the_database_orders_buildings_and_rooms_naturally(world, towers):
    names = list(
        Building.objects.filter(project=world.project, code__in=["2", "10"]).values_list("name", flat=True)
    )
    assert names == ["2栋", "10栋"]
    labels = [
        u.label
        for u in Unit.objects.filter(project=world.project, building__code__in=["2", "10"])
        .select_related("building")
        .order_by(*unit_order())
    ]
    assert labels == ["2-1-101", "2-1-201", "2-1-1001", "10-1-101", "10-1-201", "10-1-1001"]


def test_the_buildings_page_lists_2_before_10(world, towers, login):
    html = login(world.director).get("/registry/buildings/").content.decode()
    assert html.index("2栋") < html.index("10栋")


def test_the_units_export_is_in_natural_order(world, towers, login):
    response = login(world.director).get("/registry/export/units.xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))[1:]
    ours = [f"{r[0]}-{r[1]}-{r[3]}" for r in rows if r[0] in ("2", "10")]
    assert ours == ["2-1-101", "2-1-201", "2-1-1001", "10-1-101", "10-1-201", "10-1-1001"]
