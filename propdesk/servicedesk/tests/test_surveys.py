"""Satisfaction survey campaigns (满意度调查): coverage of occupied units, index, report, owner API."""

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.registry.models import Unit
from propdesk.registry.tests.factories import BuildingFactory, UnitFactory
from propdesk.servicedesk import kpis
from propdesk.servicedesk.services import surveys

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def estate(desk):
    """20 occupied units: the world's 3-2-1501 and 19 in building 8 (one of them rented), plus vacant ones."""
    building = BuildingFactory(project=desk.project, code="8", name="8栋")
    UnitFactory.create_batch(18, building=building, status="occupied")
    UnitFactory.create_batch(1, building=building, status="rented")
    UnitFactory.create_batch(4, building=building, status="vacant")
    UnitFactory.create_batch(2, building=building, status="unsold")
    desk.building8 = building
    return desk


def campaign(desk, **kw):
    values = {
        "project": desk.project,
        "actor": desk.cs_supervisor,
        "title": "2026年上半年业主满意度调查",
        "starts_on": dt.date(2026, 6, 1),
        "ends_on": dt.date(2026, 6, 30),
    } | kw
    return surveys.create_campaign(**values)


def all_satisfied(c, value=3):
    return {q.pk: value for q in c.questions.all()}


def test_a_survey_reaching_19_of_20_occupied_units_covers_95_percent(estate):
    with time_machine.travel("2026-06-01 09:00 +0800", tick=False):
        c = surveys.open_campaign(campaign=campaign(estate), actor=estate.cs_supervisor)
    assert c.occupied_units == 20
    units = list(
        Unit.objects.filter(project=estate.project, status__in=["occupied", "rented"]).order_by("pk")
    )
    with time_machine.travel("2026-06-15 10:00 +0800", tick=False):
        for i, unit in enumerate(units[:19]):
            surveys.record_response(
                campaign=c,
                unit=unit,
                method=["door_visit", "phone", "paper"][i % 3],
                answers=all_satisfied(c),
                actor=estate.butler,
            )
    r = surveys.report(c)
    assert (r["responded"], r["occupied"], r["coverage"], r["coverage_met"]) == (19, 20, 95.0, True)
    with time_machine.travel("2026-06-30 18:00 +0800", tick=False):
        rows = {
            row.code: row
            for row in kpis.compute(
                [estate.project.pk], dt.datetime(2026, 6, 1, tzinfo=TZ), dt.datetime(2026, 7, 1, tzinfo=TZ)
            )
        }
    coverage = rows["survey_coverage"]
    assert (coverage.numerator, coverage.denominator, coverage.rate, coverage.meets) == (19, 20, 95.0, True)


def test_18_of_20_misses_the_coverage_target(estate):
    c = surveys.open_campaign(campaign=campaign(estate), actor=estate.cs_supervisor)
    for unit in Unit.objects.filter(project=estate.project, status="occupied").order_by("pk")[:18]:
        surveys.record_response(
            campaign=c, unit=unit, method="phone", answers=all_satisfied(c), actor=estate.butler
        )
    r = surveys.report(c)
    assert (r["coverage"], r["coverage_met"]) == (90.0, False)


def test_satisfaction_index_rate_per_question_and_per_building(estate):
    c = surveys.open_campaign(
        campaign=campaign(estate, questions=["服务态度", "维修及时"]), actor=estate.cs_supervisor
    )
    q1, q2 = c.questions.order_by("position")
    other = Unit.objects.filter(building=estate.building8, status="occupied").first()
    surveys.record_response(
        campaign=c, unit=estate.unit, method="door_visit", answers={q1.pk: 3, q2.pk: 3}, actor=estate.butler
    )
    surveys.record_response(
        campaign=c, unit=other, method="phone", answers={q1.pk: 2, q2.pk: 1}, actor=estate.butler
    )
    r = surveys.report(c)
    # Points: 满意 100, 基本满意 60, 不满意 0 → (100 + 100 + 60 + 0) / 4.
    assert r["index"] == 65.0
    assert r["satisfaction_rate"] == 75.0 and r["satisfaction_met"] is False
    by_q = {q["question"].text: q for q in r["questions"]}
    assert (by_q["服务态度"]["index"], by_q["服务态度"]["satisfaction_rate"]) == (80.0, 100.0)
    assert (by_q["维修及时"]["index"], by_q["维修及时"]["distribution"]) == (50.0, [(3, 1), (2, 0), (1, 1)])
    by_b = {b["name"]: b for b in r["buildings"]}
    assert (by_b["8栋"]["occupied"], by_b["8栋"]["responded"], by_b["8栋"]["index"]) == (19, 1, 30.0)
    assert by_b[estate.building.name]["index"] == 100.0


def test_five_point_scale(estate):
    c = surveys.open_campaign(
        campaign=campaign(estate, scale="five", questions=["总体"]), actor=estate.cs_supervisor
    )
    (q,) = c.questions.all()
    surveys.record_response(
        campaign=c, unit=estate.unit, method="paper", answers={q.pk: 4}, actor=estate.butler
    )
    with pytest.raises(ServiceError):
        other = Unit.objects.filter(building=estate.building8, status="occupied").first()
        surveys.record_response(
            campaign=c, unit=other, method="paper", answers={q.pk: 6}, actor=estate.butler
        )
    r = surveys.report(c)
    assert (r["index"], r["satisfaction_rate"]) == (75.0, 100.0)


