"""Reads of dunning and collection: arrears aging and collection rates, set-based.

Age of a debt: the days from the bill's **due date** (`Bill.due_on`, the billed month's first
day + the item's days to pay) to the report date. Only bills past their due date are
arrears; the age buckets are 0–30, 31–90, 91–180, 181–365 and more than 365 days.
What a bill still owes is its amount less allocations of receipts not voided and less
credit notes, as they stand now.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from propdesk.core.models import Membership
from propdesk.registry.models import Building
from propdesk.registry.models.core import building_order

from ..money import ZERO, money

BUCKETS = [
    ("d0_30", gettext_lazy("0–30 days")),
    ("d31_90", gettext_lazy("31–90 days")),
    ("d91_180", gettext_lazy("91–180 days")),
    ("d181_365", gettext_lazy("181–365 days")),
    ("d365", gettext_lazy("Over 365 days")),
]
BUCKET_KEYS = [k for k, _label in BUCKETS]


def _amount(value) -> Decimal:
    """A SQL sum as money (SQLite sums DECIMAL columns as floats)."""
    if value is None:
        return ZERO
    if isinstance(value, float):
        value = Decimal(repr(value))
    return money(value)


_OWED_CTE = """
WITH paid AS (
    SELECT a.bill_id, SUM(a.amount) AS s
    FROM billing_allocation a
    LEFT JOIN billing_receipt r ON r.payment_id = a.payment_id
    WHERE a.project_id = %s AND r.voided_at IS NULL
    GROUP BY a.bill_id
), credited AS (
    SELECT c.bill_id, SUM(c.amount) AS s FROM billing_creditnote c WHERE c.project_id = %s GROUP BY c.bill_id
), owed AS (
    SELECT b.unit_id, b.due_on, b.amount - COALESCE(paid.s, 0) - COALESCE(credited.s, 0) AS owed
    FROM billing_bill b
    LEFT JOIN paid ON paid.bill_id = b.id
    LEFT JOIN credited ON credited.bill_id = b.id
    WHERE b.project_id = %s AND b.due_on < %s
)
"""


def _bounds(as_of: dt.date) -> list[dt.date]:
    """Due dates on or after each bound are younger than 31, 91, 181, 366 days."""
    return [as_of - dt.timedelta(days=d) for d in (30, 90, 180, 365)]


def _bucket_columns() -> str:
    return (
        "SUM(CASE WHEN o.due_on >= %s THEN o.owed ELSE 0 END), "
        "SUM(CASE WHEN o.due_on < %s AND o.due_on >= %s THEN o.owed ELSE 0 END), "
        "SUM(CASE WHEN o.due_on < %s AND o.due_on >= %s THEN o.owed ELSE 0 END), "
        "SUM(CASE WHEN o.due_on < %s AND o.due_on >= %s THEN o.owed ELSE 0 END), "
        "SUM(CASE WHEN o.due_on < %s THEN o.owed ELSE 0 END)"
    )


def _bucket_params(as_of: dt.date) -> list:
    b30, b90, b180, b365 = _bounds(as_of)
    return [b30, b30, b90, b90, b180, b180, b365, b365]


@dataclass
class AgingRow:
    key: object
    label: str
    units: int = 0
    buckets: dict = field(default_factory=lambda: dict.fromkeys(BUCKET_KEYS, ZERO))

    @property
    def total(self) -> Decimal:
        return sum(self.buckets.values(), start=ZERO)

    @property
    def values(self) -> list[Decimal]:
        return [self.buckets[k] for k in BUCKET_KEYS]

    def add(self, other: AgingRow) -> None:
        self.units += other.units
        for k in BUCKET_KEYS:
            self.buckets[k] += other.buckets[k]


@dataclass
class Aging:
    as_of: dt.date
    by_building: list[AgingRow]
    by_butler: list[AgingRow]
    total: AgingRow


def aging_by_building_rows(project, as_of: dt.date) -> list[tuple]:
    """One aggregate query: (building id, units in arrears, five bucket sums) per building.

    Each owed bill is summed once, into its unit's row for its age bucket (one addition a bill,
    not five CASE sums); the buildings then add up those per-unit rows, and count distinct
    units over them instead of over every bill.
    """
    b30, b90, b180, b365 = _bounds(as_of)
    sql = (
        _OWED_CTE
        + """, per_unit AS (
    SELECT o.unit_id,
           CASE WHEN o.due_on >= %s THEN 1 WHEN o.due_on >= %s THEN 2 WHEN o.due_on >= %s THEN 3
                WHEN o.due_on >= %s THEN 4 ELSE 5 END AS k,
           SUM(o.owed) AS s
    FROM owed o WHERE o.owed >= 0.005
    GROUP BY o.unit_id, CASE WHEN o.due_on >= %s THEN 1 WHEN o.due_on >= %s THEN 2 WHEN o.due_on >= %s THEN 3
                             WHEN o.due_on >= %s THEN 4 ELSE 5 END
)
SELECT u.building_id, COUNT(DISTINCT p.unit_id),
       SUM(CASE WHEN p.k = 1 THEN p.s ELSE 0 END), SUM(CASE WHEN p.k = 2 THEN p.s ELSE 0 END),
       SUM(CASE WHEN p.k = 3 THEN p.s ELSE 0 END), SUM(CASE WHEN p.k = 4 THEN p.s ELSE 0 END),
       SUM(CASE WHEN p.k = 5 THEN p.s ELSE 0 END)
