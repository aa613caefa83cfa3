"""Every write of billing. Keyword-only, with `actor=`; money rows are only ever inserted.

Lock order, everywhere: unit row → receipt counter. Both are held for the length of one
payment's transaction only.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, connection, connections, transaction
from django.db.models import F, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core import lifecycle
from propdesk.core.audit import acting_as, system_user
from propdesk.core.errors import ServiceError
from propdesk.core.tasks import enqueue
from propdesk.registry.models import Unit

from . import providers, selectors
from .choices import NotificationOutcome, OrderStatus, PaymentMethod, RunStatus
from .models import (
    Allocation,
    Bill,
    BillingRun,
    BillingRunBatch,
    ChargeItem,
    CreditNote,
    Payment,
    PaymentNotification,
    PaymentOrder,
    PrepaidEntry,
    Price,
    ProviderAccount,
    Receipt,
    ReceiptCounter,
    ReceiptPrint,
    UnitChargeStart,
    UnitPriceOverride,
)
from .money import ZERO, money
from .pricing import month_start

# ---------------------------------------------------------------- configuration


@transaction.atomic
def load_default_charge_items(*, project, actor, effective_from: dt.date) -> int:
    """Create the default charge items and prices (defaults.CHARGE_ITEMS) the project lacks. Returns how many items."""
    from .defaults import CHARGE_ITEMS

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


# ---------------------------------------------------------------- billing runs

RUN_BATCH_SIZE = 500  # units per batch in Python (SQLite)
RUN_BATCH_SIZE_SQL = 5000  # units per statement when PostgreSQL prices the lines


def start_billing_run(*, project, period: dt.date, actor) -> BillingRun:
    """Create a run for a month and start it in the background after commit.

    Refused while another run of the same month is waiting or running; running a month
    again is allowed and adds nothing that exists (the unique constraint decides).
    """
    period = month_start(period)
    with transaction.atomic():
        busy = BillingRun.objects.filter(
            project=project, period=period, status__in=[RunStatus.PENDING, RunStatus.RUNNING]
        )
        if busy.exists():
            raise ServiceError("该月份的计费正在进行中", field="period")
        run = BillingRun.objects.create(
            project=project,
            period=period,
            started_by=actor,
            total_units=Unit.objects.filter(project=project).count(),
        )
        from .tasks import run_billing

        enqueue(run_billing, run.pk)
    return run


def resume_billing_run(*, run: BillingRun, actor) -> BillingRun:
    """Start an interrupted run again: it makes the batches not done (and plans units added since)."""
    if run.status == RunStatus.DONE:
        raise ServiceError("该计费已完成")
    from .tasks import run_billing

    with transaction.atomic():
        enqueue(run_billing, run.pk)
    return run


def insert_run_lines(lines: list[Bill]) -> None:
    """Insert a batch's lines, skipping any that exist (the unique constraint decides).

    PostgreSQL: one `INSERT ... SELECT FROM unnest(arrays) ON CONFLICT DO NOTHING` per batch,
    which skips the ORM's per-object SQL building (about 3× faster at 100k units).
    Elsewhere: `bulk_create(ignore_conflicts=True)`.
    """
    if not lines:
        return
    if connection.vendor != "postgresql":
        Bill.objects.bulk_create(lines, batch_size=1000, ignore_conflicts=True)
        return
    now = timezone.now()
    columns = [
        ("project_id", "bigint"),
        ("unit_id", "bigint"),
        ("item_id", "bigint"),
        ("period", "date"),
        ("reference", "varchar"),
        ("starts_on", "date"),
        ("ends_on", "date"),
        ("quantity", "numeric"),
        ("unit_price", "numeric"),
        ("amount", "numeric"),
        ("due_on", "date"),
        ("description", "varchar"),
        ("run_id", "bigint"),
        ("created_by_id", "bigint"),
    ]
    params = [[getattr(line, name) for line in lines] for name, _type in columns]
    names = ", ".join(name for name, _type in columns)
    arrays = ", ".join(f"%s::{sql_type}[]" for _name, sql_type in columns)
    sql = (
        f"INSERT INTO billing_bill ({names}, created_at) "
        f"SELECT u.*, %s FROM unnest({arrays}) AS u "
        "ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, *params])


def _after_batch(run: BillingRun, batch: BillingRunBatch) -> None:
    """A seam for tests: called after each batch commits (in the worker's thread)."""


def _plan_batches(run: BillingRun, batch_size: int) -> None:
    """Plan the run's units after `last_unit_id` into batches of `batch_size`, in one statement.

    Under the run's row lock, so two executors of one run plan once. On resume only units added
    since (ids after the last planned) become new batches; planned batches are kept as they are.
    """
    with transaction.atomic():
        run = BillingRun.objects.select_for_update().get(pk=run.pk)
        planned = BillingRunBatch.objects.filter(run=run).aggregate(last=Max("last_unit_id"))["last"] or 0
        after = max(run.last_unit_id, planned)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {BillingRunBatch._meta.db_table} "
                "(project_id, run_id, first_unit_id, last_unit_id, units) "
                "SELECT %s, %s, MIN(id), MAX(id), COUNT(*) FROM ("
                "  SELECT id, (ROW_NUMBER() OVER (ORDER BY id) - 1) / %s AS grp"
                f"  FROM {Unit._meta.db_table} WHERE project_id = %s AND id > %s"
                ") numbered GROUP BY grp",
                [run.project_id, run.pk, batch_size, run.project_id, after],
            )
        last = BillingRunBatch.objects.filter(run=run).aggregate(last=Max("last_unit_id"))["last"] or 0
        undone = BillingRunBatch.objects.filter(run=run, done_at__isnull=True).aggregate(n=Sum("units"))["n"]
        run.last_unit_id = max(after, last)
        run.total_units = run.processed_units + (undone or 0)
        run.save(update_fields=["last_unit_id", "total_units"])


