"""接修流程 (seed 003) as scenarios with frozen time."""

import base64
import io

import pytest
import time_machine
from PIL import Image

from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.core.models import Position, User
from propdesk.core.services import add_membership
from propdesk.servicedesk import services
from propdesk.servicedesk.choices import EventKind, RequestStatus, WorkOrderState
from propdesk.servicedesk.models import RequestEvent, TechnicianSkill, WorkOrder

pytestmark = pytest.mark.django_db


def png_data_url(size=(120, 40)) -> str:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, "white")
    for x in range(10, 100):
        image.putpixel((x, 20), (0, 0, 0))
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def owner_signs(method: str) -> dict:
    """What a callback by `method` takes besides: the record of a door visit is signed by the owner
    (seed 004 回访 4: 填写《回访记录》并由业主签字); other methods take no signature."""
    return {"signer_name": "张三", "signature_data_url": png_data_url()} if method == "door_visit" else {}


def repair(desk, category=None, **kw):
    values = {"unit": desk.unit, "reporter_name": "张三"} | kw
    return services.receive_request(
        project=desk.project,
        actor=desk.frontdesk,
        kind="repair",
        channel="walk_in",
        content="卫生间下水堵塞",
        category=category,
        **values,
    )


@pytest.fixture
def second_technician(desk):
    user = User.objects.create_user(username="tech2", password="pw", display_name="李师傅")
    add_membership(user=user, project=desk.project, position=Position.objects.get(code="technician"))
    return user


def test_a_walk_in_repair_goes_from_dispatch_to_the_returned_slip(desk, category, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel("2026-03-10 09:55 +0800", tick=False):
        request = repair(desk, category=category("water"))
    with time_machine.travel("2026-03-10 10:00 +0800", tick=False):
        order = services.dispatch(request=request, technician=desk.technician, actor=desk.dispatcher)
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_PROGRESS
    with time_machine.travel("2026-03-10 10:03 +0800", tick=False):
        services.accept_order(order=order, actor=desk.technician)
    with time_machine.travel("2026-03-10 10:25 +0800", tick=False):
        services.arrive(order=order, actor=desk.technician)
    with time_machine.travel("2026-03-10 11:10 +0800", tick=False):
        services.complete_order(
            order=order,
            actor=desk.technician,
            work_done="疏通下水管，更换存水弯",
            labour_minutes=40,
            materials=[("存水弯", "1", "个"), ("生料带", "2", "卷"), ("", "", "")],
        )
        services.sign_order(
            order=order, actor=desk.technician, signer_name="张三", signature_data_url=png_data_url()
        )
    with time_machine.travel("2026-03-10 16:00 +0800", tick=False):
        services.return_slip(order=order, actor=desk.frontdesk)

    order.refresh_from_db()
    request.refresh_from_db()
    assert order.state == WorkOrderState.RETURNED
    assert order.signature.read().startswith(b"\x89PNG")
    assert [(m.name, str(m.quantity), m.unit) for m in order.materials.order_by("id")] == [
        ("存水弯", "1.00", "个"),
        ("生料带", "2.00", "卷"),
    ]
    assert request.status == RequestStatus.RESOLVED
    kinds = list(RequestEvent.objects.filter(request=request).values_list("kind", flat=True))
    assert kinds == [
        EventKind.RECEIVED,
        EventKind.DISPATCHED,
        EventKind.STATUS_CHANGED,
        EventKind.ORDER_ACCEPTED,
        EventKind.ARRIVED,
        EventKind.COMPLETED,
        EventKind.OWNER_SIGNED,
        EventKind.SLIP_RETURNED,
        EventKind.STATUS_CHANGED,
    ]
    arrived = RequestEvent.objects.get(request=request, kind=EventKind.ARRIVED)
    assert arrived.data["minutes_after_dispatch"] == 25.0


def test_a_public_area_repair_returns_without_an_owner_signature(desk):
    request = services.receive_request(
        project=desk.project,
        actor=desk.guard,
        kind="repair",
        channel="patrol",
        content="车库照明灯不亮",
        reporter_name="巡逻岗",
        location="地下车库B区",
    )
    order = services.dispatch(request=request, technician=desk.technician, actor=desk.dispatcher)
    services.accept_order(order=order, actor=desk.technician)
    services.arrive(order=order, actor=desk.technician)
    services.complete_order(order=order, actor=desk.technician, work_done="更换灯管3支", labour_minutes=20)
    with pytest.raises(ServiceError):
        services.sign_order(
            order=order, actor=desk.technician, signer_name="x", signature_data_url=png_data_url()
        )
    services.return_slip(order=order, actor=desk.cs_supervisor)
    request.refresh_from_db()
    assert request.status == RequestStatus.RESOLVED


def test_a_slip_inside_a_unit_does_not_return_before_the_owner_signs(desk):
    order = services.dispatch(request=repair(desk), technician=desk.technician, actor=desk.dispatcher)
    services.accept_order(order=order, actor=desk.technician)
    services.arrive(order=order, actor=desk.technician)
    services.complete_order(order=order, actor=desk.technician, work_done="更换水龙头", labour_minutes=15)
    with pytest.raises(ServiceError) as err:
        services.return_slip(order=order, actor=desk.frontdesk)
    assert err.value.field == "state"


def test_steps_follow_the_order_and_only_the_technician_takes_them(desk):
    order = services.dispatch(request=repair(desk), technician=desk.technician, actor=desk.dispatcher)
    with pytest.raises(ServiceError):
        services.arrive(order=order, actor=desk.technician)  # must accept first
    with pytest.raises(AccessDenied):
        services.accept_order(order=order, actor=desk.dispatcher)


def test_only_dispatchers_dispatch_and_only_to_technicians(desk):
    request = repair(desk)
    with pytest.raises(AccessDenied):
        services.dispatch(request=request, technician=desk.technician, actor=desk.frontdesk)
    with pytest.raises(ServiceError) as err:
        services.dispatch(request=request, technician=desk.cashier, actor=desk.dispatcher)
    assert err.value.field == "technician"
    inquiry = services.receive_request(
        project=desk.project,
        actor=desk.frontdesk,
        kind="inquiry",
        channel="phone",
        content="问水费",
        reporter_name="张三",
        unit=desk.unit,
    )
    with pytest.raises(ServiceError):
        services.dispatch(request=inquiry, technician=desk.technician, actor=desk.dispatcher)


def test_re_dispatch_cancels_the_earlier_order(desk, second_technician):
    request = repair(desk)
    first = services.dispatch(request=request, technician=desk.technician, actor=desk.dispatcher)
    second = services.dispatch(request=request, technician=second_technician, actor=desk.dispatcher)
    first.refresh_from_db()
    assert first.state == WorkOrderState.CANCELLED
    assert WorkOrder.objects.filter(request=request).open().get() == second


def test_the_least_loaded_skilled_technician_is_suggested_first(desk, category, second_technician):
    services.dispatch(request=repair(desk), technician=desk.technician, actor=desk.dispatcher)
    suggestions = services.suggest_technicians(request=repair(desk, category=category("leak")))
    assert [t for t, _load, _skilled in suggestions] == [second_technician, desk.technician]
    TechnicianSkill.objects.create(
        project=desk.project, technician=desk.technician, category=category("water")
    )
    suggestions = services.suggest_technicians(request=repair(desk, category=category("leak")))
    assert suggestions[0] == (desk.technician, 1, True)  # skilled in the parent category wins over load


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "data:image/jpeg;base64,AAAA",
        "data:image/png;base64,!!!",
        "data:image/png;base64," + base64.b64encode(b"GIF89a...").decode(),
    ],
)
def test_a_bad_signature_is_refused_and_nothing_is_saved(desk, bad):
    order = services.dispatch(request=repair(desk), technician=desk.technician, actor=desk.dispatcher)
    services.accept_order(order=order, actor=desk.technician)
    services.arrive(order=order, actor=desk.technician)
    services.complete_order(order=order, actor=desk.technician, work_done="修好", labour_minutes=10)
    with pytest.raises(ServiceError) as err:
        services.sign_order(order=order, actor=desk.technician, signer_name="张三", signature_data_url=bad)
    assert err.value.field == "signature"
    order.refresh_from_db()
    assert order.state == WorkOrderState.COMPLETED and not order.signature


