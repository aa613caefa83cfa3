"""KPI targets are data (issue 16 item 7): company defaults, project overrides, effective dates;
"fair" counts as satisfied only where the project says so; the door/phone split is over repair and
complaint callbacks."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from propdesk.core.project_setup import apply_defaults
from propdesk.servicedesk import kpis, services
from propdesk.servicedesk.choices import RequestStatus
from propdesk.servicedesk.kpi_targets import SEED_TARGETS, targets_for
from propdesk.servicedesk.models import KpiSettings, KpiTarget
from propdesk.servicedesk.services import kpi_rollups
from propdesk.servicedesk.tests.test_kpis import MARCH, resolved, rows_by_code
from propdesk.servicedesk.tests.test_repairs import owner_signs

pytestmark = pytest.mark.django_db


def target(project, code, value, since, *, company_default=False):
    return KpiTarget.objects.create(
        company_id=project.company_id,
        project=None if company_default else project,
        code=code,
        target=Decimal(value),
        effective_from=since,
    )


def test_project_setup_seeds_the_company_defaults_once(desk):
    apply_defaults(project=desk.project)
    apply_defaults(project=desk.project)
    defaults = KpiTarget.objects.filter(company_id=desk.project.company_id, project__isnull=True)
    assert {t.code: t.target for t in defaults} == SEED_TARGETS


def test_the_project_target_beats_the_company_default_from_its_effective_date(desk):
    project = desk.project
    target(project, "satisfaction", "90", dt.date(2026, 1, 1), company_default=True)
    target(project, "satisfaction", "98", dt.date(2026, 3, 15))
    assert targets_for([project.pk], dt.date(2025, 12, 31))["satisfaction"] == 95.0  # the seed's value
    assert targets_for([project.pk], dt.date(2026, 3, 14))["satisfaction"] == 90.0  # the company's
    assert targets_for([project.pk], dt.date(2026, 3, 15))["satisfaction"] == 98.0  # the project's own
    # Another project of the company keeps the company default.
    assert targets_for([desk.other_project.pk], dt.date(2026, 3, 31))["satisfaction"] == 95.0
    # Combined, the projects disagree: no single target is shown.
    assert targets_for([project.pk, desk.other_project.pk], dt.date(2026, 3, 31))["satisfaction"] is None
    # The KPI page judges March by the target in force on its last day.
    satisfaction = rows_by_code(project)["satisfaction"]
    assert satisfaction.target == 98.0


def test_a_lowered_door_share_target_turns_the_row_met(desk, category):
    requests = [resolved(desk, 2 + i) for i in range(10)]
    for i, request in enumerate(requests):
        method = "door_visit" if i < 6 else "phone"
        with time_machine.travel(f"2026-03-{2 + i:02d} 15:00 +0800", tick=False):
            services.record_callback(
                request=request,
                method=method,
                satisfaction="satisfied",
                owner_words="好",
                actor=desk.frontdesk,
                **owner_signs(method),
            )
    door = rows_by_code(desk.project)["door_share"]
    assert (door.rate, door.target, door.meets) == (60.0, 70.0, False)
    target(desk.project, "door_share", "60", dt.date(2026, 3, 1))
    door = rows_by_code(desk.project)["door_share"]
    assert (door.rate, door.target, door.meets) == (60.0, 60.0, True)
    phone = rows_by_code(desk.project)["phone_share"]
    assert (phone.rate, phone.target, phone.at_most, phone.meets) == (40.0, 30.0, True, False)


def paid_service(desk, day):
    with time_machine.travel(f"2026-03-{day:02d} 09:00 +0800", tick=False):
        request = services.receive_request(
            project=desk.project,
            actor=desk.frontdesk,
            kind="paid_service",
            channel="walk_in",
            content="疏通下水道",
            reporter_name="张三",
            unit=desk.unit,
        )
        services.transition_request(request=request, to_status=RequestStatus.RESOLVED, actor=desk.frontdesk)
    return request


def test_the_split_counts_repair_and_complaint_callbacks_only_and_fair_per_project(desk, category):
    repair = resolved(desk, 3)
    paid = paid_service(desk, 4)
    for request, method, satisfaction in ((repair, "door_visit", "fair"), (paid, "phone", "satisfied")):
        with time_machine.travel("2026-03-05 15:00 +0800", tick=False):
            services.record_callback(
                request=request,
                method=method,
                satisfaction=satisfaction,
                owner_words="还行",
                actor=desk.frontdesk,
                **owner_signs(method),
            )
    rows = rows_by_code(desk.project)
    # The paid service's phone callback is a callback (rate, satisfaction) but not in the split.
    assert (rows["door_share"].numerator, rows["door_share"].denominator) == (1, 1)
    assert (rows["phone_share"].numerator, rows["phone_share"].denominator) == (0, 1)
    assert (rows["satisfaction"].numerator, rows["satisfaction"].denominator) == (1, 2)

    # The roll-up keeps "fair" per project: the setting applies to rolled-up days too.
    with time_machine.travel("2026-04-02 03:00 +0800", tick=False):
        kpi_rollups.refresh()
    KpiSettings.objects.create(project=desk.project, fair_counts_as_satisfied=True)
    with time_machine.travel("2026-04-02 04:00 +0800", tick=False):
        rolled = {r.code: r for r in kpis.compute([desk.project.pk], *MARCH)}
        direct = {r.code: r for r in kpis.compute_direct([desk.project.pk], *MARCH)}
    assert (rolled["satisfaction"].numerator, rolled["satisfaction"].denominator) == (2, 2)
    assert [r.as_dict() for r in rolled.values()] == [r.as_dict() for r in direct.values()]


def test_the_kpi_page_says_how_fair_is_counted(login, desk):
    client = login(desk.cs_supervisor)
    page = client.get(reverse("servicedesk:kpis")).content.decode()
    assert "回访评价“一般”不计为满意" in page
    KpiSettings.objects.create(project=desk.project, fair_counts_as_satisfied=True)
    page = client.get(reverse("servicedesk:kpis")).content.decode()
    assert "回访评价“一般”计为满意" in page
    assert "上门、电话回访占比按维修和投诉的回访统计" in page
