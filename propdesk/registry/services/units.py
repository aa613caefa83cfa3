"""Buildings, units, parties and the dated relations between them.

A sale or a move-out ends a relation with a date; nothing is overwritten, so the
unit page can always show who owned or lived in it when.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from pypinyin import Style, lazy_pinyin

from propdesk.core import lifecycle
from propdesk.core.audit import acting_as
from propdesk.core.crypto import blind_index, phone_index
from propdesk.core.errors import ServiceError
from propdesk.core.models import Project
from propdesk.core.validators import check_period

from ..choices import CareKind, IdType, PartyKind, ResidencyKind, UnitStatus, UnitUse
from ..models import (
    Building,
    CareNote,
    EmergencyContact,
    Ownership,
    Party,
    Residency,
    Unit,
    Vehicle,
)
from ..transitions import UNIT
from ..validators import (
    credit_code_problem,
    id_number_problem,
    is_new_energy_plate,
    landline_problem,
    mobile_problem,
    normalize_phone,
    normalize_plate,
    plate_problem,
)
from .accounts import close_account_if_unlinked

ID_INDEX_PURPOSE = "party.id_number"
HUNDRED = Decimal("100")


@functools.lru_cache(maxsize=65536)
def pinyin_initials(name: str) -> str:
    """张三 → zs; letters and digits pass through lower-cased."""
    return "".join(p[0] for p in lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default") if p).lower()


def id_number_index(value: str) -> str:
    return blind_index(value, purpose=ID_INDEX_PURPOSE)


def _same_project(*objs) -> None:
    ids = {o.project_id for o in objs if o is not None}
    if len(ids) > 1:
        raise ServiceError(_("The selected records belong to different projects."), field="project")


# --- field checks shared by the services and the Excel import -------------------------------


def _labelled(label: str, problem: str) -> str:
    """A validator's problem after the field's name: 手机号码应为11位数字… in Chinese."""
    return _("%(label)s: %(problem)s") % {"label": label, "problem": problem}


def check_mobile(value: str, *, field: str = "phone", label: str | None = None) -> str:
    """The normalised mobile number, or a ServiceError naming the field."""
    value = normalize_phone(value)
    if value:
        problem = mobile_problem(value)
        if problem:
            raise ServiceError(_labelled(label or _("Mobile number"), problem), field=field)
    return value


def check_landline(value: str, *, field: str = "landline") -> str:
    value = normalize_phone(value)
    if value:
        problem = landline_problem(value)
        if problem:
            raise ServiceError(_labelled(_("Landline"), problem), field=field)
    return value


def check_id_number(id_type: str, id_number: str) -> str:
    id_number = (id_number or "").strip().upper()
    if id_number and id_type == IdType.RESIDENT_ID:
        problem = id_number_problem(id_number)
        if problem:
            raise ServiceError(_labelled(_("Resident ID number"), problem), field="id_number")
    if id_number and id_type == IdType.CREDIT_CODE:
        problem = credit_code_problem(id_number)
        if problem:
            raise ServiceError(_labelled(_("Unified social credit code"), problem), field="id_number")
    if id_number and not id_type:
        raise ServiceError(_("Choose the ID type when you enter an ID number."), field="id_type")
    return id_number


def check_areas(building_area, inner_area) -> None:
    if building_area is None or building_area <= 0:
        raise ServiceError(_("The building area must be greater than 0."), field="building_area")
    if inner_area is not None and inner_area <= 0:
        raise ServiceError(_("The inner area must be greater than 0."), field="inner_area")
    if inner_area is not None and inner_area > building_area:
        raise ServiceError(_("The inner area cannot be larger than the building area."), field="inner_area")


# --- buildings and units --------------------------------------------------------------------


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
    code = (code or "").strip()
    if not code:
        raise ServiceError(_("The building number cannot be empty."), field="code")
    if Building.objects.filter(project=project, code=code).exists():
        raise ServiceError(_("Building number %(code)s already exists.") % {"code": code}, field="code")
    with acting_as(actor):
        return Building.objects.create(
            project=project,
            code=code,
            name=name or _("Building %(code)s") % {"code": code},
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
    """A new unit; its first status is recorded as the first event of its timeline."""
    check_areas(building_area, inner_area)
    number = (number or "").strip()
    if not number:
        raise ServiceError(_("The room number cannot be empty."), field="number")
    if status not in UNIT.states:
        raise ServiceError(_("Unknown unit status %(status)s.") % {"status": status}, field="status")
    if Unit.objects.filter(
        project_id=building.project_id, building=building, entrance=entrance, number=number
    ).exists():
        where = {"building": building.code, "entrance": entrance, "number": number}
        if entrance:
            message = _("Building %(building)s, entrance %(entrance)s, room %(number)s already exists.")
        else:
            message = _("Building %(building)s, room %(number)s already exists.")
        raise ServiceError(message % where, field="number")
    with acting_as(actor):
        unit = Unit.objects.create(
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
    lifecycle.record_created(unit, actor=actor)
    return unit


@transaction.atomic
def update_unit_areas(
    *, unit: Unit, building_area: Decimal, inner_area: Decimal | None = None, actor
) -> Unit:
    """Corrected areas (from the title deed or a survey); the old values stay in the unit's history."""
    check_areas(building_area, inner_area)
    locked = Unit.objects.select_for_update().get(pk=unit.pk)
    locked.building_area, locked.inner_area = building_area, inner_area
    with acting_as(actor):
        locked.save(update_fields=["building_area", "inner_area"])
    unit.building_area, unit.inner_area = building_area, inner_area
    return locked


