"""特约服务 pages, the four-copy contact form, the summary export and the API, with outsiders refused."""

import io
import shutil
import subprocess
from decimal import Decimal

import pytest
import time_machine
from openpyxl import load_workbook

from propdesk.paidservices import services as special
from propdesk.paidservices.choices import SpecialState
from propdesk.paidservices.models import ServiceItem, ServiceItemPrice, SpecialServiceOrder
from propdesk.servicedesk import services as desk_services
from propdesk.servicedesk.tests.test_repairs import png_data_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(world):
    return {i.code: i for i in ServiceItem.objects.filter(project=world.project)}


def paid_repair(world, items, *, confirm=True):
    request = desk_services.receive_request(
        project=world.project,
        actor=world.frontdesk,
        kind="repair",
        channel="walk_in",
        content="卫生间坐便器堵塞",
        unit=world.unit,
        reporter_name="张三",
        repair_location="in_unit",
    )
    order = special.create_order(actor=world.frontdesk, request=request, items=[(items["toilet_unblock"], 1)])
    if confirm:
        special.confirm_order(order=order, actor=world.eng_supervisor)
    return request, order


def _pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return "".join(out.stdout.split())


def test_price_list_pages_edit_and_print(world, items, login):
    client = login(world.eng_supervisor)
    page = client.get("/billing/special/prices/")
    assert page.status_code == 200
    assert "更换水龙头" in page.content.decode() and 'data-testid="new-item"' in page.content.decode()
    response = client.post(
        "/billing/special/prices/",
        {
            "code": "ac_clean",
            "name": "空调清洗",
            "unit_label": "台",
            "labour_price": "80",
            "materials_price": "0",
            "department_kind": "engineering",
            "effective_from": "2026-01-01",
        },
    )
    item = ServiceItem.objects.get(project=world.project, code="ac_clean")
    assert response.status_code == 302 and item.prices.get().labour_price == Decimal("80.00")
    client.post(
        f"/billing/special/prices/{item.pk}/",
        {"action": "price", "labour_price": "90", "effective_from": "2026-06-01"},
    )
    assert list(item.prices.order_by("effective_from").values_list("labour_price", flat=True)) == [
        Decimal("80.00"),
        Decimal("90.00"),
    ]
    printed = client.get("/billing/special/prices/print/?on=2026-07-01").content.decode()
    assert "代办、特约服务收费价目表" in printed and "空调清洗" in printed and "¥90.00" in printed
    # The butler sees the list but cannot change it; the technician has no billing pages at all.
    assert login(world.technician).get("/billing/special/prices/").status_code == 403
    tech = login(world.butler)
    assert tech.get("/billing/special/prices/").status_code == 200
    assert (
        tech.post("/billing/special/prices/", {"code": "x", "name": "x", "labour_price": "1"}).status_code
        == 403
    )
    assert (
        tech.post(f"/billing/special/prices/{item.pk}/", {"action": "price", "labour_price": "1"}).status_code
        == 403
    )
    assert ServiceItemPrice.objects.filter(item=item).count() == 2