def _run_next_batch(run: BillingRun, pricing: selectors.RunPricing, *, wait: bool = False) -> bool:
    """Claim the first batch not done, make its lines, mark it done; False when none is left.

    One transaction: the lines, the batch's `done_at` and the run's `processed_units` commit
    together or not at all. On PostgreSQL batches locked by another worker are skipped (`wait`:
    wait for them instead, to finish what another executor left).
    """
    with transaction.atomic():
        batches = BillingRunBatch.objects.filter(run_id=run.pk, done_at__isnull=True).order_by(
            "first_unit_id"
        )
        if connection.vendor == "postgresql":
            batches = batches.select_for_update(skip_locked=not wait)
        batch = batches.first()
        if batch is None:
            return False
        if connection.vendor == "postgresql":
            # Priced and inserted by the database: one statement per batch of units.
            pricing.insert_lines_sql(
                after_id=batch.first_unit_id - 1, upto_id=batch.last_unit_id, run=run, now=timezone.now()
            )
        else:
            units = list(
                Unit.objects.filter(
                    project_id=run.project_id, id__gte=batch.first_unit_id, id__lte=batch.last_unit_id
                )
                .order_by("id")
                .values("id", "use", "building_area", "inner_area")
            )
            insert_run_lines(pricing.lines_for(units, run=run))
        BillingRunBatch.objects.filter(pk=batch.pk).update(done_at=timezone.now())
        BillingRun.objects.filter(pk=run.pk).update(processed_units=F("processed_units") + batch.units)
    _after_batch(run, batch)
    return True