@transaction.atomic
def change_unit_status(*, unit: Unit, to: str, reason: str = "", actor) -> Unit:
    """The one place a unit's status changes: a move of `transitions.UNIT` (core.lifecycle), under
    a row lock, with an event row in the same transaction. Returns the updated row; `unit` gets
    the new status too."""
    current = Unit.objects.select_for_update().values_list("status", flat=True).get(pk=unit.pk)
    if current == to:
        raise ServiceError(_("The unit already has this status."), field="status")
    return lifecycle.move(unit, to=to, actor=actor, reason=reason)


# --- parties ---------------------------------------------------------------------------------


@transaction.atomic
def register_party(
    *,
    project: Project,
    name: str,
    kind: str = PartyKind.PERSON,
    phone: str = "",
    landline: str = "",
    id_type: str = "",
    id_number: str = "",
    actor=None,
) -> Party:
    """A person or company. The ID number is encrypted; its blind index finds duplicates."""
    name = (name or "").strip()
    if not name:
        raise ServiceError(_("The name cannot be empty."), field="name")
    phone = check_mobile(phone)
    landline = check_landline(landline)
    id_number = check_id_number(id_type, id_number)
    index = id_number_index(id_number) if id_number else ""
    if index and Party.objects.filter(project=project, id_number_index=index).exists():
        raise ServiceError(_("This ID number is already registered."), field="id_number")
    with acting_as(actor):
        return Party.objects.create(
            project=project,
            kind=kind,
            name=name,
            name_initials=pinyin_initials(name),
            phone=phone,
            landline=landline,
            id_type=id_type,
            id_number=id_number,
            id_number_index=index,
        )


@transaction.atomic
def update_party_contact(
    *, party: Party, phone: str | None = None, landline: str | None = None, actor
) -> Party:
    """New phone numbers; the old ones stay in the party's history."""
    changed = []
    if phone is not None:
        party.phone = check_mobile(phone)
        changed += ["phone", "phone_index", "phone_last4_index"]  # the indexes follow in pre_save
    if landline is not None:
        party.landline = check_landline(landline)
        changed.append("landline")
    if changed:
        with acting_as(actor):
            party.save(update_fields=changed)
    return party


# --- ownership -------------------------------------------------------------------------------


def _current_share(unit: Unit, *, exclude_party: Party | None = None) -> Decimal:
    qs = Ownership.objects.filter(project_id=unit.project_id, unit=unit, ended_on__isnull=True)
    if exclude_party is not None:
        qs = qs.exclude(party=exclude_party)
    return qs.aggregate(total=Sum("share"))["total"] or Decimal("0")


@transaction.atomic
def start_ownership(
    *, unit: Unit, party: Party, started_on: dt.date, share: Decimal = HUNDRED, actor=None
) -> Ownership:
    """A party becomes (co-)owner. The current shares of the unit never add up to more than 100%."""
    if party.project_id != unit.project_id:
        raise ServiceError(_("The owner and the unit belong to different projects."), field="party")
    if share is None or not Decimal("0") < share <= HUNDRED:
        raise ServiceError(_("The ownership share must be between 0 and 100."), field="share")
    check_period(started_on)
    Unit.objects.select_for_update().filter(pk=unit.pk).first()  # serialise share checks per unit
    if Ownership.objects.filter(
        project_id=unit.project_id, unit=unit, party=party, ended_on__isnull=True
    ).exists():
        raise ServiceError(_("%(name)s already owns this unit.") % {"name": party.name}, field="party")
    if _current_share(unit) + share > HUNDRED:
        raise ServiceError(
            _("The shares would add up to more than 100%% (now %(share)s%%): record a transfer first.")
            % {"share": _current_share(unit)},
            field="share",
        )
    with acting_as(actor):
        return Ownership.objects.create(
            project_id=unit.project_id, unit=unit, party=party, share=share, started_on=started_on
        )


