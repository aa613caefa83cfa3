"""Who sees which requests inside the project (issue 16, item 8).

SPEC §0: "Permissions follow position and project: a butler sees her buildings, a technician his
work orders, a cashier the money, the director everything in the project." The butler's 辖区 is the
buildings of her membership (seed 000 楼栋管家); the technician works the 派工单 given to him. Both
keep sight of what first responsibility (首问责任制) makes them accountable for.
"""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from propdesk.core.models import Position
from propdesk.core.services import add_membership
from propdesk.registry import services as registry
from propdesk.registry.tests.factories import UnitFactory
from propdesk.servicedesk.forms import IntakeForm
from propdesk.servicedesk.services import dispatch, receive_request, request_handoff

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_buildings(desk):
    """Building 3 (the butler's, world.unit 3-2-1501) and building 5 (5-1-101, owned by 李四): an
    open repair in each, received by the front desk."""
    far_building = registry.create_building(project=desk.project, code="5", name="5栋", floors=6, entrances=1)
    desk.far = registry.create_unit(
        building=far_building,
        entrance="1",
        floor=1,
        number="101",
        building_area=Decimal("80"),
        status="occupied",
    )
    li = registry.register_party(project=desk.project, name="李四", phone="13900001111")
    registry.start_ownership(unit=desk.far, party=li, started_on=dt.date(2021, 1, 1))
    desk.near_request = _repair(desk, desk.unit, "3栋漏水")
    desk.far_request = _repair(desk, desk.far, "5栋漏水")
    return desk


def _repair(world, unit, content, actor=None):
    return receive_request(
        project=world.project,
        actor=actor or world.frontdesk,
        kind="repair",
        channel="phone",
        content=content,
        reporter_name="业主",
        unit=unit,
    )


def _api(user):
    api = APIClient()
    api.force_login(user)
    return api


def _api_numbers(user, world):
    rows = _api(user).get(f"/api/v1/requests/?project={world.project.pk}").json()
    return {row["number"] for row in rows.get("results", rows)}


