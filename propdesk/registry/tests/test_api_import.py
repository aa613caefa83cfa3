"""The Excel import through the API (issue 16, item 13): upload the filled-in template (multipart) → the
checked job with its row report → run it. The twins of the import pages call the same services, after
the same permission; a refused file is a 400 naming the field and leaves no job behind."""

import pytest

from propdesk.conftest import logged_in_api
from propdesk.registry.choices import ImportStatus
from propdesk.registry.models import ImportJob, Party, Unit

from .xlsx import PARTY_HEADERS, UNIT_HEADERS, party_row, unit_row, upload, workbook

pytestmark = pytest.mark.django_db

IMPORTS = "/api/v1/imports/"


def start(user, project, kind, data, name="data.xlsx"):
    body = {"project": project.pk, "kind": kind, "file": upload(data, name)}
    return logged_in_api(user).post(IMPORTS, body, format="multipart")


@pytest.fixture
def units_file():
    return workbook(UNIT_HEADERS, [unit_row(number=f"30{k}") for k in range(1, 4)])


def test_a_file_is_uploaded_checked_and_imported_by_who_may_import(world, run_tasks_now, units_file):
    # The butler and the technician do not import (the import page refuses them); the outsider sees nothing.
    assert start(world.butler, world.project, "units", units_file).status_code == 403
    assert start(world.technician, world.project, "units", units_file).status_code == 403
    assert start(world.outsider, world.project, "units", units_file).status_code == 404
    assert not ImportJob.objects.exists()

    checked = start(world.records, world.project, "units", units_file)
    assert checked.status_code == 201, checked.json()
    job = ImportJob.objects.get()
    assert checked.json()["id"] == job.pk and job.created_by == world.records
    assert checked.json()["status"] == ImportStatus.VALID and checked.json()["total_rows"] == 3
    assert not Unit.objects.filter(building__code="5").exists()  # checked, not imported yet

    run = f"{IMPORTS}{job.pk}/run/"
    assert (
        logged_in_api(world.butler).post(run, {}, format="json").status_code == 404
    )  # no import of hers to see
    assert logged_in_api(world.outsider).post(run, {}, format="json").status_code == 404
    done = logged_in_api(world.records).post(run, {}, format="json")
    assert done.status_code == 200, done.json()
    job.refresh_from_db()
    assert (job.status, job.created) == (ImportStatus.DONE, 3)
    assert done.json()["status"] == ImportStatus.DONE and done.json()["created"] == 3
    assert Unit.objects.filter(building__code="5").count() == 3
    again = logged_in_api(world.records).post(run, {}, format="json")
    assert again.status_code == 400 and again.json()["fields"].keys() == {"status"}


def test_a_file_with_bad_rows_is_reported_and_imported_only_on_request(world, run_tasks_now):
    rows = [party_row(name="钱七", phone="13655556666"), party_row(name="孙八", phone="1365555", role="租户")]
    from decimal import Decimal

    from propdesk.registry.services import create_unit

    create_unit(building=world.building, entrance="1", floor=1, number="101", building_area=Decimal("90"))
    checked = start(world.records, world.project, "parties", workbook(PARTY_HEADERS, rows))
    assert checked.status_code == 201
    body = checked.json()
    assert body["status"] == ImportStatus.INVALID and body["bad_rows"] == 1
    assert [(p["row"], p["header"]) for p in body["problems"]] == [(3, "手机")]

    run = f"{IMPORTS}{body['id']}/run/"
    refused = logged_in_api(world.records).post(run, {}, format="json")
    assert refused.status_code == 400 and refused.json()["fields"].keys() == {"valid_only"}
    assert not Party.objects.filter(name="钱七").exists()
    bad = logged_in_api(world.records).post(run, {"valid_only": "perhaps"}, format="json")
    assert bad.status_code == 400 and bad.json()["fields"].keys() == {"valid_only"}
    done = logged_in_api(world.records).post(run, {"valid_only": True}, format="json")
    assert done.status_code == 200 and (done.json()["created"], done.json()["bad_rows"]) == (1, 1)
    assert Party.objects.filter(name="钱七").exists() and not Party.objects.filter(name="孙八").exists()


@pytest.mark.parametrize(
    ("kind", "name", "data", "field"),
    [
        ("cars", "data.xlsx", lambda: workbook(UNIT_HEADERS, [unit_row()]), "kind"),
        ("units", "data.csv", lambda: b"room,area\n", "file"),  # not .xlsx: the service's message
        ("units", "data.xlsx", lambda: workbook(["房间", "面积"], [["1", 2]]), "file"),  # not the template
        ("parties", "data.xlsx", lambda: workbook(UNIT_HEADERS, [unit_row()]), "file"),  # the other one
    ],
    ids=["kind", "not-xlsx", "not-the-template", "other-template"],
)
def test_a_bad_upload_is_refused_naming_the_field_and_leaves_no_job(
    world, run_tasks_now, kind, name, data, field
):
    refused = start(world.records, world.project, kind, data(), name=name)
    assert refused.status_code == 400 and refused.json()["fields"].keys() == {field}, refused.json()
    assert refused.json()["message"]
    assert not ImportJob.objects.exists()


def test_an_upload_without_its_file_or_project_is_refused(world, run_tasks_now):
    missing = logged_in_api(world.records).post(
        IMPORTS, {"project": world.project.pk, "kind": "units"}, format="multipart"
    )
    assert missing.status_code == 400 and missing.json()["fields"].keys() == {"file"}
    anywhere = logged_in_api(world.records).post(IMPORTS, {"kind": "units"}, format="multipart")
    assert anywhere.status_code == 400 and anywhere.json()["fields"].keys() == {"project"}
    assert not ImportJob.objects.exists()


def test_a_file_over_the_limit_is_refused_before_it_is_read(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from propdesk.core.errors import ServiceError
    from propdesk.registry import excel, services

    class Huge(SimpleUploadedFile):
        def read(self, *args):  # pragma: no cover - the point is that it is never called
            raise AssertionError("read a file over the limit")

    huge = Huge("big.xlsx", b"PK")
    huge.size = excel.MAX_BYTES + 1
    with pytest.raises(ServiceError) as refused:
        services.start_import(project=world.project, kind="units", upload=huge, actor=world.records)
    assert refused.value.field == "file" and "20 MB" in str(refused.value.message)
    assert not ImportJob.objects.exists()
