"""Paid services' panel on the unit page (一户一档): the unit's special-service orders with their
state and amount. Registered in apps.ready() with registry.panels."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, Sum, Value
from django.db.models.functions import Coalesce

from propdesk.registry.panels import first_rows

from .models import SpecialServiceOrder


def orders_panel(unit, user) -> dict | None:
    rows = (
        SpecialServiceOrder.objects.for_user(user)
        .filter(project_id=unit.project_id, unit_id=unit.pk)
        .select_related("department")
        .annotate(
            amount=Coalesce(
                Sum("lines__amount"),
                Value(Decimal("0.00")),
                output_field=DecimalField(max_digits=14, decimal_places=2),
            )
        )
        .order_by("-created_at", "-id")
    )
    orders, more = first_rows(rows)
    if not orders:
        return None
    return {"orders": orders, "more": more}
