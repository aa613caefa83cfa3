"""Bills, payment orders and receipts as the portal shows them: only what `registry.visibility` lets
the person see (an owner all of the unit's money, a tenant since the tenancy, a resident none)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from propdesk.billing import providers
from propdesk.billing import selectors as billing_selectors
from propdesk.billing.choices import PaymentMethod
from propdesk.billing.models import Bill, Payment, PaymentOrder, ProviderAccount, Receipt
from propdesk.billing.money import ZERO, money
from propdesk.billing.services import desk as desk_services
from propdesk.registry.models import Unit
from propdesk.registry.visibility import UnitAccess, visible

ONLINE_METHODS = (PaymentMethod.WECHAT, PaymentMethod.ALIPAY)


@dataclass
class PeriodBills:
    period: object
    bills: list[Bill]
    total: Decimal


@dataclass
class UnitBills:
    unit: Unit
    periods: list[PeriodBills] = field(default_factory=list)
    total: Decimal = ZERO
    overdue: bool = False
    methods: list[tuple[str, str]] = field(default_factory=list)


def seen_bills(accesses: list[UnitAccess]) -> QuerySet[Bill]:
    """Every bill the person sees, with its balance."""
    return billing_selectors.with_balances(
        Bill.objects.filter(visible(accesses, date_field="ends_on", money=True))
    ).select_related("item")


def bills_by_unit(accesses: list[UnitAccess]) -> list[UnitBills]:
    """Per unit, the bills still owed grouped by period (oldest first), with totals and the online
    methods the unit's project accepts (three queries)."""
    today = timezone.localdate()
    bills = list(
        seen_bills(accesses)
        .filter(outstanding__gte=billing_selectors.HALF_FEN)
        .select_related("unit__building", "unit__project")
        .order_by("unit_id", "period", "item__sort_order", "id")
    )
    accounts: dict[int, list[str]] = {}
    project_ids = {b.project_id for b in bills}
    for project_id, method in ProviderAccount.objects.filter(
        project_id__in=project_ids, method__in=ONLINE_METHODS
    ).values_list("project_id", "method"):
        accounts.setdefault(project_id, []).append(method)
    result = []
    for _unit_id, unit_rows in groupby(bills, key=lambda b: b.unit_id):
        rows = list(unit_rows)
        for bill in rows:
            bill.outstanding = money(bill.outstanding)
            bill.overdue = bill.due_on < today
        entry = UnitBills(unit=rows[0].unit)
        for period, period_rows in groupby(rows, key=lambda b: b.period):
            items = list(period_rows)
            entry.periods.append(PeriodBills(period, items, money(sum((b.outstanding for b in items), ZERO))))
        entry.total = money(sum((p.total for p in entry.periods), ZERO))
        entry.overdue = any(b.overdue for b in rows)
        methods = accounts.get(entry.unit.project_id, [])
        entry.methods = [(m, PaymentMethod(m).label) for m in ONLINE_METHODS if m in methods]
        result.append(entry)
    return result


def my_orders(accesses: list[UnitAccess]) -> QuerySet[PaymentOrder]:
    return PaymentOrder.objects.filter(visible(accesses, time_field="created_at", money=True)).select_related(
        "unit__building", "project"
    )


def receipt_of(order: PaymentOrder) -> Receipt | None:
    """The receipt issued for an order's payment, once its notification has credited it."""
    payment = Payment.objects.filter(order=order).select_related("receipt").order_by("pk").first()
    return getattr(payment, "receipt", None) if payment else None


def my_receipts(accesses: list[UnitAccess]) -> QuerySet[Receipt]:
    return (
        Receipt.objects.filter(visible(accesses, unit="payment__unit", time_field="issued_at", money=True))
        .select_related("payment__unit__building", "project")
        .order_by("-issued_at", "-id")
    )


def provider_pay_page(order: PaymentOrder) -> str | None:
    """Where the owner pays an order: the provider's page. In the sandbox, the sandbox wallet; a live
    merchant account needs its provider's adapter (none in this version), so None."""
    account = ProviderAccount.objects.filter(project_id=order.project_id, method=order.method).first()
    if account is None or not account.is_sandbox or not providers.sandbox_allowed():
        return None
    token = desk_services.sandbox_page_token(order)
    return reverse("billing:sandbox_pay", kwargs={"pk": order.pk, "token": token})