def test_answers_are_checked(estate):
    c = campaign(estate, questions=["甲", "乙"])
    q1, q2 = c.questions.order_by("position")
    with pytest.raises(ServiceError) as err:  # still a draft
        surveys.record_response(
            campaign=c, unit=estate.unit, method="phone", answers={q1.pk: 3, q2.pk: 3}, actor=estate.butler
        )
    assert err.value.field == "campaign"
    surveys.set_questions(campaign=c, actor=estate.cs_supervisor, questions=["甲", "乙", "丙"])
    c = surveys.open_campaign(campaign=c, actor=estate.cs_supervisor)
    with pytest.raises(ServiceError):
        surveys.set_questions(campaign=c, actor=estate.cs_supervisor, questions=["丁"])
    q1, q2, q3 = c.questions.order_by("position")
    with pytest.raises(ServiceError) as err:
        surveys.record_response(
            campaign=c, unit=estate.unit, method="phone", answers={q1.pk: 3, q2.pk: 3}, actor=estate.butler
        )
    assert err.value.field == "answers" and "3" in err.value.message
    with pytest.raises(ServiceError) as err:
        surveys.record_response(
            campaign=c,
            unit=estate.unit,
            method="portal",
            answers={q1.pk: 3, q2.pk: 3, q3.pk: 3},
            actor=estate.butler,
        )
    assert err.value.field == "method"
    full = {q1.pk: 3, q2.pk: 3, q3.pk: 2}
    surveys.record_response(campaign=c, unit=estate.unit, method="phone", answers=full, actor=estate.butler)
    with pytest.raises(ServiceError) as err:
        surveys.record_response(
            campaign=c, unit=estate.unit, method="door_visit", answers=full, actor=estate.butler
        )
    assert err.value.field == "unit"
    foreign = UnitFactory(building=BuildingFactory(project=estate.other_project))
    with pytest.raises(ServiceError):
        surveys.record_response(campaign=c, unit=foreign, method="phone", answers=full, actor=estate.butler)
    with pytest.raises(AccessDenied):
        surveys.record_response(
            campaign=c, unit=estate.unit, method="phone", answers=full, actor=estate.technician
        )
    with pytest.raises(AccessDenied):
        surveys.write_analysis(campaign=c, actor=estate.butler, text="分析")


def test_the_owner_answers_an_open_survey_in_the_portal(estate):
    c = surveys.open_campaign(campaign=campaign(estate, questions=["甲", "乙"]), actor=estate.cs_supervisor)
    q1, q2 = c.questions.order_by("position")
    api = APIClient()
    api.force_login(estate.owner)
    listed = api.get("/api/v1/my/surveys/").json()["results"]
    assert [s["id"] for s in listed] == [c.pk]
    assert listed[0]["units"] == [{"id": estate.unit.pk, "label": estate.unit.label, "answered": False}]
    assert [ch["label"] for ch in listed[0]["choices"]] == ["满意", "基本满意", "不满意"]
    body = {"unit": estate.unit.pk, "answers": {str(q1.pk): 3, str(q2.pk): 2}, "comment": "电梯有时异响"}
    assert api.post(f"/api/v1/my/surveys/{c.pk}/answer/", body, format="json").status_code == 201
    again = api.post(f"/api/v1/my/surveys/{c.pk}/answer/", body, format="json")
    assert again.status_code == 400
    assert api.get("/api/v1/my/surveys/").json()["results"][0]["units"][0]["answered"] is True
    # Someone else's unit, and a stranger.
    other = Unit.objects.filter(building=estate.building8).first()
    response = api.post(f"/api/v1/my/surveys/{c.pk}/answer/", body | {"unit": other.pk}, format="json")
    assert response.status_code == 404
    stranger = APIClient()
    stranger.force_login(estate.outsider)
    assert stranger.post(f"/api/v1/my/surveys/{c.pk}/answer/", body, format="json").status_code == 404
    assert surveys.report(c)["responded"] == 1


def test_survey_pages_pdf_and_excel(login, estate, django_assert_max_num_queries):
    client = login(estate.cs_supervisor)
    response = client.post(
        reverse("servicedesk:survey_new"),
        {
            "title": "2026年上半年业主满意度调查",
            "starts_on": "2026-06-01",
            "ends_on": "2026-06-30",
            "scale": "three",
            "questions": "服务态度\n维修质量\n",
        },
    )
    assert response.status_code == 302
    url = response["Location"]
    pk = int(url.rstrip("/").split("/")[-1])
    client.post(reverse("servicedesk:survey_action", args=[pk]), {"action": "open"})
    from propdesk.servicedesk.models import SurveyCampaign

    c = SurveyCampaign.objects.get(pk=pk)
    q1, q2 = c.questions.order_by("position")
    butler = login(estate.butler)
    butler.post(
        reverse("servicedesk:survey_respond", args=[pk]),
        {
            "unit_label": "3-2-1501",
            "method": "door_visit",
            "respondent": "张三",
            f"q{q1.pk}": "3",
            f"q{q2.pk}": "2",
        },
    )
    client = login(estate.cs_supervisor)
    client.post(
        reverse("servicedesk:survey_analysis", args=[pk]), {"analysis": "维修质量需提升，安排工程部培训。"}
    )
    with django_assert_max_num_queries(25):
        page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "维修质量需提升" in html and "80.0" in html  # index (100 + 60) / 2
    with django_assert_max_num_queries(20):
        assert client.get(reverse("servicedesk:surveys")).status_code == 200
    pdf = client.get(reverse("servicedesk:survey_pdf", args=[pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    export = client.get(reverse("servicedesk:survey_export", args=[pk]))
    wb = load_workbook(io.BytesIO(export.content))
    detail = [[c.value for c in row] for row in wb["问卷明细"].iter_rows()]
    assert detail[1][0] == "3-2-1501" and detail[1][5:7] == ["满意", "基本满意"]
    assert login(estate.outsider).get(url).status_code == 404
