"""The owner's side (业主端): report with photos, follow, confirm a repair, rate."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient

from propdesk.servicedesk import services
from propdesk.servicedesk.models import ServiceRequest

pytestmark = pytest.mark.django_db


def jpeg(name="leak.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 40, 40)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def owner_api(desk, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    api = APIClient()
    api.force_login(desk.owner)
    return api


def test_an_owner_reports_a_repair_with_photos_and_customer_service_is_accountable(owner_api, desk):
    response = owner_api.post(
        "/api/v1/my/requests/",
        {
            "unit": desk.unit.pk,
            "kind": "repair",
            "content": "阳台地漏堵塞",
            "preferred_time": "周六上午",
            "photos": [jpeg(), jpeg("second.jpg")],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    request = ServiceRequest.objects.get()
    assert request.channel == "portal" and request.first_receiver == desk.cs_supervisor
    assert request.party == desk.owner_party and request.photos.count() == 2
    first = request.events.first()
    assert first.actor == desk.owner  # the owner made it; the supervisor is accountable
    detail = owner_api.get(f"/api/v1/my/requests/{request.pk}/").json()
    assert detail["number"] == request.number and len(detail["photos"]) == 2
    assert [e["kind"] for e in detail["events"]] == ["received"]
    # The photos are served through the checked file view (issue 17, item 7): to this owner and the
    # service desk, not to another owner or an outsider, and never from /media/.
    url = detail["photos"][0]["url"]
    assert url.startswith("/files/request-photo/")
    assert owner_api.get(url).status_code == 200
    staff = APIClient()
    staff.force_login(desk.cs_supervisor)
    assert staff.get(url).status_code == 200
    outsider = APIClient()
    outsider.force_login(desk.outsider)
    assert outsider.get(url).status_code == 404


def test_a_file_that_is_not_a_picture_is_refused_and_nothing_is_saved(owner_api, desk):
    fake = SimpleUploadedFile("virus.jpg", b"MZ\x90\x00 not a picture", content_type="image/jpeg")
    response = owner_api.post(
        "/api/v1/my/requests/",
        {"unit": desk.unit.pk, "kind": "repair", "content": "漏水", "photos": [fake]},
        format="multipart",
    )
    assert response.status_code == 400
    assert "photos" in response.json()["fields"]
    assert not ServiceRequest.objects.exists()


def test_an_owner_cannot_report_for_someone_elses_unit(owner_api, desk):
    from propdesk.registry.tests.factories import UnitFactory

    other = UnitFactory(building=desk.building, number="0909")
    response = owner_api.post(
        "/api/v1/my/requests/", {"unit": other.pk, "kind": "repair", "content": "x"}, format="json"
    )
    assert response.status_code == 404


def test_an_owner_sees_only_requests_about_their_units(owner_api, desk):
    from propdesk.registry.tests.factories import UnitFactory

    other = UnitFactory(building=desk.building, number="0808")
    services.receive_request(
        project=desk.project,
        actor=desk.frontdesk,
        kind="repair",
        channel="phone",
        content="别人家的",
        reporter_name="王五",
        unit=other,
    )
    mine = services.receive_request(
        project=desk.project,
        actor=desk.frontdesk,
        kind="repair",
        channel="phone",
        content="我家的",
        reporter_name="张三",
        unit=desk.unit,
    )
    rows = owner_api.get("/api/v1/my/requests/").json()["results"]
    assert [r["id"] for r in rows] == [mine.pk]


def test_the_owner_confirms_a_completed_repair_and_rates_it(owner_api, desk):
    request = services.receive_request(
        project=desk.project,
        actor=desk.frontdesk,
        kind="repair",
        channel="phone",
        content="灯不亮",
        reporter_name="张三",
        unit=desk.unit,
    )
    order = services.dispatch(request=request, technician=desk.technician, actor=desk.dispatcher)
    assert (
        owner_api.post(f"/api/v1/my/requests/{request.pk}/confirm/").status_code == 400
    )  # not completed yet
    services.accept_order(order=order, actor=desk.technician)
    services.arrive(order=order, actor=desk.technician)
    services.complete_order(order=order, actor=desk.technician, work_done="换灯泡", labour_minutes=5)
    assert owner_api.get(f"/api/v1/my/requests/{request.pk}/").json()["awaiting_confirmation"] is True
    response = owner_api.post(f"/api/v1/my/requests/{request.pk}/confirm/")
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.state == "signed"
    services.return_slip(order=order, actor=desk.frontdesk)
    assert (
        owner_api.post(
            f"/api/v1/my/requests/{request.pk}/rate/",
            {"satisfaction": "satisfied", "comment": "师傅很专业"},
            format="json",
        ).status_code
        == 204
    )
    again = owner_api.post(f"/api/v1/my/requests/{request.pk}/rate/", {"satisfaction": "fair"}, format="json")
    assert again.status_code == 400


def test_staff_without_parties_see_no_owner_requests(desk):
    services.receive_request(
        project=desk.project,
        actor=desk.frontdesk,
        kind="repair",
        channel="phone",
        content="x",
        reporter_name="y",
        unit=desk.unit,
    )
    api = APIClient()
    api.force_login(desk.director)
    assert api.get("/api/v1/my/requests/").json()["count"] == 0
