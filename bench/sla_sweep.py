"""Benchmark: the SLA sweeper and the due-time maths (issue 4).

    .venv/bin/python bench/sla_sweep.py --clocks 1000000 --scale 10 --due 1000 --runs 5

1. Creates a fresh PostgreSQL database, migrates, seeds one project with the default policies.
2. Inserts N running clocks with one INSERT ... SELECT generate_series (of which `--due` are
   past due), ANALYZE, then times `sweep()` `--runs` times, each inside a transaction that
   is rolled back so that every run does the same work (1,000 breaches + escalations +
   notifications). Baseline in the same run: selecting the same due ids through the index
   and a bare bulk UPDATE of those rows.
3. Grows the table to N × scale clocks (same due count) and times it again.
4. Times computing the due time of 10,000 "2 workdays" targets on the business calendar.
Prints Markdown rows for bench/RESULTS.md and drops the database.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Rollback(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clocks", type=int, default=1_000_000)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--due", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    args = parser.parse_args()

    import psycopg

    dbname = f"propdesk_sla_bench_{int(time.time())}"
    with psycopg.connect(args.pg + "/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {dbname}")
    os.environ["DATABASE_URL"] = f"{args.pg}/{dbname}"
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "propdesk.settings")
    sys.path.insert(0, str(ROOT))
    try:
        import django

        django.setup()
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(args.pg + "/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {dbname}")


def run(args) -> None:
    import datetime as dt

    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from propdesk.core.models import Company, Position, User
    from propdesk.core.services import add_membership, create_project, load_default_positions
    from propdesk.registry.models import Unit
    from propdesk.sla import clockmath
    from propdesk.sla.calendars import spec_for
    from propdesk.sla.defaults import load_sla_defaults
    from propdesk.sla.models import Calendar, SlaClock, SlaTarget
    from propdesk.sla.sweeper import sweep

    call_command("migrate", verbosity=0)
    load_default_positions()
    company = Company.objects.create(name="基准测试物业", code="bench")
    project = create_project(company=company, name="基准项目", code="bench", kind="residential")
    director = User.objects.create_user(username="bench-director")
    add_membership(user=director, project=project, position=Position.objects.get(code="center_director"))
    load_sla_defaults(project=project)
    target = SlaTarget.objects.get(project=project, policy__name="一般维修", code="resolve")
    subject_type = ContentType.objects.get_for_model(Unit).pk
    now = timezone.now()

    def insert(first: int, last: int) -> float:
        began = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(
                """
                INSERT INTO sla_slaclock (project_id, subject_type_id, subject_id, code, target_id, policy_id,
                    policy_version, calendar_name, started_at, due_at, state, allowed_seconds, paused_seconds,
                    pause_reason, warned, next_fire_at)
                SELECT %(project)s, %(ct)s, g, 'resolve', %(target)s, %(policy)s, 1, '工作日历',
                       %(now)s - interval '1 hour', %(now)s + interval '3 days', 'running', 68400, 0, '', false,
                       %(now)s + interval '1 day' + (g %% 100000) * interval '1 second'
                FROM generate_series(%(first)s, %(last)s) AS g
                """,
                {
                    "project": project.pk,
                    "ct": subject_type,
                    "target": target.pk,
                    "policy": target.policy_id,
                    "now": now,
                    "first": first,
                    "last": last,
                },
            )
            cur.execute("ANALYZE sla_slaclock")
        return time.perf_counter() - began

    def make_due() -> None:
        # The same `due` clocks are past due for every size: started 3 days ago, due 30 minutes ago.
        with connection.cursor() as cur:
            cur.execute(
                """UPDATE sla_slaclock SET started_at = %(now)s - interval '3 days', due_at = %(now)s - interval '30 minutes',
                   next_fire_at = %(now)s - interval '30 minutes' WHERE subject_id <= %(due)s""",
                {"now": now, "due": args.due},
            )

    def time_sweep() -> tuple[list[float], list[float], int]:
        measured, baseline, processed = [], [], 0
        for _ in range(args.runs):
            try:
                with transaction.atomic():
                    began = time.perf_counter()
                    result = sweep(now=now, batch_size=1000)
                    measured.append(time.perf_counter() - began)
                    processed = result.clocks
                    raise Rollback
            except Rollback:
                pass
            try:
                with transaction.atomic():
                    began = time.perf_counter()
                    ids = list(
                        SlaClock.objects.filter(next_fire_at__lte=now)
                        .order_by("next_fire_at")
                        .values_list("pk", flat=True)[:1000]
                    )
                    SlaClock.objects.filter(pk__in=ids).update(next_fire_at=None)
                    baseline.append(time.perf_counter() - began)
                    raise Rollback
            except Rollback:
                pass
        return measured, baseline, processed

    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        pg = cur.fetchone()[0]
    rows = []
    gen = insert(1, args.clocks)
    make_due()
    m1, b1, n1 = time_sweep()
    rows.append((args.clocks, gen, m1, b1, n1))
    gen = insert(args.clocks + 1, args.clocks * args.scale)
    m2, b2, n2 = time_sweep()
    rows.append((args.clocks * args.scale, gen, m2, b2, n2))
    today = dt.date.today().isoformat()
    print(
        "| date | machine | PostgreSQL | clocks | due | generated in | runs | median sweep | baseline | ratio |"
    )
    for size, gen, measured, baseline, processed in rows:
        print(
            f"| {today} | {machine} | {pg} | {size:,} | {processed:,} | {gen:.0f} s | {len(measured)} "
            f"({', '.join(f'{m:.3f}' for m in measured)} s) | {statistics.median(measured):.3f} s | "
            f"{statistics.median(baseline):.3f} s | {statistics.median(measured) / statistics.median(baseline):.1f}× |"
        )
    print(f"10× growth: {statistics.median(m2) / statistics.median(m1):.2f}× the time (target < 1.5×)")

    calendar = (
        Calendar.objects.prefetch_related("intervals", "exceptions")
        .select_related("project")
        .get(project=project, is_default=True)
    )
    spec_target = target.spec()
    import random

    rng = random.Random(1)
    starts = [now + dt.timedelta(minutes=rng.randrange(0, 365 * 24 * 60)) for _ in range(10_000)]
    times, base_times = [], []
    for _ in range(args.runs):
        spec = spec_for(calendar)  # a fresh day cache each run
        began = time.perf_counter()
        for start in starts:
            clockmath.compute(
                spec_target, [clockmath.Event("received", start)], spec, start + dt.timedelta(hours=1)
            )
        times.append(time.perf_counter() - began)
        began = time.perf_counter()
        for start in starts:
            _ = start + dt.timedelta(days=2)
        base_times.append(time.perf_counter() - began)
    print(
        f"| {today} | {machine} | — | 10,000 targets, 2 workdays on 工作日历 | {len(times)} "
        f"({', '.join(f'{t:.3f}' for t in times)} s) | {statistics.median(times):.3f} s | "
        f"{statistics.median(base_times):.4f} s (wall-clock add) | {statistics.median(times) / statistics.median(base_times):.0f}× |"
    )


if __name__ == "__main__":
    main()
