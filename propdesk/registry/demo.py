"""Registry part of the demo: buildings, units and owners for both demo projects."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from propdesk.core import fakedata
from propdesk.core.audit import system_user
from propdesk.core.models import Membership, User

from .choices import (
    CareKind,
    DocumentType,
    IdType,
    LoanKind,
    LoanStatus,
    PartyKind,
    ResidencyKind,
    UnitStatus,
    UnitUse,
)
from .models import ArchiveFile, Building, Ownership, Unit, Vehicle
from .models.core import unit_order
from .services import (
    add_care_note,
    add_document,
    add_emergency_contact,
    create_building,
    create_unit,
    move_loan,
    open_archive_file,
    register_party,
    register_vehicle,
    request_loan,
    start_ownership,
    start_residency,
)
from .validators import PROVINCES

COMMUNITY_AREAS = [Decimal("89.56"), Decimal("118.30"), Decimal("143.72")]
STATUS_WEIGHTS = [
    (UnitStatus.OCCUPIED, 70),
    (UnitStatus.VACANT, 10),
    (UnitStatus.RENTED, 8),
    (UnitStatus.RENOVATING, 4),
    (UnitStatus.DELIVERED, 5),
    (UnitStatus.UNSOLD, 3),
]


def _status(rng: random.Random) -> str:
    return rng.choices([s for s, _w in STATUS_WEIGHTS], weights=[w for _s, w in STATUS_WEIGHTS])[0]


def build_community(
    demo, *, buildings: int = 20, entrances: int = 2, floors: int = 18, per_floor: int = 3
) -> None:
    rng = random.Random(20260310)
    actor = system_user()
    project = demo.community
    for b in range(1, buildings + 1):
        building = create_building(
            project=project, code=str(b), floors=floors, entrances=entrances, sort_order=b, actor=actor
        )
        for entrance in range(1, entrances + 1):
            for floor in range(1, floors + 1):
                for k in range(1, per_floor + 1):
                    status = _status(rng)
                    unit = create_unit(
                        building=building,
                        entrance=str(entrance),
                        floor=floor,
                        number=f"{floor}{k:02d}",
                        building_area=COMMUNITY_AREAS[k - 1],
                        inner_area=(COMMUNITY_AREAS[k - 1] * Decimal("0.78")).quantize(Decimal("0.01")),
                        status=status,
                        actor=actor,
                    )
                    if status == UnitStatus.UNSOLD:
                        continue
                    owner = register_party(
                        project=project,
                        name=fakedata.person_name(rng),
                        phone=fakedata.mobile(rng),
                        id_type=IdType.RESIDENT_ID,
                        id_number=fakedata.id_number(rng),
                        actor=actor,
                    )
                    since = dt.date(2019, 6, 1) + dt.timedelta(days=rng.randrange(0, 1800))
                    start_ownership(unit=unit, party=owner, started_on=since, actor=actor)
    butler = demo.users.get("butler")
    if butler is not None:
        membership = Membership.objects.get(user=butler, project=project, position__code="butler")
        membership.buildings.set(Building.objects.filter(project=project, sort_order__lte=10))


def build_tower(demo, *, floors: int = 30, per_floor: int = 12) -> None:
    rng = random.Random(20260311)
    actor = system_user()
    project = demo.tower
    building = create_building(project=project, code="A", name="A座", floors=floors, entrances=1, actor=actor)
    for floor in range(1, floors + 1):
        for k in range(1, per_floor + 1):
            status = UnitStatus.RENTED if rng.random() < 0.5 else UnitStatus.OCCUPIED
            unit = create_unit(
                building=building,
                entrance="",
                floor=floor,
                number=f"{floor}{k:02d}",
                building_area=Decimal(rng.choice(["86.20", "128.50", "210.00", "356.80"])),
                use=UnitUse.OFFICE,
                status=status,
                actor=actor,
            )
            owner = register_party(
                project=project,
                name=fakedata.company_name(rng),
                kind=PartyKind.COMPANY,
                phone=fakedata.mobile(rng),
                id_type=IdType.CREDIT_CODE,
                id_number=fakedata.credit_code(rng),
                actor=actor,
            )
            start_ownership(unit=unit, party=owner, started_on=dt.date(2021, 3, 1), actor=actor)


def link_owner_account(demo) -> None:
    """The demo owner logs in as `owner`: the owner of 1-1-1501 in the community."""
    ownership = (
        Ownership.objects.filter(
            project=demo.community,
            unit__building__code="1",
            unit__entrance="1",
            unit__number="1501",
            ended_on__isnull=True,
        )
        .select_related("party")
        .first()
    )
    if ownership is None:
        ownership = (
            Ownership.objects.filter(project=demo.community, ended_on__isnull=True)
            .select_related("party")
            .first()
        )
    party = ownership.party
    user = User.objects.create(username="owner", display_name=party.name, phone=party.phone)
    user.set_password(settings.DEMO_PASSWORD)
    user.save(update_fields=["password"])
    party.user = user
    party.save(update_fields=["user"])


def demo_step(demo) -> None:
    build_community(demo)
    build_tower(demo)
    link_owner_account(demo)
    furnish_community(demo)


def furnish_community(demo) -> None:
    """Residents, tenants, emergency contacts, vehicles, care notes and archives, through the services."""
    rng = random.Random(20260312)
    actor = system_user()
    records = demo.users.get("records", actor)
    supervisor = demo.users.get("cs_supervisor", actor)
    project = demo.community
    units = list(Unit.objects.filter(project=project).select_related("building").order_by(*unit_order()))
    owners = {
        o.unit_id: o.party
        for o in Ownership.objects.filter(project=project, ended_on__isnull=True).select_related("party")
    }
    letters = "ABCDEFGHJK"
    for i, unit in enumerate(units):
        owner = owners.get(unit.pk)
        if owner is None:
            continue
        since = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(0, 1500))
        if unit.status == UnitStatus.RENTED:
            tenant = register_party(
                project=project,
                name=fakedata.person_name(rng),
                phone=fakedata.mobile(rng),
                id_type=IdType.RESIDENT_ID,
                id_number=fakedata.id_number(rng),
                actor=actor,
            )
            start_residency(unit=unit, party=tenant, kind=ResidencyKind.TENANT, started_on=since, actor=actor)
        elif unit.status == UnitStatus.OCCUPIED and i % 4 == 0:
            family = register_party(
                project=project,
                name=fakedata.person_name(rng),
                phone=fakedata.mobile(rng),
                id_type=IdType.RESIDENT_ID,
                id_number=fakedata.id_number(rng),
                actor=actor,
            )
            start_residency(
                unit=unit,
                party=family,
                kind=ResidencyKind.FAMILY,
                relation="配偶",
                started_on=since,
                actor=actor,
            )
        if i % 3 == 0:
            plate = "鄂A" + (
                rng.choice("DF") + rng.choice(letters) + f"{rng.randrange(10000):04d}"
                if i % 9 == 0
                else rng.choice(letters) + f"{rng.randrange(10000):04d}"
            )
            if plate[0] in PROVINCES and not Vehicle.objects.filter(project=project, plate=plate).exists():
                register_vehicle(unit=unit, party=owner, plate=plate, started_on=since, actor=actor)
        if i % 10 == 0:
            add_emergency_contact(
                unit=unit,
                name=fakedata.person_name(rng),
                relation=rng.choice(["子女", "父母", "亲属"]),
                phone=fakedata.mobile(rng),
                actor=actor,
            )
        if i % 37 == 0:
            kind = rng.choice([CareKind.ELDERLY_ALONE, CareKind.DISABILITY, CareKind.SPECIAL_NEEDS])
            add_care_note(
                unit=unit,
                party=owner,
                kind=kind,
                started_on=since,
                preferred_contact_time=rng.choice(["工作日上午", "晚上7点后", "周末下午"]),
                note={
                    "elderly_alone": "独居，子女在外地，每周电话问候",
                    "disability": "行动不便，停水停电须上门告知",
                    "special_needs": "家有婴儿，午间请勿施工打扰",
                }[kind],
                actor=actor,
            )
    for unit in units[:30]:
        file = open_archive_file(
            project=project, unit=unit, location=f"档案柜{unit.building.code}-{unit.entrance}", actor=records
        )
        add_document(
            archive_file=file,
            doc_type=DocumentType.HANDOVER,
            upload=ContentFile(b"%PDF-1.4\n% demo handover record\n", name=f"handover-{unit.label}.pdf"),
            title="交房验收单",
            actor=records,
        )
    files = list(units[:3])
    for n, unit in enumerate(files):
        file = ArchiveFile.objects.get(project=project, unit=unit)
        loan = request_loan(
            archive_file=file,
            kind=LoanKind.LEND if n < 2 else LoanKind.CONSULT,
            requester="工程部刘志强",
            requester_department="工程部",
            reason="核对户内管线图",
            due_on=timezone.localdate() + dt.timedelta(days=n + 1) if n < 2 else None,
            actor=records,
        )
        if n < 2:
            move_loan(loan=loan, to=LoanStatus.APPROVED, actor=supervisor)
