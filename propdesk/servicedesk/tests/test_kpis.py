"""KPIs (SPEC §10 request rows) driven through the services with frozen time."""

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from propdesk.servicedesk import kpis, services
from propdesk.servicedesk.choices import RequestStatus
from propdesk.servicedesk.models import KpiSettings
from propdesk.servicedesk.tests.test_repairs import owner_signs
from propdesk.sla.defaults import load_sla_defaults

pytestmark = pytest.mark.django_db

MARCH = (
    dt.datetime(2026, 3, 1, tzinfo=dt.timezone(dt.timedelta(hours=8))),
    dt.datetime(2026, 4, 1, tzinfo=dt.timezone(dt.timedelta(hours=8))),
)


@pytest.fixture
def sla(desk):
    load_sla_defaults(project=desk.project)
    return desk


def rows_by_code(project, now="2026-03-31 23:00 +0800"):
    with time_machine.travel(now, tick=False):
        return {r.code: r for r in kpis.compute([project.pk], *MARCH)}


def repair(desk, *, channel="walk_in", category=None):
    return services.receive_request(
        project=desk.project,
        actor=desk.frontdesk,
        kind="repair",
        channel=channel,
        content="卫生间漏水",
        reporter_name="张三",
        unit=desk.unit,
        category=category,
    )


def dispatched_and_arrived(desk, day, dispatch_at, arrive_at):
    with time_machine.travel(f"2026-03-{day:02d} {dispatch_at} +0800", tick=False):
        request = repair(desk)
        order = services.dispatch(request=request, technician=desk.technician, actor=desk.dispatcher)
        services.accept_order(order=order, actor=desk.technician)
    with time_machine.travel(f"2026-03-{day:02d} {arrive_at} +0800", tick=False):
        services.arrive(order=order, actor=desk.technician)
    return request, order


def test_a_repair_arriving_at_10_25_after_dispatch_at_10_00_is_an_arrival_miss(sla):
    dispatched_and_arrived(sla, 10, "10:00", "10:25")
    rows = rows_by_code(sla.project)
    arrival = rows["arrival"]
    assert (arrival.numerator, arrival.denominator, arrival.rate, arrival.meets) == (0, 1, 0.0, False)

    dispatched_and_arrived(sla, 11, "10:00", "10:12")
    dispatched_and_arrived(sla, 12, "10:00", "10:19")
    rows = rows_by_code(sla.project)
    assert (rows["arrival"].numerator, rows["arrival"].denominator) == (2, 3)
    assert rows["arrival"].target == 100.0
    # Clocks started outside the period do not count.
    with time_machine.travel("2026-04-30 12:00 +0800", tick=False):
        april = {
            r.code: r for r in kpis.compute([sla.project.pk], MARCH[1], MARCH[1] + dt.timedelta(days=30))
        }
    assert april["arrival"].denominator == 0
    assert april["arrival"].rate is None and april["arrival"].meets is None


def test_a_repair_still_not_arrived_past_its_due_time_counts_as_a_miss_before_the_sweeper_runs(sla):
    with time_machine.travel("2026-03-10 10:00 +0800", tick=False):
        request = repair(sla)
        services.dispatch(request=request, technician=sla.technician, actor=sla.dispatcher)
    assert (
        rows_by_code(sla.project, now="2026-03-10 10:10 +0800")["arrival"].denominator == 0
    )  # still running
    late = rows_by_code(sla.project, now="2026-03-10 10:30 +0800")["arrival"]
    assert (late.numerator, late.denominator) == (0, 1)


def test_requests_by_kind_and_channel(sla):
    with time_machine.travel("2026-03-10 10:00 +0800", tick=False):
        repair(sla, channel="phone")
        repair(sla, channel="phone")
        repair(sla, channel="walk_in")
        services.receive_request(
            project=sla.project,
            actor=sla.frontdesk,
            kind="inquiry",
            channel="phone",
            content="停车收费标准",
            reporter_name="李四",
            location="前台",
        )
    rows = rows_by_code(sla.project)
    assert rows["requests"].numerator == 4
    assert (rows["kind.repair"].numerator, rows["kind.repair"].rate) == (3, 75.0)
    assert (rows["channel.phone"].numerator, rows["channel.phone"].rate) == (3, 75.0)
    assert rows["kind.complaint"].numerator == 0


