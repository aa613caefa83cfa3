"""Downloaded files are named by the project's calendar day, not the server's (UTC) one."""

import datetime as dt

import pytest
import time_machine

from propdesk.core.downloads import disposition, project_date, stamp

pytestmark = pytest.mark.django_db

# 23:30 and 00:30 in Wuhan (UTC+8) on either side of midnight of 10 March 2026.
BEFORE_MIDNIGHT = dt.datetime(2026, 3, 10, 15, 30, tzinfo=dt.UTC)
AFTER_MIDNIGHT = dt.datetime(2026, 3, 10, 16, 30, tzinfo=dt.UTC)


def test_the_stamp_is_the_projects_local_day(world):
    assert world.project.timezone == "Asia/Shanghai"
    assert stamp(world.project, at=BEFORE_MIDNIGHT) == "20260310"
    assert stamp(world.project, at=AFTER_MIDNIGHT) == "20260311"
    assert stamp(world.project, "%Y%m%d-%H%M", at=AFTER_MIDNIGHT) == "20260311-0030"
    assert project_date(world.project, at=AFTER_MIDNIGHT) == dt.date(2026, 3, 11)


def test_non_ascii_names_are_sent_in_utf8():
    assert disposition("bills-20260311.xlsx") == 'attachment; filename="bills-20260311.xlsx"'
    header = disposition("催缴通知-3-2-1501.pdf", inline=True)
    assert header.startswith("inline; filename=")
    assert "filename*=UTF-8''%E5%82%AC" in header


@pytest.mark.parametrize(
    ("who", "url", "prefix"),
    [
        ("director", "/billing/bills/export/", "bills-"),
        ("frontdesk", "/servicedesk/export.xlsx", "requests-"),
        ("director", "/registry/export/units.xlsx", "units-"),
    ],
)
@pytest.mark.parametrize(("at", "day"), [(BEFORE_MIDNIGHT, "20260310"), (AFTER_MIDNIGHT, "20260311")])
def test_excel_exports_carry_the_local_date_even_on_a_utc_server(
    world, login, settings, who, url, prefix, at, day
):
    settings.TIME_ZONE = "UTC"  # a container's clock; the project is in Asia/Shanghai
    with time_machine.travel(at, tick=False):
        response = login(getattr(world, who)).get(url)
    assert response.status_code == 200, url
    assert f'filename="{prefix}{day}' in response["Content-Disposition"]
