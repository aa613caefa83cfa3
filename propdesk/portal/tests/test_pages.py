"""The owner portal's phone pages with the Django client: what the owner sees, and bad input refused
with a clear message."""

from __future__ import annotations

import base64
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from propdesk.billing.models import Bill, Payment, PaymentOrder, Receipt
from propdesk.servicedesk import services as desk
from propdesk.servicedesk.models import OwnerRating, ServiceRequest, WorkOrder
from propdesk.sla.models import SlaClock

from .conftest import jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(client, portal):
    client.force_login(portal.owner)
    portal.client = client
    return portal


def own_bills(world):
    return list(Bill.objects.filter(unit=world.unit).order_by("pk"))


def test_the_bills_page_groups_what_is_owed_by_unit_and_period(owner):
    page = owner.client.get(reverse("portal:bills")).content.decode()
    assert page.count('data-testid="unit-bills"') == 1  # the neighbour's bills are not shown
    for bill in own_bills(owner):
        assert f'value="{bill.pk}" checked' in page
    assert "¥1,010.15" in page and 'data-testid="method-wechat"' in page
    assert 'data-testid="method-alipay"' in page


def test_paying_chosen_bills_goes_to_the_wallet_and_the_result_shows_the_receipt(owner):
    first, second = own_bills(owner)[:2]
    response = owner.client.post(reverse("portal:pay"), {"bills": [first.pk, second.pk], "method": "alipay"})
    order = PaymentOrder.objects.get()
    assert order.amount == first.amount + second.amount and order.bills == [first.pk, second.pk]
    assert response.status_code == 302 and response["Location"].startswith(
        f"/billing/sandbox/pay/{order.pk}/"
    )
    result = reverse("portal:payment", kwargs={"pk": order.pk})
    assert "back=" in response["Location"]
    waiting = owner.client.get(result)
    assert (
        'data-testid="waiting"' in waiting.content.decode()
        and 'hx-trigger="every 2s"' in waiting.content.decode()
    )
    wallet = owner.client.post(response["Location"])  # the sandbox wallet: confirm, the provider notifies
    assert 'data-testid="wallet-back"' in wallet.content.decode() and result in wallet.content.decode()
    polled = owner.client.get(result, headers={"HX-Request": "true"})
    assert polled.status_code == 286  # htmx stops asking
    receipt = Receipt.objects.get()
    assert receipt.display_number in polled.content.decode()
    pdf = owner.client.get(reverse("portal:receipt_pdf", kwargs={"pk": receipt.pk}))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert receipt.display_number in owner.client.get(reverse("portal:receipts")).content.decode()
    # Only the two chosen bills were settled.
    page = owner.client.get(reverse("portal:bills")).content.decode()
    assert f'value="{first.pk}"' not in page and f'value="{second.pk}"' not in page


def test_paying_another_owners_bill_is_a_404_and_nothing_is_ordered(owner):
    theirs = Bill.objects.filter(unit=owner.neighbour).first()
    mine = own_bills(owner)[0]
    response = owner.client.post(reverse("portal:pay"), {"bills": [mine.pk, theirs.pk], "method": "wechat"})
    assert response.status_code == 404
    assert not PaymentOrder.objects.exists()


def test_paying_a_bill_already_paid_says_so(owner):
    bill = own_bills(owner)[0]
    owner.client.post(reverse("portal:pay"), {"bills": [bill.pk], "method": "wechat"})
    order = PaymentOrder.objects.get()
    owner.client.post(reverse("billing:sandbox_pay", kwargs={"pk": order.pk, "token": _token(order)}))
    response = owner.client.post(reverse("portal:pay"), {"bills": [bill.pk], "method": "wechat"}, follow=True)
    assert "已缴清" in response.content.decode()
    assert PaymentOrder.objects.count() == 1 and Payment.objects.count() == 1


