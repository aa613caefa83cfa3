"""特约服务 priced and approved as seed 003 服务收费管理作业规程 says:

3.3 工程主管和保洁领班负责特约服务的费用测算。 3.4 物业经理负责审批特约服务内容及价格。
4.2.2 如服务项目不在维修服务项目及收费标准内的，由工程主管或保洁领班同业户确定费用后，经双方确认后再进行特约服务。
"""

import pytest
from django.urls import reverse

from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.core.models import Position, User
from propdesk.core.services import add_membership
from propdesk.paidservices import services as special
from propdesk.paidservices.choices import SpecialState
from propdesk.paidservices.models import ServiceItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(world):
    return {i.code: i for i in ServiceItem.objects.filter(project=world.project)}


@pytest.fixture
def cleaning_lead(world):
    user = User.objects.create_user(username="cleaning-lead", password="pw", display_name="保洁领班")
    add_membership(user=user, project=world.project, position=Position.objects.get(code="cleaning_lead"))
    return user


def cleaning_order(world, items):
    return special.create_order(
        actor=world.frontdesk,
        unit=world.unit,
        content="入住前全屋开荒保洁，另擦洗吊灯",
        customer_name="张三",
        items=[(items["deep_cleaning"], 120)],
    )


def off_list(order, actor, name="吊灯擦洗"):
    return special.add_custom_line(
        order=order, name=name, unit_label="盏", quantity=2, labour_price=30, actor=actor
    )


def test_the_cleaning_lead_prices_cleaning_work_off_the_list(world, items, cleaning_lead):
    """4.2.2: 不在收费标准内的，由工程主管或保洁领班同业户确定费用 — each for their own department's work."""
    order = cleaning_order(world, items)
    line = off_list(order, cleaning_lead)
    assert line.priced_by == cleaning_lead and order.total == 660
    # The engineering supervisor prices repairs, not cleaning; the front desk prices nothing off the list.
    for outsider in (world.eng_supervisor, world.frontdesk):
        with pytest.raises(AccessDenied):
            off_list(order, outsider, name="地毯清洗")
    # …and the cleaning lead does not price repairs.
    repair = special.create_order(
        actor=world.frontdesk,
        unit=world.unit,
        content="换龙头",
        customer_name="张三",
        items=[(items["tap_replace"], 1)],
    )
    with pytest.raises(AccessDenied):
        off_list(repair, cleaning_lead, name="更换软管")
    off_list(repair, world.eng_supervisor, name="更换软管")


def test_work_off_the_list_waits_for_the_managers_approval(world, items, cleaning_lead):
    """3.4: 物业经理负责审批特约服务内容及价格 — the owner is asked only after the manager approved."""
    order = cleaning_order(world, items)
    off_list(order, cleaning_lead)
    order = special.confirm_order(order=order, actor=cleaning_lead)
    assert order.state == SpecialState.PENDING_APPROVAL
    assert order.confirmed_by == cleaning_lead and order.approved_by is None
    with pytest.raises(ServiceError):  # not yet the owner's turn
        special.record_agreement(order=order, actor=world.frontdesk, method="paper", signer_name="张三")
    with pytest.raises(AccessDenied):
        special.approve_order(order=order, actor=cleaning_lead)
    special.approve_order(order=order, actor=world.director, note="价格合理")
    order.refresh_from_db()
    assert order.state == SpecialState.CONFIRMED and order.approved_by == world.director
    order = special.record_agreement(order=order, actor=world.frontdesk, method="paper", signer_name="张三")
    assert order.state == SpecialState.AGREED


def test_the_manager_sends_a_price_back_with_the_reason(world, items, cleaning_lead):
    order = cleaning_order(world, items)
    off_list(order, cleaning_lead)
    special.confirm_order(order=order, actor=cleaning_lead)
    with pytest.raises(ServiceError) as refused:
        special.send_back_order(order=order, actor=world.director, reason=" ")
    assert refused.value.field == "reason"
    special.send_back_order(order=order, actor=world.director, reason="吊灯擦洗按每盏20元")
    order.refresh_from_db()
    assert order.state == SpecialState.DRAFT and order.confirmed_by is None
    assert order.steps.order_by("-at", "-pk").first().note == "吊灯擦洗按每盏20元"


def test_list_prices_need_no_second_approval_and_the_manager_confirming_approves(world, items, cleaning_lead):
    listed = cleaning_order(world, items)
    listed = special.confirm_order(order=listed, actor=cleaning_lead)
    assert listed.state == SpecialState.CONFIRMED and listed.approved_by is None
    priced = cleaning_order(world, items)
    off_list(priced, world.director)
    priced = special.confirm_order(order=priced, actor=world.director)
    assert priced.state == SpecialState.CONFIRMED and priced.approved_by == world.director


def test_the_manager_sees_approvals_on_the_landing_page_and_approves_on_the_order_page(
    world, items, cleaning_lead, client
):
    order = cleaning_order(world, items)
    off_list(order, cleaning_lead)
    special.confirm_order(order=order, actor=cleaning_lead)
    client.force_login(world.director)
    session = client.session
    session["propdesk_project_id"] = world.project.pk
    session.save()
    landing = client.get("/", follow=True).content.decode()
    assert order.number in landing
    url = reverse("paidservices:special_order", args=[order.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="approve"' in page and 'data-testid="send-back"' in page
    client.post(url, {"action": "approve", "note": ""})
    order.refresh_from_db()
    assert order.state == SpecialState.CONFIRMED
    client.force_login(cleaning_lead)
    assert 'data-testid="approve"' not in client.get(url).content.decode()


def test_the_api_has_the_approval_step(world, items, cleaning_lead):
    from rest_framework.test import APIClient

    order = cleaning_order(world, items)
    off_list(order, cleaning_lead)
    special.confirm_order(order=order, actor=cleaning_lead)
    api = APIClient()
    api.force_authenticate(cleaning_lead)
    assert api.post(f"/api/v1/billing/special-service-orders/{order.pk}/approve/").status_code == 403
    api.force_authenticate(world.director)
    back = api.post(
        f"/api/v1/billing/special-service-orders/{order.pk}/send-back/", {"reason": "重新测算"}, format="json"
    )
    assert back.status_code == 200 and back.json()["state"] == SpecialState.DRAFT
