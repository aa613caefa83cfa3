"""Writes of what a unit is charged: default charge items, the date a unit starts paying,
one-off charges, credit notes (冲红). Bills are only ever inserted; metered items are charged by the
billing run from the meters' readings (`services/meters`, `selectors/meters`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core.audit import acting_as
from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.registry.models import Unit

from .. import permissions, selectors
from ..choices import ChargeKind
from ..defaults import CHARGE_ITEMS
from ..models import Bill, ChargeItem, CreditNote, Price, UnitChargeStart
from ..money import amount_input, money
from ..pricing import month_start

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
    """A single charge (a one-off fee, a deposit, a special service) for a unit; `reference` makes it unique."""
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


# ---------------------------------------------------------------- one-off charges (一次性收费)


def _next_one_off_number(project) -> str:
    prefix = f"YC{timezone.localdate():%Y%m}-"
    last = (
        Bill.objects.filter(project=project, reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    return f"{prefix}{int(last[len(prefix) :]) + 1 if last else 1:04d}"


def add_one_off_charge(
    *, unit, item: ChargeItem, amount, reason: str, actor, on: dt.date | None = None
) -> Bill:
    """一次性收费: a cashier charges a unit once (an item of kind one-off, an amount, the reason). The bill
    gets the number `YC<yyyymm>-<nnnn>` as its reference and is paid at the desk like any other."""
    if not permissions.can_charge_one_off(actor, unit):
        raise AccessDenied(_("You may not add one-off charges."))
    if item.project_id != unit.project_id or item.kind != ChargeKind.ONE_OFF or not item.is_active:
        raise ServiceError(_("Choose a one-off charge item of this project."), field="item")
    amount = amount_input(amount)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Give the reason for the charge."), field="reason")
    on = on or timezone.localdate()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return charge_one_off(
                    unit=unit,
                    item=item,
                    amount=amount,
                    on=on,
                    reference=_next_one_off_number(unit.project),
                    description=reason[:200],
                    actor=actor,
                )
        except ServiceError as exc:
            if exc.field != "reference":
                raise
            continue  # the number was taken by a concurrent charge
    raise ServiceError(_("The charge number was taken: try again."))  # pragma: no cover
