"""Helpers the paid-service modules share: amounts, permission checks, the project's local day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from propdesk.billing.money import money
from propdesk.core import numbering
from propdesk.core.access import has_project_perm
from propdesk.core.errors import AccessDenied, ServiceError


def amount(value, field: str) -> Decimal:
    """A money amount from user input: two places, not negative."""
    try:
        result = money(value)
    except (TypeError, ValueError, InvalidOperation):
        raise ServiceError(_("The amount is not a valid number."), field=field) from None
    if result < 0:
        raise ServiceError(_("The amount cannot be negative"), field=field)
    return result


def require(actor, project, perm: str, message: str) -> None:
    if not has_project_perm(actor, project, perm):
        raise AccessDenied(message)


def local_day(project, at: dt.datetime) -> dt.date:
    return numbering.local_day(project, at)