def _xlsx_text(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return " ".join(str(c) for s in book.worksheets for row in s.iter_rows(values_only=True) for c in row)


def test_the_butler_sees_and_works_the_requests_of_her_buildings_only(two_buildings, login):
    world = two_buildings
    near, far = world.near_request.number, world.far_request.number
    client = login(world.butler)

    page = client.get("/servicedesk/?status=all").content.decode()
    assert near in page and far not in page
    # The building filter offers her buildings only, and the search does not reach beyond them.
    assert "5栋" not in page
    far_link = f'href="/servicedesk/{world.far_request.pk}/"'
    for q in ("5-1-101", "李四", far):
        assert far_link not in client.get(f"/servicedesk/?status=all&q={q}").content.decode(), q
    assert (
        f'href="/servicedesk/{world.near_request.pk}/"' in client.get("/servicedesk/?q=1501").content.decode()
    )
    export = _xlsx_text(client.get("/servicedesk/export.xlsx?status=all").content)
    assert near in export and far not in export

    assert client.get(f"/servicedesk/{world.near_request.pk}/").status_code == 200
    assert client.get(f"/servicedesk/{world.far_request.pk}/").status_code == 404
    # Acting on it is refused the same way: no status change, no hand-off.
    assert (
        client.post(f"/servicedesk/{world.far_request.pk}/status/", {"status": "cancelled"}).status_code
        == 404
    )
    world.far_request.refresh_from_db()
    assert world.far_request.status == "received"

    assert _api_numbers(world.butler, world) == {near}
    assert _api(world.butler).get(f"/api/v1/requests/{world.far_request.pk}/").status_code == 404

    # The director's duties are the whole project: both, everywhere.
    director = login(world.director)
    page = director.get("/servicedesk/?status=all").content.decode()
    assert near in page and far in page
    assert _api_numbers(world.director, world) == {near, far}


def test_what_she_is_accountable_for_stays_in_sight(two_buildings, login):
    """First responsibility: a request she took (a public area) or one handed to her stays hers to see."""
    world = two_buildings
    lobby = receive_request(
        project=world.project,
        actor=world.butler,
        kind="repair",
        channel="walk_in",
        content="大堂灯不亮",
        reporter_name="业主",
        location="5栋大堂",
    )
    request_handoff(request=world.far_request, to=world.butler, reason="请管家协助", actor=world.frontdesk)
    client = login(world.butler)
    assert client.get(f"/servicedesk/{lobby.pk}/").status_code == 200
    assert client.get(f"/servicedesk/{world.far_request.pk}/").status_code == 200
    assert world.far_request.number in client.get("/servicedesk/handoffs/").content.decode()
    assert _api_numbers(world.butler, world) == {
        world.near_request.number,
        lobby.number,
        world.far_request.number,
    }


def test_the_butler_takes_requests_for_the_rooms_of_her_buildings(two_buildings, login):
    """The intake's room search (the search box's rules) finds her rooms only; the API refuses another's."""
    world = two_buildings
    data = {"kind": "repair", "channel": "phone", "content": "漏水", "reporter_name": "王"}
    assert IntakeForm({**data, "unit_label": "3-2-1501"}, project=world.project, user=world.butler).is_valid()
    form = IntakeForm({**data, "unit_label": "5-1-101"}, project=world.project, user=world.butler)
    assert not form.is_valid() and "unit_label" in form.errors
    assert IntakeForm(
        {**data, "unit_label": "5-1-101"}, project=world.project, user=world.frontdesk
    ).is_valid()

    hint = login(world.butler).get("/servicedesk/new/unit-hint/?unit_label=李四").content.decode()
    assert "5-1-101" not in hint

    response = _api(world.butler).post(
        "/api/v1/requests/",
        {**data, "project": world.project.pk, "unit": world.far.pk},
        format="json",
    )
    assert response.status_code == 400 and "unit" in response.json()["fields"]


def test_the_technician_sees_the_requests_of_his_work_orders_only(two_buildings, login):
    world = two_buildings
    dispatch(request=world.near_request, technician=world.technician, actor=world.dispatcher)
    client = login(world.technician)

    page = client.get("/servicedesk/?status=all").content.decode()
    assert world.near_request.number in page and world.far_request.number not in page
    assert client.get(f"/servicedesk/{world.near_request.pk}/").status_code == 200
    assert client.get(f"/servicedesk/{world.far_request.pk}/").status_code == 404
    assert _api_numbers(world.technician, world) == {world.near_request.number}
    # The unit page (he may open rooms) lists only the requests he works on.
    unit_page = client.get(f"/registry/units/{world.far.pk}/").content.decode()
    assert world.far_request.number not in unit_page
    # The dispatch queue is the dispatcher's.
    assert client.get("/servicedesk/dispatch/").status_code == 403


def test_a_technician_who_also_dispatches_sees_every_request(two_buildings, login):
    world = two_buildings
    add_membership(
        user=world.technician, project=world.project, position=Position.objects.get(code="dispatcher")
    )
    client = login(world.technician)
    page = client.get("/servicedesk/?status=all").content.decode()
    assert world.near_request.number in page and world.far_request.number in page
    board = client.get("/servicedesk/dispatch/")
    assert board.status_code == 200 and world.far_request.number in board.content.decode()


def test_the_butlers_request_list_reads_as_many_queries_for_many_rows_as_for_few(
    two_buildings, login, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world = two_buildings
    client = login(world.butler)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/servicedesk/?status=all").status_code == 200
    for n in range(12):
        unit = UnitFactory(building=world.building, project=world.project, number=f"9{n:02d}")
        _repair(world, unit, f"事项{n}")
        _repair(world, world.far, f"远处{n}")
    with django_assert_max_num_queries(len(few)):
        html = client.get("/servicedesk/?status=all").content.decode()
    assert html.count("事项") == 12 and "远处" not in html
