"""The notices' world: a second building with its own owner, beside world's building 3."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone


@pytest.fixture
def town(world):
    from propdesk.core.models import User
    from propdesk.registry.choices import IdType
    from propdesk.registry.services import create_building, create_unit, register_party, start_ownership

    other = create_building(project=world.project, code="5", name="5栋", floors=6, entrances=1)
    unit = create_unit(
        building=other, entrance="1", floor=3, number="301", building_area=Decimal("90.00"), status="occupied"
    )
    party = register_party(
        project=world.project,
        name="李四",
        phone="13900000000",
        id_type=IdType.RESIDENT_ID,
        id_number="110105198001011238",
    )
    start_ownership(unit=unit, party=party, started_on=dt.date(2021, 1, 1))
    neighbour = User.objects.create_user(username="neighbour", password="pw-neighbour", display_name="李四")
    party.user = neighbour
    party.save(update_fields=["user"])
    world.other_building = other
    world.neighbour = neighbour
    return world


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def published(world, today):
    """A notice for building 3, published today, shown for a week."""
    from propdesk.frontdesk import services

    def make(buildings=None, *, title="停水通知", starts=0, lasts=7):
        notice = services.create_notice(
            project=world.project,
            title=title,
            body="尊敬的业主：\n\n本周六停水。",
            category="outage",
            publish_on=today + dt.timedelta(days=starts),
            expires_on=today + dt.timedelta(days=starts + lasts),
            buildings=[world.building] if buildings is None else buildings,
            actor=world.frontdesk,
        )
        services.submit_notice(notice=notice, actor=world.frontdesk)
        services.approve_notice(notice=notice, actor=world.cs_supervisor)
        return services.publish_notice(notice=notice, actor=world.frontdesk)

    return make