def test_a_bad_material_quantity_names_the_row(desk):
    order = services.dispatch(request=repair(desk), technician=desk.technician, actor=desk.dispatcher)
    services.accept_order(order=order, actor=desk.technician)
    services.arrive(order=order, actor=desk.technician)
    with pytest.raises(ServiceError) as err:
        services.complete_order(
            order=order,
            actor=desk.technician,
            work_done="修好",
            labour_minutes=10,
            materials=[("水管", "2", "米"), ("胶水", "一瓶", "")],
        )
    assert err.value.field == "materials" and "2" in err.value.message
    order.refresh_from_db()
    assert order.state == WorkOrderState.ARRIVED and not order.materials.exists()


def test_technician_phone_page_and_dispatch_board(login, desk, django_assert_max_num_queries):
    for _ in range(5):
        repair(desk)
    board = login(desk.dispatcher)
    with django_assert_max_num_queries(20):
        response = board.get("/servicedesk/dispatch/")
    assert len(response.context["waiting"]) == 5
    first = response.context["waiting"][0]
    board.post(f"/servicedesk/{first.pk}/dispatch/", {"technician": desk.technician.pk, "back": "board"})
    tech = login(desk.technician)
    page = tech.get("/servicedesk/my-orders/").content.decode()
    assert first.number in page and 'data-testid="step-accept"' in page
    order = WorkOrder.objects.get()
    tech.post(f"/servicedesk/orders/{order.pk}/step/", {"step": "accept"})
    tech.post(f"/servicedesk/orders/{order.pk}/step/", {"step": "arrive"})
    tech.post(
        f"/servicedesk/orders/{order.pk}/step/",
        {
            "step": "complete",
            "work_done": "疏通",
            "labour_minutes": "25",
            "material_name": ["疏通剂"],
            "material_quantity": ["1"],
            "material_unit": ["瓶"],
        },
    )
    order.refresh_from_db()
    assert order.state == WorkOrderState.COMPLETED and order.labour_minutes == 25


def test_an_order_on_site_is_not_re_dispatched(desk, second_technician):
    request = repair(desk)
    order = services.dispatch(request=request, technician=desk.technician, actor=desk.dispatcher)
    services.accept_order(order=order, actor=desk.technician)
    services.arrive(order=order, actor=desk.technician)
    with pytest.raises(ServiceError) as err:
        services.dispatch(request=request, technician=second_technician, actor=desk.dispatcher)
    assert err.value.field == "technician"
    order.refresh_from_db()
    assert order.state == WorkOrderState.ARRIVED
