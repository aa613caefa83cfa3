"""Registry services: relations end with a date, statuses follow the table, problems are named."""

import datetime as dt
from decimal import Decimal

import pytest

from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.registry import services
from propdesk.registry.choices import CareKind, IdType, LoanKind, LoanStatus, ResidencyKind, UnitStatus
from propdesk.registry.models import ArchiveLoanEvent, Ownership, Unit, UnitEvent

pytestmark = pytest.mark.django_db


def _party(world, name="李四", id_number="", phone="13900001111"):
    return services.register_party(
        project=world.project,
        name=name,
        phone=phone,
        id_type=IdType.RESIDENT_ID if id_number else "",
        id_number=id_number,
        actor=world.records,
    )


def test_sale_ends_the_old_ownership_and_keeps_it(world):
    buyer = _party(world)
    services.transfer_ownership(
        unit=world.unit, new_owners=[(buyer, Decimal("100"))], on=dt.date(2026, 3, 1), actor=world.records
    )
    rows = list(Ownership.objects.filter(unit=world.unit).order_by("started_on"))
    assert [(r.party.name, r.started_on, r.ended_on) for r in rows] == [
        (world.owner_party.name, dt.date(2020, 5, 1), dt.date(2026, 3, 1)),
        ("李四", dt.date(2026, 3, 1), None),
    ]
    # The old row was ended, not rewritten: its history has the create and the end.
    old = rows[0]
    assert [h.history_type for h in old.history.order_by("history_id")] == ["+", "~"]
    assert old.history.first().history_user == world.records


def test_transfer_needs_shares_of_one_hundred(world):
    a, b = _party(world, "甲"), _party(world, "乙", phone="13900002222")
    with pytest.raises(ServiceError, match="100%") as err:
        services.transfer_ownership(
            unit=world.unit,
            new_owners=[(a, Decimal("50")), (b, Decimal("40"))],
            on=dt.date(2026, 1, 1),
            actor=None,
        )
    assert err.value.field == "new_owners"
    services.transfer_ownership(
        unit=world.unit,
        new_owners=[(a, Decimal("50")), (b, Decimal("50"))],
        on=dt.date(2026, 1, 1),
        actor=None,
    )
    assert Ownership.objects.filter(unit=world.unit, ended_on__isnull=True).count() == 2


def test_co_owner_shares_never_exceed_one_hundred(world):
    with pytest.raises(ServiceError, match="超过100%"):
        services.start_ownership(
            unit=world.unit, party=_party(world), started_on=dt.date(2026, 1, 1), share=Decimal("10")
        )


def test_status_follows_the_transition_table_and_writes_events(world):
    services.change_unit_status(
        unit=world.unit, to=UnitStatus.RENOVATING, reason="装修申请已批准", actor=world.frontdesk
    )
    world.unit.refresh_from_db()
    assert world.unit.status == UnitStatus.RENOVATING
    event = UnitEvent.objects.filter(unit=world.unit).first()
    assert (event.from_status, event.to_status, event.actor, event.reason) == (
        "occupied",
        "renovating",
        world.frontdesk,
        "装修申请已批准",
    )
    with pytest.raises(ServiceError) as err:
        services.change_unit_status(unit=world.unit, to=UnitStatus.UNSOLD, actor=world.frontdesk)
    assert (err.value.field, err.value.code) == ("status", "status_not_allowed")


def test_new_unit_starts_its_timeline(world):
    unit = services.create_unit(
        building=world.building,
        entrance="1",
        floor=2,
        number="201",
        building_area=Decimal("88"),
        actor=world.records,
    )
    assert list(UnitEvent.objects.filter(unit=unit).values_list("from_status", "to_status")) == [
        ("", "unsold")
    ]


@pytest.mark.parametrize(
    ("kwargs", "field", "text"),
    [
        ({"number": "1501", "entrance": "2"}, "number", "3栋2单元1501已存在"),
        ({"building_area": Decimal("0")}, "building_area", "建筑面积必须大于0"),
        ({"inner_area": Decimal("-1")}, "inner_area", "套内面积必须大于0"),
        ({"inner_area": Decimal("200")}, "inner_area", "套内面积不能大于建筑面积"),
    ],
)
def test_unit_problems_name_the_field(world, kwargs, field, text):
    args = {"entrance": "1", "floor": 3, "number": "301", "building_area": Decimal("90"), **kwargs}
    with pytest.raises(ServiceError, match=text) as err:
        services.create_unit(building=world.building, **args)
    assert err.value.field == field


def test_same_room_number_in_another_entrance_is_fine(world):
    services.create_unit(
        building=world.building, entrance="1", floor=15, number="1501", building_area=Decimal("90")
    )
    assert Unit.objects.filter(building=world.building, number="1501").count() == 2


@pytest.mark.parametrize(
    ("kwargs", "field", "text"),
    [
        ({"phone": "1381234"}, "phone", "手机号码应为11位"),
        ({"landline": "87654321"}, "landline", "固定电话"),
        (
            {"id_type": IdType.RESIDENT_ID, "id_number": "110105194912310021"},
            "id_number",
            "身份证号码校验码错误",
        ),
        (
            {"id_type": IdType.CREDIT_CODE, "id_number": "91350100M000100Y44"},
            "id_number",
            "统一社会信用代码校验码错误",
        ),
        ({"name": " "}, "name", "姓名不能为空"),
    ],
)
def test_party_problems_name_the_field(world, kwargs, field, text):
    with pytest.raises(ServiceError, match=text) as err:
        services.register_party(project=world.project, **{"name": "王五", **kwargs})
    assert err.value.field == field