def resolved(desk, day, category=None):
    with time_machine.travel(f"2026-03-{day:02d} 09:00 +0800", tick=False):
        request = repair(desk, category=category)
        services.transition_request(request=request, to_status=RequestStatus.RESOLVED, actor=desk.frontdesk)
    return request


def test_callback_rate_door_phone_split_and_satisfaction(sla, category):
    requests = [resolved(sla, 2 + i) for i in range(11)]
    methods = ["door_visit"] * 7 + ["phone"] * 3
    for i, (request, method) in enumerate(zip(requests, methods, strict=False)):
        with time_machine.travel(f"2026-03-{2 + i:02d} 15:00 +0800", tick=False):
            services.record_callback(
                request=request,
                method=method,
                satisfaction="unsatisfied" if i == 0 else ("fair" if i == 1 else "satisfied"),
                owner_words="维修及时",
                actor=sla.frontdesk,
                **owner_signs(method),
            )
    rows = rows_by_code(sla.project)
    rate = rows["callback_rate"]
    # Eleven repairs completed in March, ten called back (the eleventh is still due).
    assert (rate.numerator, rate.denominator, rate.meets) == (10, 11, False)
    door, phone = rows["door_share"], rows["phone_share"]
    assert (door.numerator, door.denominator, door.rate, door.meets) == (7, 10, 70.0, True)
    assert (phone.numerator, phone.rate, phone.meets) == (3, 30.0, True)
    satisfaction = rows["satisfaction"]
    # By default only "satisfied" counts (the project setting says whether "fair" does): 80% against 95%.
    assert (satisfaction.numerator, satisfaction.denominator, satisfaction.meets) == (8, 10, False)
    KpiSettings.objects.create(project=sla.project, fair_counts_as_satisfied=True)
    satisfaction = rows_by_code(sla.project)["satisfaction"]
    assert (satisfaction.numerator, satisfaction.denominator, satisfaction.meets) == (9, 10, False)


def test_more_phone_than_thirty_percent_misses_the_split(sla):
    requests = [resolved(sla, 2 + i) for i in range(4)]
    for request, method in zip(requests, ["door_visit", "door_visit", "phone", "phone"], strict=True):
        services.record_callback(
            request=request,
            method=method,
            satisfaction="satisfied",
            owner_words="好",
            actor=sla.frontdesk,
            **owner_signs(method),
        )
    with time_machine.travel("2026-03-31 12:00 +0800", tick=False):
        rows = {r.code: r for r in kpis.compute([sla.project.pk], *MARCH)}
    # The callbacks were made "now" (outside March): the split counts callbacks by when they were made.
    assert rows["door_share"].denominator == 0
    now = timezone.now()
    rows = {
        r.code: r
        for r in kpis.compute([sla.project.pk], now - dt.timedelta(days=1), now + dt.timedelta(days=1))
    }
    assert (rows["door_share"].rate, rows["door_share"].meets) == (50.0, False)
    assert (rows["phone_share"].rate, rows["phone_share"].meets) == (50.0, False)


def complaint(desk):
    return services.receive_request(
        project=desk.project,
        actor=desk.frontdesk,
        kind="complaint",
        channel="walk_in",
        content="楼道噪音",
        reporter_name="张三",
        unit=desk.unit,
        apologized=True,
    )


def test_complaint_feedback_within_24_hours_and_validity(sla):
    with time_machine.travel("2026-03-10 10:00 +0800", tick=False):
        on_time, late, invalid = complaint(sla), complaint(sla), complaint(sla)
    with time_machine.travel("2026-03-10 16:00 +0800", tick=False):
        services.give_feedback(request=on_time, note="已致歉，安排处理", actor=sla.frontdesk)
        services.decide_complaint(
            complaint=on_time.complaint,
            valid=True,
            actor=sla.cs_supervisor,
            summary="夜间装修噪音",
            department=sla.project.departments.get(kind="security"),
            deadline=timezone.now() + dt.timedelta(days=3),
        )
        services.decide_complaint(
            complaint=invalid.complaint,
            valid=False,
            actor=sla.cs_supervisor,
            explanation="属正常施工时段",
            owner_response="表示理解",
        )
    with time_machine.travel("2026-03-11 11:00 +0800", tick=False):
        services.give_feedback(request=late, note="迟到的反馈", actor=sla.frontdesk)
    rows = rows_by_code(sla.project)
    feedback = rows["complaint_feedback"]
    assert (feedback.numerator, feedback.denominator, feedback.meets) == (1, 2, False)
    valid = rows["valid_complaints"]
    assert (valid.numerator, valid.denominator, valid.rate, valid.target) == (1, 2, 50.0, None)


