"""Dunning and printed notices through the API (issue 16, item 13): the twins of the dunning pages and
of 通知单打印 call the pages' services after the pages' checks — who is refused on the page is refused
here, bad input is a 400 naming the field and writes nothing."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from propdesk.billing.choices import CaseStatus
from propdesk.billing.models import DunningCase, DunningContact, DunningStage, NoticeBatch
from propdesk.conftest import logged_in_api

from .conftest import add_units, run_month

pytestmark = pytest.mark.django_db

CASES = "/api/v1/billing/dunning-cases/"
AFTER_DUE = "2026-04-05 10:00 +0800"  # March bills fell due on 31 March


@pytest.fixture
def arrears(billing):
    """3-2-1501 and a second unit owe March, overdue since 31 March; it is now 5 April."""
    with time_machine.travel("2026-03-01 09:00 +0800", tick=False):
        billing.second = add_units(billing, 1)[0]
        run_month(billing, dt.date(2026, 3, 1))
    with time_machine.travel(AFTER_DUE, tick=False):
        yield billing


def test_a_case_is_opened_for_a_unit_in_arrears_by_who_may_open_one(arrears):
    body = {"unit": arrears.unit.pk}
    # The technician sees the room but does not dun (the page refuses him too); the outsider sees nothing.
    assert logged_in_api(arrears.technician).post(CASES, body, format="json").status_code == 403
    assert logged_in_api(arrears.outsider).post(CASES, body, format="json").status_code == 404
    missing = logged_in_api(arrears.cashier).post(CASES, {}, format="json")
    assert missing.status_code == 400 and missing.json()["fields"].keys() == {"unit"}
    assert not DunningCase.objects.exists()

    opened = logged_in_api(arrears.cashier).post(CASES, body, format="json")
    assert opened.status_code == 201, opened.json()
    case = DunningCase.objects.get()
    assert (
        opened.json()["id"] == case.pk
        and case.status == CaseStatus.OPEN
        and case.opened_by == arrears.cashier
    )
    assert opened.json()["arrears"] == "1010.15" and opened.json()["contacts"] == []
    again = logged_in_api(arrears.butler).post(
        CASES, body, format="json"
    )  # the unit's open case, not a second one
    assert again.status_code == 200 and again.json()["id"] == case.pk
    assert DunningCase.objects.count() == 1


def test_a_unit_without_overdue_arrears_is_refused_naming_the_unit(billing):
    with time_machine.travel("2026-03-01 09:00 +0800", tick=False):
        run_month(billing, dt.date(2026, 3, 1))
        refused = logged_in_api(billing.cashier).post(
            CASES, {"unit": billing.unit.pk}, format="json"
        )  # not yet due
    assert refused.status_code == 400 and refused.json()["fields"].keys() == {"unit"}
    assert not DunningCase.objects.exists()


def test_cases_are_opened_for_the_whole_project_but_not_by_a_butler(arrears):
    url = f"{CASES}open-all/"
    body = {"project": arrears.project.pk}
    # A butler sees only her 辖区: the whole project is not hers to open (the page hides and refuses it).
    assert logged_in_api(arrears.butler).post(url, body, format="json").status_code == 403
    assert logged_in_api(arrears.technician).post(url, body, format="json").status_code == 403
    assert logged_in_api(arrears.outsider).post(url, body, format="json").status_code == 404
    assert logged_in_api(arrears.cashier).post(url, {"project": "x"}, format="json").json()[
        "fields"
    ].keys() == {"project"}
    assert not DunningCase.objects.exists()
    opened = logged_in_api(arrears.cashier).post(url, body, format="json")
    assert opened.status_code == 200 and opened.json() == {"opened": 2}
    assert set(DunningCase.objects.values_list("unit_id", flat=True)) == {arrears.unit.pk, arrears.second.pk}
    assert logged_in_api(arrears.cashier).post(url, body, format="json").json() == {"opened": 0}


@pytest.fixture
def case(arrears):
    logged_in_api(arrears.cashier).post(CASES, {"unit": arrears.unit.pk}, format="json")
    arrears.case = DunningCase.objects.get(unit=arrears.unit)
    arrears.stages = list(DunningStage.objects.filter(project=arrears.project).order_by("order"))
    return arrears


def test_a_contact_is_recorded_on_the_case_with_its_promise(case):
    url = f"{CASES}{case.case.pk}/contact/"
    written = {
        "stage": case.stages[1].pk,
        "method": "visit",
        "outcome": "promised",
        "promised_on": "2026-04-10",
        "promised_amount": "300.50",
        "note": "业主答应下周缴清",
    }
    # The general manager reads the cases but does not log contacts (as on the page).
    assert logged_in_api(case.gm).post(url, written, format="json").status_code == 403
    assert logged_in_api(case.outsider).post(url, written, format="json").status_code == 404
    recorded = logged_in_api(case.butler).post(url, written, format="json")
    assert recorded.status_code == 201, recorded.json()
    contact = DunningContact.objects.get()
    assert (contact.stage, contact.method, contact.contacted_by) == (case.stages[1], "visit", case.butler)
    assert contact.promised_on == dt.date(2026, 4, 10) and contact.promised_amount == Decimal("300.50")
    assert contact.arrears == Decimal("1010.15")
    assert recorded.json()["promised_amount"] == "300.50" and recorded.json()["arrears"] == "1010.15"
    case.case.refresh_from_db()
    assert case.case.stage == case.stages[1]  # the case moved to the contact's stage
    shown = logged_in_api(case.gm).get(f"{CASES}{case.case.pk}/").json()
    assert [c["id"] for c in shown["contacts"]] == [contact.pk]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"method": "cut_water"}, "method"),
        ({"outcome": "promised", "promised_on": None}, "promised_on"),  # the service's own rule
        ({"promised_on": "2026-04-01"}, "promised_on"),  # before today
        ({"promised_amount": "-5"}, "promised_amount"),
        ({"promised_amount": "1.234"}, "promised_amount"),  # money has two places
        ({"stage": None}, "stage"),
    ],
)
def test_a_bad_contact_is_refused_naming_the_field_and_writes_nothing(case, change, field):
    body = {"stage": case.stages[0].pk, "method": "phone", "outcome": "promised", "promised_on": "2026-04-10"}
    body.update(change)
    refused = logged_in_api(case.butler).post(f"{CASES}{case.case.pk}/contact/", body, format="json")
    assert refused.status_code == 400 and field in refused.json()["fields"], refused.json()
    assert not DunningContact.objects.exists()


def test_another_projects_stage_is_no_stage(case):
    from propdesk.billing.services.dunning import load_dunning_defaults

    load_dunning_defaults(project=case.other_project)
    theirs = DunningStage.objects.filter(project=case.other_project).first()
    body = {"stage": theirs.pk, "method": "phone", "outcome": "no_answer"}
    refused = logged_in_api(case.butler).post(f"{CASES}{case.case.pk}/contact/", body, format="json")
    assert refused.status_code == 400 and refused.json()["fields"].keys() == {"stage"}
    assert not DunningContact.objects.exists()


def test_a_case_is_closed_with_its_reason_by_who_may_close_it(case):
    url = f"{CASES}{case.case.pk}/close/"
    assert logged_in_api(case.gm).post(url, {"reason": "已移交律师"}, format="json").status_code == 403
    assert logged_in_api(case.outsider).post(url, {"reason": "已移交律师"}, format="json").status_code == 404
    blank = logged_in_api(case.cashier).post(url, {"reason": ""}, format="json")
    assert blank.status_code == 400 and blank.json()["fields"].keys() == {"reason"}
    case.case.refresh_from_db()
    assert case.case.status == CaseStatus.OPEN
    closed = logged_in_api(case.cashier).post(url, {"reason": "已移交律师"}, format="json")
    assert closed.status_code == 200 and closed.json()["status"] == CaseStatus.CLOSED
    case.case.refresh_from_db()
    assert (case.case.status, case.case.close_reason) == (CaseStatus.CLOSED, "已移交律师")
    twice = logged_in_api(case.cashier).post(url, {"reason": "再关一次"}, format="json")
    assert twice.status_code == 400  # the service refuses: already closed
    late = logged_in_api(case.butler).post(
        f"{CASES}{case.case.pk}/contact/",
        {"stage": case.stages[0].pk, "method": "phone", "outcome": "no_answer"},
        format="json",
    )
    assert late.status_code == 400 and late.json()["fields"].keys() == {"case"}


def test_a_butler_does_not_reach_the_cases_beyond_her_buildings(case):
    from propdesk.core.models import Membership
    from propdesk.registry.services import create_building

    elsewhere = create_building(project=case.project, code="9", name="9栋", floors=6, entrances=1)
    Membership.objects.get(user=case.butler, project=case.project).buildings.set([elsewhere])
    body = {"stage": case.stages[0].pk, "method": "phone", "outcome": "no_answer"}
    assert (
        logged_in_api(case.butler).post(f"{CASES}{case.case.pk}/contact/", body, format="json").status_code
        == 404
    )
    assert logged_in_api(case.butler).post(CASES, {"unit": case.second.pk}, format="json").status_code == 404
    assert logged_in_api(case.butler).get(CASES).json()["results"] == []
    assert not DunningContact.objects.exists()


# ---------------------------------------------------------------- printed notices

NOTICES = "/api/v1/billing/notice-batches/"


def test_a_buildings_notices_are_requested_and_downloaded_through_the_api(
    arrears, django_capture_on_commit_callbacks
):
    body = {"building": arrears.building.pk, "kind": "dunning"}
    assert logged_in_api(arrears.technician).post(NOTICES, body, format="json").status_code == 403
    assert logged_in_api(arrears.outsider).post(NOTICES, body, format="json").status_code == 404
    bad = logged_in_api(arrears.butler).post(NOTICES, {**body, "kind": "final_warning"}, format="json")
    assert bad.status_code == 400 and bad.json()["fields"].keys() == {"kind"}
    assert logged_in_api(arrears.butler).post(NOTICES, {"kind": "dunning"}, format="json").json()[
        "fields"
    ].keys() == {"building"}
    assert not NoticeBatch.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        requested = logged_in_api(arrears.butler).post(NOTICES, body, format="json")
    assert requested.status_code == 201, requested.json()
    assert requested.json()["status"] == "pending" and requested.json()["pdf"] is None
    batch = NoticeBatch.objects.get()
    assert (batch.building, batch.kind, batch.requested_by) == (arrears.building, "dunning", arrears.butler)
    assert batch.status == "done" and batch.pages == 2  # rendered after commit: both rooms of building 3

    shown = logged_in_api(arrears.butler).get(f"{NOTICES}{batch.pk}/").json()
    assert shown["status"] == "done" and shown["pdf"] == f"{NOTICES}{batch.pk}/pdf/"
    pdf = logged_in_api(arrears.butler).get(shown["pdf"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert logged_in_api(arrears.technician).get(shown["pdf"]).status_code == 404


def test_a_notice_batch_not_ready_is_not_downloaded(arrears):
    batch = NoticeBatch.objects.create(
        project=arrears.project, building=arrears.building, kind="payment", requested_by=arrears.cashier
    )
    assert logged_in_api(arrears.cashier).get(f"{NOTICES}{batch.pk}/pdf/").status_code == 404


def test_the_lists_take_as_many_queries_for_two_rows_as_for_one(arrears):
    """No query per row: the dunning cases, the notice batches and the debit mandates."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from propdesk.billing.services import debit as debit_services
    from propdesk.billing.services import dunning as dunning_services

    def add_rows(unit):
        dunning_services.open_case(unit=unit, actor=arrears.cashier)
        NoticeBatch.objects.create(
            project=arrears.project, building=arrears.building, kind="payment", requested_by=arrears.cashier
        )
        debit_services.add_mandate(
            unit=unit,
            bank_name="工商银行",
            account_name="张三",
            account_number="6222020200112233445",
            signed_on=dt.date(2026, 1, 5),
            actor=arrears.cashier,
        )

    def queries(url, rows):
        client = logged_in_api(arrears.cashier)
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200 and len(response.json()["results"]) == rows
        return len(captured)

    lists = (CASES, NOTICES, "/api/v1/billing/debit-mandates/")
    add_rows(arrears.unit)
    one = [queries(url, 1) for url in lists]
    add_rows(arrears.second)
    assert [queries(url, 2) for url in lists] == one
