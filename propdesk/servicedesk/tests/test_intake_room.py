"""The intake's room field takes what the search box takes: a room, a name, pinyin initials, a
phone's last four digits, a plate; one match fills it, several ask to choose, none says so."""

import datetime as dt

import pytest

from propdesk.registry import services as registry
from propdesk.registry.choices import ResidencyKind
from propdesk.registry.tests.factories import UnitFactory
from propdesk.servicedesk.forms import IntakeForm, match_units
from propdesk.servicedesk.models import ServiceRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def tenant(world):
    party = registry.register_party(project=world.project, name="王小二", phone="13700004321", actor=None)
    registry.start_residency(
        unit=world.unit, party=party, kind=ResidencyKind.TENANT, started_on=dt.date(2025, 3, 1), actor=None
    )
    registry.register_vehicle(
        unit=world.unit, plate="鄂AD12345", party=party, started_on=dt.date(2025, 3, 1), actor=None
    )
    return party


def _form(world, label):
    data = {
        "unit_label": label,
        "kind": "repair",
        "channel": "phone",
        "content": "漏水",
        "reporter_name": "王",
    }
    return IntakeForm(data, project=world.project)


@pytest.mark.parametrize(
    "text", ["3-2-1501", "3#2-1501", "4321", "wxe", "王小二", "13700004321", "鄂AD12345"]
)
def test_what_the_search_box_finds_fills_the_room(world, tenant, text):
    form = _form(world, text)
    assert form.is_valid(), form.errors
    assert form.unit == world.unit
    assert form.cleaned_data["unit_label"] == world.unit.label


def test_several_rooms_ask_to_choose(world, tenant):
    other = UnitFactory(building=world.building, entrance="1", floor=15, number="1501")
    assert {m.unit for m in match_units(world.project, "1501")} == {world.unit, other}
    form = _form(world, "1501")
    assert not form.is_valid()
    assert "1501" in form.errors["unit_label"][0] and "2" in form.errors["unit_label"][0]
    assert len(form.unit_matches) == 2


def test_nothing_found_names_the_input(world):
    form = _form(world, "zzqq")
    assert not form.is_valid()
    assert "zzqq" in form.errors["unit_label"][0]


def test_the_hint_offers_the_matching_rooms(world, tenant, login):
    UnitFactory(building=world.building, entrance="1", floor=15, number="1501")
    client = login(world.frontdesk)
    one = client.get("/servicedesk/new/unit-hint/", {"unit_label": "4321"}).content.decode()
    assert 'data-testid="unit-hint"' in one and world.unit.label in one
    several = client.get("/servicedesk/new/unit-hint/", {"unit_label": "1501"}).content.decode()
    assert several.count('data-testid="unit-choice"') == 2
    none = client.get("/servicedesk/new/unit-hint/", {"unit_label": "zzqq"}).content.decode()
    assert 'data-testid="unit-none"' in none and "zzqq" in none


def test_intake_by_phone_tail_records_the_request_on_the_room(world, tenant, login):
    client = login(world.frontdesk)
    response = client.post(
        "/servicedesk/new/",
        {
            "unit_label": "4321",
            "kind": "repair",
            "channel": "phone",
            "content": "厨房漏水",
            "reporter_name": "王小二",
        },
    )
    assert response.status_code == 302
    assert ServiceRequest.objects.get(content="厨房漏水").unit == world.unit
