"""Benchmark data at scale. Bulk inserts only; each module adds its part with `register_step`.

Generated rows skip audit history on purpose: they are load for benchmarks, not
records anyone changed.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from .audit import system_user
from .choices import ProjectKind
from .models import Company, Project
from .services import create_project, load_default_positions

BENCH_COMPANY_CODE = "bench"


@dataclass
class Generated:
    project: Project
    units: int
    rng: random.Random
    progress: Callable[[str], None]
    counts: dict[str, int] = field(default_factory=dict)
    options: dict = field(default_factory=dict)  # extra command options, e.g. {"requests": 1_000_000}

    def __str__(self) -> str:
        return f"project {self.project.code}: " + ", ".join(f"{k}={v}" for k, v in self.counts.items())


_steps: list[tuple[int, Callable[[Generated], None]]] = []


def register_step(fn: Callable[[Generated], None], *, order: int = 100) -> None:
    if all(existing is not fn for _o, existing in _steps):
        _steps.append((order, fn))


def generate(
    *, units: int, project_code: str, seed: int = 1, progress=lambda msg: None, **options
) -> Generated:
    actor = system_user()
    with transaction.atomic():
        load_default_positions(actor=actor)
        company, _created = Company.objects.get_or_create(
            code=BENCH_COMPANY_CODE, defaults={"name": "基准测试物业"}
        )
        if Project.objects.filter(company=company, code=project_code).exists():
            raise ValueError(f"project {project_code} already exists; choose another --project-code")
        project = create_project(
            company=company,
            name=f"基准项目 {project_code}",
            code=project_code,
            kind=ProjectKind.RESIDENTIAL,
            actor=actor,
        )
    result = Generated(
        project=project, units=units, rng=random.Random(seed), progress=progress, options=options
    )
    for _order, step in sorted(_steps, key=lambda s: s[0]):
        step(result)
    return result
