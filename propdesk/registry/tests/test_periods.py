"""Every period is checked the same way (issue 17, item 8): an end before the start, or a date no
person meant (`0129-10-29`), is refused with the field named — for vehicles and care notes exactly
as for residencies — and the database refuses it too."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from propdesk.core.errors import ServiceError
from propdesk.registry import services
from propdesk.registry.choices import CareKind, ResidencyKind
from propdesk.registry.models import CareNote, Vehicle

pytestmark = pytest.mark.django_db

START = dt.date(2026, 1, 1)


def _vehicle(world):
    return services.register_vehicle(unit=world.unit, plate="鄂A12345", started_on=START, actor=None)


def _note(world):
    return services.add_care_note(unit=world.unit, kind=CareKind.ELDERLY_ALONE, started_on=START, actor=None)


@pytest.mark.parametrize("ended_on", [dt.date(129, 10, 29), dt.date(2025, 12, 31)])
def test_a_vehicle_cannot_leave_before_it_came(world, ended_on):
    vehicle = _vehicle(world)
    with pytest.raises(ServiceError) as err:
        services.remove_vehicle(vehicle=vehicle, ended_on=ended_on, actor=None)
    assert err.value.field == "ended_on"
    vehicle.refresh_from_db()
    assert vehicle.ended_on is None


@pytest.mark.parametrize("ended_on", [dt.date(129, 10, 29), dt.date(2025, 12, 31)])
def test_a_care_note_cannot_end_before_it_began(world, ended_on):
    note = _note(world)
    with pytest.raises(ServiceError) as err:
        services.end_care_note(note=note, ended_on=ended_on, actor=None)
    assert err.value.field == "ended_on"
    note.refresh_from_db()
    assert note.ended_on is None


def test_the_same_day_is_a_valid_period(world):
    vehicle = _vehicle(world)
    services.remove_vehicle(vehicle=vehicle, ended_on=START, actor=None)
    assert Vehicle.objects.get(pk=vehicle.pk).ended_on == START


@pytest.mark.parametrize(
    "start",
    [
        lambda w, d: services.register_vehicle(unit=w.unit, plate="鄂B12345", started_on=d, actor=None),
        lambda w, d: services.add_care_note(
            unit=w.unit, kind=CareKind.ELDERLY_ALONE, started_on=d, actor=None
        ),
        lambda w, d: services.start_residency(
            unit=w.unit, party=w.owner_party, kind=ResidencyKind.RESIDENT, started_on=d, actor=None
        ),
    ],
    ids=["vehicle", "care note", "residency"],
)
def test_an_implausible_start_is_refused(world, start):
    with pytest.raises(ServiceError, match="0129-10-29") as err:
        start(world, dt.date(129, 10, 29))
    assert err.value.field == "started_on"


def test_the_database_refuses_a_period_that_ends_before_it_starts(world):
    note = _note(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        CareNote.objects.filter(pk=note.pk).update(ended_on=dt.date(2025, 1, 1))


def test_the_api_names_the_field(client, world):
    vehicle = _vehicle(world)
    client.force_login(world.users["director"])
    response = client.post(
        f"/api/v1/vehicles/{vehicle.pk}/remove/", {"ended_on": "0129-10-29"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "ended_on" in response.json()["fields"]
