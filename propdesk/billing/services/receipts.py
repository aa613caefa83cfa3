"""Receipts after the payment: voiding one (作废) and logging every print (补打 / 副本)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core.audit import acting_as
from propdesk.core.errors import ServiceError
from propdesk.registry.models import Unit

from .. import selectors
from ..models import PrepaidEntry, Receipt, ReceiptPrint
from ..money import ZERO


@transaction.atomic
def void_receipt(*, receipt: Receipt, reason: str, actor) -> Receipt:
    """作废: the receipt stays, marked void with who, when and why; its payment no longer settles anything.

    The unused prepaid part of the payment is reversed by a negative ledger row. Refused
    when that prepaid money has already paid later bills (void the later use first).
    """
    if not reason.strip():
        raise ServiceError(_("Enter the reason for voiding."), field="reason")
    receipt = Receipt.objects.select_for_update().select_related("payment").get(pk=receipt.pk)
    if receipt.is_void:
        raise ServiceError(_("This receipt is already void."))
    payment = receipt.payment
    Unit.objects.select_for_update().get(pk=payment.unit_id)
    surplus = (
        PrepaidEntry.objects.filter(payment=payment, amount__gt=0).aggregate(s=Sum("amount"))["s"] or ZERO
    )
    if surplus > 0:
        balance = selectors.prepaid_balance(payment.unit)
        if balance < surplus:
            raise ServiceError(_("This receipt's prepaid money is already used: it cannot be voided."))
        PrepaidEntry.objects.create(
            project_id=payment.project_id, unit_id=payment.unit_id, amount=-surplus, payment=payment
        )
    with acting_as(actor):
        receipt.voided_at = timezone.now()
        receipt.voided_by = actor
        receipt.void_reason = reason.strip()
        receipt.save(update_fields=["voided_at", "voided_by", "void_reason"])
    return receipt


def record_receipt_print(*, receipt: Receipt, actor) -> ReceiptPrint:
    """Log a print; every print after the first is a copy (补打 / 副本)."""
    with transaction.atomic():
        Receipt.objects.select_for_update().get(pk=receipt.pk)
        is_copy = ReceiptPrint.objects.filter(receipt=receipt).exists()
        return ReceiptPrint.objects.create(
            project_id=receipt.project_id, receipt=receipt, is_copy=is_copy, printed_by=actor
        )
