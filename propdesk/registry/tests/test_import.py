"""Excel import: every failure case with a real xlsx, row-by-row reports, idempotent re-import."""

import datetime as dt
import io
import random

import pytest
from openpyxl import load_workbook

from propdesk.core import fakedata
from propdesk.registry.choices import ImportStatus
from propdesk.registry.models import ImportJob, Ownership, Party, Residency, Unit

from .xlsx import PARTY_HEADERS, UNIT_HEADERS, party_row, unit_row, upload, workbook

pytestmark = pytest.mark.django_db


def _upload(client, kind, data, name="data.xlsx"):
    return client.post("/registry/import/", {"kind": kind, "file": upload(data, name)})


def _job():
    return ImportJob.objects.latest("id")


@pytest.fixture
def clerk(world, login, run_tasks_now):
    from decimal import Decimal

    from propdesk.registry.services import create_unit

    create_unit(building=world.building, entrance="1", floor=1, number="101", building_area=Decimal("90"))
    return login(world.records)


def test_templates_download_with_the_expected_headers(clerk):
    for kind, headers in (("units", UNIT_HEADERS), ("parties", PARTY_HEADERS)):
        response = clerk.get("/registry/import/template/", {"kind": kind})
        wb = load_workbook(io.BytesIO(response.content))
        assert [c.value for c in wb.worksheets[0][1]] == headers
        assert wb.sheetnames[1] == "填写说明"


def test_units_import_then_reimport_changes_nothing(clerk, world):
    rows = [unit_row(number=f"{f}0{k}", floor=f) for f in range(1, 4) for k in range(1, 3)]
    data = workbook(
        UNIT_HEADERS,
        rows + [unit_row(building="3", entrance="2", floor=15, number="1501", area=120.5, inner=None)],
    )
    response = _upload(clerk, "units", data)
    job = _job()
    assert response.status_code == 302 and job.status == ImportStatus.VALID and job.total_rows == 7
    clerk.post(f"/registry/import/{job.pk}/run/")
    job.refresh_from_db()
    assert (job.status, job.created, job.updated, job.unchanged) == (
        "done",
        6,
        0,
        1,
    )  # 3-2-1501: inner area cleared? no: status same
    count = Unit.objects.filter(project=world.project).count()
    histories = Unit.history.count()
    _upload(clerk, "units", data)
    again = _job()
    clerk.post(f"/registry/import/{again.pk}/run/")
    again.refresh_from_db()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 7)
    assert Unit.objects.get(building__code="5", number="301").status == "occupied"
    assert Unit.objects.filter(project=world.project).count() == count
    assert Unit.history.count() == histories
    assert Unit.objects.get(building__code="5", number="301").history.first().history_user == world.records


def test_a_bad_row_blocks_the_import_and_is_reported(clerk, world):
    good_id = fakedata.id_number(random.Random(3))
    rows = [
        party_row(name="钱七", id_number=good_id, phone="13655556666"),
        party_row(name="孙八", role="租户", id_type="", phone="1365555", started_on=dt.date(2026, 2, 1)),
        party_row(name="周九", number="9999", role="住户", id_type="", phone="13677778888"),
    ]
    _upload(clerk, "parties", workbook(PARTY_HEADERS, rows))
    job = _job()
    assert job.status == ImportStatus.INVALID and job.bad_rows == 2
    assert {(p["row"], p["column"], p["header"]) for p in job.problems} == {
        (3, "I", "手机"),
        (4, "C", "房号"),
    }
    page = clerk.get(f"/registry/import/{job.pk}/").content.decode()
    assert "手机号码应为11位数字，实际为7位" in page and "房屋3-1-9999不存在" in page
    # Nothing imported while a row is bad.
    response = clerk.post(f"/registry/import/{job.pk}/run/")
    assert not Party.objects.filter(name="钱七").exists()
    # The report: the bad cells are highlighted and commented.
    report = load_workbook(io.BytesIO(clerk.get(f"/registry/import/{job.pk}/report.xlsx").content))
    ws = report.worksheets[0]
    assert ws["I3"].fill.fgColor.rgb.endswith("FFC7CE") and "11位" in ws["I3"].comment.text
    assert ws["A2"].fill.fgColor.rgb in ("00000000", None) or not ws["A2"].fill.fill_type
    assert "11位" in ws.cell(row=3, column=len(PARTY_HEADERS) + 1).value
    assert report["问题清单"].max_row == 3
    assert response.status_code == 302


