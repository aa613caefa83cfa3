"""KPI targets as data (考核指标) and how a project counts satisfaction.

A row's target for a set of projects on a day: each project's own latest `KpiTarget` on or before
that day, else its company's latest default, else the seed documents' value below. When the projects
of a combined view have different targets the row shows none (the per-project view shows each).
Whether a callback answered "fair" (一般) counts as satisfied is `KpiSettings` (default: no).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from propdesk.core.models import Project

from .choices import KpiCode
from .models import KpiSettings, KpiTarget

# The seed documents' values (接修/回访/投诉流程 5.0, SPEC §10): seeded as each company's defaults.
SEED_TARGETS: dict[str, Decimal] = {
    KpiCode.DISPATCH: Decimal("100"),
    KpiCode.ARRIVAL: Decimal("100"),
    KpiCode.CLASS_DEADLINE: Decimal("100"),
    KpiCode.CALLBACK_RATE: Decimal("100"),  # 回访率 100%
    KpiCode.DOOR_SHARE: Decimal("70"),  # 上门回访不低于 70%
    KpiCode.PHONE_SHARE: Decimal("30"),  # 电话回访 30% 左右
    KpiCode.SATISFACTION: Decimal("95"),  # 满意率 95%
    KpiCode.CALLBACK_IN_TIME: Decimal("100"),  # 投诉 100% 回访, 24 小时内回复
    KpiCode.COMPLAINT_FEEDBACK: Decimal("100"),  # 24 小时有反馈
    KpiCode.COMPLAINT_RESOLUTION: Decimal("100"),  # 普通事件 12 天
    KpiCode.SURVEY_COVERAGE: Decimal("95"),  # 征询率 95% 以上
}
# Targets that are a ceiling, not a floor: the phone share is "about 30%".
AT_MOST = frozenset({KpiCode.PHONE_SHARE})
SEED_FROM = dt.date(2000, 1, 1)


def targets_for(project_ids, on: dt.date) -> dict[str, float | None]:
    """{KPI code: target percent or None} for these projects on day `on` (one query for the targets,
    one for the projects' companies)."""
    companies = dict(Project.objects.filter(pk__in=project_ids).values_list("pk", "company_id"))
    rows = KpiTarget.objects.filter(
        Q(company_id__in=set(companies.values()), project__isnull=True) | Q(project_id__in=list(companies)),
        effective_from__lte=on,
    ).values_list("company_id", "project_id", "code", "target", "effective_from")
    own: dict[tuple[int, str], tuple[dt.date, Decimal]] = {}
    default: dict[tuple[int, str], tuple[dt.date, Decimal]] = {}
    for company_id, project_id, code, target, since in rows:
        table, key = (own, (project_id, code)) if project_id else (default, (company_id, code))
        if key not in table or table[key][0] < since:
            table[key] = (since, target)
    out: dict[str, float | None] = {}
    for code in KpiCode.values:
        values = set()
        for project_id, company_id in companies.items():
            chosen = own.get((project_id, code)) or default.get((company_id, code))
            values.add(chosen[1] if chosen else SEED_TARGETS[code])
        out[code] = float(values.pop()) if len(values) == 1 else None
    return out


def fair_counting_projects(project_ids) -> set[int]:
    """The projects among these where "fair" (一般) counts as satisfied."""
    return set(
        KpiSettings.objects.filter(
            project_id__in=list(project_ids), fair_counts_as_satisfied=True
        ).values_list("project_id", flat=True)
    )


def load_default_kpi_targets(*, project, actor=None) -> None:
    """Seed the company's default targets from the seed documents, once (project setup step)."""
    with transaction.atomic():
        if KpiTarget.objects.filter(company_id=project.company_id, project__isnull=True).exists():
            return
        KpiTarget.objects.bulk_create(
            KpiTarget(company_id=project.company_id, code=code, target=value, effective_from=SEED_FROM)
            for code, value in SEED_TARGETS.items()
        )