FROM per_unit p JOIN registry_unit u ON u.id = p.unit_id
GROUP BY u.building_id"""
    )
    bounds = [b30, b90, b180, b365]
    params = [project.pk, project.pk, project.pk, as_of, *bounds, *bounds]
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # JIT compilation (≈ 0.2 s here) costs more than it saves; the setting ends with this
            # transaction. (A larger work_mem was tried: it made the plan give up its parallel workers.)
            cursor.execute("SELECT set_config('jit', 'off', true)")
        cursor.execute(sql, params)
        return cursor.fetchall()


def arrears_aging(project, as_of: dt.date, *, buildings=None) -> Aging:
    """Arrears by age, by building and by butler (the butlers whose 辖区 holds the building).

    One aggregate query per report; butler totals add up their buildings' rows (a building
    with two butlers counts for each; a building with none is listed as 未分配).
    """
    rows = aging_by_building_rows(project, as_of)
    visible = Building.objects.filter(project=project)
    if buildings is not None:
        visible = visible.filter(pk__in=buildings)
    # Buildings in natural order (2栋 before 10栋), as every list shows them.
    names = {b.pk: b.name or b.code for b in visible.order_by(*building_order())}
    rank = {pk: i for i, pk in enumerate(names)}
    by_building: dict[int, AgingRow] = {}
    for building_id, units, *sums in rows:
        if building_id not in names:
            continue
        by_building[building_id] = AgingRow(
            key=building_id,
            label=names[building_id],
            units=units,
            buckets={k: _amount(v) for k, v in zip(BUCKET_KEYS, sums, strict=True)},
        )
    butlers: dict[object, AgingRow] = {}
    assigned: set[int] = set()
    memberships = (
        Membership.objects.filter(project=project, is_active=True, position__has_building_scope=True)
        .select_related("user")
        .prefetch_related("buildings")
    )
    for m in memberships:
        row = butlers.get(m.user_id) or AgingRow(key=m.user_id, label=m.user.display_name or m.user.username)
        butlers[m.user_id] = row
        for b in m.buildings.all():
            if b.pk in by_building:
                row.add(by_building[b.pk])
                assigned.add(b.pk)
    unassigned = AgingRow(key=None, label=_("Unassigned"))
    for pk, row in by_building.items():
        if pk not in assigned:
            unassigned.add(row)
    butler_rows = sorted(butlers.values(), key=lambda r: -r.total)
    if unassigned.units:
        butler_rows.append(unassigned)
    total = AgingRow(key="total", label=_("Total"))
    for row in by_building.values():
        total.add(row)
    return Aging(
        as_of=as_of,
        by_building=sorted(by_building.values(), key=lambda r: rank[r.key]),
        by_butler=butler_rows,
        total=total,
    )


_UNIT_OWED = """
WITH ub AS (
    SELECT b.id, b.unit_id, b.due_on, b.amount FROM billing_bill b
    WHERE b.project_id = %s AND b.due_on < %s AND b.unit_id IN ({ids})
), paid AS (
    SELECT a.bill_id, SUM(a.amount) AS s
    FROM billing_allocation a
    JOIN ub ON ub.id = a.bill_id
    LEFT JOIN billing_receipt r ON r.payment_id = a.payment_id
    WHERE r.voided_at IS NULL
    GROUP BY a.bill_id
), credited AS (
    SELECT c.bill_id, SUM(c.amount) AS s FROM billing_creditnote c JOIN ub ON ub.id = c.bill_id GROUP BY c.bill_id
)
SELECT ub.unit_id, SUM(ub.amount - COALESCE(paid.s, 0) - COALESCE(credited.s, 0))
FROM ub LEFT JOIN paid ON paid.bill_id = ub.id LEFT JOIN credited ON credited.bill_id = ub.id
WHERE ub.amount - COALESCE(paid.s, 0) - COALESCE(credited.s, 0) >= 0.005
GROUP BY ub.unit_id
"""


def overdue_by_unit(project, as_of: dt.date, *, unit_ids=None) -> dict[int, Decimal]:
    """{unit id: overdue arrears} for every unit in arrears (one query; only the given units' bills)."""
    if unit_ids is not None:
        ids = [int(i) for i in unit_ids] or [0]
        sql = _UNIT_OWED.format(ids=",".join(["%s"] * len(ids)))
        params: list = [project.pk, as_of, *ids]
    else:
        sql = _OWED_CTE + "SELECT o.unit_id, SUM(o.owed) FROM owed o WHERE o.owed >= 0.005 GROUP BY o.unit_id"
        params = [project.pk, project.pk, project.pk, as_of]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {unit_id: _amount(s) for unit_id, s in cursor.fetchall() if _amount(s) > 0}


@dataclass
class CollectionRates:
    period: dt.date
    billed: Decimal  # this period's bills less credit notes
    collected: Decimal  # paid on them so far
    arrears_opening: Decimal  # what earlier periods still owed when this period began
    arrears_collected: Decimal  # paid on earlier periods' bills since this period began

    @staticmethod
    def _rate(part: Decimal, whole: Decimal) -> Decimal | None:
        if whole <= 0:
            return None
        return (part * 100 / whole).quantize(Decimal("0.1"))

    @property
    def current_rate(self) -> Decimal | None:
        return self._rate(self.collected, self.billed)

    @property
    def arrears_rate(self) -> Decimal | None:
        return self._rate(self.arrears_collected, self.arrears_opening)


def collection_rates(project, period: dt.date, *, now: dt.datetime) -> CollectionRates:
    """收缴率: this period's bills collected, and earlier periods' arrears collected during it.

    Arrears at the period start = earlier bills' amounts less credit notes less what was
    paid before the period began (allocations of receipts not voided).
    """
    start = timezone.make_aware(dt.datetime.combine(period, dt.time.min))
    adapt = connection.ops.adapt_datetimefield_value
    sql = """
    WITH alloc AS (
        SELECT a.bill_id,
               SUM(a.amount) AS s,
               SUM(CASE WHEN a.created_at < %s THEN a.amount ELSE 0 END) AS before_s
        FROM billing_allocation a
        LEFT JOIN billing_receipt r ON r.payment_id = a.payment_id
        WHERE a.project_id = %s AND r.voided_at IS NULL AND a.created_at <= %s
        GROUP BY a.bill_id
    ), credited AS (
        SELECT c.bill_id, SUM(c.amount) AS s FROM billing_creditnote c WHERE c.project_id = %s GROUP BY c.bill_id
    )
    SELECT
        SUM(CASE WHEN b.period = %s THEN b.amount - COALESCE(credited.s, 0) ELSE 0 END),
        SUM(CASE WHEN b.period = %s THEN COALESCE(alloc.s, 0) ELSE 0 END),
        SUM(CASE WHEN b.period < %s
            THEN b.amount - COALESCE(credited.s, 0) - COALESCE(alloc.before_s, 0) ELSE 0 END),
        SUM(CASE WHEN b.period < %s THEN COALESCE(alloc.s, 0) - COALESCE(alloc.before_s, 0) ELSE 0 END)
    FROM billing_bill b
    LEFT JOIN alloc ON alloc.bill_id = b.id
    LEFT JOIN credited ON credited.bill_id = b.id
    WHERE b.project_id = %s AND b.period <= %s
    """
    params = [
        adapt(start),
        project.pk,
        adapt(now),
        project.pk,
        period,
        period,
        period,
        period,
        project.pk,
        period,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        billed, collected, opening, arrears_collected = cursor.fetchone()
    return CollectionRates(
        period=period,
        billed=_amount(billed),
        collected=_amount(collected),
        arrears_opening=max(_amount(opening), ZERO),
        arrears_collected=_amount(arrears_collected),
    )
