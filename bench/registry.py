"""Benchmarks of the registry on PostgreSQL (issue 3).

    .venv/bin/python bench/registry.py --units 100000 --runs 5 --import-rows 50000

1. Search: `generate_data --units N` (N units, 2N parties: an owner and a family member per
   unit, a vehicle for every third unit), then each run times `search()` for a mix of
   queries the way the front desk types them (room `3-2-1501`, `3栋2单元1501`, a bare room
   number, a full name, a surname, pinyin initials, a full mobile, its last four, a plate).
   Baseline in the same run: a primary-key lookup of a unit. Reports median and p95.
   Target: p95 < 50 ms.
2. Import: an owners-and-residents xlsx of M rows (a new party per row on existing units)
   validated and imported through the same code as the wizard's task. Target: < 60 s for 50,000.
   Baseline: reading the same workbook with openpyxl without validating.

Creates a throw-away database and drops it at the end. Prints Markdown rows for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--queries", type=int, default=40, help="queries of each kind per run")
    parser.add_argument("--import-rows", type=int, default=50_000)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    args = parser.parse_args()

    import psycopg

    dbname = f"propdesk_bench_reg_{int(time.time())}"
    with psycopg.connect(args.pg + "/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {dbname}")
    os.environ["DATABASE_URL"] = f"{args.pg}/{dbname}"
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "propdesk.settings")
    sys.path.insert(0, str(ROOT))
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        call_command(
            "generate_data", units=args.units, project_code="bench", seed=1, stdout=open(os.devnull, "w")
        )
        print(f"generate_data: {time.perf_counter() - started:.1f}s", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        cpu = subprocess.run(
            ["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True
        ).stdout.strip()
        pg = psycopg.connect(args.pg + "/postgres").execute("SHOW server_version").fetchone()[0]
        machine = f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"
        search_row = bench_search(args, machine, pg)
        import_row = bench_import(args, machine, pg)
        print()
        print(search_row)
        print(import_row)
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(args.pg + "/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {dbname}")


def _queries(project, rng, n):
    from propdesk.registry.models import Party, Unit, Vehicle

    units = list(Unit.objects.filter(project=project).select_related("building").order_by("?")[:n])
    parties = list(Party.objects.filter(project=project).order_by("?")[:n])
    plates = list(Vehicle.objects.filter(project=project).values_list("plate", flat=True).order_by("?")[:n])
    qs = []
    for u in units:
        qs += [("room", f"{u.building.code}-{u.entrance}-{u.number}")]
        qs += [("room", f"{u.building.code}栋{u.entrance}单元{u.number}"), ("number", u.number)]
    for p in parties:
        qs += [("name", p.name), ("surname", p.name[0]), ("initials", p.name_initials), ("phone", p.phone)]
        qs += [("last4", p.phone[-4:])]
    qs += [("plate", plate) for plate in plates]
    rng.shuffle(qs)
    return qs


def bench_search(args, machine, pg) -> str:
    from django.db import reset_queries

    from propdesk.core.models import Project
    from propdesk.registry.models import Unit
    from propdesk.registry.search import search

    project = Project.objects.get(code="bench")
    rng = random.Random(7)
    unit_ids = list(Unit.objects.filter(project=project).values_list("id", flat=True)[:5000])
    medians, p95s, base_medians, hits_seen = [], [], [], 0
    for run in range(args.runs):
        queries = _queries(project, rng, args.queries)
        for _kind, q in queries[:20]:  # warm the caches
            search(project, q)
        times, by_kind = [], {}
        for kind, q in queries:
            t = time.perf_counter()
            hits = search(project, q)
            elapsed = (time.perf_counter() - t) * 1000
            times.append(elapsed)
            by_kind.setdefault(kind, []).append(elapsed)
            hits_seen += bool(hits)
            reset_queries()
        print("  p95 by kind: " + ", ".join(f"{k} {pct(v, 95):.1f}" for k, v in sorted(by_kind.items())))
        base = []
        for pk in rng.sample(unit_ids, 200):
            t = time.perf_counter()
            Unit.objects.select_related("building").get(pk=pk)
            base.append((time.perf_counter() - t) * 1000)
        medians.append(statistics.median(times))
        p95s.append(pct(times, 95))
        base_medians.append(statistics.median(base))
        print(
            f"search run {run + 1}: {len(queries)} queries, median {medians[-1]:.2f} ms, p95 {p95s[-1]:.2f} ms, "
            f"pk lookup median {base_medians[-1]:.2f} ms",
            flush=True,
        )
    med, p95, base = statistics.median(medians), statistics.median(p95s), statistics.median(base_medians)
    return (
        f"| search | {time.strftime('%Y-%m-%d')} | {machine} | {pg} | {args.units:,} units, {2 * args.units:,} parties, "
        f"{args.units // 3:,} vehicles | {args.runs} × {len(queries)} queries | median {med:.2f} ms, p95 {p95:.2f} ms "
        f"(p95 per run: {', '.join(f'{x:.1f}' for x in p95s)}) | pk lookup {base:.2f} ms | p95 {p95 / base:.0f}× "
        f"| p95 < 50 ms: {'met' if p95 < 50 else 'NOT met'} |"
    )


def bench_import(args, machine, pg) -> str:
    import datetime as dt

    from openpyxl import Workbook, load_workbook

    from propdesk.core import fakedata
    from propdesk.core.audit import system_user
    from propdesk.core.models import Project
    from propdesk.registry import excel
    from propdesk.registry.models import Unit

    project = Project.objects.get(code="bench")
    rng = random.Random(11)
    units = list(Unit.objects.filter(project=project).select_related("building")[: args.import_rows])
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("业主住户")
    ws.append([c.header for c in excel.PARTY_COLUMNS])
    for i in range(args.import_rows):
        u = units[i % len(units)]
        ws.append(
            [
                u.building.code,
                u.entrance,
                u.number,
                "住户",
                fakedata.person_name(rng),
                "个人",
                "身份证",
                fakedata.id_number(rng),
                fakedata.mobile(rng),
                "",
                None,
                dt.date(2026, 1, 1),
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    data = out.getvalue()
    actor = system_user()
    t = time.perf_counter()
    rows = sum(
        1 for _ in load_workbook(io.BytesIO(data), read_only=True).worksheets[0].iter_rows(values_only=True)
    )
    baseline = time.perf_counter() - t
    t = time.perf_counter()
    checked = excel.process(project, "parties", data, apply=False, actor=actor)
    validate = time.perf_counter() - t
    t = time.perf_counter()
    done = excel.process(project, "parties", data, apply=True, actor=actor)
    imported = time.perf_counter() - t
    t = time.perf_counter()
    again = excel.process(project, "parties", data, apply=True, actor=actor)
    reimport = time.perf_counter() - t
    total = validate + imported
    print(
        f"import: {rows - 1} rows ({len(data) / 1e6:.1f} MB), read {baseline:.1f}s, check {validate:.1f}s "
        f"({checked.bad_rows} bad), import {imported:.1f}s ({done.created} created), "
        f"re-import {reimport:.1f}s ({again.created} created, {again.unchanged} unchanged)",
        flush=True,
    )
    return (
        f"| import | {time.strftime('%Y-%m-%d')} | {machine} | {pg} | {args.import_rows:,}-row owners/residents xlsx "
        f"({len(data) / 1e6:.1f} MB) | 1 | check {validate:.1f} s + import {imported:.1f} s = {total:.1f} s; "
        f"re-import {reimport:.1f} s, {again.created} created | openpyxl read only {baseline:.1f} s "
        f"| {total / baseline:.1f}× | < 60 s: {'met' if total < 60 else 'NOT met'} |"
    )


if __name__ == "__main__":
    main()
