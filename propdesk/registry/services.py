"""Writes for the registry. Keyword-only, with an actor; validation first, then the change."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from pypinyin import Style, lazy_pinyin

from propdesk.core.audit import acting_as
from propdesk.core.crypto import blind_index
from propdesk.core.errors import ServiceError
from propdesk.core.models import Project

from .choices import IdType, PartyKind, UnitStatus, UnitUse
from .models import Building, Ownership, Party, Unit
from .validators import credit_code_problem, id_number_problem

ID_INDEX_PURPOSE = "party.id_number"


def pinyin_initials(name: str) -> str:
    """张三 → zs; letters and digits pass through lower-cased."""
    return "".join(p[0] for p in lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default") if p).lower()


def id_number_index(value: str) -> str:
    return blind_index(value, purpose=ID_INDEX_PURPOSE)


@transaction.atomic
def create_building(
    *,
    project: Project,
    code: str,
    name: str = "",
    floors: int = 1,
    entrances: int = 1,
    actor=None,
    sort_order: int = 0,
) -> Building:
    if Building.objects.filter(project=project, code=code).exists():
        raise ServiceError(f"楼栋编号{code}已存在", field="code")
    with acting_as(actor):
        return Building.objects.create(
            project=project,
            code=code,
            name=name or f"{code}栋",
            floors=floors,
            entrances=entrances,
            sort_order=sort_order,
        )


@transaction.atomic
def create_unit(
    *,
    building: Building,
    entrance: str,
    floor: int,
    number: str,
    building_area: Decimal,
    inner_area: Decimal | None = None,
    use: str = UnitUse.RESIDENTIAL,
    status: str = UnitStatus.UNSOLD,
    actor=None,
) -> Unit:
    if building_area is None or building_area <= 0:
        raise ServiceError("建筑面积必须大于0", field="building_area")
    if inner_area is not None and inner_area <= 0:
        raise ServiceError("套内面积必须大于0", field="inner_area")
    if Unit.objects.filter(
        project_id=building.project_id, building=building, entrance=entrance, number=number
    ).exists():
        raise ServiceError(f"{building.code}栋{entrance}单元{number}已存在", field="number")
    with acting_as(actor):
        return Unit.objects.create(
            project_id=building.project_id,
            building=building,
            entrance=entrance,
            floor=floor,
            number=number,
            building_area=building_area,
            inner_area=inner_area,
            use=use,
            status=status,
        )


@transaction.atomic
def register_party(
    *,
    project: Project,
    name: str,
    kind: str = PartyKind.PERSON,
    phone: str = "",
    id_type: str = "",
    id_number: str = "",
    actor=None,
) -> Party:
    name = name.strip()
    if not name:
        raise ServiceError("姓名不能为空", field="name")
    id_number = id_number.strip().upper()
    if id_number and id_type == IdType.RESIDENT_ID:
        problem = id_number_problem(id_number)
        if problem:
            raise ServiceError(f"身份证号码{problem}", field="id_number")
    if id_number and id_type == IdType.CREDIT_CODE:
        problem = credit_code_problem(id_number)
        if problem:
            raise ServiceError(f"统一社会信用代码{problem}", field="id_number")
    with acting_as(actor):
        return Party.objects.create(
            project=project,
            kind=kind,
            name=name,
            name_initials=pinyin_initials(name),
            phone=phone,
            phone_last4=phone[-4:] if phone else "",
            id_type=id_type,
            id_number=id_number,
            id_number_index=id_number_index(id_number) if id_number else "",
        )


@transaction.atomic
def start_ownership(
    *, unit: Unit, party: Party, started_on: dt.date, share: Decimal = Decimal("100"), actor=None
) -> Ownership:
    if party.project_id != unit.project_id:
        raise ServiceError("业主与房屋不属于同一项目", field="party")
    if not Decimal("0") < share <= Decimal("100"):
        raise ServiceError("产权份额须在0到100之间", field="share")
    with acting_as(actor):
        return Ownership.objects.create(
            project_id=unit.project_id, unit=unit, party=party, share=share, started_on=started_on
        )