def test_company_wide_adds_up_projects_and_compute_is_a_handful_of_queries(
    sla, django_assert_max_num_queries
):
    dispatched_and_arrived(sla, 10, "10:00", "10:25")
    with time_machine.travel("2026-03-31 23:00 +0800", tick=False):
        with django_assert_max_num_queries(12):
            rows = kpis.compute([sla.project.pk, sla.other_project.pk], *MARCH)
    assert {r.code: r for r in rows}["arrival"].denominator == 1


# --- page and Excel --------------------------------------------------------------------


def test_kpi_page_and_excel(login, sla, django_assert_max_num_queries):
    dispatched_and_arrived(sla, 10, "10:00", "10:25")
    client = login(sla.cs_supervisor)
    with time_machine.travel("2026-03-31 23:00 +0800", tick=False):
        client.get(reverse("servicedesk:kpis"))  # warm the session and permission caches
        with django_assert_max_num_queries(20):
            page = client.get(reverse("servicedesk:kpis"), {"period": "this_month"})
        assert page.status_code == 200
        html = page.content.decode()
        assert "派工后20分钟内到场" in html or 'data-kpi="arrival"' in html
        assert 'data-kpi="arrival"' in html
        export = client.get(
            reverse("servicedesk:kpis_export"),
            {"period": "custom", "start": "2026-03-01", "end": "2026-03-31"},
        )
    assert export.status_code == 200
    ws = load_workbook(io.BytesIO(export.content)).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0][0] == "客服指标 2026-03-01 至 2026-03-31"
    arrival = next(row for row in values if row[1] == "派工后20分钟内到场")
    assert arrival[4] == 0.0 and arrival[6] == "未达标"


def test_period_choices():
    from django.http import QueryDict

    from propdesk.servicedesk.views.kpis import period_bounds

    today = dt.date(2026, 2, 15)
    assert period_bounds(QueryDict("period=this_month"), today)[1:] == (
        dt.date(2026, 2, 1),
        dt.date(2026, 2, 28),
    )
    assert period_bounds(QueryDict("period=last_month"), today)[1:] == (
        dt.date(2026, 1, 1),
        dt.date(2026, 1, 31),
    )
    assert period_bounds(QueryDict("period=this_quarter"), today)[1:] == (
        dt.date(2026, 1, 1),
        dt.date(2026, 3, 31),
    )
    assert period_bounds(QueryDict("period=last_12"), today)[1:] == (dt.date(2025, 3, 1), today)
    assert period_bounds(QueryDict("period=custom&start=2026-01-10&end=2026-01-05"), today)[1:] == (
        dt.date(2026, 1, 5),
        dt.date(2026, 1, 10),
    )


def test_staff_without_the_permission_are_refused_and_the_outsider_sees_only_his_project(login, sla):
    assert login(sla.technician).get(reverse("servicedesk:kpis")).status_code == 403
    assert login(sla.technician).get(reverse("servicedesk:kpis_export")).status_code == 403
    dispatched_and_arrived(sla, 10, "10:00", "10:25")
    with time_machine.travel("2026-03-31 23:00 +0800", tick=False):
        page = login(sla.outsider).get(reverse("servicedesk:kpis"), {"scope": "all"})
    assert page.status_code == 200  # his own project B
    assert page.context["project_ids"] == [sla.other_project.pk]
    assert {r.code: r for r in page.context["rows"]}["arrival"].denominator == 0


def test_the_general_manager_sees_every_project_of_the_company(login, sla):
    from propdesk.core.tests.factories import ProjectFactory
    from propdesk.sla.defaults import load_sla_defaults as load

    second = ProjectFactory(company=sla.company, name="第二个项目")
    load(project=second)
    dispatched_and_arrived(sla, 10, "10:00", "10:25")
    client = login(sla.gm)
    with time_machine.travel("2026-03-31 23:00 +0800", tick=False):
        page = client.get(reverse("servicedesk:kpis"), {"scope": "all"})
    assert page.status_code == 200
    ids = set(page.context["project_ids"])
    assert {sla.project.pk, second.pk} <= ids and sla.other_project.pk not in ids
    assert "所有我的项目" in page.content.decode()
