"""The service desk's to-do sections (issue 18 item 4): each person gets their own items, overdue first."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from propdesk.core import todo
from propdesk.core.models import Position, User
from propdesk.core.services import add_membership
from propdesk.registry.services import create_building, create_unit
from propdesk.servicedesk import services
from propdesk.servicedesk import todo as sd_todo

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 10, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def receive(world, actor, *, kind="repair", unit=None, **kw):
    values = {"unit": unit or world.unit, "reporter_name": "张三", "content": "卫生间下水堵塞"} | kw
    return services.receive_request(
        project=world.project, actor=actor, kind=kind, channel="walk_in", **values
    )


def section(user, project, key, now):
    shown = {s.section.key: s for s in todo.sections_for(user, project, now=now)}
    return shown.get(key)


@pytest.fixture
def other_building_unit(desk):
    building = create_building(project=desk.project, code="10", name="10栋", floors=20, entrances=1)
    return create_unit(
        building=building, entrance="1", floor=3, number="301", building_area=80, status="occupied"
    )


@pytest.fixture
def second_frontdesk(desk):
    user = User.objects.create_user(username="fd2", password="pw", display_name="前台小李")
    add_membership(user=user, project=desk.project, position=Position.objects.get(code="frontdesk_assistant"))
    return user


def test_front_desk_sees_the_requests_they_hold_overdue_first_and_nobody_elses(desk, second_frontdesk):
    with time_machine.travel(NOW - dt.timedelta(days=3), tick=False):
        old = receive(desk, desk.frontdesk, repair_class="small", content="灯不亮")
    with time_machine.travel(NOW - dt.timedelta(minutes=5), tick=False):
        fresh = receive(desk, desk.frontdesk, repair_class="small", content="门禁卡失灵")
        theirs = receive(desk, second_frontdesk, kind="inquiry", content="别人的")
    held = section(desk.frontdesk, desk.project, "sd_held", NOW)
    assert held is not None
    abouts = [item.about for item in held.items]
    assert abouts[0].startswith(old.number), "the late one comes first"
    assert any(a.startswith(fresh.number) for a in abouts)
    assert not any(a.startswith(theirs.number) for a in abouts)
    assert held.items[0].shown_colour == "danger" and held.overdue >= 1
    other = section(second_frontdesk, desk.project, "sd_held", NOW)
    assert [i.about.split(" ")[0] for i in other.items] == [theirs.number]


def test_hand_offs_wait_for_the_one_they_were_given_to(desk, second_frontdesk):
    with time_machine.travel(NOW - dt.timedelta(minutes=30), tick=False):
        request = receive(desk, desk.frontdesk, kind="inquiry")
        services.request_handoff(
            request=request, to=second_frontdesk, reason="他负责这栋", actor=desk.frontdesk
        )
    waiting = section(second_frontdesk, desk.project, "sd_handoffs", NOW)
    assert waiting is not None and waiting.items[0].about.startswith(request.number)
    assert waiting.items[0].url == reverse("servicedesk:handoffs")
    assert section(desk.frontdesk, desk.project, "sd_handoffs", NOW) is None, (
        "an empty hand-off section hides"
    )


def test_the_dispatcher_sees_undispatched_repairs_with_their_age_until_dispatched(desk):
    with time_machine.travel(NOW - dt.timedelta(minutes=27), tick=False):
        urgent = receive(desk, desk.frontdesk, repair_class="emergency", content="水管爆裂")
    board = section(desk.dispatcher, desk.project, "sd_dispatch", NOW)
    item = next(i for i in board.items if i.about.startswith(urgent.number))
    assert item.shown_clock, "a clock or the age shows"
    assert item.shown_colour in ("warning", "danger"), "an urgent repair is never green or grey"
    assert section(desk.frontdesk, desk.project, "sd_dispatch", NOW) is None, "not the front desk's"
    with time_machine.travel(NOW, tick=False):
        services.dispatch(request=urgent, technician=desk.technician, actor=desk.dispatcher)
    board = section(desk.dispatcher, desk.project, "sd_dispatch", NOW + dt.timedelta(minutes=1))
    assert not any(i.about.startswith(urgent.number) for i in board.items)


def test_the_butler_sees_requests_of_their_buildings_only(desk, other_building_unit):
    with time_machine.travel(NOW - dt.timedelta(hours=1), tick=False):
        mine = receive(desk, desk.frontdesk, kind="inquiry")
        elsewhere = receive(desk, desk.frontdesk, kind="inquiry", unit=other_building_unit)
    shown = section(desk.butler, desk.project, "sd_buildings", NOW)
    numbers = [i.about.split(" ")[0] for i in shown.items]
    assert mine.number in numbers
    assert elsewhere.number not in numbers


def test_the_cs_supervisor_gets_complaints_awaiting_decision(desk):
    with time_machine.travel(NOW - dt.timedelta(hours=2), tick=False):
        complaint = receive(desk, desk.frontdesk, kind="complaint", content="保洁不到位")
    shown = section(desk.cs_supervisor, desk.project, "sd_complaints", NOW)
    assert [i.about.split(" ")[0] for i in shown.items] == [complaint.number]
    assert section(desk.frontdesk, desk.project, "sd_complaints", NOW) is None


def test_the_director_sees_late_items_counted_per_department(desk):
    with time_machine.travel(NOW - dt.timedelta(days=5), tick=False):
        late = receive(desk, desk.frontdesk, repair_class="small", content="很久以前的报修")
    shown = section(desk.director, desk.project, "sd_late", NOW)
    assert shown is not None and shown.overdue == shown.total >= 1
    assert any(i.about.startswith(late.number) for i in shown.items)
    assert shown.groups and sum(n for _name, n in shown.groups) == shown.total
    assert section(desk.frontdesk, desk.project, "sd_late", NOW) is None


def test_a_technician_lands_on_their_cards(desk, client):
    client.force_login(desk.technician)
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302 and response["Location"] == reverse("servicedesk:my_orders")


def test_the_front_desk_landing_page_lists_their_items(desk, client):
    with time_machine.travel(NOW - dt.timedelta(days=3), tick=False):
        request = receive(desk, desk.frontdesk, repair_class="small")
    client.force_login(desk.frontdesk)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert 'data-testid="todo-sd_held"' in page and request.number in page
    assert 'data-colour="danger"' in page


def test_butler_building_ids(desk):
    assert sd_todo.butler_building_ids(desk.butler, desk.project) == [desk.building.pk]
