"""An owner or tenant pays online from the portal or the owner API: one rule for both.

`order_my_bills` checks what the payer may pay (registry.visibility's rule: an owner all of the
unit's money, a tenant what is billed since the tenancy began), that every chosen bill still asks
for money and that they are one unit's, then opens the order (`payments.create_payment_order`,
which holds one open order per unit). A bill or unit the payer may not see raises the model's
`DoesNotExist`, which callers answer as 404 — as if it did not exist.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from propdesk.core.errors import ServiceError
from propdesk.registry.models import Unit
from propdesk.registry.visibility import unit_accesses, visible

from .. import selectors
from ..models import Bill, PaymentOrder
from ..money import ZERO, money
from .payments import create_payment_order


def order_my_bills(
    *,
    user,
    method: str,
    bills: list[int] | None = None,
    unit_id: int | None = None,
    amount: Decimal | None = None,
) -> PaymentOrder:
    """Open an online order for the chosen `bills`, or for `amount` (default: all the payer sees owed)
    of `unit_id`."""
    accesses = unit_accesses(user)
    seen = Bill.objects.filter(visible(accesses, date_field="ends_on", money=True))
    if bills:
        chosen = list(
            selectors.with_balances(seen.filter(pk__in=set(bills))).select_related("item", "unit__building")
        )
        if len(chosen) != len(set(bills)):
            raise Bill.DoesNotExist
        settled = [b for b in chosen if b.outstanding < selectors.HALF_FEN]
        if settled:
            raise ServiceError(
                _("%(bill)s is already paid; choose again.")
                % {"bill": f"{settled[0].item.name} {settled[0].period:%Y-%m}"},
                field="bills",
            )
        if len({b.unit_id for b in chosen}) != 1:
            raise ServiceError(_("Pay the bills of one unit at a time."), field="bills")
        chosen.sort(key=lambda b: (b.period, b.item.sort_order, b.pk))
        unit = chosen[0].unit
        amount = money(sum((money(b.outstanding) for b in chosen), ZERO))
        ids = [b.pk for b in chosen]
    else:
        paying = {a.unit_id for a in accesses if a.sees_money}
        units = Unit.objects.filter(pk__in=paying).select_related("building")
        unit = units.filter(pk=unit_id).first() if unit_id else None
        if unit is None:
            raise Unit.DoesNotExist
        if amount is None:  # what this payer sees owed (a tenant: since the tenancy began), one query
            owed = (
                selectors.with_balances(seen.filter(unit=unit))
                .filter(outstanding__gte=selectors.HALF_FEN)
                .values_list("outstanding", flat=True)
            )
            amount = money(sum((money(o) for o in owed), ZERO))
        ids = None
    return create_payment_order(
        unit=unit,
        amount=amount,
        method=method,
        actor=user,
        payer_name=selectors.current_owner_name(unit),
        bills=ids,
    )
