"""Registry part of `generate_data`: buildings of 200 units, an owner and a family member per unit
(100k units give 200k parties), a vehicle for every third unit, in batches."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from propdesk.core import fakedata
from propdesk.core.natural import natural_key

from .choices import IdType, UnitStatus
from .models import Building, Ownership, Party, Residency, Unit, Vehicle
from .services import id_number_index, pinyin_initials

UNITS_PER_BUILDING = 200  # 2 entrances × 25 floors × 4 per floor
BATCH = 5000


def generate_registry(gen) -> None:
    project, rng = gen.project, gen.rng
    n_buildings = -(-gen.units // UNITS_PER_BUILDING)
    with transaction.atomic():
        Building.objects.bulk_create(
            Building(
                project=project,
                code=str(b),
                sort_key=natural_key(str(b)),
                name=f"{b}栋",
                floors=25,
                entrances=2,
                sort_order=b,
            )
            for b in range(1, n_buildings + 1)
        )
    buildings = list(Building.objects.filter(project=project).order_by("sort_order"))
    areas = [Decimal("89.56"), Decimal("118.30"), Decimal("143.72"), Decimal("76.40")]
    initials_cache: dict[str, str] = {}
    made = 0
    while made < gen.units:
        size = min(BATCH, gen.units - made)
        units, parties, family = [], [], []
        for i in range(made, made + size):
            building = buildings[i // UNITS_PER_BUILDING]
            k = i % UNITS_PER_BUILDING
            entrance, rest = divmod(k, 100)
            floor, pos = divmod(rest, 4)
            units.append(
                Unit(
                    project=project,
                    building=building,
                    entrance=str(entrance + 1),
                    floor=floor + 1,
                    number=f"{floor + 1}{pos + 1:02d}",
                    sort_key=Unit.natural_key_of(str(entrance + 1), f"{floor + 1}{pos + 1:02d}"),
                    building_area=areas[pos],
                    use="residential",
                    status=UnitStatus.OCCUPIED,
                )
            )
            name = fakedata.person_name(rng)
            if name not in initials_cache:
                initials_cache[name] = pinyin_initials(name)
            phone = fakedata.mobile(rng)
            id_number = fakedata.id_number(rng)
            parties.append(
                Party(
                    project=project,
                    name=name,
                    name_initials=initials_cache[name],
                    phone=phone,
                    id_type=IdType.RESIDENT_ID,
                    id_number=id_number,
                    id_number_index=id_number_index(id_number),
                )
            )
            name2, phone2, id2 = fakedata.person_name(rng), fakedata.mobile(rng), fakedata.id_number(rng)
            if name2 not in initials_cache:
                initials_cache[name2] = pinyin_initials(name2)
            family.append(
                Party(
                    project=project,
                    name=name2,
                    name_initials=initials_cache[name2],
                    phone=phone2,
                    id_type=IdType.RESIDENT_ID,
                    id_number=id2,
                    id_number_index=id_number_index(id2),
                )
            )
        with transaction.atomic():
            Unit.objects.bulk_create(units, batch_size=BATCH)
            Party.objects.bulk_create(parties, batch_size=BATCH)
            Party.objects.bulk_create(family, batch_size=BATCH)
            if units[0].pk is None:  # backends that do not return ids from bulk inserts
                units = list(Unit.objects.filter(project=project).order_by("-id")[:size])[::-1]
                both = list(Party.objects.filter(project=project).order_by("-id")[: 2 * size])[::-1]
                parties, family = both[:size], both[size:]
            Residency.objects.bulk_create(
                (
                    Residency(project=project, unit=u, party=p, kind="family", started_on=dt.date(2020, 1, 1))
                    for u, p in zip(units, family, strict=True)
                ),
                batch_size=BATCH,
            )
            Vehicle.objects.bulk_create(
                (
                    Vehicle(
                        project=project,
                        unit=u,
                        party=p,
                        plate=f"鄂{'ABCDEFGHJK'[(made + j) // 100000 % 10]}{(made + j) % 100000:05d}",
                        started_on=dt.date(2020, 1, 1),
                    )
                    for j, (u, p) in enumerate(zip(units, parties, strict=True))
                    if j % 3 == 0
                ),
                batch_size=BATCH,
            )
            Ownership.objects.bulk_create(
                (
                    Ownership(project=project, unit=u, party=p, started_on=dt.date(2020, 1, 1))
                    for u, p in zip(units, parties, strict=True)
                ),
                batch_size=BATCH,
            )
        made += size
        gen.progress(f"units {made}/{gen.units}")
    gen.counts.update(
        buildings=n_buildings,
        units=gen.units,
        parties=2 * gen.units,
        ownerships=gen.units,
        residencies=gen.units,
    )