@transaction.atomic
def end_ownership(*, ownership: Ownership, ended_on: dt.date, actor) -> Ownership:
    locked = Ownership.objects.select_for_update().get(pk=ownership.pk)
    if locked.ended_on is not None:
        raise ServiceError(_("This ownership has already ended."), field="ended_on")
    check_period(locked.started_on, ended_on)
    locked.ended_on = ended_on
    with acting_as(actor):
        locked.save(update_fields=["ended_on"])
    close_account_if_unlinked(party=locked.party, actor=actor)
    return locked


@transaction.atomic
def transfer_ownership(
    *, unit: Unit, new_owners: list[tuple[Party, Decimal]], on: dt.date, actor
) -> list[Ownership]:
    """A sale (过户): every current ownership of the unit ends on `on`, the new owners start on `on`.

    The new shares must add up to 100%. The old rows stay, so the unit's history shows both.
    """
    if not new_owners:
        raise ServiceError(_("Enter at least one new owner."), field="new_owners")
    total = sum((share for _party, share in new_owners), Decimal("0"))
    if total != HUNDRED:
        raise ServiceError(
            _("The new owners' shares must add up to 100%%, not %(total)s%%.") % {"total": total},
            field="new_owners",
        )
    parties = [p for p, _s in new_owners]
    if len({p.pk for p in parties}) != len(parties):
        raise ServiceError(_("The same owner is entered twice."), field="new_owners")
    _same_project(unit, *parties)
    check_period(None, on, end_field="on")
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    current = list(
        Ownership.objects.select_for_update().filter(
            project_id=unit.project_id, unit=unit, ended_on__isnull=True
        )
    )
    for ownership in current:
        check_period(
            ownership.started_on,
            on,
            end_field="on",
            message=_("The transfer date cannot be before the current owners' start date."),
        )
    with acting_as(actor):
        for ownership in current:
            ownership.ended_on = on
            ownership.save(update_fields=["ended_on"])
        created = [
            Ownership.objects.create(project_id=unit.project_id, unit=unit, party=p, share=s, started_on=on)
            for p, s in new_owners
        ]
    for ownership in current:
        close_account_if_unlinked(party=ownership.party, actor=actor)
    return created


# --- residents, contacts, vehicles, care notes -----------------------------------------------


@transaction.atomic
def start_residency(
    *, unit: Unit, party: Party, kind: str, started_on: dt.date, relation: str = "", actor
) -> Residency:
    _same_project(unit, party)
    if kind not in ResidencyKind.values:
        raise ServiceError(_("Choose tenant, resident or family member."), field="kind")
    check_period(started_on)
    if Residency.objects.filter(
        project_id=unit.project_id, unit=unit, party=party, kind=kind, ended_on__isnull=True
    ).exists():
        raise ServiceError(
            _("%(name)s is already registered as %(kind)s of this unit.")
            % {"name": party.name, "kind": ResidencyKind(kind).label},
            field="party",
        )
    with acting_as(actor):
        return Residency.objects.create(
            project_id=unit.project_id,
            unit=unit,
            party=party,
            kind=kind,
            relation=relation.strip(),
            started_on=started_on,
        )


@transaction.atomic
def end_residency(*, residency: Residency, ended_on: dt.date, actor) -> Residency:
    """A move-out: the residency ends with a date."""
    locked = Residency.objects.select_for_update().get(pk=residency.pk)
    if locked.ended_on is not None:
        raise ServiceError(_("This residency has already ended."), field="ended_on")
    check_period(
        locked.started_on, ended_on, message=_("The move-out date cannot be before the move-in date.")
    )
    locked.ended_on = ended_on
    with acting_as(actor):
        locked.save(update_fields=["ended_on"])
    close_account_if_unlinked(party=locked.party, actor=actor)
    return locked


