"""The callback plan page's API twins: create, edit and close a plan (issue 16, item 13).

Each calls the page's service: the planners (CS supervisor, director) may; whoever only sees plans is
refused as on the page (403), the outsider finds nothing (404); bad input names its field and writes
nothing.
"""

import datetime as dt

import pytest

from propdesk.conftest import logged_in_api
from propdesk.registry.tests.factories import BuildingFactory, UnitFactory
from propdesk.servicedesk.models import CallbackPlan, CallbackTask, PlanState
from propdesk.servicedesk.services import plans

pytestmark = pytest.mark.django_db

URL = "/api/v1/callback-plans/"


def body(desk, **kw):
    return {
        "project": desk.project.pk,
        "title": "2026年第二季度业主回访",
        "kind": "quarterly",
        "starts_on": "2026-04-01",
        "ends_on": "2026-06-30",
        "content": "了解各部门上一季度的服务质量",
        "method": "phone",
        "responsible": desk.butler.pk,
        "sample_size": 3,
    } | kw


@pytest.fixture
def plan(desk):
    return plans.create_plan(
        project=desk.project,
        actor=desk.cs_supervisor,
        title="季度回访",
        kind="quarterly",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 3, 31),
        content="服务质量",
        responsible=desk.butler,
        sample_size=1,
    )


def test_the_cs_supervisor_creates_a_plan_through_the_api(desk):
    made = logged_in_api(desk.cs_supervisor).post(
        URL, body(desk, buildings=[desk.building.pk]), format="json"
    )
    assert made.status_code == 201, made.content
    plan = CallbackPlan.objects.get(pk=made.json()["id"])
    assert (plan.title, plan.state, plan.responsible, plan.created_by) == (
        "2026年第二季度业主回访",
        PlanState.DRAFT,
        desk.butler,
        desk.cs_supervisor,
    )
    assert list(plan.buildings.all()) == [desk.building]
    assert made.json()["total"] == 0 and plan.events.count() == 1  # its "created" status event


def test_who_may_not_plan_is_refused_as_on_the_page(desk):
    # The front desk sees plans but does not make them: the page answers 403, so does the API.
    assert logged_in_api(desk.frontdesk).post(URL, body(desk), format="json").status_code == 403
    # The outsider does not see project A at all.
    assert logged_in_api(desk.outsider).post(URL, body(desk), format="json").status_code == 404
    assert not CallbackPlan.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"project": None}, "project"),
        ({"kind": "weekly"}, "kind"),
        ({"starts_on": "1 April"}, "starts_on"),
        ({"ends_on": "2026-03-01"}, "ends_on"),  # before it starts: the service's rule
        ({"content": ""}, "content"),
        ({"sample_size": 0}, "sample_size"),  # a quarterly plan samples some units
        ({"kind": "problem"}, "category"),  # a problem plan names its category
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(desk, change, field):
    answer = logged_in_api(desk.cs_supervisor).post(URL, body(desk, **change), format="json")
    assert answer.status_code == 400, answer.content
    assert field in answer.json()["fields"]
    assert not CallbackPlan.objects.exists()


def test_related_objects_come_from_the_plans_project(desk):
    """A responsible person, category or building of another project is refused by its field, as the
    page's form lists only the project's."""
    other = BuildingFactory(project=desk.second_project, code="9")
    client = logged_in_api(desk.cs_supervisor)
    for change, field in (
        ({"responsible": desk.outsider.pk}, "responsible"),
        ({"buildings": [other.pk]}, "buildings"),
    ):
        answer = client.post(URL, body(desk, **change), format="json")
        assert answer.status_code == 400 and field in answer.json()["fields"], answer.content
    assert not CallbackPlan.objects.exists()


def test_a_draft_is_edited_through_the_api_an_active_plan_keeps_its_sample(desk, plan):
    UnitFactory.create_batch(2, building=desk.building, status="occupied")
    client = logged_in_api(desk.cs_supervisor)
    url = f"{URL}{plan.pk}/"
    edited = client.patch(url, {"title": " 一季度回访 ", "sample_size": 2}, format="json")
    assert edited.status_code == 200, edited.content
    plan.refresh_from_db()
    assert (plan.title, plan.sample_size) == ("一季度回访", 2)
    assert client.post(f"{url}generate/").json() == {"generated": 2}
    # Active: the end date may still change, the sample may not (the service's rule, field named).
    assert client.patch(url, {"ends_on": "2026-04-15"}, format="json").json()["ends_on"] == "2026-04-15"
    frozen = client.patch(url, {"sample_size": 3}, format="json")
    assert frozen.status_code == 400 and "sample_size" in frozen.json()["fields"]
    bad = client.patch(url, {"method": "carrier pigeon"}, format="json")
    assert bad.status_code == 400 and "method" in bad.json()["fields"]
    plan.refresh_from_db()
    assert (plan.sample_size, plan.ends_on, plan.method) == (2, dt.date(2026, 4, 15), "door_visit")


def test_who_may_not_plan_cannot_edit(desk, plan):
    url = f"{URL}{plan.pk}/"
    assert logged_in_api(desk.frontdesk).patch(url, {"title": "改"}, format="json").status_code == 403
    assert logged_in_api(desk.outsider).patch(url, {"title": "改"}, format="json").status_code == 404
    plan.refresh_from_db()
    assert plan.title == "季度回访"


def test_the_planner_closes_a_plan_in_progress(desk, plan):
    url = f"{URL}{plan.pk}/close/"
    client = logged_in_api(desk.cs_supervisor)
    draft = client.post(url)  # not in progress yet: the service refuses, naming the plan
    assert draft.status_code == 400 and "plan" in draft.json()["fields"]
    plans.generate_tasks(plan=plan, actor=desk.cs_supervisor)
    assert logged_in_api(desk.frontdesk).post(url).status_code == 403
    assert logged_in_api(desk.outsider).post(url).status_code == 404
    plan.refresh_from_db()
    assert plan.state == PlanState.ACTIVE
    closed = client.post(url)
    assert closed.status_code == 200 and closed.json()["state"] == PlanState.CLOSED
    plan.refresh_from_db()
    assert plan.state == PlanState.CLOSED and CallbackTask.objects.filter(plan=plan).count() == 1
    # Closed: no longer edited.
    late = client.patch(f"{URL}{plan.pk}/", {"title": "结束后再改"}, format="json")
    assert late.status_code == 400 and "plan" in late.json()["fields"]


def test_the_list_takes_the_queries_of_one_plan_whatever_its_length(desk):
    """No query per plan."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = logged_in_api(desk.cs_supervisor)

    def queries():
        with CaptureQueriesContext(connection) as seen:
            assert client.get(URL, {"project": desk.project.pk}).status_code == 200
        return len(seen)

    assert client.post(URL, body(desk), format="json").status_code == 201
    few = queries()
    for n in range(4):
        assert client.post(URL, body(desk, title=f"回访 {n}"), format="json").status_code == 201
    assert queries() == few