def test_order_pages_walk_the_flow(world, items, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    request, order = paid_repair(world, items, confirm=False)
    front = login(world.frontdesk)
    detail = front.get(f"/servicedesk/{request.pk}/").content.decode()
    assert 'data-testid="paid-order"' in detail and order.number in detail
    page = front.get(f"/billing/special/{order.pk}/")
    assert page.status_code == 200 and "¥50.00" in page.content.decode()
    # The front desk may not confirm; the engineering head does.
    assert front.post(f"/billing/special/{order.pk}/", {"action": "confirm"}).status_code == 403
    head = login(world.eng_supervisor)
    head.post(
        f"/billing/special/{order.pk}/",
        {
            "action": "add_custom",
            "name": "更换密封圈",
            "unit_label": "个",
            "quantity": "1",
            "labour_price": "0",
            "materials_price": "12",
        },
    )
    head.post(f"/billing/special/{order.pk}/", {"action": "confirm"})
    order.refresh_from_db()
    assert order.state == SpecialState.PENDING_APPROVAL and order.total == Decimal("62.00")
    # Off the list: the property manager approves content and price (seed 003 服务收费 3.4).
    login(world.director).post(f"/billing/special/{order.pk}/", {"action": "approve"})
    order.refresh_from_db()
    assert order.state == SpecialState.CONFIRMED
    front = login(world.frontdesk)
    front.post(
        f"/billing/special/{order.pk}/",
        {"action": "agree", "method": "signature", "signer_name": "张三", "signature": png_data_url()},
    )
    order.refresh_from_db()
    assert order.state == SpecialState.AGREED and order.signature
    front.post(f"/billing/special/{order.pk}/", {"action": "complete"})
    order.refresh_from_db()
    assert order.state == SpecialState.COMPLETED and order.bill.amount == Decimal("62.00")
    listing = front.get("/billing/special/?state=completed").content.decode()
    assert order.number in listing


def test_the_order_list_takes_a_constant_number_of_queries(
    world, items, login, django_assert_max_num_queries
):
    for n in range(6):
        special.create_order(
            actor=world.frontdesk,
            unit=world.unit,
            content=f"服务{n}",
            customer_name="张三",
            items=[(items["tap_replace"], 1)],
        )
    client = login(world.frontdesk)
    with django_assert_max_num_queries(14):
        page = client.get("/billing/special/")
    assert page.content.decode().count("TF-") == 6


def test_technician_collects_the_agreement_on_the_phone(world, items, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    request, order = paid_repair(world, items)
    work = desk_services.dispatch(request=request, technician=world.technician, actor=world.dispatcher)
    tech = login(world.technician)
    page = tech.get("/servicedesk/my-orders/").content.decode()
    assert f'data-testid="step-agree-{work.pk}"' in page and "¥50.00" in page
    assert f'data-testid="wait-agreement-{work.pk}"' in page and 'data-testid="step-accept"' not in page
    tech.post(f"/servicedesk/orders/{work.pk}/step/", {"step": "accept"})
    work.refresh_from_db()
    assert work.state == "dispatched"  # refused: the owner has not agreed
    tech.post(
        f"/servicedesk/orders/{work.pk}/step/",
        {"step": "agree_price", "signer_name": "张三", "signature": png_data_url()},
    )
    tech.post(f"/servicedesk/orders/{work.pk}/step/", {"step": "accept"})
    work.refresh_from_db()
    order.refresh_from_db()
    assert order.state == SpecialState.AGREED and order.agreement_method == "signature"
    assert work.state == "accepted"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_contact_form_prints_four_copies_and_the_slip_shows_the_charges(world, items, login, tmp_path):
    request, order = paid_repair(world, items)
    client = login(world.frontdesk)
    response = client.get(f"/billing/special/{order.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content, tmp_path)
    for copy in ("业主联", "客服联", "财务联", "部门联"):
        assert copy in text
    assert text.count("特约服务联络单") >= 4
    assert "疏通坐便器" in text and "¥50.00" in text and "伍拾元整" in text
    assert "业主签字" in text and "主管审核" in text
    (tmp_path / "four.pdf").write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(tmp_path / "four.pdf")], capture_output=True, text=True).stdout
    shutil.copy(tmp_path / "four.pdf", "/tmp/special_contact_form.pdf")
    assert info.split("Pages:")[1].split()[0] == "4"
    slip = _pdf_text(client.get(f"/servicedesk/{request.pk}/slip.pdf").content, tmp_path)
    assert "收费" in slip and order.number in slip and "伍拾元整" in slip


def test_summary_page_and_excel(world, items, login):
    with time_machine.travel("2026-03-05 10:00 +0800", tick=False):
        order = special.create_order(
            actor=world.frontdesk,
            unit=world.unit,
            content="保洁",
            customer_name="张三",
            department_kind="environment",
            items=[(items["deep_cleaning"], 100)],
        )
        special.confirm_order(order=order, actor=world.director)
        special.record_agreement(order=order, actor=world.frontdesk, method="paper", signer_name="张三")
        special.complete_order(order=order, actor=world.frontdesk)
    client = login(world.director)
    page = client.get("/billing/special/summary/?month=2026-03").content.decode()
    assert "室内深度保洁" in page and "¥500.00" in page
    export = client.get("/billing/special/summary/export/?month=2026-03")
    sheet = load_workbook(io.BytesIO(export.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert any(row[1] == "室内深度保洁" and row[5] == 500 for row in values)
    assert values[-1][0] == "合计"


def test_api_and_owner_portal(world, items, login):
    request, order = paid_repair(world, items)
    owner = login(world.owner)
    detail = owner.get(f"/api/v1/my/requests/{request.pk}/").json()
    assert detail["paid_service"]["total"] == "50.00" and detail["paid_service"]["awaiting_agreement"] is True
    assert detail["paid_service"]["total_in_words"] == "伍拾元整"
    # Another user cannot see or agree to it.
    outsider = login(world.outsider)
    assert outsider.get(f"/api/v1/my/requests/{request.pk}/").status_code == 404
    assert outsider.post(f"/api/v1/my/requests/{request.pk}/agree-price/").status_code == 404
    assert outsider.get(f"/api/v1/billing/special-service-orders/{order.pk}/").status_code == 404
    assert outsider.post(f"/api/v1/billing/special-service-orders/{order.pk}/confirm/").status_code == 404
    assert outsider.get(f"/billing/special/{order.pk}/").status_code in (403, 404)
    assert outsider.get(f"/billing/special/{order.pk}/pdf/").status_code in (403, 404)
    items_api = outsider.get("/api/v1/billing/special-service-items/").json()
    assert all(row["project"] != world.project.pk for row in items_api["results"])
    owner = login(world.owner)
    agreed = owner.post(f"/api/v1/my/requests/{request.pk}/agree-price/").json()
    assert (
        agreed["paid_service"]["state"] == "agreed" and agreed["paid_service"]["agreement_method"] == "portal"
    )
    # Staff API: register and price through the API.
    staff = login(world.frontdesk)
    created = staff.post(
        "/api/v1/billing/special-service-orders/",
        {
            "unit": world.unit.pk,
            "content": "换锁芯",
            "customer_name": "张三",
            "items": [{"item": items["lock_replace"].pk, "quantity": "1"}],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["total"] == "30.00"
    new_pk = created.json()["id"]
    assert staff.post(f"/api/v1/billing/special-service-orders/{new_pk}/confirm/").status_code == 403
    head = login(world.eng_supervisor)
    assert (
        head.post(f"/api/v1/billing/special-service-orders/{new_pk}/confirm/").json()["state"] == "confirmed"
    )
    listed = head.get("/api/v1/billing/special-service-items/").json()
    tap = next(
        r for r in listed["results"] if r["code"] == "tap_replace" and r["project"] == world.project.pk
    )
    assert tap["labour_price"] == "20.00"
    assert SpecialServiceOrder.objects.filter(project=world.project).count() == 2
