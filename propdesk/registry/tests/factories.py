import datetime as dt
import random
from decimal import Decimal

import factory

from propdesk.core import fakedata
from propdesk.core.tests.factories import ProjectFactory
from propdesk.registry.models import Building, Ownership, Party, Unit
from propdesk.registry.services import id_number_index, pinyin_initials

_rng = random.Random(7)


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building

    project = factory.SubFactory(ProjectFactory)
    code = factory.Sequence(lambda n: str(n + 1))
    name = factory.LazyAttribute(lambda o: f"{o.code}栋")
    floors = 18
    entrances = 2


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    building = factory.SubFactory(BuildingFactory)
    project = factory.SelfAttribute("building.project")
    entrance = "1"
    floor = factory.Sequence(lambda n: n % 30 + 1)
    number = factory.Sequence(lambda n: f"{n % 30 + 1}{n // 30 + 1:02d}")
    building_area = Decimal("89.56")
    status = "occupied"


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    project = factory.SubFactory(ProjectFactory)
    name = factory.LazyFunction(lambda: fakedata.person_name(_rng))
    name_initials = factory.LazyAttribute(lambda o: pinyin_initials(o.name))
    phone = factory.LazyFunction(lambda: fakedata.mobile(_rng))
    id_type = "resident_id"
    id_number = factory.LazyFunction(lambda: fakedata.id_number(_rng))
    id_number_index = factory.LazyAttribute(lambda o: id_number_index(o.id_number))


class OwnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ownership

    unit = factory.SubFactory(UnitFactory)
    project = factory.SelfAttribute("unit.project")
    party = factory.SubFactory(PartyFactory, project=factory.SelfAttribute("..unit.project"))
    started_on = dt.date(2021, 1, 1)
