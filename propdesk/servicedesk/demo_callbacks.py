"""Demo: a quarterly callback plan with its tasks and an open satisfaction survey with a few answers."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from propdesk.registry.models import Unit

from .services import plans, surveys


def demo_callbacks_step(demo) -> None:
    project = demo.community
    users = demo.users
    today = timezone.localdate()
    quarter_start = dt.date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    plan = plans.create_plan(
        project=project,
        actor=users["cs_supervisor"],
        title=f"{today.year}年第{(today.month - 1) // 3 + 1}季度业主回访",
        kind="quarterly",
        starts_on=quarter_start,
        ends_on=quarter_start + dt.timedelta(days=89),
        scope="全部楼栋",
        content="了解各部门上一季度的服务质量，收集意见和建议",
        responsible=users["butler"],
        sample_size=10,
    )
    plans.generate_tasks(plan=plan, actor=users["cs_supervisor"])
    for task, satisfaction in zip(
        plan.tasks.order_by("pk")[:3], ["satisfied", "satisfied", "fair"], strict=False
    ):
        plans.record_plan_callback(
            task=task,
            actor=users["butler"],
            method="door_visit",
            satisfaction=satisfaction,
            owner_words="服务不错",
        )
    campaign = surveys.create_campaign(
        project=project,
        actor=users["cs_supervisor"],
        title=f"{today.year}年{'上' if today.month <= 6 else '下'}半年业主满意度调查",
        starts_on=today - dt.timedelta(days=7),
        ends_on=today + dt.timedelta(days=23),
    )
    campaign = surveys.open_campaign(campaign=campaign, actor=users["cs_supervisor"])
    questions = list(campaign.questions.all())
    for i, unit in enumerate(Unit.objects.filter(project=project, status="occupied").order_by("pk")[:8]):
        surveys.record_response(
            campaign=campaign,
            unit=unit,
            method=["door_visit", "phone", "paper"][i % 3],
            answers={q.pk: 3 if (i + q.position) % 4 else 2 for q in questions},
            actor=users["butler"],
        )