def test_the_same_id_number_is_not_registered_twice(world):
    with pytest.raises(ServiceError, match="已登记"):
        _party(world, id_number="11010519491231002x")


def test_move_out_ends_the_residency_with_a_date(world):
    tenant = _party(world)
    residency = services.start_residency(
        unit=world.unit,
        party=tenant,
        kind=ResidencyKind.TENANT,
        started_on=dt.date(2025, 1, 1),
        actor=world.frontdesk,
    )
    services.end_residency(residency=residency, ended_on=dt.date(2026, 1, 31), actor=world.frontdesk)
    residency.refresh_from_db()
    assert residency.ended_on == dt.date(2026, 1, 31)
    # Moving in again later is a new row.
    services.start_residency(
        unit=world.unit,
        party=tenant,
        kind=ResidencyKind.TENANT,
        started_on=dt.date(2026, 6, 1),
        actor=world.frontdesk,
    )
    assert world.unit.residencies.count() == 2


def test_vehicle_plates_are_normalised_and_unique(world):
    vehicle = services.register_vehicle(
        unit=world.unit, plate="鄂a·d12345", started_on=dt.date(2026, 1, 1), actor=None
    )
    assert (vehicle.plate, vehicle.new_energy) == ("鄂AD12345", True)
    with pytest.raises(ServiceError, match="已登记"):
        services.register_vehicle(
            unit=world.unit, plate="鄂AD12345", started_on=dt.date(2026, 1, 1), actor=None
        )
    with pytest.raises(ServiceError, match="车牌号") as err:
        services.register_vehicle(unit=world.unit, plate="鄂A12", started_on=dt.date(2026, 1, 1), actor=None)
    assert err.value.field == "plate"


def test_care_note_and_emergency_contact(world):
    note = services.add_care_note(
        unit=world.unit,
        kind=CareKind.ELDERLY_ALONE,
        preferred_contact_time="上午9点后",
        started_on=dt.date(2026, 1, 1),
        actor=None,
    )
    assert note.get_kind_display()
    with pytest.raises(ServiceError, match="其他"):
        services.add_care_note(
            unit=world.unit, kind=CareKind.OTHER, started_on=dt.date(2026, 1, 1), actor=None
        )
    services.add_emergency_contact(
        unit=world.unit, name="张小三", relation="儿子", phone="027-87654321", actor=None
    )
    with pytest.raises(ServiceError, match="既不是手机号码") as err:
        services.add_emergency_contact(unit=world.unit, name="某", phone="12345", actor=None)
    assert err.value.field == "phone"


def test_archive_loan_flow(world):
    file = services.open_archive_file(project=world.project, unit=world.unit, actor=world.records)
    assert file.catalogue_number.startswith("DA")
    second = services.open_archive_file(project=world.project, party=world.owner_party, actor=world.records)
    assert int(second.catalogue_number[-5:]) == int(file.catalogue_number[-5:]) + 1
    with pytest.raises(ServiceError, match="归还日期"):
        services.request_loan(
            archive_file=file,
            kind=LoanKind.LEND,
            requester="工程部刘工",
            reason="核对图纸",
            actor=world.records,
        )
    loan = services.request_loan(
        archive_file=file,
        kind=LoanKind.LEND,
        requester="工程部刘工",
        reason="核对图纸",
        due_on=dt.date.today() + dt.timedelta(days=3),
        actor=world.records,
    )
    with pytest.raises(AccessDenied):
        services.move_loan(loan=loan, to=LoanStatus.APPROVED, actor=world.records)
    services.move_loan(loan=loan, to=LoanStatus.APPROVED, actor=world.cs_supervisor)
    services.move_loan(loan=loan, to=LoanStatus.RETURNED, actor=world.records)
    with pytest.raises(ServiceError) as err:
        services.move_loan(loan=loan, to=LoanStatus.APPROVED, actor=world.cs_supervisor)
    assert (err.value.field, err.value.code) == ("status", "status_not_allowed")
    assert list(ArchiveLoanEvent.objects.filter(loan=loan).values_list("to_status", flat=True)) == [
        "requested",
        "approved",
        "returned",
    ]


def test_an_html_page_renamed_pdf_is_not_filed_in_the_archive(world):
    """Issue 17, item 7: the archive upload checked only the extension."""
    from django.core.files.base import ContentFile

    from propdesk.registry.choices import DocumentType
    from propdesk.registry.models import ArchiveDocument

    archive = services.open_archive_file(project=world.project, unit=world.unit, actor=world.records)
    for name, data in [("deed.pdf", b"<html><script>alert(1)</script></html>"), ("scan.tif", b"II*\x00rest")]:
        upload = ContentFile(data, name=name)
        if name.endswith(".tif"):
            services.add_document(
                archive_file=archive, doc_type=DocumentType.CONTRACT, upload=upload, actor=world.records
            )
            continue
        with pytest.raises(ServiceError) as err:
            services.add_document(
                archive_file=archive, doc_type=DocumentType.CONTRACT, upload=upload, actor=world.records
            )
        assert err.value.field == "file"
    assert list(ArchiveDocument.objects.values_list("title", flat=True)) == ["scan.tif"]
