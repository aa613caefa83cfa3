"""The registry's write endpoints: each calls its service, names the field at fault in
{code, message, fields}, checks the permission in the object's project, and answers the
outsider 404 before it looks at the body (an outsider never gets a 400)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from propdesk.core.crypto import phone_index, phone_last4_index
from propdesk.registry import services
from propdesk.registry.choices import CareKind, LoanKind, LoanStatus, ResidencyKind
from propdesk.registry.models import (
    ArchiveDocument,
    Building,
    CareNote,
    EmergencyContact,
    Ownership,
    Party,
    Residency,
    Unit,
    Vehicle,
)

pytestmark = pytest.mark.django_db
D = dt.date(2025, 3, 1)


@pytest.fixture
def api():
    return APIClient()


def _party(world, name="李四", phone="13900001111"):
    return services.register_party(project=world.project, name=name, phone=phone)


def _residency(world):
    return services.start_residency(
        unit=world.unit, party=_party(world), kind=ResidencyKind.TENANT, started_on=D, actor=world.frontdesk
    )


def _vehicle(world):
    return services.register_vehicle(unit=world.unit, plate="鄂A12345", started_on=D, actor=world.frontdesk)


def _contact(world):
    return services.add_emergency_contact(
        unit=world.unit, name="王五", phone="13911112222", actor=world.frontdesk
    )


def _care_note(world):
    return services.add_care_note(
        unit=world.unit, kind=CareKind.ELDERLY_ALONE, started_on=D, actor=world.frontdesk
    )


def _archive_file(world):
    return services.open_archive_file(project=world.project, unit=world.unit, actor=world.records)


def _loan(world):
    return services.request_loan(
        archive_file=_archive_file(world),
        kind=LoanKind.CONSULT,
        requester="赵六",
        reason="核对产权",
        actor=world.records,
    )


def _approved_loan(world):
    return services.move_loan(loan=_loan(world), to=LoanStatus.APPROVED, actor=world.director)


def _pdf(name="deed.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")


@dataclass
class Case:
    """One endpoint: who may call it, where, a good body, a bad body and the field it names."""

    name: str
    persona: str
    url: Callable  # world -> url (creates the object the URL points at)
    good: Callable  # world -> body
    bad: Callable  # world -> body
    field: str
    check: Callable  # (world, response json) -> None
    multipart: bool = False


CASES = [
    Case(
        "create building",
        "frontdesk",
        lambda w: "/api/v1/buildings/",
        lambda w: {"project": w.project.pk, "code": "5", "floors": 30, "entrances": 2},
        lambda w: {"project": w.project.pk, "code": "3"},
        "code",
        lambda w, j: Building.objects.get(pk=j["id"], project=w.project, code="5", name="5栋"),
    ),
    Case(
        "create unit",
        "frontdesk",
        lambda w: "/api/v1/units/",
        lambda w: {
            "building": w.building.pk,
            "entrance": "1",
            "floor": 2,
            "number": "201",
            "building_area": "98.50",
            "inner_area": "80.00",
        },
        lambda w: {
            "building": w.building.pk,
            "entrance": "1",
            "floor": 2,
            "number": "201",
            "building_area": "80",
            "inner_area": "98.5",
        },
        "inner_area",
        lambda w, j: Unit.objects.get(pk=j["id"], events__to_status="unsold"),
    ),
    Case(
        "correct unit areas",
        "frontdesk",
        lambda w: f"/api/v1/units/{w.unit.pk}/areas/",
        lambda w: {"building_area": "121.30", "inner_area": "100.10"},
        lambda w: {"building_area": "0"},
        "building_area",
        lambda w, j: Unit.objects.get(pk=w.unit.pk, building_area="121.30", inner_area="100.10"),
    ),
    Case(
        "register party",
        "frontdesk",
        lambda w: "/api/v1/parties/",
        lambda w: {"project": w.project.pk, "name": "李四", "phone": "+86 139 0000 2222"},
        lambda w: {"project": w.project.pk, "name": "李四", "phone": "1390000"},
        "phone",
        lambda w, j: Party.objects.get(pk=j["id"], phone_index=phone_index("13900002222")),
    ),
    Case(
        "change party phone",
        "frontdesk",
        lambda w: f"/api/v1/parties/{w.owner_party.pk}/contact/",
        lambda w: {"phone": "13700001234"},
        lambda w: {"landline": "12345"},
        "landline",
        lambda w, j: Party.objects.get(
            pk=w.owner_party.pk,
            phone_index=phone_index("13700001234"),
            phone_last4_index=phone_last4_index("1234"),
        ),
    ),
    Case(
        "transfer ownership",
        "records",
        lambda w: f"/api/v1/units/{w.unit.pk}/transfer/",
        lambda w: {
            "on": "2025-06-01",
            "new_owners": [
                {"party": _party(w).pk, "share": "60"},
                {"party": _party(w, "钱七", "13900003333").pk, "share": "40"},
            ],
        },
        lambda w: {"on": "2025-06-01", "new_owners": [{"party": _party(w).pk, "share": "50"}]},
        "new_owners",
        lambda w, j: Ownership.objects.get(party=w.owner_party, ended_on=dt.date(2025, 6, 1)),
    ),
    Case(
        "move in",
        "frontdesk",
        lambda w: "/api/v1/residencies/",
        lambda w: {"unit": w.unit.pk, "party": _party(w).pk, "kind": "tenant", "started_on": "2025-03-01"},
        lambda w: {"unit": w.unit.pk, "party": _party(w).pk, "kind": "lodger", "started_on": "2025-03-01"},
        "kind",
        lambda w, j: Residency.objects.get(pk=j["id"], unit=w.unit, ended_on=None),
    ),
    Case(
        "move out",
        "frontdesk",
        lambda w: f"/api/v1/residencies/{_residency(w).pk}/end/",
        lambda w: {"ended_on": "2025-09-01"},
        lambda w: {"ended_on": "2024-01-01"},
        "ended_on",
        lambda w, j: Residency.objects.get(pk=j["id"], ended_on=dt.date(2025, 9, 1)),
    ),
    Case(
        "add vehicle",
        "frontdesk",
        lambda w: "/api/v1/vehicles/",
        lambda w: {"unit": w.unit.pk, "plate": "鄂AD12345", "started_on": "2025-03-01"},
        lambda w: {"unit": w.unit.pk, "plate": "ABC", "started_on": "2025-03-01"},
        "plate",
        lambda w, j: Vehicle.objects.get(pk=j["id"], new_energy=True),
    ),
    Case(
        "remove vehicle",
        "frontdesk",
        lambda w: f"/api/v1/vehicles/{_vehicle(w).pk}/remove/",
        lambda w: {"ended_on": "2025-09-01"},
        lambda w: {"ended_on": "soon"},
        "ended_on",
        lambda w, j: Vehicle.objects.get(pk=j["id"], ended_on=dt.date(2025, 9, 1)),
    ),
    Case(
        "add emergency contact",
        "frontdesk",
        lambda w: "/api/v1/emergency-contacts/",
        lambda w: {"unit": w.unit.pk, "name": "王五", "phone": "027-87654321", "relation": "女儿"},
        lambda w: {"unit": w.unit.pk, "name": "王五", "phone": "12345"},
        "phone",
        lambda w, j: EmergencyContact.objects.get(pk=j["id"], is_active=True),
    ),
    Case(
        "add care note",
        "frontdesk",
        lambda w: "/api/v1/care-notes/",
        lambda w: {
            "unit": w.unit.pk,
            "party": w.owner_party.pk,
            "kind": "disability",
            "started_on": "2025-03-01",
        },
        lambda w: {"unit": w.unit.pk, "kind": "other", "note": " ", "started_on": "2025-03-01"},
        "note",
        lambda w, j: CareNote.objects.get(pk=j["id"], party=w.owner_party),
    ),
    Case(
        "end care note",
        "frontdesk",
        lambda w: f"/api/v1/care-notes/{_care_note(w).pk}/end/",
        lambda w: {"ended_on": "2025-09-01"},
        lambda w: {},
        "ended_on",
        lambda w, j: CareNote.objects.get(pk=j["id"], ended_on=dt.date(2025, 9, 1)),
    ),
    Case(
        "open archive file",
        "records",
        lambda w: "/api/v1/archive-files/",
        lambda w: {"project": w.project.pk, "unit": w.unit.pk, "location": "A-01"},
        lambda w: {"project": w.project.pk, "unit": w.unit.pk, "party": w.owner_party.pk},
        "unit",
        lambda w, j: None,
    ),
    Case(
        "upload document",
        "records",
        lambda w: "/api/v1/archive-documents/",
        lambda w: {"archive_file": _archive_file(w).pk, "doc_type": "contract", "file": _pdf()},
        lambda w: {"archive_file": _archive_file(w).pk, "doc_type": "contract", "file": _pdf("deed.exe")},
        "file",
        lambda w, j: ArchiveDocument.objects.get(pk=j["id"], title="deed.pdf"),
        multipart=True,
    ),
    Case(
        "request loan",
        "records",
        lambda w: "/api/v1/archive-loans/",
        lambda w: {
            "archive_file": _archive_file(w).pk,
            "kind": "consult",
            "requester": "赵六",
            "reason": "核对",
        },
        lambda w: {
            "archive_file": _archive_file(w).pk,
            "kind": "lend",
            "requester": "赵六",
            "reason": "核对",
        },
        "due_on",
        lambda w, j: None,
    ),
    Case(
        "approve loan",
        "director",
        lambda w: f"/api/v1/archive-loans/{_loan(w).pk}/approve/",
        lambda w: {},
        lambda w: {"reason": "x" * 300},
        "reason",
        lambda w, j: None,
    ),
    Case(
        "return loan",
        "records",
        lambda w: f"/api/v1/archive-loans/{_approved_loan(w).pk}/return/",
        lambda w: {},
        lambda w: {"reason": "x" * 300},
        "reason",
        lambda w, j: None,
    ),
]


def _post(client, case, body):
    if case.multipart:
        body = {k: v for k, v in body.items() if v is not None}
    return client.post(case.url_value, body, format="multipart" if case.multipart else "json")


@pytest.fixture(params=CASES, ids=[c.name for c in CASES])
def case(request):
    return request.param


def _bind(case, world):
    case.url_value = case.url(world)
    return case


def test_success(api, world, case):
    _bind(case, world)
    api.force_login(getattr(world, case.persona))
    response = _post(api, case, case.good(world))
    assert response.status_code in (200, 201), response.json()
    case.check(world, response.json())


def test_bad_input_names_the_field(api, world, case):
    _bind(case, world)
    api.force_login(getattr(world, case.persona))
    response = _post(api, case, case.bad(world))
    assert response.status_code == 400, response.json()
    body = response.json()
    assert set(body) == {"code", "message", "fields"} and body["message"]
    assert case.field in body["fields"], body


@pytest.mark.parametrize("body", ["good", "bad"])
def test_the_outsider_gets_404_whatever_the_body(api, world, case, body):
    _bind(case, world)
    api.force_login(world.outsider)
    response = _post(api, case, getattr(case, body)(world))
    assert response.status_code == 404, (response.status_code, response.json())


def test_a_create_naming_no_object_says_which_field_is_missing(api, world):
    """Nothing of project A is named, so nothing is found or refused: the missing field is reported."""
    api.force_login(world.outsider)
    response = api.post("/api/v1/units/", {}, format="json")
    assert response.status_code == 400 and "building" in response.json()["fields"]
    assert api.post("/api/v1/units/", {"building": "x"}, format="json").status_code == 404


def test_permission_in_the_objects_project_is_checked_before_the_body(api, world):
    """The butler sees units but may not add one or record a sale: 403, even with a bad body."""
    api.force_login(world.butler)
    assert api.post("/api/v1/units/", {"building": world.building.pk}, format="json").status_code == 403
    url = f"/api/v1/units/{world.unit.pk}/transfer/"
    assert api.post(url, {}, format="json").status_code == 403
    api.force_login(world.frontdesk)  # may edit units, not record sales
    assert api.post(url, {}, format="json").status_code == 403


def test_a_party_of_another_project_is_refused_by_name(api, world):
    stranger = services.register_party(project=world.other_project, name="外人", phone="13900009876")
    api.force_login(world.records)
    body = {"on": "2025-06-01", "new_owners": [{"party": stranger.pk, "share": "100"}]}
    response = api.post(f"/api/v1/units/{world.unit.pk}/transfer/", body, format="json")
    assert response.status_code == 400 and "new_owners" in response.json()["fields"]
    assert Ownership.objects.get(unit=world.unit).ended_on is None


def test_only_an_approver_approves_a_loan(api, world):
    loan = _loan(world)
    api.force_login(world.records)
    response = api.post(f"/api/v1/archive-loans/{loan.pk}/approve/", {}, format="json")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    api.force_login(world.director)
    response = api.post(f"/api/v1/archive-loans/{loan.pk}/reject/", {"reason": ""}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["fields"]
    response = api.post(f"/api/v1/archive-loans/{loan.pk}/reject/", {"reason": "无关人员"}, format="json")
    assert response.json()["status"] == "rejected"


def test_emergency_contact_remove(api, world):
    contact = _contact(world)
    api.force_login(world.outsider)
    assert api.post(f"/api/v1/emergency-contacts/{contact.pk}/remove/").status_code == 404
    api.force_login(world.frontdesk)
    response = api.post(f"/api/v1/emergency-contacts/{contact.pk}/remove/")
    assert response.status_code == 200 and response.json()["is_active"] is False


def test_writes_are_recorded_with_the_actor(api, world):
    api.force_login(world.frontdesk)
    response = api.post(
        f"/api/v1/parties/{world.owner_party.pk}/contact/", {"phone": "13700001234"}, format="json"
    )
    assert response.json()["phone"] == "137****1234"
    last = world.owner_party.history.latest()
    assert last.history_user == world.frontdesk
