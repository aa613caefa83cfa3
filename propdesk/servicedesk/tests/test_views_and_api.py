from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from propdesk.servicedesk.models import HandOff, ServiceRequest
from propdesk.servicedesk.services import receive_request, request_handoff

pytestmark = pytest.mark.django_db


def test_front_desk_records_a_phone_repair_by_room_number(login, desk, category):
    client = login(desk.frontdesk)
    response = client.post(
        "/servicedesk/new/",
        {
            "unit_label": "3栋2单元1501",
            "kind": "repair",
            "channel": "phone",
            "category": category("leak").pk,
            "content": "厨房水管漏水",
            "reporter_name": "张三",
            "reporter_phone": "13812345678",
            "preferred_time": "今天18点后",
        },
    )
    assert response.status_code == 302
    request = ServiceRequest.objects.get()
    assert request.unit == desk.unit and request.first_receiver == desk.frontdesk
    assert request.party == desk.owner_party
    assert request.repair_class == "emergency"
    detail = client.get(response["Location"]).content.decode()
    assert request.number in detail and "厨房水管漏水" in detail


def test_an_unknown_room_is_named_and_what_was_typed_is_kept(login, desk):
    client = login(desk.frontdesk)
    response = client.post(
        "/servicedesk/new/",
        {
            "unit_label": "9-9-9999",
            "kind": "repair",
            "channel": "phone",
            "content": "灯不亮",
            "reporter_name": "李四",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="error-unit_label"' in body and "9-9-9999" in body
    assert "灯不亮" in body
    assert not ServiceRequest.objects.exists()


def test_unit_hint_shows_the_owner_masked(login, desk):
    body = login(desk.frontdesk).get("/servicedesk/new/unit-hint/?unit_label=3-2-1501").content.decode()
    assert "3-2-1501" in body and "138****5678" in body and "13812345678" not in body


def test_hand_off_through_the_pages(login, desk, category):
    request = receive_request(
        project=desk.project,
        actor=desk.frontdesk,
        kind="complaint",
        channel="phone",
        content="投诉保洁不及时",
        reporter_name="业主",
        unit=desk.unit,
        category=category("cleaning"),
    )
    client = login(desk.frontdesk)
    detail = client.get(f"/servicedesk/{request.pk}/").content.decode()
    assert 'data-testid="proposal"' in detail and str(desk.cs_supervisor) in detail
    client.post(
        f"/servicedesk/{request.pk}/handoff/", {"to_user": desk.cs_supervisor.pk, "reason": "请主管协调"}
    )
    handoff = HandOff.objects.get()
    inbox = login(desk.cs_supervisor).get("/servicedesk/handoffs/").content.decode()
    assert request.number in inbox
    login(desk.cs_supervisor).post(f"/servicedesk/handoffs/{handoff.pk}/decide/", {"action": "accept"})
    request.refresh_from_db()
    assert request.holder == desk.cs_supervisor


def test_request_list_filters_and_has_a_bounded_query_count(login, desk, django_assert_max_num_queries):
    for n in range(15):
        receive_request(
            project=desk.project,
            actor=desk.frontdesk,
            kind="repair" if n % 2 else "inquiry",
            channel="phone",
            content=f"事项{n}",
            reporter_name="业主",
            unit=desk.unit,
        )
    client = login(desk.cs_supervisor)
    with django_assert_max_num_queries(20):
        response = client.get("/servicedesk/?kind=repair&status=open")
    assert len(response.context["page"]) == 7
    assert len(client.get("/servicedesk/?q=1501").context["page"]) == 15


def test_api_creates_a_request_and_hands_it_over(desk):
    api = APIClient()
    api.force_login(desk.frontdesk)
    response = api.post(
        "/api/v1/requests/",
        {
            "project": desk.project.pk,
            "kind": "repair",
            "channel": "portal",
            "content": "门锁坏了",
            "reporter_name": "张三",
            "unit": desk.unit.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["number"].startswith("BX-")
    pk = response.json()["id"]
    handoff = api.post(
        f"/api/v1/requests/{pk}/handoff/",
        {"to_user": desk.cs_supervisor.pk, "reason": "转主管"},
        format="json",
    )
    assert handoff.status_code == 201
    api.force_login(desk.cs_supervisor)
    assert api.post(f"/api/v1/handoffs/{handoff.json()['id']}/accept/").json()["state"] == "accepted"
    events = api.get(f"/api/v1/requests/{pk}/").json()["events"]
    assert [e["kind"] for e in events] == ["received", "handoff_requested", "handoff_accepted"]


def test_api_refuses_bad_input_with_the_field_named(desk):
    api = APIClient()
    api.force_login(desk.frontdesk)
    response = api.post(
        "/api/v1/requests/",
        {
            "project": desk.project.pk,
            "kind": "repair",
            "channel": "portal",
            "content": "灯坏了",
            "reporter_name": "张三",
        },
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["unit"]


def test_api_create_in_a_foreign_project_is_404(desk):
    api = APIClient()
    api.force_login(desk.outsider)
    response = api.post(
        "/api/v1/requests/",
        {
            "project": desk.project.pk,
            "kind": "inquiry",
            "channel": "phone",
            "content": "x",
            "reporter_name": "y",
            "location": "z",
        },
        format="json",
    )
    assert response.status_code == 404


def test_a_hand_off_cannot_go_to_someone_outside_the_project(desk):
    request = receive_request(
        project=desk.project,
        actor=desk.frontdesk,
        kind="inquiry",
        channel="phone",
        content="咨询",
        reporter_name="业主",
        unit=desk.unit,
    )
    from propdesk.core.errors import ServiceError

    with pytest.raises(ServiceError) as err:
        request_handoff(request=request, to=desk.outsider, reason="x", actor=desk.frontdesk)
    assert err.value.field == "to"


def test_api_create_answers_like_the_request_reads_and_names_bad_references(desk):
    """The create endpoint's shared serializers and by-pk reads give what the viewset's own do."""
    from propdesk.core.access import has_project_perm
    from propdesk.core.models import Position, User
    from propdesk.core.services import add_membership
    from propdesk.registry.services import create_building, create_unit

    other_building = create_building(project=desk.other_project, code="9", name="9栋", floors=6, entrances=1)
    other_unit = create_unit(
        building=other_building, entrance="1", floor=1, number="101", building_area=Decimal("50")
    )

    api = APIClient()
    api.force_login(desk.frontdesk)
    body = {
        "project": desk.project.pk,
        "kind": "repair",
        "channel": "phone",
        "content": "卫生间漏水",
        "reporter_name": "张三",
        "unit": desk.unit.pk,
    }
    created = api.post("/api/v1/requests/", body, format="json")
    assert created.status_code == 201, created.json()
    listed = api.get(f"/api/v1/requests/?project={desk.project.pk}").json()["results"]
    assert created.json() == next(r for r in listed if r["id"] == created.json()["id"])
    assert created.json()["unit_label"] == desk.unit.label
    for field, value, status in (
        ("unit", 10**9, 400),  # no such unit
        ("unit", "abc", 400),  # not a number
        ("unit", True, 400),
        ("project", 10**9, 400),
        ("unit", other_unit.pk, 400),  # a unit of another project: the service names the field
    ):
        response = api.post("/api/v1/requests/", {**body, field: value}, format="json")
        assert response.status_code == status, (field, value, response.json())
        assert list(response.json()["fields"]) == [field], (field, value, response.json())
    # Seeing the project without handling requests there: refused, not hidden.
    observer = User.objects.create_user(username="observer", password="pw-observer-1")
    add_membership(
        user=observer,
        project=desk.project,
        position=Position.objects.create(code="observer", name="观察员", department_kind="customer_service"),
    )
    assert not has_project_perm(observer, desk.project, "servicedesk.handle_request")
    api.force_login(observer)
    assert api.post("/api/v1/requests/", body, format="json").status_code == 403
