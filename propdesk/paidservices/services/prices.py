"""The published price list of paid services (特约服务项目及收费标准): items with dated prices."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.billing.money import ZERO
from propdesk.core.audit import acting_as, system_user
from propdesk.core.errors import ServiceError

from ..defaults import DEFAULT_ITEM_UNIT, SPECIAL_SERVICE_ITEMS
from ..models import ServiceItem, ServiceItemPrice
from ..permissions import PRICE_LIST_PERM
from .common import amount, local_day, require

DEFAULT_PRICES_FROM = dt.date(2000, 1, 1)


def price_of(item: ServiceItem, on: dt.date) -> ServiceItemPrice | None:
    """The item's price row in force on a date (the latest `effective_from` not after it)."""
    return (
        ServiceItemPrice.objects.filter(item=item, effective_from__lte=on).order_by("-effective_from").first()
    )


@transaction.atomic
def create_service_item(
    *,
    project,
    code: str,
    name: str,
    unit_label: str,
    labour_price,
    materials_price=ZERO,
    department_kind: str = "engineering",
    materials_note: str = "",
    sort_order: int = 100,
    effective_from: dt.date | None = None,
    actor,
) -> ServiceItem:
    """A new item of the price list with its first price, from `effective_from` (default: today)."""
    require(actor, project, PRICE_LIST_PERM, _("You may not change the special services price list."))
    if not name.strip():
        raise ServiceError(_("Enter the name of the service."), field="name")
    if not code.strip():
        raise ServiceError(_("Enter the code."), field="code")
    with acting_as(actor):
        try:
            with transaction.atomic():
                item = ServiceItem.objects.create(
                    project=project,
                    code=code.strip(),
                    name=name.strip(),
                    unit_label=unit_label.strip() or DEFAULT_ITEM_UNIT,
                    department_kind=department_kind,
                    materials_note=materials_note.strip(),
                    sort_order=sort_order,
                )
        except IntegrityError:
            raise ServiceError(_("This code already exists."), field="code") from None
        ServiceItemPrice.objects.create(
            project=project,
            item=item,
            labour_price=amount(labour_price, "labour_price"),
            materials_price=amount(materials_price, "materials_price"),
            effective_from=effective_from or local_day(project, timezone.now()),
            created_by=actor,
        )
    return item


@transaction.atomic
def update_service_item(*, item: ServiceItem, actor, **fields) -> ServiceItem:
    """Name, unit, department, materials note, order and the active flag; prices change by `set_item_price`."""
    require(actor, item.project, PRICE_LIST_PERM, _("You may not change the special services price list."))
    allowed = {"name", "unit_label", "department_kind", "materials_note", "sort_order", "is_active"}
    unknown = set(fields) - allowed
    if unknown:
        raise ServiceError(_("These cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    if "name" in fields and not str(fields["name"]).strip():
        raise ServiceError(_("Enter the name of the service."), field="name")
    with acting_as(actor):
        for key, value in fields.items():
            setattr(item, key, value.strip() if isinstance(value, str) else value)
        item.save(update_fields=list(fields))
    return item


@transaction.atomic
def set_item_price(
    *, item: ServiceItem, labour_price, materials_price=ZERO, effective_from: dt.date | None = None, actor
) -> ServiceItemPrice:
    """A new price from a date (default: today). Orders already made keep the price copied into their
    lines."""
    require(actor, item.project, PRICE_LIST_PERM, _("You may not change the special services price list."))
    with acting_as(actor):
        try:
            with transaction.atomic():
                return ServiceItemPrice.objects.create(
                    project_id=item.project_id,
                    item=item,
                    labour_price=amount(labour_price, "labour_price"),
                    materials_price=amount(materials_price, "materials_price"),
                    effective_from=effective_from or local_day(item.project, timezone.now()),
                    created_by=actor,
                )
        except IntegrityError:
            raise ServiceError(
                _("There is already a price from this date."), field="effective_from"
            ) from None


def load_default_service_items(*, project, actor=None) -> int:
    """The default price list (defaults.SPECIAL_SERVICE_ITEMS) for a project; existing codes are left alone."""
    actor = actor or system_user()
    existing = set(ServiceItem.objects.filter(project=project).values_list("code", flat=True))
    created = 0
    with transaction.atomic(), acting_as(actor):
        for order, (code, name, unit_label, dept, labour, materials, note) in enumerate(
            SPECIAL_SERVICE_ITEMS
        ):
            if code in existing:
                continue
            item = ServiceItem.objects.create(
                project=project,
                code=code,
                name=name,
                unit_label=unit_label,
                department_kind=dept,
                materials_note=note,
                sort_order=(order + 1) * 10,
            )
            ServiceItemPrice.objects.create(
                project=project,
                item=item,
                labour_price=Decimal(labour),
                materials_price=Decimal(materials),
                effective_from=DEFAULT_PRICES_FROM,
                created_by=actor,
            )
            created += 1
    return created


def published_price_list(
    project, on: dt.date | None = None
) -> list[tuple[ServiceItem, ServiceItemPrice | None]]:
    """Active items with the price in force on a date, in two queries."""
    on = on or timezone.localdate()
    items = list(ServiceItem.objects.filter(project=project, is_active=True).order_by("sort_order", "code"))
    prices: dict[int, ServiceItemPrice] = {}
    for price in ServiceItemPrice.objects.filter(project=project, effective_from__lte=on).order_by(
        "item_id", "effective_from"
    ):
        prices[price.item_id] = price  # the last one in date order is the one in force
    return [(item, prices.get(item.pk)) for item in items]
