"""特约服务 (SPEC §7, §2.2 paid repairs) as scenarios with frozen time."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command

from propdesk.billing import selectors, services
from propdesk.billing.models import Bill, Receipt
from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.notices.models import Notification
from propdesk.paidservices import services as special
from propdesk.paidservices.choices import SpecialState
from propdesk.paidservices.models import (
    ServiceItem,
    SpecialServiceOrder,
    SpecialServiceStep,
    SpecialServiceSummary,
)
from propdesk.servicedesk import services as desk_services
from propdesk.servicedesk.choices import WorkOrderState
from propdesk.servicedesk.services import portal
from propdesk.servicedesk.tests.test_repairs import png_data_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(world):
    return {i.code: i for i in ServiceItem.objects.filter(project=world.project)}


def in_unit_repair(world, content="厨房水龙头坏了，要换新的"):
    return desk_services.receive_request(
        project=world.project,
        actor=world.frontdesk,
        kind="repair",
        channel="walk_in",
        content=content,
        unit=world.unit,
        reporter_name="张三",
        repair_location="in_unit",
    )


def test_a_new_project_has_the_default_price_list(world, items):
    assert {"tap_replace", "toilet_unblock", "deep_cleaning"} <= set(items)
    price = special.price_of(items["tap_replace"], dt.date(2026, 3, 10))
    assert price.labour_price == Decimal("20.00")
    # Running the setup again adds nothing and keeps edits.
    assert special.load_default_service_items(project=world.project) == 0


def test_paid_repair_from_order_to_receipt(world, items, settings, tmp_path):
    """Order → head confirms → owner agrees (phone signature) → technician works → bill → cashier → receipt."""
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel("2026-03-10 09:00 +0800", tick=False):
        request = in_unit_repair(world)
        order = special.create_order(
            actor=world.frontdesk, request=request, items=[(items["tap_replace"], 2)]
        )
    assert order.number == "TF-20260310-0001"
    assert order.unit == world.unit and order.department.kind == "engineering"
    assert order.total == Decimal("40.00")
    with time_machine.travel("2026-03-10 09:05 +0800", tick=False):
        work = desk_services.dispatch(request=request, technician=world.technician, actor=world.dispatcher)
        with pytest.raises(ServiceError, match="业主尚未同意"):
            desk_services.accept_order(order=work, actor=world.technician)
    # Work not on the list is priced by the engineering supervisor only.
    with pytest.raises(AccessDenied):
        special.add_custom_line(
            order=order,
            name="更换软管",
            unit_label="根",
            quantity=1,
            labour_price=0,
            materials_price=15,
            actor=world.frontdesk,
        )
    special.add_custom_line(
        order=order,
        name="更换软管",
        unit_label="根",
        quantity=1,
        labour_price=0,
        materials_price=15,
        actor=world.eng_supervisor,
    )
    assert order.total == Decimal("55.00")
    # Only the performing department's head (or the director) confirms.
    with pytest.raises(AccessDenied):
        special.confirm_order(order=order, actor=world.cs_supervisor)
    with time_machine.travel("2026-03-10 09:10 +0800", tick=False):
        special.confirm_order(order=order, actor=world.eng_supervisor)
    # Off the list: the property manager approves content and price (seed 003 服务收费 3.4).
    order.refresh_from_db()
    assert order.state == SpecialState.PENDING_APPROVAL
    with time_machine.travel("2026-03-10 09:12 +0800", tick=False):
        special.approve_order(order=order, actor=world.director)
    with pytest.raises(ServiceError):
        special.add_item_line(order=order, item=items["valve_replace"], quantity=1, actor=world.frontdesk)
    work.refresh_from_db()
    with pytest.raises(ServiceError, match="业主尚未同意"):
        desk_services.accept_order(order=work, actor=world.technician)
    with time_machine.travel("2026-03-10 09:20 +0800", tick=False):
        special.record_agreement(
            order=order,
            actor=world.technician,
            method="signature",
            signer_name="张三",
            signature_data_url=png_data_url(),
        )
    with time_machine.travel("2026-03-10 09:21 +0800", tick=False):
        desk_services.accept_order(order=work, actor=world.technician)
    with time_machine.travel("2026-03-10 09:24 +0800", tick=False):
        desk_services.arrive(order=work, actor=world.technician)
    with pytest.raises(ServiceError, match="维修已开始"):
        special.create_order(actor=world.frontdesk, request=request)  # no second price once work started
    with time_machine.travel("2026-03-10 09:50 +0800", tick=False):
        desk_services.complete_order(
            order=work, actor=world.technician, work_done="更换水龙头两个", labour_minutes=25
        )
    order.refresh_from_db()
    assert order.state == SpecialState.COMPLETED
    assert order.signature.name.endswith(".png")
    bill = order.bill
    assert (bill.amount, bill.reference, bill.item.code) == (
        Decimal("55.00"),
        order.number,
        "special_service",
    )
    assert [(s.from_state, s.to_state, s.actor) for s in SpecialServiceStep.objects.filter(order=order)] == [
        ("", "draft", world.frontdesk),
        ("draft", "pending_approval", world.eng_supervisor),
        ("pending_approval", "confirmed", world.director),
        ("confirmed", "agreed", world.technician),
        ("agreed", "completed", world.technician),
    ]
    # The cashier takes it at the normal desk; finance issues the normal receipt.
    assert bill in selectors.outstanding_bills(world.unit)
    with time_machine.travel("2026-03-10 15:00 +0800", tick=False):
        from propdesk.billing.services import cash as cash_services

        cash_services.open_drawer(project=world.project, actor=world.cashier, opening_float=Decimal("0"))
        payment = services.take_payment(
            unit=world.unit, amount=Decimal("55.00"), method="cash", bills=[bill.pk], actor=world.cashier
        )
    assert Receipt.objects.get(payment=payment).number == 1
    assert bill not in selectors.outstanding_bills(world.unit)
    # Completing again cannot bill twice.
    with pytest.raises(ServiceError):
        special.complete_order(order=order, actor=world.frontdesk)
    assert Bill.objects.filter(reference=order.number).count() == 1


def test_a_paid_service_request_cannot_start_without_an_agreed_order(world, items):
    request = desk_services.receive_request(
        project=world.project,
        actor=world.frontdesk,
        kind="paid_service",
        channel="phone",
        content="入住前深度保洁",
        unit=world.unit,
        reporter_name="张三",
    )
    work = desk_services.dispatch(request=request, technician=world.technician, actor=world.dispatcher)
    with pytest.raises(ServiceError, match="特约服务须先登记"):
        desk_services.accept_order(order=work, actor=world.technician)
    order = special.create_order(actor=world.frontdesk, request=request, items=[(items["toilet_unblock"], 1)])
    special.confirm_order(order=order, actor=world.director)
    # The owner agrees in the portal; then the technician may start.
    portal_order = special.record_agreement(order=order, actor=world.owner, method="portal")
    assert portal_order.agreement_method == "portal" and "业主端确认" in portal_order.signer_name
    desk_services.accept_order(order=work, actor=world.technician)
    desk_services.arrive(order=work, actor=world.technician)
    work.refresh_from_db()
    assert work.state == WorkOrderState.ARRIVED


def test_public_area_repairs_are_never_paid(world):
    request = desk_services.receive_request(
        project=world.project,
        actor=world.frontdesk,
        kind="repair",
        channel="staff",
        content="3栋大堂灯不亮",
        location="3栋大堂",
        reporter_name="保安",
        repair_location="public",
    )
    with pytest.raises(ServiceError, match="公共区域"):
        special.create_order(actor=world.frontdesk, request=request)


def test_a_price_change_does_not_alter_existing_orders(world, items):
    tap = items["tap_replace"]
    with time_machine.travel("2026-03-10 09:00 +0800", tick=False):
        old = special.create_order(
            actor=world.frontdesk, unit=world.unit, content="换水龙头", customer_name="张三", items=[(tap, 1)]
        )
        special.set_item_price(
            item=tap, labour_price="30.00", effective_from=dt.date(2026, 4, 1), actor=world.eng_supervisor
        )
        with pytest.raises(AccessDenied):
            special.set_item_price(
                item=tap, labour_price="1.00", effective_from=dt.date(2026, 5, 1), actor=world.frontdesk
            )
    with time_machine.travel("2026-04-02 09:00 +0800", tick=False):
        new = special.create_order(
            actor=world.frontdesk, unit=world.unit, content="换水龙头", customer_name="张三", items=[(tap, 1)]
        )
    old.refresh_from_db()
    assert old.total == Decimal("20.00") and new.total == Decimal("30.00")
    assert old.lines.get().labour_price == Decimal("20.00")


def test_the_owner_declines_and_nothing_is_charged(world, items):
    order = special.create_order(
        actor=world.frontdesk,
        unit=world.unit,
        content="换锁芯",
        customer_name="张三",
        items=[(items["lock_replace"], 1)],
    )
    with pytest.raises(ServiceError):
        special.record_agreement(order=order, actor=world.owner, method="portal")  # not confirmed yet
    special.confirm_order(order=order, actor=world.eng_supervisor)
    with pytest.raises(AccessDenied):
        special.record_agreement(order=order, actor=world.outsider, method="portal")
    special.decline_order(order=order, actor=world.owner, reason="太贵了", portal=True)
    order.refresh_from_db()
    assert order.state == SpecialState.DECLINED and order.bill is None
    with pytest.raises(ServiceError):
        special.complete_order(order=order, actor=world.frontdesk)


def _completed_order(world, item, at):
    with time_machine.travel(at, tick=False):
        order = special.create_order(
            actor=world.frontdesk, unit=world.unit, content=item.name, customer_name="张三", items=[(item, 1)]
        )
        special.confirm_order(order=order, actor=world.director)
        special.record_agreement(order=order, actor=world.frontdesk, method="paper", signer_name="张三")
        return special.complete_order(order=order, actor=world.frontdesk)


def test_the_monthly_summary_is_made_once_after_the_20th_and_tells_the_director(world, items):
    _completed_order(world, items["tap_replace"], "2026-02-25 10:00 +0800")  # in March's period
    _completed_order(world, items["tap_replace"], "2026-03-20 20:00 +0800")  # last day of the period
    _completed_order(world, items["deep_cleaning"], "2026-03-21 09:00 +0800")  # April's period
    with time_machine.travel("2026-03-19 07:00 +0800", tick=False):
        call_command("special_service_summary")  # February's summary: nothing in it
    with time_machine.travel("2026-03-21 07:00 +0800", tick=False):
        call_command("special_service_summary")
        call_command("special_service_summary")
    with time_machine.travel("2026-03-24 07:00 +0800", tick=False):
        call_command("special_service_summary")
    summary = SpecialServiceSummary.objects.get(project=world.project, month=dt.date(2026, 3, 1))
    assert (summary.period_start, summary.period_end) == (dt.date(2026, 2, 21), dt.date(2026, 3, 20))
    assert summary.order_count == 2 and summary.revenue == Decimal("40.00")
    assert summary.rows == [
        {
            "department": summary.rows[0]["department"],
            "item": "更换水龙头",
            "unit": "个",
            "orders": 2,
            "quantity": "2.00",
            "revenue": "40.00",
        }
    ]
    assert SpecialServiceSummary.objects.filter(project=world.project, month=dt.date(2026, 3, 1)).count() == 1
    assert (
        Notification.objects.filter(
            recipient=world.director, title__contains="2026年03月特约服务统计表"
        ).count()
        == 1
    )
    assert (
        not SpecialServiceSummary.objects.filter(project=world.other_project, month=dt.date(2026, 3, 1))
        .exclude(order_count=0)
        .exists()
    )


def test_an_order_never_crosses_projects(world, items):
    from propdesk.registry.tests.factories import UnitFactory

    other_unit = UnitFactory(project=world.other_project)
    with pytest.raises(AccessDenied):
        special.create_order(actor=world.frontdesk, unit=other_unit, content="x", customer_name="y")
    order = special.create_order(actor=world.frontdesk, unit=world.unit, content="x", customer_name="y")
    other_item = ServiceItem.objects.filter(project=world.other_project).first()
    with pytest.raises(ServiceError):
        special.add_item_line(order=order, item=other_item, quantity=1, actor=world.frontdesk)
    assert not SpecialServiceOrder.objects.filter(project=world.other_project).exists()


def test_owner_portal_lists_only_own_requests(world):
    assert list(portal.owner_requests(world.outsider)) == []