def _run_batches_in_threads(run: BillingRun, pricing: selectors.RunPricing, workers: int) -> None:
    """`workers` threads, each with its own connection, take batches until none is left.

    The first error stops the others after their current batch (each commits or rolls back
    whole) and is raised here.
    """
    stop = threading.Event()
    errors: list[BaseException] = []

    def work() -> None:
        try:
            while not stop.is_set() and _run_next_batch(run, pricing):
                pass
        except BaseException as exc:
            errors.append(exc)
            stop.set()
        finally:
            connections.close_all()  # this thread's connections only

    threads = [threading.Thread(target=work, name=f"billing-run-{run.pk}-{i}") for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def run_workers(requested: int | None = None) -> int:
    """How many batches of a run go at once: BILLING_RUN_WORKERS on PostgreSQL, 1 on SQLite.

    Also 1 inside a transaction (a test's, or a caller's): other connections cannot see its rows.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return 1
    return max(1, requested if requested is not None else settings.BILLING_RUN_WORKERS)


def execute_billing_run(
    run_id: int, *, batch_size: int | None = None, workers: int | None = None
) -> BillingRun:
    """Make the run's bill lines, batch by batch. Safe to call twice, concurrently or after a crash.

    The units are planned into `BillingRunBatch` rows once (`_plan_batches`); then `workers`
    (default `run_workers()`) take the batches not yet done, each in its own transaction with
    its own connection. Lines are inserted with ON CONFLICT DO NOTHING against the (project,
    unit, item, period, reference) constraint, so a batch redone after a crash adds nothing.
    An error in any batch fails the run (status FAILED, the error recorded) and is raised.
    """
    if batch_size is None:
        batch_size = RUN_BATCH_SIZE_SQL if connection.vendor == "postgresql" else RUN_BATCH_SIZE
    workers = run_workers(workers)
    run = BillingRun.objects.select_related("project").get(pk=run_id)
    if run.status == RunStatus.DONE:
        return run
    BillingRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, error="")
    try:
        pricing = selectors.RunPricing(run.project, run.period)
        _plan_batches(run, batch_size)
        if workers > 1:
            _run_batches_in_threads(run, pricing, workers)
        # Alone, or after the threads: every batch left, waiting for those another executor holds.
        while (
            _run_next_batch(run, pricing, wait=True)
            or BillingRunBatch.objects.filter(run_id=run.pk, done_at__isnull=True).exists()
        ):
            pass
        with transaction.atomic():
            run = BillingRun.objects.select_for_update().get(pk=run.pk)
            run.lines_created = Bill.objects.filter(run=run).count()
            run.status = RunStatus.DONE
            run.finished_at = timezone.now()
            run.save(update_fields=["lines_created", "status", "finished_at"])
        apply_prepaid_for_project(project=run.project, actor=run.started_by)
    except Exception as exc:
        BillingRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error=str(exc)[:500])
        raise
    return run


# ---------------------------------------------------------------- bills and corrections


@transaction.atomic
def charge_one_off(
    *, unit, item: ChargeItem, amount: Decimal, on: dt.date, reference: str, description: str = "", actor
) -> Bill:
    """A single charge (a one-off fee, a metered reading, a deposit) for a unit; `reference` makes it unique."""
    amount = money(amount)
    if amount <= 0:
        raise ServiceError("金额必须大于零", field="amount")
    if item.project_id != unit.project_id:
        raise ServiceError("收费项目不属于该项目", field="item")
    if not reference:
        raise ServiceError("请填写单据号", field="reference")
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
            raise ServiceError("该单据号已计费", field="reference") from None


@transaction.atomic
def issue_credit_note(*, bill: Bill, amount: Decimal, reason: str, actor) -> CreditNote:
    """Reduce what a bill asks for by a credit note with a reason; never more than it still asks."""
    amount = money(amount)
    if not reason.strip():
        raise ServiceError("请填写冲红原因", field="reason")
    if amount <= 0:
        raise ServiceError("金额必须大于零", field="amount")
    Unit.objects.select_for_update().get(pk=bill.unit_id)
    outstanding = selectors.outstanding_of(bill.pk)
    if amount > outstanding:
        raise ServiceError(f"冲红金额不能超过欠费 {outstanding}", field="amount")
    with acting_as(actor):
        return CreditNote.objects.create(
            project_id=bill.project_id, bill=bill, amount=amount, reason=reason.strip(), created_by=actor
        )


# ---------------------------------------------------------------- payments and receipts


def _next_receipt_number(project_id: int) -> int:
    """The next number from the project's counter row, locked until the caller's transaction ends."""
    counter = ReceiptCounter.objects.select_for_update().filter(project_id=project_id).first()
    if counter is None:
        try:
            with transaction.atomic():
                ReceiptCounter.objects.create(project_id=project_id)
        except IntegrityError:
            pass  # another payment created it first
        counter = ReceiptCounter.objects.select_for_update().get(project_id=project_id)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _allocate(*, unit, amount: Decimal, bills, payment=None, project_id: int) -> Decimal:
    """Settle bills in the given order from `amount`; return what is left. Caller holds the unit lock."""
    left = amount
    for bill in bills:
        if left <= 0:
            break
        share = min(left, bill.outstanding)
        if share <= 0:
            continue
        if payment is not None:
            Allocation.objects.create(project_id=project_id, bill=bill, payment=payment, amount=share)
        else:
            entry = PrepaidEntry.objects.create(project_id=project_id, unit=unit, amount=-share, bill=bill)
            Allocation.objects.create(project_id=project_id, bill=bill, prepaid_entry=entry, amount=share)
        left -= share
    return left


def take_payment(
    *,
    unit,
    amount: Decimal,
    method: str,
    actor,
    payer_name: str = "",
    bills: list[int] | None = None,
    trade_no: str = "",
    order: PaymentOrder | None = None,
    note: str = "",
) -> Payment:
    """Receive money for a unit and issue its receipt, in one transaction.

    Settles the chosen bills (in the order given) or else the oldest outstanding bills
    first; what is left becomes prepaid balance. The receipt number comes from the
    project's counter row locked in this same transaction: no gaps, no duplicates.
    A `trade_no` can be credited once per project and method (unique constraint).
    """
    try:
        amount = money(amount)
    except (TypeError, ValueError):
        raise ServiceError("金额格式不正确", field="amount") from None
    if amount <= 0:
        raise ServiceError("金额必须大于零", field="amount")
    if method not in PaymentMethod.values:
        raise ServiceError("付款方式不正确", field="method")
    adapter = providers.adapter_for(method)
    if adapter.is_online and order is None:
        raise ServiceError("线上支付须由支付平台通知入账", field="method")
    if adapter.needs_reference and not trade_no.strip():
        raise ServiceError("请填写转账或刷卡流水号", field="trade_no")
    with transaction.atomic(), acting_as(actor):
        Unit.objects.select_for_update().get(pk=unit.pk)
        open_bills = list(selectors.outstanding_bills(unit))
        if bills:
            by_id = {b.pk: b for b in open_bills}
            missing = [pk for pk in bills if pk not in by_id]
            if missing:
                raise ServiceError("所选账单不属于该房屋或已结清", field="bills")
            chosen = [by_id[pk] for pk in bills]
        else:
            chosen = open_bills
        try:
            with transaction.atomic():
                payment = Payment.objects.create(
                    project_id=unit.project_id,
                    unit=unit,
                    method=method,
                    amount=amount,
                    payer_name=payer_name.strip(),
                    trade_no=trade_no.strip(),
                    order=order,
                    note=note,
                    received_by=actor,
                )
        except IntegrityError:
            raise ServiceError("该流水号已入账", field="trade_no", code="duplicate") from None
        if method == PaymentMethod.CASH:
            from .services_cash import record_cash_payment

            record_cash_payment(payment, actor=actor)  # refused without the cashier's open drawer
        left = _allocate(unit=unit, amount=amount, bills=chosen, payment=payment, project_id=unit.project_id)
        if left > 0:
            PrepaidEntry.objects.create(project_id=unit.project_id, unit=unit, amount=left, payment=payment)
        Receipt.objects.create(
            project_id=unit.project_id,
            number=_next_receipt_number(unit.project_id),
            payment=payment,
            issued_by=actor,
        )
        from .services_dunning import payment_received

        payment_received(payment)
    return payment


@transaction.atomic
def apply_prepaid(*, unit, actor) -> Decimal:
    """Use the unit's prepaid balance on its outstanding bills, oldest first. Returns the amount used."""
    Unit.objects.select_for_update().get(pk=unit.pk)
    balance = selectors.prepaid_balance(unit)
    if balance <= 0:
        return ZERO
    with acting_as(actor):
        left = _allocate(
            unit=unit, amount=balance, bills=selectors.outstanding_bills(unit), project_id=unit.project_id
        )
    return balance - left


def apply_prepaid_for_project(*, project, actor) -> int:
    """After a run: every unit with prepaid balance pays its new bills from it. Returns units touched."""
    unit_ids = (
        PrepaidEntry.objects.filter(project=project)
        .values("unit_id")
        .annotate(balance=Sum("amount"))
        .filter(balance__gt=0)
        .values_list("unit_id", flat=True)
    )
    touched = 0
    for unit in Unit.objects.filter(pk__in=list(unit_ids)):
        touched += apply_prepaid(unit=unit, actor=actor) > 0
    return touched


@transaction.atomic
def void_receipt(*, receipt: Receipt, reason: str, actor) -> Receipt:
    """作废: the receipt stays, marked void with who, when and why; its payment no longer settles anything.

    The unused prepaid part of the payment is reversed by a negative ledger row. Refused
    when that prepaid money has already paid later bills (void the later use first).
    """
    if not reason.strip():
        raise ServiceError("请填写作废原因", field="reason")
    receipt = Receipt.objects.select_for_update().select_related("payment").get(pk=receipt.pk)
    if receipt.is_void:
        raise ServiceError("该收据已作废")
    payment = receipt.payment
    Unit.objects.select_for_update().get(pk=payment.unit_id)
    surplus = (
        PrepaidEntry.objects.filter(payment=payment, amount__gt=0).aggregate(s=Sum("amount"))["s"] or ZERO
    )
    if surplus > 0:
        balance = selectors.prepaid_balance(payment.unit)
        if balance < surplus:
            raise ServiceError("该收据的预存款已被使用，不能作废")
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


# ---------------------------------------------------------------- online payments


@transaction.atomic
def create_payment_order(*, unit, amount: Decimal, method: str, actor, payer_name: str = "") -> PaymentOrder:
    """Start an online payment: the money is credited when the provider's notification arrives."""
    amount = money(amount)
    if amount <= 0:
        raise ServiceError("金额必须大于零", field="amount")
    if not providers.adapter_for(method).is_online:
        raise ServiceError("该付款方式不是线上支付", field="method")
    if not ProviderAccount.objects.filter(project_id=unit.project_id, method=method).exists():
        raise ServiceError("本项目未开通该支付方式", field="method")
    with acting_as(actor):
        order = PaymentOrder.objects.create(
            project_id=unit.project_id,
            unit=unit,
            method=method,
            amount=amount,
            payer_name=payer_name,
            out_trade_no=f"PD{timezone.now():%Y%m%d}{secrets.token_hex(6).upper()}",
            created_by=actor,
        )
        lifecycle.record_created(order, actor=actor)
    return order


def _reject(payload, *, account, message: str, code: str):
    PaymentNotification.objects.create(
        project_id=account.project_id if account else None,
        method=account.method if account else "",
        trade_no=str(payload.get("transaction_id", ""))[:64],
        payload=payload,
        outcome=NotificationOutcome.REJECTED,
        error=message,
    )
    raise ServiceError(message, code=code)


def handle_notification(*, payload: dict) -> tuple[str, Payment | None]:
    """Verify a provider's notification and credit it once per transaction number.

    Refused (logged, nothing credited): unknown merchant, bad signature, unknown order,
    an amount that is not the order's, a trade state other than SUCCESS. A notification
    for a transaction already credited is acknowledged as a duplicate.
    """
    payload = {str(k): (v if isinstance(v, str) else str(v)) for k, v in payload.items()}
    account = ProviderAccount.objects.filter(merchant_id=payload.get("merchant_id", "")).first()
    if account is None:
        _reject(payload, account=None, message="未知商户号", code="unknown_merchant")
    if not providers.signature_valid(payload, account.signing_key):
        _reject(payload, account=account, message="签名校验失败", code="invalid_signature")
    order = PaymentOrder.objects.filter(
        project_id=account.project_id, out_trade_no=payload.get("out_trade_no", "")
    ).first()
    if order is None or order.method != account.method:
        _reject(payload, account=account, message="订单不存在", code="unknown_order")
    try:
        amount = providers.amount_from_fen(payload.get("total_fee", ""))
    except ValueError:
        amount = None
    if amount != order.amount:
        _reject(payload, account=account, message="通知金额与订单金额不符", code="amount_mismatch")
    if payload.get("trade_state") != "SUCCESS":
        _reject(payload, account=account, message="交易未成功", code="not_paid")
    trade_no = payload.get("transaction_id", "")
    if not trade_no:
        _reject(payload, account=account, message="缺少交易号", code="invalid")
    actor = system_user()
    with transaction.atomic():
        order = PaymentOrder.objects.select_for_update().get(pk=order.pk)
        existing = Payment.objects.filter(
            project_id=order.project_id, method=order.method, trade_no=trade_no
        ).first()
        if existing is not None or order.status == OrderStatus.PAID:
            outcome, payment = NotificationOutcome.DUPLICATE, existing
        else:
            payment = take_payment(
                unit=order.unit,
                amount=amount,
                method=order.method,
                actor=actor,
                payer_name=order.payer_name,
                trade_no=trade_no,
                order=order,
            )
            lifecycle.move(
                order,
                to=OrderStatus.PAID,
                actor=actor,
                reason=_("Transaction %(trade_no)s") % {"trade_no": trade_no},
                locked=True,
            )
            outcome = NotificationOutcome.APPLIED
        PaymentNotification.objects.create(
            project_id=order.project_id,
            method=order.method,
            trade_no=trade_no,
            payload=payload,
            outcome=outcome,
            payment=payment,
        )
    return outcome, payment


@transaction.atomic
def charge_meter_reading(
    *, unit, item: ChargeItem, period: dt.date, previous: Decimal, current: Decimal, actor
) -> Bill:
    """抄表收费: (current − previous) × the unit's price for a metered item, once per unit, item and month."""
    from .choices import ChargeKind
    from .pricing import month_end, price_on

    if item.kind != ChargeKind.METERED:
        raise ServiceError("该项目不是抄表收费项目", field="item")
    quantity = Decimal(current) - Decimal(previous)
    if quantity < 0:
        raise ServiceError("本期读数不能小于上期读数", field="current")
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
        raise ServiceError("该项目没有适用的收费标准", field="item")
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
            raise ServiceError("该月读数已计费", field="period") from None
