"""Search the way front-desk staff talk (SPEC §1).

One box: `3-2-1501`, `3栋2单元1501`, `1501`, a name, its pinyin initials (张三 → zs), a
full mobile number or its last four digits, a plate. Each interpretation of the query
is one indexed query; results are merged and ranked by how exactly they matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from propdesk.core.crypto import phone_index, phone_last4_index
from propdesk.formats.addresses import BUILDING_WORDS, ENTRANCE_WORDS, ROOM_WORDS

from .models import Ownership, Party, Residency, Unit, Vehicle
from .validators import PROVINCES, normalize_phone, normalize_plate

# 3-2-1501, 3栋2单元1501, 3#2-1501, A座1201, 3-1501, 3栋1501室
_ROOM = re.compile(
    rf"^(?P<b>[0-9A-Za-z]+)\s*(?:{'|'.join(BUILDING_WORDS)}|#|-|/)\s*"
    rf"(?:(?P<e>[0-9A-Za-z]+)\s*(?:{'|'.join(ENTRANCE_WORDS)}|-|/)\s*)?"
    rf"(?P<n>[0-9A-Za-z]+)\s*(?:{'|'.join(ROOM_WORDS)})?$"
)
_INITIALS = re.compile(r"^[a-zA-Z]{1,10}$")
_HAN = re.compile(r"[\u4e00-\u9fff]")

# Scores: an exact room or phone beats a name prefix.
EXACT_ROOM, PHONE, PLATE, NAME, INITIALS, LAST4, ROOM_NUMBER, NAME_PREFIX, INITIALS_PREFIX, PLATE_PREFIX = (
    100,
    95,
    90,
    85,
    80,
    70,
    65,
    60,
    50,
    40,
)


@dataclass
class Hit:
    kind: str  # "unit" or "party"
    score: int
    matched: str  # what matched, for the screen (translated): 房号, 姓名, 拼音, 手机, 尾号, 车牌
    unit: Unit | None = None
    party: Party | None = None
    units: list = field(default_factory=list)  # a party's current units

    @property
    def key(self):
        return (self.kind, (self.unit or self.party).pk)


def _rows(model, user, project_id):
    """The project's rows of `model` that `user` sees (a butler: her buildings'); all without a user."""
    rows = model.objects.for_user(user) if user is not None else model.objects
    return rows.filter(project_id=project_id)


def _units_prefetch(project_id, user):
    own = _rows(Ownership, user, project_id).filter(ended_on__isnull=True).select_related("unit__building")
    res = _rows(Residency, user, project_id).filter(ended_on__isnull=True).select_related("unit__building")
    return [
        Prefetch("ownerships", queryset=own, to_attr="current_ownerships"),
        Prefetch("residencies", queryset=res, to_attr="current_residencies"),
    ]


def _party_hits(qs, project_id, user, score, matched, limit) -> list[Hit]:
    # No ORDER BY in SQL: a prefix like "王" matches thousands of rows, and sorting them all to keep
    # 20 costs more than the whole search. The index scan stops at `limit`; we sort those in Python.
    hits = []
    # A hit shows the name and the masked mobile: the other encrypted fields are not decrypted.
    parties = sorted(
        qs.defer("id_number", "landline")
        .prefetch_related(*_units_prefetch(project_id, user))
        .order_by()[:limit],
        key=lambda p: (p.name, p.pk),
    )
    for party in parties:
        units = [o.unit for o in party.current_ownerships] + [r.unit for r in party.current_residencies]
        hits.append(Hit("party", score, matched, party=party, units=units))
    return hits


def search(project, q: str, *, user=None, include_people: bool = True, limit: int = 20) -> list[Hit]:
    """Ranked hits for the query in one project. Without `include_people` only rooms and plates.
    With `user`, only what they see (a butler: the rooms and people of her buildings)."""
    q = (q or "").strip()
    if not q:
        return []
    pid = project.pk
    units = _rows(Unit, user, pid).select_related("building")
    parties = _rows(Party, user, pid)
    hits: list[Hit] = []

    room = _ROOM.match(q)
    if room:
        b, e, n = room.group("b"), room.group("e") or "", room.group("n")
        found = units.filter(building__code__iexact=b, number__iexact=n)
        if e:
            found = found.filter(entrance__iexact=e)
        room_number = _("Room number")
        hits += [Hit("unit", EXACT_ROOM, room_number, unit=u) for u in found.order_by("entrance")[:limit]]

    compact = normalize_phone(q)
    if compact.isdigit():
        if len(compact) == 11 and include_people:
            hits += _party_hits(
                parties.filter(phone_index=phone_index(compact)), pid, user, PHONE, _("Mobile phone"), limit
            )
        if len(compact) == 4 and include_people:
            hits += _party_hits(
                parties.filter(phone_last4_index=phone_last4_index(compact)),
                pid,
                user,
                LAST4,
                _("Last four digits"),
                limit,
            )
        if len(compact) <= 6:
            room_number = _("Room number")
            hits += [
                Hit("unit", ROOM_NUMBER, room_number, unit=u)
                for u in sorted(
                    units.filter(number=compact).order_by()[:limit],
                    key=lambda u: (u.building.sort_order, u.building.sort_key, u.building.code, u.sort_key),
                )
            ]

    plate = normalize_plate(q)
    if plate[:1] in PROVINCES and len(plate) >= 3:
        vehicles = _rows(Vehicle, user, pid).filter(ended_on__isnull=True).select_related("unit__building")
        exact = list(vehicles.filter(plate=plate)[:limit])
        prefix = [] if exact else list(vehicles.filter(plate__startswith=plate).order_by("plate")[:limit])
        for v in exact + prefix:
            matched = _("Plate %(plate)s") % {"plate": v.plate}
            hits.append(Hit("unit", PLATE if v in exact else PLATE_PREFIX, matched, unit=v.unit))

    if include_people and _HAN.search(q) and not room:
        exact = _party_hits(parties.filter(name=q), pid, user, NAME, _("Full name"), limit)
        hits += exact
        if len(exact) < limit:
            hits += _party_hits(
                parties.filter(name__startswith=q).exclude(name=q),
                pid,
                user,
                NAME_PREFIX,
                _("Full name"),
                limit - len(exact),
            )

    if include_people and _INITIALS.match(q):
        initials = q.lower()
        exact = _party_hits(
            parties.filter(name_initials=initials), pid, user, INITIALS, _("Pinyin initials"), limit
        )
        hits += exact
        if len(exact) < limit:
            hits += _party_hits(
                parties.filter(name_initials__startswith=initials).exclude(name_initials=initials),
                pid,
                user,
                INITIALS_PREFIX,
                _("Pinyin initials"),
                limit - len(exact),
            )

    best: dict = {}
    for hit in hits:
        if hit.key not in best or best[hit.key].score < hit.score:
            best[hit.key] = hit
    return sorted(best.values(), key=lambda h: -h.score)[:limit]
