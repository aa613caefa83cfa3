"""Planned callbacks (seed 004 回访工作流程: 定期回访, 针对性回访) with frozen time."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.registry.tests.factories import BuildingFactory, UnitFactory
from propdesk.servicedesk import services
from propdesk.servicedesk.models import CallbackTask, PlanState, PlanTaskState, ServiceRequest
from propdesk.servicedesk.services import plans

pytestmark = pytest.mark.django_db


def quarterly(desk, **kw):
    values = {
        "project": desk.project,
        "actor": desk.cs_supervisor,
        "title": "2026年第一季度业主回访",
        "kind": "quarterly",
        "starts_on": dt.date(2026, 1, 1),
        "ends_on": dt.date(2026, 3, 31),
        "content": "了解各部门上一季度的服务质量",
        "responsible": desk.butler,
        "sample_size": 12,
        "scope": "全部楼栋",
    } | kw
    return plans.create_plan(**values)


@pytest.fixture
def estate(desk):
    """Buildings with 10, 20 and 30 occupied units, plus vacant and unsold ones that are never sampled."""
    buildings = []
    for code, occupied in (("21", 10), ("22", 20), ("23", 30)):
        building = BuildingFactory(project=desk.project, code=code, name=f"{code}栋")
        UnitFactory.create_batch(occupied, building=building, status="occupied")
        UnitFactory.create_batch(5, building=building, status="vacant")
        buildings.append(building)
    desk.buildings = buildings
    return desk


def test_a_quarterly_plan_samples_occupied_units_in_proportion_to_each_building(estate):
    plan = quarterly(estate, buildings=estate.buildings)
    assert plans.generate_tasks(plan=plan, actor=estate.cs_supervisor) == 12
    tasks = CallbackTask.objects.filter(plan=plan).select_related("unit__building")
    per_building = {}
    for task in tasks:
        assert task.unit.status == "occupied"
        per_building[task.unit.building.code] = per_building.get(task.unit.building.code, 0) + 1
    assert per_building == {"21": 2, "22": 4, "23": 6}
    plan.refresh_from_db()
    assert plan.state == PlanState.ACTIVE
    with pytest.raises(ServiceError):
        plans.generate_tasks(plan=plan, actor=estate.cs_supervisor)


def test_stratified_sample_uses_the_largest_remainder():
    import random

    chosen = plans.stratified_sample(
        {1: list(range(3)), 2: list(range(10, 13)), 3: list(range(20, 24))}, 5, random.Random(1)
    )
    assert len(chosen) == 5 and len(set(chosen)) == 5
    assert sum(1 for c in chosen if c >= 20) == 2


def test_a_plan_needs_its_period_content_and_sample(desk):
    with pytest.raises(ServiceError) as err:
        quarterly(desk, ends_on=dt.date(2025, 12, 1))
    assert err.value.field == "ends_on"
    with pytest.raises(ServiceError) as err:
        quarterly(desk, sample_size=0)
    assert err.value.field == "sample_size"
    with pytest.raises(ServiceError) as err:
        quarterly(desk, kind="problem")
    assert err.value.field == "category"
    with pytest.raises(AccessDenied):
        quarterly(desk, actor=desk.technician)


def test_a_problem_plan_calls_the_owners_who_reported_it_and_important_items_need_a_door_visit(
    desk, category
):
    water = category("water-outage")
    with time_machine.travel("2026-02-10 10:00 +0800", tick=False):
        earlier = services.receive_request(
            project=desk.project,
            actor=desk.frontdesk,
            kind="repair",
            channel="phone",
            content="又停水了",
            reporter_name="张三",
            unit=desk.unit,
            category=water,
        )
    with time_machine.travel("2025-10-01 10:00 +0800", tick=False):  # too long before the plan
        services.receive_request(
            project=desk.project,
            actor=desk.frontdesk,
            kind="repair",
            channel="phone",
            content="停水",
            reporter_name="李四",
            location="5栋",
            category=water,
        )
    plan = plans.create_plan(
        project=desk.project,
        actor=desk.cs_supervisor,
        title="停水问题针对性回访",
        kind="problem",
        starts_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2026, 3, 31),
        content="了解停水后供水是否正常",
        responsible=desk.butler,
        method="phone",
        category=water,
    )
    assert plans.generate_tasks(plan=plan, actor=desk.cs_supervisor) == 1
    task = CallbackTask.objects.get(plan=plan)
    assert (task.unit, task.request, task.party) == (desk.unit, earlier, desk.owner_party)

    with pytest.raises(ServiceError) as err:
        plans.record_plan_callback(
            task=task, actor=desk.butler, method="phone", satisfaction="satisfied", owner_words="好"
        )
    assert err.value.field == "method"
    with pytest.raises(ServiceError) as err:
        plans.record_plan_callback(
            task=task, actor=desk.butler, method="door_visit", satisfaction="satisfied", owner_words=" "
        )
    assert err.value.field == "owner_words"
    with time_machine.travel("2026-03-05 15:00 +0800", tick=False):
        done = plans.record_plan_callback(
            task=task,
            actor=desk.butler,
            method="door_visit",
            satisfaction="unsatisfied",
            owner_words="水压还是小",
        )
    assert done.state == PlanTaskState.DONE
    # The unsatisfied owner's matter becomes an ordinary request with the caller as its first receiver.
    follow_up = ServiceRequest.objects.get(pk=done.follow_up_id)
    assert (follow_up.first_receiver, follow_up.unit, follow_up.category) == (desk.butler, desk.unit, water)
    assert "水压还是小" in follow_up.content
    with pytest.raises(ServiceError):
        plans.record_plan_callback(
            task=task, actor=desk.butler, method="door_visit", satisfaction="satisfied", owner_words="好"
        )


def test_plan_pages_show_progress_and_record_outcomes(login, estate, django_assert_max_num_queries):
    client = login(estate.cs_supervisor)
    page = client.post(
        reverse("servicedesk:plan_new"),
        {
            "title": "夏季空调回访",
            "kind": "seasonal",
            "starts_on": "2026-06-01",
            "ends_on": "2026-06-30",
            "content": "空调使用情况",
            "method": "door_visit",
            "responsible": estate.butler.pk,
            "sample_size": 6,
            "buildings": [estate.buildings[0].pk],
        },
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    plan_url = page["Location"]
    plan_id = int(plan_url.rstrip("/").split("/")[-1])
    assert client.post(reverse("servicedesk:plan_generate", args=[plan_id])).status_code == 302
    tasks = list(CallbackTask.objects.filter(plan_id=plan_id))
    assert len(tasks) == 6 and {t.unit.building_id for t in tasks} == {estate.buildings[0].pk}
    butler = login(estate.butler)
    for i, task in enumerate(tasks[:4]):
        response = butler.post(
            reverse("servicedesk:plan_task_record", args=[task.pk]),
            {"method": "door_visit", "satisfaction": "fair" if i else "satisfied", "owner_words": "满意"},
        )
        assert response.status_code == 302
    butler.post(
        reverse("servicedesk:plan_task_record", args=[tasks[4].pk]),
        {"unreachable": "1", "owner_words": "三次无人接听"},
    )
    with django_assert_max_num_queries(25):
        detail = client.get(plan_url)
    html = detail.content.decode()
    assert "5/6" in html and "100.0%" in html
    with django_assert_max_num_queries(20):
        listing = client.get(reverse("servicedesk:plans"))
    assert "夏季空调回访" in listing.content.decode()


def test_outsider_cannot_see_or_record(login, estate):
    plan = quarterly(estate)
    plans.generate_tasks(plan=plan, actor=estate.cs_supervisor)
    task = CallbackTask.objects.filter(plan=plan).first()
    outsider = login(estate.outsider)
    assert outsider.get(reverse("servicedesk:plan_detail", args=[plan.pk])).status_code == 404
    response = outsider.post(reverse("servicedesk:plan_task_record", args=[task.pk]), {"method": "phone"})
    assert response.status_code in (403, 404)
    task.refresh_from_db()
    assert task.state == PlanTaskState.PENDING


def test_a_draft_plan_changes_freely_an_active_one_keeps_its_sample(estate):
    plan = quarterly(estate, buildings=estate.buildings[:1])
    plans.update_plan(
        plan=plan,
        actor=estate.cs_supervisor,
        sample_size=20,
        buildings=estate.buildings,
        title="  一季度回访  ",
    )
    plan.refresh_from_db()
    assert (plan.sample_size, plan.title, plan.buildings.count()) == (20, "一季度回访", 3)
    with pytest.raises(ServiceError) as err:
        plans.update_plan(plan=plan, actor=estate.cs_supervisor, ends_on=dt.date(2025, 12, 1))
    assert err.value.field == "ends_on"
    assert plans.generate_tasks(plan=plan, actor=estate.cs_supervisor) == 20
    # Active: the end date, content and responsible person may change; the sample may not.
    plans.update_plan(
        plan=plan, actor=estate.cs_supervisor, ends_on=dt.date(2026, 4, 15), responsible=estate.cs_supervisor
    )
    plan.refresh_from_db()
    assert plan.ends_on == dt.date(2026, 4, 15) and plan.responsible == estate.cs_supervisor
    with pytest.raises(ServiceError) as err:
        plans.update_plan(plan=plan, actor=estate.cs_supervisor, sample_size=30)
    assert err.value.field == "sample_size"
    with pytest.raises(ServiceError) as err:
        plans.update_plan(plan=plan, actor=estate.cs_supervisor, buildings=estate.buildings[:1])
    assert err.value.field == "buildings"
    plans.update_plan(plan=plan, actor=estate.cs_supervisor, sample_size=20)  # unchanged: fine
    with pytest.raises(AccessDenied):
        plans.update_plan(plan=plan, actor=estate.butler, title="改")
    plans.close_plan(plan=plan, actor=estate.cs_supervisor)
    with pytest.raises(ServiceError):
        plans.update_plan(plan=plan, actor=estate.cs_supervisor, title="结束后再改")
    assert CallbackTask.objects.filter(plan=plan).count() == 20


def test_plan_edit_page(login, estate):
    plan = quarterly(estate, buildings=estate.buildings[:1])
    client = login(estate.cs_supervisor)
    url = reverse("servicedesk:plan_edit", args=[plan.pk])
    page = client.get(url)
    assert page.status_code == 200 and "2026年第一季度业主回访" in page.content.decode()
    form = {
        "title": "一季度回访（改）",
        "kind": "quarterly",
        "starts_on": "2026-01-01",
        "ends_on": "2026-03-31",
        "content": "了解服务质量",
        "method": "phone",
        "responsible": estate.butler.pk,
        "sample_size": 8,
        "buildings": [b.pk for b in estate.buildings],
    }
    bad = client.post(url, form | {"ends_on": "2025-01-01"})
    assert bad.status_code == 200 and "text-danger" in bad.content.decode()
    assert client.post(url, form).status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.sample_size, plan.method, plan.buildings.count()) == (
        "一季度回访（改）",
        8,
        "phone",
        3,
    )
    plans.generate_tasks(plan=plan, actor=estate.cs_supervisor)
    # Active: the sample fields are shown disabled and ignored if posted.
    assert client.post(url, form | {"sample_size": 99, "ends_on": "2026-04-30"}).status_code == 302
    plan.refresh_from_db()
    assert plan.sample_size == 8 and plan.ends_on == dt.date(2026, 4, 30)
    assert login(estate.butler).get(url).status_code == 403
    assert login(estate.outsider).get(url).status_code == 404