def test_choosing_no_bill_is_refused_in_chinese(owner):
    response = owner.client.post(reverse("portal:pay"), {"method": "wechat"}, follow=True)
    assert "请至少选择一笔账单" in response.content.decode()


def test_another_owners_receipt_and_payment_are_404(owner, client, django_user_model):
    bill = own_bills(owner)[0]
    owner.client.post(reverse("portal:pay"), {"bills": [bill.pk], "method": "wechat"})
    order = PaymentOrder.objects.get()
    owner.client.post(reverse("billing:sandbox_pay", kwargs={"pk": order.pk, "token": _token(order)}))
    receipt = Receipt.objects.get()
    client.force_login(django_user_model.objects.create_user(username="stranger", password="x"))
    assert client.get(reverse("portal:receipt_pdf", kwargs={"pk": receipt.pk})).status_code == 404
    assert client.get(reverse("portal:payment", kwargs={"pk": order.pk})).status_code == 404


def _token(order):
    from propdesk.billing.services.desk import sandbox_page_token  # noqa: PLC0415  (test helper)

    return sandbox_page_token(order)


# ---------------------------------------------------------------- requests


def signature() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), "white").save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def test_an_owner_reports_a_repair_with_photos(owner):
    response = owner.client.post(
        reverse("portal:request_new"),
        {
            "kind": "repair",
            "unit": owner.unit.pk,
            "content": "厨房水管漏水",
            "photos": [jpeg(), jpeg("b.jpg")],
        },
    )
    request = ServiceRequest.objects.get()
    assert response["Location"] == reverse("portal:request", kwargs={"pk": request.pk})
    assert request.photos.count() == 2 and request.channel == "portal"
    page = owner.client.get(response["Location"]).content.decode()
    assert 'data-testid="timeline"' in page and "厨房水管漏水" in page
    assert page.count("/files/request-photo/") == 4  # two thumbnails, each a link and an image
    listing = owner.client.get(reverse("portal:requests")).content.decode()
    assert request.number in listing and 'data-testid="deadline"' in listing


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("notes.jpg", b"this is not a picture", content_type="image/jpeg"), "不是图片"),
        (
            SimpleUploadedFile("huge.jpg", b"\xff" * (8 * 1024 * 1024 + 1), content_type="image/jpeg"),
            "超过8MB",
        ),
    ],
)
def test_a_photo_that_is_not_an_image_or_too_large_is_refused_naming_the_field(owner, upload, message):
    response = owner.client.post(
        reverse("portal:request_new"),
        {"kind": "repair", "unit": owner.unit.pk, "content": "门锁坏了", "photos": [upload]},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="error-photos"' in page and "照片" in page and message in page
    assert "门锁坏了" in page  # nothing typed is lost
    assert not ServiceRequest.objects.exists()


def test_a_request_for_another_owners_unit_is_refused(owner):
    response = owner.client.post(
        reverse("portal:request_new"), {"kind": "repair", "unit": owner.neighbour.pk, "content": "x"}
    )
    assert response.status_code == 200 and 'data-testid="error-unit"' in response.content.decode()
    assert not ServiceRequest.objects.exists()


def _completed_repair(world):
    request = desk.receive_request(
        project=world.project,
        actor=world.frontdesk,
        kind="repair",
        channel="phone",
        content="灯不亮",
        reporter_name="张三",
        unit=world.unit,
    )
    order = desk.dispatch(request=request, technician=world.technician, actor=world.dispatcher)
    desk.accept_order(order=order, actor=world.technician)
    desk.arrive(order=order, actor=world.technician)
    desk.complete_order(order=order, actor=world.technician, work_done="换灯泡", labour_minutes=5)
    return request, order


def test_the_owner_confirms_a_repair_with_a_signature_then_rates_it(owner):
    request, order = _completed_repair(owner)
    home = owner.client.get(reverse("portal:home")).content.decode()
    assert 'data-testid="todo-confirm"' in home
    url = reverse("portal:request", kwargs={"pk": request.pk})
    assert 'data-testid="signature-pad"' in owner.client.get(url).content.decode()
    unsigned = owner.client.post(reverse("portal:request_confirm", kwargs={"pk": request.pk}), follow=True)
    assert "请签字确认维修" in unsigned.content.decode()
    owner.client.post(
        reverse("portal:request_confirm", kwargs={"pk": request.pk}), {"signature": signature()}
    )
    order.refresh_from_db()
    assert order.signature and order.signed_at is not None
    desk.return_slip(order=WorkOrder.objects.get(pk=order.pk), actor=owner.frontdesk)
    page = owner.client.get(url).content.decode()
    assert 'data-testid="rate"' in page and 'data-testid="confirm"' not in page
    # The callback's clock runs now, but it is the desk's own deadline: the owner is not shown it.
    assert SlaClock.objects.filter(target__code="callback", state="running").exists()
    assert 'data-testid="deadline"' not in page
    assert 'data-testid="deadline"' not in owner.client.get(reverse("portal:requests")).content.decode()
    owner.client.post(
        reverse("portal:request_rate", kwargs={"pk": request.pk}),
        {"satisfaction": "satisfied", "comment": "很快"},
    )
    rating = OwnerRating.objects.get()
    assert rating.satisfaction == "satisfied" and rating.comment == "很快"
    again = owner.client.post(
        reverse("portal:request_rate", kwargs={"pk": request.pk}), {"satisfaction": "fair"}, follow=True
    )
    assert 'data-testid="rated"' in again.content.decode()
    assert OwnerRating.objects.count() == 1


def test_another_persons_request_is_404(owner, client, django_user_model):
    request, _order = _completed_repair(owner)
    client.force_login(django_user_model.objects.create_user(username="stranger", password="x"))
    assert client.get(reverse("portal:request", kwargs={"pk": request.pk})).status_code == 404
    response = client.post(
        reverse("portal:request_confirm", kwargs={"pk": request.pk}), {"signature": signature()}
    )
    assert response.status_code == 404
    assert WorkOrder.objects.get().signed_at is None


# ---------------------------------------------------------------- home, manifest


def test_the_home_shows_bills_due_per_unit_in_a_fixed_number_of_queries(owner, django_assert_max_num_queries):
    _completed_repair(owner)
    # The first visit records the session (portal_view); the notices card is two queries.
    with django_assert_max_num_queries(21):
        page = owner.client.get(reverse("portal:home")).content.decode()
    assert 'data-testid="todo-bills"' in page and "¥1,010.15" in page
    assert 'data-testid="todo-confirm"' in page


def test_a_registered_home_section_is_rendered(owner, monkeypatch):
    from propdesk.portal import selectors  # noqa: PLC0415  (the registry under test)

    monkeypatch.setattr(selectors, "_home_sections", [])
    selectors.register_home_section(
        lambda request, accesses: {"template": "portal/_test_section.html", "n": len(accesses)}
    )
    assert selectors.home_extras(None, [object()]) == [{"template": "portal/_test_section.html", "n": 1}]
    selectors.register_home_section(lambda request, accesses: None)
    assert len(selectors.home_extras(None, [])) == 1


def test_the_manifest_makes_the_portal_installable(client):
    response = client.get(reverse("portal:manifest"))
    assert response.status_code == 200 and response["Content-Type"] == "application/manifest+json"
    data = response.json()
    assert data["start_url"] == "/portal/" and data["display"] == "standalone"
    assert data["theme_color"] == "#0b4a6e" and data["short_name"]
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert sizes == {"192x192", "512x512"}
    for icon in data["icons"]:
        assert client.get(icon["src"]).status_code == 200 or icon["src"].startswith("/static/")


def test_the_services_page_lists_published_prices_and_orders_through_a_request(owner):
    from propdesk.paidservices.services.prices import load_default_service_items  # noqa: PLC0415

    load_default_service_items(project=owner.project, actor=owner.director)
    page = owner.client.get(reverse("portal:services")).content.decode()
    assert 'data-testid="service-item"' in page
    item_id = page.split("?item=")[1].split('"')[0]
    form = owner.client.get(reverse("portal:request_new") + f"?item={item_id}").content.decode()
    assert 'value="paid_service" selected' in form and "特约服务" in form


def test_a_survey_is_answered_once_per_unit(owner):
    from propdesk.servicedesk.services import surveys  # noqa: PLC0415

    campaign = surveys.create_campaign(
        project=owner.project,
        actor=owner.cs_supervisor,
        title="2026年满意度调查",
        starts_on=owner.project_created_at.date(),
        ends_on=owner.project_created_at.date().replace(year=2027),
    )
    surveys.set_questions(campaign=campaign, actor=owner.cs_supervisor, questions=["维修服务", "保洁服务"])
    surveys.open_campaign(campaign=campaign, actor=owner.cs_supervisor)
    assert 'data-testid="todo-survey"' in owner.client.get(reverse("portal:home")).content.decode()
    url = reverse("portal:survey", kwargs={"pk": campaign.pk})
    q1, q2 = campaign.questions.order_by("position")
    missing = owner.client.post(url, {"unit": owner.unit.pk, f"q{q1.pk}": 3})
    assert "请回答此题" in missing.content.decode()
    done = owner.client.post(url, {"unit": owner.unit.pk, f"q{q1.pk}": 3, f"q{q2.pk}": 2})
    assert done.status_code == 302
    assert 'data-testid="answered"' in owner.client.get(url).content.decode()
    assert 'data-testid="todo-survey"' not in owner.client.get(reverse("portal:home")).content.decode()
    assert Decimal(campaign.responses.count()) == 1


def _priced_service(world):
    from propdesk.paidservices import services as special  # noqa: PLC0415  (paid services' own setup)
    from propdesk.paidservices.models import ServiceItem  # noqa: PLC0415

    special.load_default_service_items(project=world.project)
    item = ServiceItem.objects.get(project=world.project, code="toilet_unblock")
    request = desk.receive_request(
        project=world.project,
        actor=world.frontdesk,
        kind="paid_service",
        channel="phone",
        content="马桶堵塞",
        unit=world.unit,
        reporter_name="张三",
    )
    order = special.create_order(actor=world.frontdesk, request=request, items=[(item, 1)])
    special.confirm_order(order=order, actor=world.director)
    return request, order


@pytest.mark.parametrize(("decision", "state"), [("agree", "agreed"), ("decline", "declined")])
def test_the_owner_agrees_to_or_declines_a_quoted_price(owner, decision, state):
    request, order = _priced_service(owner)
    assert 'data-testid="todo-price"' in owner.client.get(reverse("portal:home")).content.decode()
    url = reverse("portal:request", kwargs={"pk": request.pk})
    page = owner.client.get(url).content.decode()
    assert 'data-testid="price"' in page and "¥" in page
    owner.client.post(reverse("portal:request_price", kwargs={"pk": request.pk}), {"decision": decision})
    order.refresh_from_db()
    assert order.state == state
    assert 'data-testid="price"' not in owner.client.get(url).content.decode()
    again = owner.client.post(
        reverse("portal:request_price", kwargs={"pk": request.pk}), {"decision": decision}, follow=True
    )
    assert "没有等待您确认的报价" in again.content.decode() or "alert-danger" in again.content.decode()


def test_the_timeline_names_each_step_once(owner):
    """A step whose status label repeats its name (接单 · 已接单) shows the name alone."""
    request, _order = _completed_repair(owner)
    page = owner.client.get(reverse("portal:request", kwargs={"pk": request.pk})).content.decode()
    timeline = page[page.index('data-testid="timeline"') :]
    text = re.sub(r"<[^>]+>", " ", timeline[: timeline.index("</ol>")])
    assert "接单" in text and "到场" in text
    assert not re.search(r"(\w+) · 已\1", text), text
