"""Online payment orders on the lifecycle kit: moves and records (paid services' orders: paidservices/tests)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from propdesk.billing import (
    services,
)
from propdesk.billing.choices import NotificationOutcome, OrderStatus
from propdesk.billing.models import PaymentNotification, PaymentOrderEvent, ProviderAccount
from propdesk.core import lifecycle
from propdesk.core.audit import system_user
from propdesk.core.errors import ServiceError

from .conftest import only_event, run_month, status_moves

pytestmark = pytest.mark.django_db
MARCH = dt.date(2026, 3, 1)


# ---------------------------------------------------------------- online payment orders


@pytest.fixture
def online(billing):
    from propdesk.billing.providers import SandboxAdapter

    account = ProviderAccount.objects.create(
        project=billing.project, method="wechat", merchant_id="1900000109", signing_key="k" * 32
    )
    run_month(billing, MARCH)
    order = services.create_payment_order(
        unit=billing.unit, amount=Decimal("301.25"), method="wechat", actor=billing.owner, payer_name="张三"
    )
    payload = SandboxAdapter("wechat").notification(
        merchant_id=account.merchant_id,
        key=account.signing_key,
        out_trade_no=order.out_trade_no,
        amount=order.amount,
    )
    return billing, order, payload


def test_a_payment_order_is_paid_once_by_its_notification(online):
    world, order, payload = online
    assert [(e.from_status, e.to_status, e.actor) for e in PaymentOrderEvent.objects.filter(order=order)] == [
        ("", "open", world.owner)
    ]
    outcome, payment = services.handle_notification(payload=payload)
    assert outcome == NotificationOutcome.APPLIED and payment.order == order
    event = only_event(PaymentOrderEvent, order=order)
    assert (event.from_status, event.to_status, event.actor) == ("open", "paid", system_user())
    assert payload["transaction_id"] in event.reason and event.project_id == world.project.pk
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID

    # The provider sends it again: acknowledged as a duplicate, the order does not move twice.
    outcome, again = services.handle_notification(payload=payload)
    assert outcome == NotificationOutcome.DUPLICATE and again == payment
    assert status_moves(PaymentOrderEvent).count() == 1
    assert PaymentNotification.objects.filter(outcome=NotificationOutcome.APPLIED).count() == 1
    with pytest.raises(ServiceError) as refused:  # the table itself refuses, whoever calls
        lifecycle.move(order, to=OrderStatus.PAID, actor=system_user())
    assert refused.value.field == "status" and "支付订单" in refused.value.message


def test_a_refused_payment_order_move_saves_nothing(online):
    world, order, _payload = online
    with pytest.raises(ServiceError) as refused:
        lifecycle.move(order, to=OrderStatus.OPEN, actor=world.cashier)
    assert refused.value.code == "status_not_allowed"
    with pytest.raises(lifecycle.StatusWriteRefused):
        order.status = OrderStatus.PAID
    order.refresh_from_db()
    assert order.status == OrderStatus.OPEN and not status_moves(PaymentOrderEvent).exists()


def test_the_database_refuses_to_change_a_payment_order_event(online):
    _world, order, payload = online
    services.handle_notification(payload=payload)
    event = only_event(PaymentOrderEvent, order=order)
    for sql in ("UPDATE {table} SET reason = 'changed' WHERE id = %s", "DELETE FROM {table} WHERE id = %s"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql.format(table=PaymentOrderEvent._meta.db_table), [event.pk])
    assert PaymentOrderEvent.objects.filter(pk=event.pk, reason=event.reason).exists()