def test_import_the_valid_rows_on_request(clerk, world):
    rows = [party_row(name="钱七", phone="13655556666"), party_row(name="孙八", phone="1365555", role="租户")]
    _upload(clerk, "parties", workbook(PARTY_HEADERS, rows))
    job = _job()
    clerk.post(f"/registry/import/{job.pk}/run/", {"valid_only": "1"})
    job.refresh_from_db()
    assert (job.status, job.created, job.bad_rows) == ("done", 1, 1)
    assert Residency.objects.none().count() == 0
    assert not Party.objects.filter(name="孙八").exists()


def test_fixed_file_imports_and_the_same_party_is_found_by_id_number(clerk, world):
    id_number = fakedata.id_number(random.Random(11))
    rows = [
        party_row(name="钱七", id_number=id_number, role="租户", phone="13655556666"),
        party_row(name="钱七", id_number=id_number.lower(), role="住户", phone="13655556666"),
    ]
    data = workbook(PARTY_HEADERS, rows)
    _upload(clerk, "parties", data)
    clerk.post(f"/registry/import/{_job().pk}/run/")
    assert Party.objects.filter(name="钱七").count() == 1
    assert Residency.objects.filter(party__name="钱七", ended_on__isnull=True).count() == 2
    _upload(clerk, "parties", data)
    clerk.post(f"/registry/import/{_job().pk}/run/")
    job = _job()
    assert (job.created, job.unchanged) == (0, 2)
    assert Party.objects.filter(name="钱七").count() == 1


def test_owner_shares_over_one_hundred_are_refused(clerk, world):
    _upload(
        clerk,
        "parties",
        workbook(PARTY_HEADERS, [party_row(name="钱七", share=50, number="1501", entrance="2")]),
    )
    job = _job()
    assert job.status == "invalid"
    assert "超过100%" in job.problems[0]["problem"]
    assert not Ownership.objects.filter(party__name="钱七").exists()


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        ("parties", lambda: workbook(UNIT_HEADERS, [unit_row()]), "这是“楼栋房屋”模板"),
        ("units", lambda: workbook(["房间", "面积"], [["1", 2]]), "这不是“楼栋房屋”导入模板（缺少列"),
        ("units", lambda: workbook([], []), "是空的"),
        ("units", lambda: workbook(UNIT_HEADERS, []), "只有表头，没有数据行"),
        ("units", lambda: workbook(UNIT_HEADERS, [unit_row()], merge="A1:B1"), "合并单元格"),
        ("units", lambda: workbook(UNIT_HEADERS, [unit_row()], pad_bytes=21 * 1024 * 1024), "超过20 MB"),
        ("units", lambda: b"not a workbook at all", "无法读取该文件"),
    ],
    ids=[
        "other-template",
        "wrong-template",
        "empty-sheet",
        "header-only",
        "merged-header",
        "20mb",
        "not-xlsx",
    ],
)
def test_bad_files_get_a_clear_message(clerk, kind, data, message):
    response = _upload(clerk, kind, data())
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_dates_as_text_are_named(clerk, world):
    _upload(clerk, "parties", workbook(PARTY_HEADERS, [party_row(started_on="2020/5/1")]))
    problem = _job().problems[0]
    assert (problem["column"], problem["header"]) == ("L", "起始日期")
    assert "是文本，不是日期" in problem["problem"]


def test_not_an_xlsx_name_is_refused(clerk):
    response = _upload(clerk, "units", workbook(UNIT_HEADERS, [unit_row()]), name="data.xls")
    assert "不是.xlsx文件" in response.content.decode()