@transaction.atomic
def add_emergency_contact(
    *, unit: Unit, name: str, phone: str, relation: str = "", note: str = "", actor
) -> EmergencyContact:
    name = (name or "").strip()
    if not name:
        raise ServiceError(_("The emergency contact's name cannot be empty."), field="name")
    phone = normalize_phone(phone)
    if not phone:
        raise ServiceError(_("The emergency contact's phone cannot be empty."), field="phone")
    if mobile_problem(phone) and landline_problem(phone):
        raise ServiceError(
            _(
                "The emergency contact's phone “%(phone)s” is neither a mobile number"
                " nor a landline with its area code."
            )
            % {"phone": phone},
            field="phone",
        )
    with acting_as(actor):
        return EmergencyContact.objects.create(
            project_id=unit.project_id, unit=unit, name=name, relation=relation, phone=phone, note=note
        )


@transaction.atomic
def remove_emergency_contact(*, contact: EmergencyContact, actor) -> EmergencyContact:
    contact.is_active = False
    with acting_as(actor):
        contact.save(update_fields=["is_active"])
    return contact


@transaction.atomic
def register_vehicle(
    *,
    unit: Unit,
    plate: str,
    started_on: dt.date,
    party: Party | None = None,
    description: str = "",
    parking_space: str = "",
    actor,
) -> Vehicle:
    _same_project(unit, party)
    check_period(started_on)
    problem = plate_problem(plate)
    if problem:
        raise ServiceError(_labelled(_("Plate number"), problem), field="plate")
    plate = normalize_plate(plate)
    if Vehicle.objects.filter(project_id=unit.project_id, plate=plate, ended_on__isnull=True).exists():
        raise ServiceError(
            _("Plate %(plate)s is already registered to another unit.") % {"plate": plate}, field="plate"
        )
    with acting_as(actor):
        return Vehicle.objects.create(
            project_id=unit.project_id,
            unit=unit,
            party=party,
            plate=plate,
            new_energy=is_new_energy_plate(plate),
            description=description,
            parking_space=parking_space,
            started_on=started_on,
        )


@transaction.atomic
def remove_vehicle(*, vehicle: Vehicle, ended_on: dt.date, actor) -> Vehicle:
    if vehicle.ended_on is not None:
        raise ServiceError(_("This vehicle has already been removed."), field="ended_on")
    check_period(vehicle.started_on, ended_on)
    vehicle.ended_on = ended_on
    with acting_as(actor):
        vehicle.save(update_fields=["ended_on"])
    return vehicle


@transaction.atomic
def add_care_note(
    *,
    unit: Unit,
    kind: str,
    started_on: dt.date,
    party: Party | None = None,
    preferred_contact_time: str = "",
    note: str = "",
    actor,
) -> CareNote:
    """关注业户感受: a note every colleague sees on the unit page."""
    _same_project(unit, party)
    if kind not in CareKind.values:
        raise ServiceError(_("Choose a care category."), field="kind")
    if kind == CareKind.OTHER and not note.strip():
        raise ServiceError(_("For the category “Other”, describe what needs attention."), field="note")
    check_period(started_on)
    with acting_as(actor):
        return CareNote.objects.create(
            project_id=unit.project_id,
            unit=unit,
            party=party,
            kind=kind,
            preferred_contact_time=preferred_contact_time.strip(),
            note=note.strip(),
            started_on=started_on,
        )


@transaction.atomic
def end_care_note(*, note: CareNote, ended_on: dt.date, actor) -> CareNote:
    if note.ended_on is not None:
        raise ServiceError(_("This care note has already ended."), field="ended_on")
    check_period(note.started_on, ended_on)
    note.ended_on = ended_on
    with acting_as(actor):
        note.save(update_fields=["ended_on"])
    return note


def find_party(*, project: Project, id_type: str = "", id_number: str = "", name: str = "", phone: str = ""):
    """The registered party with this ID number (by blind index), or by name and mobile; None if new."""
    id_number = (id_number or "").strip().upper()
    if id_number:
        return Party.objects.filter(project=project, id_number_index=id_number_index(id_number)).first()
    phone = normalize_phone(phone)
    if name and phone:
        return Party.objects.filter(
            project=project, name=name.strip(), phone_index=phone_index(phone)
        ).first()
    return None


@transaction.atomic
def find_or_register_party(
    *,
    project: Project,
    name: str,
    kind: str = PartyKind.PERSON,
    phone: str = "",
    id_type: str = "",
    id_number: str = "",
    actor,
) -> Party:
    """The same person is one party however many units they own or live in."""
    found = find_party(project=project, id_type=id_type, id_number=id_number, name=name, phone=phone)
    if found is not None:
        return found
    return register_party(
        project=project, name=name, kind=kind, phone=phone, id_type=id_type, id_number=id_number, actor=actor
    )
