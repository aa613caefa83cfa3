"""Payment notices (缴费通知单) and dunning notices (催缴通知单) as PDF, one page per unit.

One unit, or every unit in arrears of a building in one PDF for the butler to hand out.
The data of a batch is read in a constant number of queries (bills with their balances,
owners), then WeasyPrint renders one HTML document.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core import pdfs
from propdesk.registry.models import Ownership, Unit

from ..models import Bill
from ..money import ZERO, money
from ..selectors import HALF_FEN, with_balances

KINDS = {"payment": _("Payment notice"), "dunning": _("Dunning notice")}
PREFIX = {"payment": "JF", "dunning": "CJ"}


@dataclass
class NoticePage:
    unit: Unit
    owner_name: str
    number: str
    bills: list = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((b.outstanding for b in self.bills), start=ZERO)

    @property
    def overdue(self) -> Decimal:
        today = timezone.localdate()
        return sum((b.outstanding for b in self.bills if b.due_on < today), start=ZERO)


def notice_pages(units: list[Unit], *, kind: str, on: dt.date, only_arrears: bool) -> list[NoticePage]:
    """The pages of a notice for these units: each unit's bills that still ask for money."""
    ids = [u.pk for u in units]
    bills = with_balances(
        Bill.objects.filter(unit_id__in=ids)
        .select_related("item")
        .order_by("unit_id", "period", "item__sort_order")
    ).filter(outstanding__gte=HALF_FEN)
    if kind == "dunning" or only_arrears:
        bills = bills.filter(due_on__lt=on)
    per_unit = defaultdict(list)
    for bill in bills:
        bill.outstanding = money(bill.outstanding)
        per_unit[bill.unit_id].append(bill)
    owners: dict[int, str] = {}
    for o in (
        Ownership.objects.filter(unit_id__in=ids, ended_on__isnull=True)
        .select_related("party")
        .order_by("unit_id", "started_on")
    ):
        owners.setdefault(o.unit_id, o.party.name)
    pages = []
    for unit in units:
        if only_arrears and not per_unit.get(unit.pk):
            continue
        pages.append(
            NoticePage(
                unit=unit,
                owner_name=owners.get(unit.pk, ""),
                number=f"{PREFIX[kind]}-{on:%Y%m%d}-{unit.pk:06d}",
                bills=per_unit.get(unit.pk, []),
            )
        )
    return pages


# A batch of more pages than this is split into one part per core (propdesk.core.pdfs).
PARALLEL_FROM_PAGES = 60


def render_notices(project, pages: list[NoticePage], *, kind: str, on: dt.date) -> bytes:
    parts = 1 if len(pages) < PARALLEL_FROM_PAGES else pdfs.workers()
    size = -(-len(pages) // parts) if pages else 1
    documents = [
        render_to_string(
            "billing/notice_pdf.html",
            {"project": project, "pages": chunk, "kind": kind, "title": KINDS[kind], "on": on},
        )
        for chunk in ([pages[i : i + size] for i in range(0, len(pages), size)] or [[]])
    ]
    return pdfs.render_documents(documents)


def unit_notice_pdf(unit: Unit, *, kind: str, on: dt.date | None = None) -> bytes:
    on = on or timezone.localdate()
    pages = notice_pages([unit], kind=kind, on=on, only_arrears=False)
    return render_notices(unit.project, pages, kind=kind, on=on)


def building_notice_pdf(building, *, kind: str, on: dt.date | None = None) -> tuple[bytes, int]:
    """Every unit of the building with something to pay (dunning: overdue), one page each."""
    on = on or timezone.localdate()
    units = list(
        Unit.objects.filter(building=building).select_related("building").order_by("sort_key", "number")
    )
    pages = notice_pages(units, kind=kind, on=on, only_arrears=True)
    return render_notices(building.project, pages, kind=kind, on=on), len(pages)
