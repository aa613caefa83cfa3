"""Writes of what a unit is charged: default charge items, the date a unit starts paying,
one-off and metered charges, credit notes (冲红). Bills are only ever inserted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from propdesk.core.audit import acting_as
from propdesk.core.errors import ServiceError
from propdesk.registry.models import Unit

from .. import selectors
from ..choices import ChargeKind
from ..defaults import CHARGE_ITEMS
from ..models import Bill, ChargeItem, CreditNote, Price, UnitChargeStart, UnitPriceOverride
from ..money import money
from ..pricing import month_end, month_start, price_on

# ---------------------------------------------------------------- configuration


@transaction.atomic
def load_default_charge_items(*, project, actor, effective_from: dt.date) -> int:
    """Create the default charge items and prices (defaults.CHARGE_ITEMS) the project lacks. Returns how many items."""
    created = 0
    with acting_as(actor):
        for spec in CHARGE_ITEMS:
            item, made = ChargeItem.objects.get_or_create(
                project=project,
                code=spec["code"],
                defaults={k: v for k, v in spec.items() if k not in ("code", "prices")},
            )
            created += made
            if made:
                for use, unit_price in spec.get("prices", {}).items():
                    Price.objects.create(
                        project=project,
                        item=item,
                        use=use,
                        unit_price=unit_price,
                        effective_from=effective_from,
                    )
    return created


@transaction.atomic
def set_charge_start(*, unit, starts_on: dt.date, reason: str = "", actor) -> UnitChargeStart:
    """Record (or move) the date a unit starts paying. Bills already made are not touched."""
    with acting_as(actor):
        row, _made = UnitChargeStart.objects.update_or_create(
            project_id=unit.project_id, unit=unit, defaults={"starts_on": starts_on, "reason": reason}
        )
    return row


# ---------------------------------------------------------------- bills and corrections


@transaction.atomic
def charge_one_off(
    *, unit, item: ChargeItem, amount: Decimal, on: dt.date, reference: str, description: str = "", actor
) -> Bill:
    """A single charge (a one-off fee, a metered reading, a deposit) for a unit; `reference` makes it unique."""
    amount = money(amount)
    if amount <= 0:
        raise ServiceError(_("The amount must be greater than zero."), field="amount")
    if item.project_id != unit.project_id:
        raise ServiceError(_("The charge item is not in this project."), field="item")
    if not reference:
        raise ServiceError(_("Enter the document number."), field="reference")
    with acting_as(actor):
        try:
            with transaction.atomic():
                return Bill.objects.create(
                    project_id=unit.project_id,
                    unit=unit,
                    item=item,
                    period=month_start(on),
                    reference=reference,
                    starts_on=on,
                    ends_on=on,
                    quantity=Decimal("1"),
                    unit_price=amount,
                    amount=amount,
                    due_on=on + dt.timedelta(days=item.due_days),
                    description=description,
                    created_by=actor,
                )
        except IntegrityError:
            raise ServiceError(_("This document number is already charged."), field="reference") from None


@transaction.atomic
def issue_credit_note(*, bill: Bill, amount: Decimal, reason: str, actor) -> CreditNote:
    """Reduce what a bill asks for by a credit note with a reason; never more than it still asks."""
    amount = money(amount)
    if not reason.strip():
        raise ServiceError(_("Give the reason for the credit note."), field="reason")
    if amount <= 0:
        raise ServiceError(_("The amount must be greater than zero."), field="amount")
    Unit.objects.select_for_update().get(pk=bill.unit_id)
    outstanding = selectors.outstanding_of(bill.pk)
    if amount > outstanding:
        raise ServiceError(
            _("The credit note cannot exceed what is outstanding, %(outstanding)s.")
            % {"outstanding": outstanding},
            field="amount",
        )
    with acting_as(actor):
        return CreditNote.objects.create(
            project_id=bill.project_id, bill=bill, amount=amount, reason=reason.strip(), created_by=actor
        )


# ---------------------------------------------------------------- metered charges


@transaction.atomic
def charge_meter_reading(
    *, unit, item: ChargeItem, period: dt.date, previous: Decimal, current: Decimal, actor
) -> Bill:
    """抄表收费: (current − previous) × the unit's price for a metered item, once per unit, item and month."""
    if item.kind != ChargeKind.METERED:
        raise ServiceError(_("This item is not charged by meter reading."), field="item")
    quantity = Decimal(current) - Decimal(previous)
    if quantity < 0:
        raise ServiceError(_("The current reading cannot be lower than the previous one."), field="current")
    period = month_start(period)
    last = month_end(period)
    override = [
        (o.effective_from, o.unit_price)
        for o in UnitPriceOverride.objects.filter(unit=unit, item=item, effective_from__lte=last)
    ]
    price = price_on(override, last) if override else None
    if price is None:
        prices = Price.objects.filter(item=item, effective_from__lte=last)
        price = price_on([(p.effective_from, p.unit_price) for p in prices if p.use == unit.use], last)
        if price is None:
            price = price_on([(p.effective_from, p.unit_price) for p in prices if p.use == ""], last)
    if price is None:
        raise ServiceError(_("This item has no price that applies."), field="item")
    amount = money(quantity * price)
    with acting_as(actor):
        try:
            with transaction.atomic():
                return Bill.objects.create(
                    project_id=unit.project_id,
                    unit=unit,
                    item=item,
                    period=period,
                    reference=f"M{period:%Y%m}",
                    starts_on=period,
                    ends_on=last,
                    quantity=quantity,
                    unit_price=price,
                    amount=amount,
                    due_on=period + dt.timedelta(days=item.due_days),
                    description=f"{previous} → {current}",
                    created_by=actor,
                )
        except IntegrityError:
            raise ServiceError(_("This month's reading is already charged."), field="period") from None
