"""Validation and import against the database, with natural keys (importing the same file twice changes nothing)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from propdesk.core.audit import acting_as
from propdesk.core.crypto import phone_index

from ..choices import ImportKind, UnitStatus
from ..models import Building, Ownership, Party, Residency, Unit, UnitEvent
from ..services.units import HUNDRED, change_unit_status, id_number_index, pinyin_initials
from ..transitions import UNIT
from .reading import (
    RowProblems,
    clean_party_row,
    clean_unit_row,
    iter_rows,
)
from .templates import (
    BATCH,
)

# --- validation and import against the database ---------------------------------------------


@dataclass
class Outcome:
    total: int = 0
    problems: list | None = None
    bad_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _unit_key(building: str, entrance: str, number: str) -> tuple[str, str, str]:
    return (building.upper(), entrance.upper(), number.upper())


class _UnitsContext:
    def __init__(self, project):
        self.project = project
        self.buildings = {b.code.upper(): b for b in Building.objects.filter(project=project)}
        self.units = {
            _unit_key(u.building.code, u.entrance, u.number): u
            for u in Unit.objects.filter(project=project).select_related("building")
        }


def _process_units(project, rows, *, apply: bool, actor, progress) -> Outcome:
    ctx = _UnitsContext(project)
    out, seen, pending = Outcome(problems=[]), {}, []
    for i, (n, raw) in enumerate(rows, start=1):
        row, problems = clean_unit_row(n, raw)
        if not problems:
            key = _unit_key(row["building"], row["entrance"], row["number"])
            if key in seen:
                p = RowProblems(n, ImportKind.UNITS)
                p.add("number", raw["number"], _("Same room as row %(row)s") % {"row": seen[key]})
                problems = p.items
            else:
                seen[key] = n
                existing = ctx.units.get(key)
                if (
                    existing is not None
                    and existing.status != row["status"]
                    and not UNIT.can(existing.status, row["status"])
                ):
                    p = RowProblems(n, ImportKind.UNITS)
                    p.add(
                        "status",
                        raw["status"],
                        _("The unit is “%(current)s” now and cannot become “%(new)s”")
                        % {"current": existing.get_status_display(), "new": UnitStatus(row["status"]).label},
                    )
                    problems = p.items
        out.total += 1
        if problems:
            out.bad_rows += 1
            out.problems.extend(problems)
        elif apply:
            pending.append(row)
        if i % BATCH == 0:
            if apply and pending:
                _apply_units(ctx, pending, out, actor)
                pending = []
            progress(i)
    if apply and pending:
        _apply_units(ctx, pending, out, actor)
    progress(out.total)
    return out


@transaction.atomic
def _apply_units(ctx: _UnitsContext, rows: list[dict], out: Outcome, actor) -> None:
    new_units, now = [], timezone.now()
    for row in rows:
        code = row["building"]
        building = ctx.buildings.get(code.upper())
        if building is None:
            with acting_as(actor):
                building = Building.objects.create(
                    project=ctx.project, code=code, name=_("Building %(code)s") % {"code": code}
                )
            ctx.buildings[code.upper()] = building
        key = _unit_key(code, row["entrance"], row["number"])
        existing = ctx.units.get(key)
        fields = {k: row[k] for k in ("floor", "building_area", "inner_area", "use")}
        if existing is None:
            unit = Unit(
                project=ctx.project,
                building=building,
                entrance=row["entrance"],
                number=row["number"],
                status=row["status"],
                sort_key=Unit.natural_key_of(row["entrance"], row["number"]),
                **fields,
            )
            new_units.append(unit)
            ctx.units[key] = unit
            continue
        changed = [k for k, v in fields.items() if getattr(existing, k) != v]
        if changed:
            for k in changed:
                setattr(existing, k, fields[k])
            with acting_as(actor):
                existing.save(update_fields=changed)
        if existing.status != row["status"]:
            change_unit_status(unit=existing, to=row["status"], reason=_("Import from Excel"), actor=actor)
            changed.append("status")
        if changed:
            out.updated += 1
        else:
            out.unchanged += 1
    if new_units:
        reason = _("Import from Excel")
        created = bulk_create_with_history(new_units, Unit, batch_size=BATCH, default_user=actor)
        if created and created[0].pk is None:  # backends without RETURNING
            keys = {(u.building_id, u.entrance, u.number) for u in new_units}
            fresh = Unit.objects.filter(project=ctx.project, building_id__in={k[0] for k in keys})
            by_key = {(u.building_id, u.entrance, u.number): u for u in fresh}
            created = [by_key[(u.building_id, u.entrance, u.number)] for u in new_units]
            for u in created:
                ctx.units[_unit_key(u.building.code, u.entrance, u.number)] = u
        UnitEvent.objects.bulk_create(
            [
                UnitEvent(
                    project=ctx.project,
                    unit=u,
                    from_status="",
                    to_status=u.status,
                    reason=reason,
                    actor=actor,
                    at=now,
                )
                for u in created
            ],
            batch_size=BATCH,
        )
        out.created += len(new_units)


class _PartiesContext:
    def __init__(self, project):
        self.project = project
        self.units = {
            _unit_key(u.building.code, u.entrance, u.number): u
            for u in Unit.objects.filter(project=project).select_related("building")
        }
        self.by_index = {}
        self.by_name_phone = {}  # (name, blind index of the mobile): phones are encrypted
        for pk, index, name, phone in Party.objects.filter(project=project).values_list(
            "pk", "id_number_index", "name", "phone_index"
        ):
            if index:
                self.by_index[index] = pk
            if phone:
                self.by_name_phone[(name, phone)] = pk
        self.owned = set(
            Ownership.objects.filter(project=project, ended_on__isnull=True).values_list(
                "unit_id", "party_id"
            )
        )
        self.shares: dict[int, Decimal] = {}
        for unit_id, share in Ownership.objects.filter(project=project, ended_on__isnull=True).values_list(
            "unit_id", "share"
        ):
            self.shares[unit_id] = self.shares.get(unit_id, Decimal("0")) + share
        self.lives = set(
            Residency.objects.filter(project=project, ended_on__isnull=True).values_list(
                "unit_id", "party_id", "kind"
            )
        )

    def party_key(self, row) -> tuple:
        if row["id_number"]:
            return ("id", id_number_index(row["id_number"]))
        return ("np", row["name"], phone_index(row["phone"]))

    def party_id(self, key) -> int | None:
        return self.by_index.get(key[1]) if key[0] == "id" else self.by_name_phone.get((key[1], key[2]))


def _process_parties(project, rows, *, apply: bool, actor, progress) -> Outcome:
    ctx = _PartiesContext(project)
    out, pending = Outcome(problems=[]), []
    seen: dict[tuple, int] = {}
    file_shares: dict[int, Decimal] = {}
    for i, (n, raw) in enumerate(rows, start=1):
        row, problems = clean_party_row(n, raw)
        p = RowProblems(n, ImportKind.PARTIES)
        if not problems:
            unit = ctx.units.get(_unit_key(row["building"], row["entrance"], row["number"]))
            if unit is None:
                where = "-".join(x for x in (row["building"], row["entrance"], row["number"]) if x)
                p.add(
                    "number",
                    raw["number"],
                    _("Unit %(unit)s does not exist: import the buildings and units first") % {"unit": where},
                )
            else:
                row["unit"] = unit
                key = ctx.party_key(row)
                row["party_key"] = key
                relation = (unit.pk, key, row["role"])
                if relation in seen:
                    p.add("name", raw["name"], _("Repeats row %(row)s") % {"row": seen[relation]})
                else:
                    seen[relation] = n
                    party_id = ctx.party_id(key)
                    already = party_id is not None and (
                        (unit.pk, party_id) in ctx.owned
                        if row["role"] == "owner"
                        else (unit.pk, party_id, row["role"]) in ctx.lives
                    )
                    row["already"] = already
                    if row["role"] == "owner" and not already:
                        total = (
                            ctx.shares.get(unit.pk, Decimal("0"))
                            + file_shares.get(unit.pk, Decimal("0"))
                            + row["share"]
                        )
                        if total > HUNDRED:
                            p.add(
                                "share",
                                raw["share"],
                                _(
                                    "The unit's ownership shares would add up to %(total)s%%, over 100%%:"
                                    " record a transfer on the unit's page"
                                )
                                % {"total": total},
                            )
                        else:
                            file_shares[unit.pk] = file_shares.get(unit.pk, Decimal("0")) + row["share"]
            problems = p.items
        out.total += 1
        if problems:
            out.bad_rows += 1
            out.problems.extend(problems)
        elif apply:
            pending.append(row)
        if i % BATCH == 0:
            if apply and pending:
                _apply_parties(ctx, pending, out, actor)
                pending = []
            progress(i)
    if apply and pending:
        _apply_parties(ctx, pending, out, actor)
    progress(out.total)
    return out


@transaction.atomic
def _apply_parties(ctx: _PartiesContext, rows: list[dict], out: Outcome, actor) -> None:
    new_parties: dict[tuple, Party] = {}
    for row in rows:
        key = row["party_key"]
        if ctx.party_id(key) is None and key not in new_parties:
            new_parties[key] = Party(
                project=ctx.project,
                kind=row["kind"],
                name=row["name"],
                name_initials=pinyin_initials(row["name"]),
                phone=row["phone"],
                landline=row["landline"],
                id_type=row["id_type"],
                id_number=row["id_number"],
                id_number_index=key[1] if key[0] == "id" else "",
            )
    if new_parties:
        made = bulk_create_with_history(
            list(new_parties.values()), Party, batch_size=BATCH, default_user=actor
        )
        if made and made[0].pk is None:
            made = list(Party.objects.filter(project=ctx.project).order_by("-id")[: len(new_parties)])[::-1]
        for key, party in zip(new_parties, made, strict=True):
            if key[0] == "id":
                ctx.by_index[key[1]] = party.pk
            else:
                ctx.by_name_phone[(key[1], key[2])] = party.pk
    ownerships, residencies = [], []
    for row in rows:
        if row.get("already"):
            out.unchanged += 1
            continue
        party_id, unit = ctx.party_id(row["party_key"]), row["unit"]
        if row["role"] == "owner":
            if (unit.pk, party_id) in ctx.owned:
                out.unchanged += 1
                continue
            ctx.owned.add((unit.pk, party_id))
            ctx.shares[unit.pk] = ctx.shares.get(unit.pk, Decimal("0")) + row["share"]
            ownerships.append(
                Ownership(
                    project=ctx.project,
                    unit=unit,
                    party_id=party_id,
                    share=row["share"],
                    started_on=row["started_on"],
                )
            )
        else:
            if (unit.pk, party_id, row["role"]) in ctx.lives:
                out.unchanged += 1
                continue
            ctx.lives.add((unit.pk, party_id, row["role"]))
            residencies.append(
                Residency(
                    project=ctx.project,
                    unit=unit,
                    party_id=party_id,
                    kind=row["role"],
                    started_on=row["started_on"],
                )
            )
        out.created += 1
    if ownerships:
        bulk_create_with_history(ownerships, Ownership, batch_size=BATCH, default_user=actor)
    if residencies:
        bulk_create_with_history(residencies, Residency, batch_size=BATCH, default_user=actor)


PROCESSORS: dict[str, Callable] = {ImportKind.UNITS: _process_units, ImportKind.PARTIES: _process_parties}


def process(project, kind: str, data: bytes, *, apply: bool, actor, progress=lambda n: None) -> Outcome:
    """Validate every row (apply=False), or validate and import the rows without problems (apply=True)."""
    return PROCESSORS[kind](project, iter_rows(data, kind), apply=apply, actor=actor, progress=progress)
