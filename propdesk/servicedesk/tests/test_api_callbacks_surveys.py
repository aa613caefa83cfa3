"""Staff API of callback plans, surveys and KPIs: access first, then the service rules."""

import datetime as dt

import pytest

from propdesk.conftest import logged_in_api
from propdesk.servicedesk.services import plans, surveys

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(desk):
    p = plans.create_plan(
        project=desk.project,
        actor=desk.cs_supervisor,
        title="季度回访",
        kind="quarterly",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 3, 31),
        content="服务质量",
        responsible=desk.butler,
        sample_size=5,
    )
    return p


def test_plans_generate_and_record_through_the_api(desk, plan):
    staff = logged_in_api(desk.cs_supervisor)
    assert staff.post(f"/api/v1/callback-plans/{plan.pk}/generate/").json() == {"generated": 1}
    listed = staff.get("/api/v1/callback-plans/").json()["results"]
    assert [(p["id"], p["total"], p["done"]) for p in listed] == [(plan.pk, 1, 0)]
    task = staff.get(f"/api/v1/callback-plans/{plan.pk}/tasks/").json()[0]
    assert task["unit_label"] == desk.unit.label
    outsider = logged_in_api(desk.outsider)
    assert (
        outsider.post(f"/api/v1/callback-tasks/{task['id']}/record/", {"method": "phone"}).status_code == 404
    )
    assert outsider.get("/api/v1/callback-plans/").json()["results"] == []
    bad = logged_in_api(desk.butler).post(
        f"/api/v1/callback-tasks/{task['id']}/record/", {"method": "phone", "satisfaction": "satisfied"}
    )
    assert (
        bad.status_code == 400 and bad.json()["fields"] == ["owner_words"] or "owner_words" in str(bad.json())
    )
    ok = logged_in_api(desk.butler).post(
        f"/api/v1/callback-tasks/{task['id']}/record/",
        {"method": "phone", "satisfaction": "satisfied", "owner_words": "都挺好"},
        format="json",
    )
    assert ok.status_code == 200 and ok.json()["state"] == "done"


def test_surveys_and_kpis_through_the_api(desk):
    campaign = surveys.open_campaign(
        campaign=surveys.create_campaign(
            project=desk.project,
            actor=desk.cs_supervisor,
            title="满意度调查",
            starts_on=dt.date(2026, 6, 1),
            ends_on=dt.date(2026, 6, 30),
            questions=["总体"],
        ),
        actor=desk.cs_supervisor,
    )
    (question,) = campaign.questions.all()
    body = {"unit": desk.unit.pk, "method": "phone", "answers": {str(question.pk): 3}}
    assert (
        logged_in_api(desk.outsider)
        .post(f"/api/v1/surveys/{campaign.pk}/respond/", body, format="json")
        .status_code
        == 404
    )
    assert (
        logged_in_api(desk.technician)
        .post(f"/api/v1/surveys/{campaign.pk}/respond/", body, format="json")
        .status_code
        == 404
    )
    assert (
        logged_in_api(desk.butler)
        .post(f"/api/v1/surveys/{campaign.pk}/respond/", body, format="json")
        .status_code
        == 201
    )
    report = logged_in_api(desk.cs_supervisor).get(f"/api/v1/surveys/{campaign.pk}/report/").json()
    assert (report["responded"], report["occupied"], report["index"]) == (1, 1, 100.0)
    rows = (
        logged_in_api(desk.cs_supervisor)
        .get("/api/v1/kpis/", {"start": "2026-06-01", "end": "2026-06-30"})
        .json()
    )
    assert {r["code"]: r for r in rows["rows"]}["survey_coverage"]["rate"] == 100.0
    assert logged_in_api(desk.cs_supervisor).get("/api/v1/kpis/", {"start": "x"}).status_code == 400
    assert (
        logged_in_api(desk.outsider)
        .get("/api/v1/kpis/", {"project": desk.project.pk, "start": "2026-06-01", "end": "2026-06-30"})
        .status_code
        == 404
    )
