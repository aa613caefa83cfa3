"""Bank direct debit (托收): mandates, the debit file, the bank's result file.

File formats (UTF-8 CSV, comma-separated, no quoting; documented in docs/billing.md):

Debit file (we send):
    H,<batch>,<project code>,<yyyymm>,<line count>,<total>
    D,<line>,<room>,<account holder>,<account number>,<amount>
    T,<line count>,<total>

Result file (the bank returns):
    H,<batch>
    D,<line>,<amount>,<S|F>,<reason (failures)>
    T,<line count>

Import validates the whole file first (every problem named by line and field) and applies
nothing when any is found; otherwise it applies every line in one transaction. A succeeded
line is credited once: the line keeps its payment, and the payment's transaction number
`<batch>-<line>` is unique per project and method.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core import lifecycle
from propdesk.core.audit import acting_as
from propdesk.core.crypto import mask_id_number
from propdesk.core.errors import ServiceError
from propdesk.registry.models import Unit
from propdesk.registry.models.core import unit_order

from .. import selectors
from ..choices import DebitBatchStatus, DebitResult, PaymentMethod
from ..models import DebitBatch, DebitLine, DebitMandate
from ..money import ZERO, money
from ..pricing import month_start
from .payments import take_payment


def mask_account(number: str) -> str:
    digits = number.replace(" ", "")
    return mask_id_number(digits) if len(digits) > 8 else "*" * len(digits)


def add_mandate(
    *, unit, bank_name: str, account_name: str, account_number: str, signed_on: dt.date, actor
) -> DebitMandate:
    """托收协议: one active mandate per unit; a new one ends the previous one."""
    number = account_number.replace(" ", "").strip()
    if not number.isdigit() or not 8 <= len(number) <= 30:
        raise ServiceError(_("The bank account number should be 8 to 30 digits."), field="account_number")
    if not bank_name.strip():
        raise ServiceError(_("Enter the bank."), field="bank_name")
    if not account_name.strip():
        raise ServiceError(_("Enter the account holder."), field="account_name")
    with transaction.atomic(), acting_as(actor):
        for old in DebitMandate.objects.select_for_update().filter(unit=unit, is_active=True):
            old.is_active = False
            old.save(update_fields=["is_active"])
        return DebitMandate.objects.create(
            project_id=unit.project_id,
            unit=unit,
            bank_name=bank_name.strip(),
            account_name=account_name.strip(),
            account_number=number,
            account_masked=mask_account(number),
            signed_on=signed_on,
            created_by=actor,
        )


def create_batch(*, project, period: dt.date, actor) -> DebitBatch:
    """One line per unit with an active mandate and an open amount (bills of the period and before)."""
    period = month_start(period)
    with transaction.atomic(), acting_as(actor):
        prefix = f"TS{period:%Y%m}-"
        count = DebitBatch.objects.filter(project=project, number__startswith=prefix).count()
        batch = DebitBatch.objects.create(
            project=project,
            number=f"{prefix}{count + 1:02d}",
            period=period,
            total_amount=ZERO,
            created_by=actor,
        )
        lifecycle.record_created(batch, actor=actor, reason=_("Debit file generated"))
        pending_units = set(
            DebitLine.objects.filter(project=project, result=DebitResult.PENDING).values_list(
                "unit_id", flat=True
            )
        )
        lines = []
        mandates = DebitMandate.objects.filter(project=project, is_active=True).select_related("unit")
        for mandate in mandates.order_by(*unit_order("unit__")):
            if mandate.unit_id in pending_units:
                continue  # already in a batch the bank has not answered
            owed = sum(
                (b.outstanding for b in selectors.outstanding_bills(mandate.unit) if b.period <= period),
                start=ZERO,
            )
            if owed <= 0:
                continue
            lines.append(
                DebitLine(
                    project=project,
                    batch=batch,
                    line_no=len(lines) + 1,
                    unit=mandate.unit,
                    mandate=mandate,
                    amount=money(owed),
                )
            )
        if not lines:
            raise ServiceError(
                _("Nothing to debit (a unit needs an active mandate and arrears)."), field="period"
            )
        DebitLine.objects.bulk_create(lines)
        batch.line_count = len(lines)
        batch.total_amount = money(sum((line.amount for line in lines), start=ZERO))
        batch.save(update_fields=["line_count", "total_amount"])
    return batch


def debit_file(batch: DebitBatch) -> str:
    rows = [
        f"H,{batch.number},{batch.project.code},{batch.period:%Y%m},{batch.line_count},{batch.total_amount}"
    ]
    for line in batch.lines.select_related("unit__building", "mandate").order_by("line_no"):
        rows.append(
            f"D,{line.line_no},{line.unit.label},{line.mandate.account_name.replace(',', ' ')},"
            f"{line.mandate.account_number},{line.amount}"
        )
    rows.append(f"T,{batch.line_count},{batch.total_amount}")
    return "\r\n".join(rows) + "\r\n"


@dataclass
class ImportReport:
    succeeded: int = 0
    failed: int = 0
    unchanged: int = 0
    amount: Decimal = ZERO


def _parse(batch: DebitBatch, text: str) -> tuple[list[tuple[int, int, Decimal, str, str]], list[str]]:
    errors: list[str] = []
    rows = [r for r in text.replace("\ufeff", "").splitlines()]
    details: list[tuple[int, int, Decimal, str, str]] = []
    lines = {line.line_no: line for line in batch.lines.all()}
    seen: set[int] = set()
    header = trailer = None
    for n, raw in enumerate(rows, start=1):
        if not raw.strip():
            continue
        parts = [p.strip() for p in raw.split(",")]
        kind = parts[0]
        if kind == "H":
            header = n
            if len(parts) < 2 or parts[1] != batch.number:
                errors.append(
                    _("Line %(line)s, batch number: should be %(batch)s") % {"line": n, "batch": batch.number}
                )
        elif kind == "T":
            trailer = n
            if len(parts) < 2 or not parts[1].isdigit() or int(parts[1]) != len(details):
                errors.append(
                    _("Line %(line)s, line count: does not match the %(count)s detail lines")
                    % {"line": n, "count": len(details)}
                )
        elif kind == "D":
            if len(parts) < 4:
                errors.append(_("Line %(line)s: too few fields") % {"line": n})
                continue
            if not parts[1].isdigit() or int(parts[1]) not in lines:
                errors.append(
                    _("Line %(line)s, line number: the batch has no line %(number)s")
                    % {"line": n, "number": parts[1]}
                )
                continue
            line_no = int(parts[1])
            if line_no in seen:
                errors.append(
                    _("Line %(line)s, line number: %(number)s appears twice") % {"line": n, "number": line_no}
                )
                continue
            seen.add(line_no)
            try:
                amount = money(Decimal(parts[2]))
            except (InvalidOperation, ValueError):
                errors.append(
                    _("Line %(line)s, amount: %(value)s is not an amount") % {"line": n, "value": parts[2]}
                )
                continue
            if amount != lines[line_no].amount:
                errors.append(
                    _("Line %(line)s, amount: should be %(amount)s")
                    % {"line": n, "amount": lines[line_no].amount}
                )
            status = parts[3].upper()
            if status not in ("S", "F"):
                errors.append(_("Line %(line)s, result: should be S or F") % {"line": n})
                continue
            reason = ",".join(parts[4:]).strip() if len(parts) > 4 else ""
            if status == "F" and not reason:
                errors.append(_("Line %(line)s, failure reason: a failure needs its reason") % {"line": n})
            details.append((n, line_no, amount, status, reason))
        else:
            errors.append(_("Line %(line)s, record type: should be H, D or T") % {"line": n})
    if header is None:
        errors.insert(0, _("The file has no H (batch) line"))
    if trailer is None:
        errors.append(_("The file has no T (total) line"))
    return details, errors


def import_results(*, batch: DebitBatch, text: str, actor) -> ImportReport:
    """Apply the bank's result file; all or nothing. Importing the same file again credits nothing twice."""
    details, errors = _parse(batch, text)
    if errors:
        shown = errors[:20]
        error = ServiceError(_("; ").join(shown), field="file", code="invalid_file")
        error.problems = shown  # one form error each, in the import view
        raise error
    report = ImportReport()
    with transaction.atomic(), acting_as(actor):
        batch = DebitBatch.objects.select_for_update().get(pk=batch.pk)
        lines = {line.line_no: line for line in batch.lines.select_for_update().select_related("unit")}
        for n, line_no, amount, status, reason in details:
            line = lines[line_no]
            wanted = DebitResult.SUCCEEDED if status == "S" else DebitResult.FAILED
            if line.result == wanted:
                report.unchanged += 1
                continue
            if line.result != DebitResult.PENDING:
                raise ServiceError(
                    _("Line %(line)s, result: already recorded as %(result)s, it cannot change")
                    % {"line": n, "result": line.get_result_display()},
                    field="file",
                    code="invalid_file",
                )
            if wanted == DebitResult.SUCCEEDED:
                try:
                    with transaction.atomic():
                        line.payment = take_payment(
                            unit=line.unit,
                            amount=amount,
                            method=PaymentMethod.BANK_DEBIT,
                            trade_no=f"{batch.number}-{line_no}",
                            note=_("Direct debit %(batch)s") % {"batch": batch.number},
                            actor=actor,
                        )
                except (ServiceError, IntegrityError):
                    raise ServiceError(
                        _("Line %(line)s: this debit is already credited") % {"line": n},
                        field="file",
                        code="invalid_file",
                    ) from None
                report.succeeded += 1
                report.amount += amount
            else:
                line.reason = reason[:200]
                report.failed += 1
            line.result = wanted
            line.save(update_fields=["result", "reason", "payment"])
        if batch.status == DebitBatchStatus.EXPORTED:  # a file imported again changes nothing
            lifecycle.move(
                batch,
                to=DebitBatchStatus.IMPORTED,
                actor=actor,
                reason=_("Bank results imported: %(succeeded)s succeeded, %(failed)s failed")
                % {"succeeded": report.succeeded, "failed": report.failed},
                imported_at=timezone.now(),
            )
    return report


__all__ = ["Unit", "add_mandate", "create_batch", "debit_file", "import_results"]