def test_progress_is_polled_until_done(clerk, world):
    _upload(clerk, "units", workbook(UNIT_HEADERS, [unit_row()]))
    job = _job()
    response = clerk.get(f"/registry/import/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"
    assert "1 / 1" in response.content.decode()


def test_units_export_round_trips_through_the_import(clerk, world, login):
    director = login(world.director)
    exported = director.get("/registry/export/units.xlsx").content
    ws = load_workbook(io.BytesIO(exported)).active
    assert [c.value for c in ws[1]] == UNIT_HEADERS
    assert ws.max_row == 3  # 3-2-1501 and 3-1-101
    clerk = login(world.records)
    _upload(clerk, "units", exported)
    assert _job().status == "valid"


def test_the_upload_is_kept_encrypted_problems_are_masked_and_the_file_goes_after_retention(
    clerk, world, settings, tmp_path, login
):
    """Issue 16, item 12: the workbook stayed in MEDIA_ROOT/imports/ in clear, and the stored problem
    list (also returned by the API) held the rejected cell's full value."""
    import time_machine
    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path
    bad_id = fakedata.id_number(random.Random(5))[:17] + "0"  # wrong check digit
    bad_id = bad_id if bad_id[-1] != fakedata.id_number(random.Random(5))[-1] else bad_id[:17] + "1"
    with time_machine.travel("2026-03-01 10:00 +0800", tick=False):
        _upload(
            clerk,
            "parties",
            workbook(PARTY_HEADERS, [party_row(name="钱七", id_number=bad_id, phone="1365555")]),
        )
    job = _job()
    stored = job.file.open("rb").read()
    assert bad_id.encode() not in stored and not stored.startswith(b"PK")  # not a readable workbook
    values = {p["header"]: p["value"] for p in job.problems}
    assert bad_id not in str(job.problems) and values["证件号码"] == bad_id[:3] + "*" * 11 + bad_id[-4:]
    assert values["手机"] == "****5555"
    api = login(world.director).get(f"/api/v1/imports/{job.pk}/")
    assert api.status_code == 200 and bad_id not in api.content.decode()
    # The report is still built from the encrypted upload while it is kept.
    response = clerk.get(f"/registry/import/{job.pk}/report.xlsx")
    assert response.status_code == 200, response.content[:300]
    report = load_workbook(io.BytesIO(response.content))
    assert report.worksheets[0].max_row == 2

    with time_machine.travel("2026-03-07 10:00 +0800", tick=False):
        call_command("purge_import_files")
    job.refresh_from_db()
    assert job.file  # six days: kept
    with time_machine.travel("2026-03-09 10:00 +0800", tick=False):
        call_command("purge_import_files")
    job.refresh_from_db()
    assert not job.file and not [f for f in (tmp_path / "imports").rglob("*") if f.is_file()]
    report = load_workbook(io.BytesIO(clerk.get(f"/registry/import/{job.pk}/report.xlsx").content))
    assert report.sheetnames == ["问题清单"] and report["问题清单"].max_row == 1 + len(job.problems)


ENGLISH_UNIT_HEADERS = [
    "Building number",
    "Entrance",
    "Floor",
    "Room number",
    "Building area",
    "Inner area",
    "Use",
    "Status",
]


def test_the_template_is_in_the_session_language_and_a_file_reads_in_either(clerk, world, settings):
    """Issue 13: an English session gets an English template and English problems; a file filled in
    from the Chinese template imports there, and an English file imports in a Chinese session."""
    clerk.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    wb = load_workbook(io.BytesIO(clerk.get("/registry/import/template/", {"kind": "units"}).content))
    assert [c.value for c in wb.worksheets[0][1]] == ENGLISH_UNIT_HEADERS
    assert [c.value for c in wb.worksheets[0][2]][6:] == ["Residential", "Occupied"]
    assert wb.sheetnames == ["Buildings and units", "How to fill in"]
    assert wb["How to fill in"]["C9"].value == "Unsold, Delivered, Occupied, Vacant, Renovating, Rented"

    _upload(
        clerk,
        "units",
        workbook(UNIT_HEADERS, [unit_row(number="301"), unit_row(number="302", status="已入住")]),
    )
    assert _job().status == ImportStatus.VALID

    _upload(clerk, "parties", workbook(PARTY_HEADERS, [party_row(phone="1365555", kind="Company")]))
    problem = _job().problems[0]
    assert (problem["header"], problem["problem"]) == (
        "Mobile phone",
        "Mobile number: should have 11 digits, not 7",
    )

    clerk.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    rows = [unit_row(number="401", use="residential", status="Occupied"), unit_row(number="402", use="Bogus")]
    _upload(clerk, "units", workbook(ENGLISH_UNIT_HEADERS, rows))
    job = _job()
    assert job.status == ImportStatus.INVALID and job.bad_rows == 1
    assert job.problems[0]["problem"] == "用途应为：住宅、商铺、办公、车位、储藏室"
