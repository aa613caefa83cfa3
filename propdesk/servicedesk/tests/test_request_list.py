"""The request list: countdown badges at a constant query count, the front desk's filters,
search by room (through the registry's search) and number, Excel export of the filtered list."""

import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from propdesk.registry.tests.factories import BuildingFactory, UnitFactory
from propdesk.servicedesk import services
from propdesk.sla.defaults import load_sla_defaults

pytestmark = pytest.mark.django_db

LIST = "/servicedesk/"


@pytest.fixture
def sla(desk):
    load_sla_defaults(project=desk.project)
    return desk


def repair(sla, *, unit=None, category=None, channel="phone", actor=None, content="灯不亮", kind="repair"):
    return services.receive_request(
        project=sla.project,
        actor=actor or sla.frontdesk,
        kind=kind,
        channel=channel,
        content=content,
        reporter_name="张先生",
        reporter_phone="13912345678",
        unit=unit or sla.unit,
        category=category,
    )


def rows(response):
    return [r.number for r in response.context["page"].object_list]


@pytest.mark.parametrize("count", [5, 50])
def test_every_row_shows_its_running_countdowns_at_a_constant_query_count(
    sla, login, count, django_assert_max_num_queries
):
    with time_machine.travel("2026-03-10 10:00 +0800", tick=False):
        for n in range(count):
            repair(sla, content=f"事项{n}")
        client = login(sla.cs_supervisor)
        client.get(LIST)  # warm the session and content-type caches
        with django_assert_max_num_queries(16):
            response = client.get(LIST)
    assert len(rows(response)) == count
    html = response.content.decode()
    # A general repair runs two clocks from intake, 20 minutes to dispatch and 2 workdays to resolve:
    # two green badges a row.
    assert html.count('data-testid="sla-badge"') == 2 * count
    assert html.count('data-state="running"') == 2 * count
    assert "剩余" in html


def test_overdue_only_keeps_requests_with_a_late_clock(sla, login, category):
    with time_machine.travel("2026-03-10 09:00 +0800", tick=False):
        late = repair(sla, category=category("electric"), content="走廊灯坏")  # small: same day
        on_time = repair(sla, category=category("doors"), content="门锁松动")  # general: 2 workdays
    with time_machine.travel("2026-03-10 09:10 +0800", tick=False):  # both dispatched and on site in time
        for request in (late, on_time):
            order = services.dispatch(request=request, technician=sla.technician, actor=sla.dispatcher)
            services.accept_order(order=order, actor=sla.technician)
            services.arrive(order=order, actor=sla.technician)
    with time_machine.travel("2026-03-10 18:30 +0800", tick=False):
        client = login(sla.frontdesk)
        assert set(rows(client.get(LIST))) == {late.number, on_time.number}
        response = client.get(LIST, {"overdue": "1"})
        assert rows(response) == [late.number]
        assert 'data-state="running"' in response.content.decode()  # late, not yet swept
        assert "已超时" in response.content.decode()


def test_filters_by_channel_category_building_holder_and_status(sla, login, category):
    other_building = BuildingFactory(project=sla.project, code="7", name="7栋")
    other_unit = UnitFactory(building=other_building, number="0802")
    a = repair(sla, category=category("water"), channel="walk_in")
    b = repair(sla, unit=other_unit, category=category("leak"), channel="phone", actor=sla.butler)
    c = repair(sla, category=category("aircon"), channel="portal", kind="inquiry", content="空调咨询")
    services.transition_request(request=c, to_status="cancelled", actor=sla.frontdesk, reason="重复")
    client = login(sla.frontdesk)
    assert rows(client.get(LIST, {"channel": "walk_in"})) == [a.number]
    # A parent category includes its children (water → leak).
    assert set(rows(client.get(LIST, {"category": category("water").pk}))) == {a.number, b.number}
    assert rows(client.get(LIST, {"building": other_building.pk})) == [b.number]
    assert set(rows(client.get(LIST, {"mine": "1"}))) == {a.number}  # c is closed: not in "open"
    assert set(rows(client.get(LIST, {"mine": "1", "status": "all"}))) == {a.number, c.number}
    assert rows(client.get(LIST, {"status": "cancelled"})) == [c.number]
    assert rows(client.get(LIST, {"kind": "inquiry", "status": "all"})) == [c.number]


def test_search_finds_a_room_as_staff_say_it_and_a_request_number(sla, login):
    other_unit = UnitFactory(building=BuildingFactory(project=sla.project, code="7"), number="0802")
    mine = repair(sla)
    theirs = repair(sla, unit=other_unit)
    client = login(sla.frontdesk)
    for q in ("3-2-1501", "3栋2单元1501", "1501"):
        assert rows(client.get(LIST, {"q": q})) == [mine.number], q
    assert rows(client.get(LIST, {"q": theirs.number.lower()})) == [theirs.number]
    assert rows(client.get(LIST, {"q": "13812345678"})) == [mine.number]  # the owner, via the registry
    assert rows(client.get(LIST, {"q": "9-9-9999"})) == []


def test_excel_export_has_the_filtered_rows_with_masked_phones(sla, login, category):
    water = repair(sla, category=category("water"), channel="walk_in", content="水管滴水")
    repair(sla, category=category("doors"), channel="phone", content="门锁松动")
    response = login(sla.frontdesk).get(reverse("servicedesk:export"), {"channel": "walk_in"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    data = list(sheet.iter_rows(values_only=True))
    assert data[0][:3] == ("编号", "类型", "渠道")
    assert [r[0] for r in data[1:]] == [water.number]
    assert data[1][4] == "3-2-1501"
    assert data[1][6] == "139****5678"
    assert "13912345678" not in str(data)
    assert "剩余" in data[1][14]


def test_the_outsider_sees_nothing_of_the_project_in_the_list_or_the_export(sla, login):
    request = repair(sla)
    client = login(sla.outsider)  # director of project B
    listing = client.get(LIST, {"status": "all"})
    assert listing.status_code == 200 and request.number not in listing.content.decode()
    export = client.get(reverse("servicedesk:export"), {"status": "all"})
    assert export.status_code == 200
    numbers = [r[0] for r in load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True)]
    assert request.number not in numbers


def test_a_huge_list_is_counted_only_up_to_the_cap(sla, login, monkeypatch):
    from propdesk.servicedesk.views.requests import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 3)
    for n in range(5):
        repair(sla, content=f"事项{n}")
    response = login(sla.frontdesk).get(LIST)
    assert response.context["page"].paginator.capped
    assert "超过 3 条" in response.content.decode() or "More than 3" in response.content.decode()
    monkeypatch.setattr(CappedPaginator, "cap", 10)
    response = login(sla.frontdesk).get(LIST)
    assert not response.context["page"].paginator.capped
    assert response.context["page"].paginator.count == 5
