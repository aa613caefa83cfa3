"""Meter pages with the Django client: the reading entry page by building (previous reading shown, a
lower reading refused naming the room and field, nothing half-written), the readings workbook (a real
.xlsx built with openpyxl), a meter's page (correction, meter change), one-off charges."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from openpyxl import Workbook, load_workbook

from propdesk.billing.choices import ReadingKind
from propdesk.billing.models import Bill, Meter, MeterReading
from propdesk.billing.services import meters as meter_services
from propdesk.registry.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 4, 10)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(dt.datetime(2026, 4, 10, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def metered(billing):
    """Two rooms of building 3 with an electricity meter each (1200 and 500 on 2026-03-25)."""
    neighbour = UnitFactory(
        building=billing.building, project=billing.project, entrance="2", number="1502", floor=15
    )
    billing.meters = []
    for unit, number, start in [(billing.unit, "E-1501", "1200"), (neighbour, "E-1502", "500")]:
        billing.meters.append(
            meter_services.register_meter(
                unit=unit,
                kind="electricity",
                number=number,
                installed_on=dt.date(2026, 3, 25),
                start_value=start,
                actor=billing.director,
            )
        )
    return billing


def _page(client, world, **params):
    query = {"building": world.building.pk, "kind": "electricity", "read_on": "2026-04-09", **params}
    return client.get("/billing/meters/readings/", query)


def test_the_entry_page_lists_the_buildings_meters_with_their_previous_reading(metered, login):
    response = _page(login(metered.technician), metered)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('data-testid="reading-row"') == 2
    assert "3-2-1501" in body and "1200.00" in body and "3-2-1502" in body and "500.00" in body
    assert 'inputmode="decimal"' in body  # a phone shows the number pad


def test_readings_from_the_page_are_recorded_and_a_lower_one_refuses_the_page(metered, login):
    client = login(metered.technician)
    first, second = metered.meters
    data = {
        "building": metered.building.pk,
        "kind": "electricity",
        "read_on": "2026-04-09",
        f"value_{first.pk}": "1290.5",
        f"value_{second.pk}": "480",  # lower than 500
    }
    response = client.post("/billing/meters/readings/", data)
    assert response.status_code == 200
    body = response.content.decode()
    # The message names the room and the field; what was typed stays on the page; nothing is written.
    assert "3-2-1502" in body and "本次读数" in body and "低于上次读数 500.00" in body and "换表" in body
    assert 'value="1290.5"' in body and 'value="480"' in body
    assert not MeterReading.objects.filter(kind=ReadingKind.READING).exists()

    data[f"value_{second.pk}"] = "531"
    response = client.post("/billing/meters/readings/", data, follow=True)
    assert "已保存 2 个读数。" in response.content.decode()
    assert sorted(MeterReading.objects.filter(kind=ReadingKind.READING).values_list("value", flat=True)) == [
        Decimal("531.00"),
        Decimal("1290.50"),
    ]


def test_the_entry_page_takes_the_same_number_of_queries_for_many_rooms(
    metered, login, django_assert_max_num_queries
):
    client = login(metered.technician)
    with django_assert_max_num_queries(20):
        _page(client, metered)
    for n in range(10):
        unit = UnitFactory(
            building=metered.building, project=metered.project, entrance="1", number=f"{200 + n}", floor=2
        )
        meter_services.register_meter(
            unit=unit,
            kind="electricity",
            number=f"E-{n}",
            installed_on=dt.date(2026, 3, 1),
            start_value="1",
            actor=metered.director,
        )
    with django_assert_max_num_queries(20):
        assert _page(client, metered).content.decode().count('data-testid="reading-row"') == 12


def _filled(client, values: dict) -> bytes:
    """Download the template and fill in the current readings, as a reader does in Excel."""
    response = client.get("/billing/meters/readings/template/", {"kind": "electricity"})
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb.active
    rows = list(ws.iter_rows(min_row=2))
    for row in rows:
        room = row[0].value
        if room in values:
            row[6].value = values[room]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_the_workbook_template_lists_the_meters_and_importing_it_records_the_readings(metered, login):
    client = login(metered.cashier)
    template = load_workbook(io.BytesIO(client.get("/billing/meters/readings/template/").content)).active
    rows = list(template.iter_rows(values_only=True))
    assert rows[0] == ("房号", "表类型", "表号", "倍率", "上次读数", "上次抄表日期", "本次读数", "抄表日期")
    assert rows[1][:5] == ("3-2-1501", "电表", "E-1501", 1, 1200)
    assert rows[1][5].date() == dt.date(2026, 3, 25)

    data = _filled(client, {"3-2-1501": 1250.5, "3-2-1502": 530})
    upload = io.BytesIO(data)
    upload.name = "readings.xlsx"
    response = client.post(
        "/billing/meters/readings/import/", {"file": upload, "read_on": "2026-04-08"}, follow=True
    )
    assert "已导入 2 个读数，0 个此前已录入。" in response.content.decode()
    readings = MeterReading.objects.filter(kind=ReadingKind.READING).order_by("value")
    assert [(r.value, r.read_on, r.source) for r in readings] == [
        (Decimal("530.00"), dt.date(2026, 4, 8), "excel"),
        (Decimal("1250.50"), dt.date(2026, 4, 8), "excel"),
    ]
    # The same file again records nothing new.
    upload = io.BytesIO(data)
    upload.name = "readings.xlsx"
    response = client.post(
        "/billing/meters/readings/import/", {"file": upload, "read_on": "2026-04-08"}, follow=True
    )
    assert "已导入 0 个读数，2 个此前已录入。" in response.content.decode()


def test_a_workbook_with_bad_rows_records_nothing_and_lists_each_row_field_and_reason(metered, login):
    client = login(metered.cashier)
    wb = Workbook()
    ws = wb.active
    ws.append(["房号", "表类型", "表号", "倍率", "上次读数", "上次抄表日期", "本次读数", "抄表日期"])
    ws.append(["3-2-1501", "电表", "E-1501", 1, 1200, None, 1300, dt.date(2026, 4, 1)])  # fine
    ws.append(["3-2-1502", "电表", "E-1502", 1, 500, None, 480, dt.date(2026, 4, 1)])  # lower
    ws.append(["3-2-1503", "电表", "E-9", 1, None, None, 10, None])  # no such meter
    ws.append(["3-2-1501", "水表", "W-1", 1, None, None, None, None])  # not read: skipped
    out = io.BytesIO()
    wb.save(out)
    upload = io.BytesIO(out.getvalue())
    upload.name = "readings.xlsx"
    response = client.post("/billing/meters/readings/import/", {"file": upload, "read_on": "2026-04-08"})
    body = response.content.decode()
    assert "2 行有误，未保存任何读数。" in body
    problems = [line for line in body.split('data-testid="problem"')[1:]]
    assert "<td>3</td><td>3-2-1502</td>" in problems[0] and "本次读数" in problems[0]
    assert "<td>4</td><td>3-2-1503</td>" in problems[1] and "本项目没有这块表" in problems[1]
    assert not MeterReading.objects.filter(kind=ReadingKind.READING).exists()  # the good row waits too


def test_a_file_that_is_not_the_template_is_refused_as_a_whole(metered, login):
    client = login(metered.cashier)
    upload = io.BytesIO(b"not a workbook")
    upload.name = "readings.xlsx"
    response = client.post("/billing/meters/readings/import/", {"file": upload, "read_on": "2026-04-08"})
    assert "无法读取该文件：请上传Excel工作簿（.xlsx）" in response.content.decode()
    assert not MeterReading.objects.filter(kind=ReadingKind.READING).exists()


def test_the_meter_page_corrects_a_reading_and_records_a_meter_change(metered, login):
    meter = metered.meters[0]
    meter_services.record_readings(
        entries=[meter_services.ReadingInput(meter, "2300", dt.date(2026, 4, 1))],
        source="page",
        actor=metered.technician,
    )
    wrong = MeterReading.objects.get(meter=meter, kind=ReadingKind.READING)
    client = login(metered.eng_supervisor)
    page = client.get(f"/billing/meters/{meter.pk}/")
    assert page.status_code == 200 and 'data-testid="correct-form"' in page.content.decode()
    response = client.post(
        f"/billing/meters/{meter.pk}/",
        {"action": "correct", "reading": wrong.pk, "value": "1300", "reason": "多打一位"},
        follow=True,
    )
    assert "读数已更正。" in response.content.decode()
    assert "<s>2300.00</s>" in response.content.decode()  # the wrong one stays, struck through
    response = client.post(
        f"/billing/meters/{meter.pk}/",
        {
            "action": "change",
            "final_value": "1310",
            "changed_on": "2026-04-05",
            "new_number": "E-1501-B",
            "new_start_value": "0",
            "new_multiplier": "1",
            "reason": "电表损坏",
        },
        follow=True,
    )
    assert "换表已登记。" in response.content.decode()
    new = Meter.objects.get(number="E-1501-B")
    assert new.replaces_id == meter.pk and response.redirect_chain[-1][0] == f"/billing/meters/{new.pk}/"
    # A technician reads meters but neither corrects readings nor changes meters.
    technician = login(metered.technician)
    body = technician.get(f"/billing/meters/{new.pk}/").content.decode()
    assert 'data-testid="correct-form"' not in body and 'data-testid="change-form"' not in body
    refused = technician.post(
        f"/billing/meters/{new.pk}/", {"action": "void", "reading": wrong.pk, "reason": "x"}
    )
    assert refused.status_code == 403
    assert not MeterReading.objects.filter(kind=ReadingKind.VOID).exists()


def test_a_cashier_adds_a_one_off_charge_that_is_paid_at_the_desk(metered, login):
    client = login(metered.cashier)
    desk = client.get(f"/billing/desk/units/{metered.unit.pk}/").content.decode()
    assert f"/billing/one-off/?unit={metered.unit.pk}" in desk
    page = client.get("/billing/one-off/", {"unit": metered.unit.pk}).content.decode()
    assert 'value="3-2-1501"' in page
    item = metered.items["one_off"]
    response = client.post(
        "/billing/one-off/",
        {"room": "3-2-1501", "item": item.pk, "amount": "80", "reason": "更换门禁卡工本费"},
        follow=True,
    )
    bill = Bill.objects.get(item=item)
    assert bill.reference == "YC202604-0001" and bill.amount == Decimal("80.00")
    assert bill.description == "更换门禁卡工本费" and bill.created_by == metered.cashier
    assert "YC202604-0001" in response.content.decode()
    desk = client.get(f"/billing/desk/units/{metered.unit.pk}/").content.decode()
    assert "更换门禁卡工本费" in desk  # on the desk with its reason, to be paid
    # Without a reason, nothing is charged; a technician may not charge at all.
    client.post("/billing/one-off/", {"room": "3-2-1501", "item": item.pk, "amount": "80", "reason": " "})
    assert Bill.objects.filter(item=item).count() == 1
    assert login(metered.technician).get("/billing/one-off/").status_code == 403


def test_a_reading_for_a_meter_changed_since_the_page_was_shown_is_refused_not_dropped(metered, login):
    client = login(metered.technician)
    old = metered.meters[0]
    meter_services.change_meter(
        meter=old,
        final_value="1210",
        changed_on=dt.date(2026, 4, 1),
        new_number="E-1501-B",
        new_start_value="0",
        reason="电表损坏",
        actor=metered.eng_supervisor,
    )
    data = {
        "building": metered.building.pk,
        "kind": "electricity",
        "read_on": "2026-04-09",
        f"value_{old.pk}": "1250",
    }
    body = client.post("/billing/meters/readings/", data).content.decode()
    assert "已于 2026-04-01 换表拆除" in body and "3-2-1501" in body
    assert not MeterReading.objects.filter(kind=ReadingKind.READING).exists()
