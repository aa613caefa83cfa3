"""Benchmarks of billing on PostgreSQL (issue 6).

    .venv/bin/python bench/billing.py --units 100000 --runs 3

1. Monthly run: `generate_data --units N` (units, owners, ownerships), the default charge items
   and prices, then each run bills one heating-season month (物业服务费, 采暖费, 垃圾费 for homes:
   3 lines per home) through `execute_billing_run` — the code the background task runs.
   Baseline in the same run: a raw psycopg COPY of the identical rows (read back from the run)
   into a table made `LIKE billing_bill INCLUDING ALL` (same columns, constraints and indexes).
   Targets: ≥ 50,000 lines/s, ≤ 4× the COPY, and (with --units 1000000) under 60 s.
2. Arrears aging for all N units over every month billed (`selectors_dunning.arrears_aging`,
   one aggregate query) as of a date when all are overdue. Baseline: `SELECT count(*)` of the
   project's bills. Target: < 1 s for 100k units.

Uses the database named by --db (dropped and created again), prints Markdown rows for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MONTHS = [
    dt.date(2026, 1, 1),
    dt.date(2026, 2, 1),
    dt.date(2026, 3, 1),
    dt.date(2025, 11, 1),
    dt.date(2025, 12, 1),
]
COLUMNS = (
    "project_id, unit_id, item_id, period, reference, starts_on, ends_on, quantity, unit_price, amount, "
    "due_on, description, run_id, created_by_id, created_at"
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="months billed (at most 5)")
    parser.add_argument("--aging-runs", type=int, default=5)
    parser.add_argument("--db", default="pd_b2_bench")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    args = parser.parse_args()

    import psycopg

    with psycopg.connect(args.pg + "/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {args.db}")
        conn.execute(f"CREATE DATABASE {args.db}")
    os.environ["DATABASE_URL"] = f"{args.pg}/{args.db}"
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "propdesk.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from propdesk.billing import selectors_dunning, services
    from propdesk.billing.models import Bill, BillingRun
    from propdesk.core.audit import system_user
    from propdesk.core.models import Project

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command(
        "generate_data", units=args.units, project_code="bench", seed=1, stdout=open(os.devnull, "w")
    )
    print(f"generate_data {args.units:,} units: {time.perf_counter() - started:.1f}s", flush=True)
    project = Project.objects.get(code="bench")
    actor = system_user()
    services.load_default_charge_items(project=project, actor=actor, effective_from=dt.date(2020, 1, 1))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("CREATE TABLE bench_bill_copy (LIKE billing_bill INCLUDING ALL)")
    raw = psycopg.connect(f"{args.pg}/{args.db}", autocommit=True)

    rates, seconds, copies = [], [], []
    for month in MONTHS[: args.runs]:
        run = BillingRun.objects.create(
            project=project, period=month, started_by=actor, total_units=args.units
        )
        began = time.perf_counter()
        run = services.execute_billing_run(run.pk)
        took = time.perf_counter() - began
        lines = Bill.objects.filter(run=run).count()
        rows = raw.execute(f"SELECT {COLUMNS} FROM billing_bill WHERE run_id = %s", [run.pk]).fetchall()
        raw.execute("TRUNCATE bench_bill_copy")
        began = time.perf_counter()
        with raw.cursor() as cur, cur.copy(f"COPY bench_bill_copy ({COLUMNS}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        copy_took = time.perf_counter() - began
        seconds.append(took)
        copies.append(copy_took)
        rates.append(lines / took)
        print(
            f"{month:%Y-%m}: {lines:,} lines in {took:.2f}s = {lines / took:,.0f} lines/s; "
            f"COPY {copy_took:.2f}s; ratio {took / copy_took:.2f}×",
            flush=True,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    as_of = dt.date(2027, 1, 1)
    aging, counts = [], []
    for _ in range(args.aging_runs):
        began = time.perf_counter()
        result = selectors_dunning.arrears_aging(project, as_of)
        aging.append(time.perf_counter() - began)
        began = time.perf_counter()
        raw.execute("SELECT count(*) FROM billing_bill WHERE project_id = %s", [project.pk]).fetchone()
        counts.append(time.perf_counter() - began)
    bills = Bill.objects.filter(project=project).count()
    print(
        f"aging: {result.total.units:,} units in arrears, ¥{result.total.total:,}; "
        f"median {statistics.median(aging):.3f}s over {bills:,} bills",
        flush=True,
    )
    cpu = subprocess.run(
        ["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True
    ).stdout.strip()
    pg = raw.execute("SHOW server_version").fetchone()[0]
    machine = f"{cpu}, {os.cpu_count()} cores (shared), Python {platform.python_version()}"
    med, base = statistics.median(seconds), statistics.median(copies)
    print()
    print("| what | date (UTC) | machine | PostgreSQL | data | runs | result | baseline | ratio | target |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    print(
        f"| monthly run | {time.strftime('%Y-%m-%d')} | {machine} | {pg} | {args.units:,} units, "
        f"{lines:,} lines a month | {len(seconds)} | median {med:.2f} s = {statistics.median(rates):,.0f} lines/s "
        f"(runs: {', '.join(f'{s:.2f}' for s in seconds)}) | COPY median {base:.2f} s | {med / base:.2f}× "
        f"| ≥ 50,000 lines/s and ≤ 4×: {'met' if statistics.median(rates) >= 50_000 and med / base <= 4 else 'NOT met'} |"
    )
    amed, cmed = statistics.median(aging), statistics.median(counts)
    print(
        f"| arrears aging | {time.strftime('%Y-%m-%d')} | {machine} | {pg} | {args.units:,} units, {bills:,} bills "
        f"| {len(aging)} | median {amed:.3f} s | count(*) {cmed:.3f} s | {amed / cmed:.1f}× "
        f"| < 1 s: {'met' if amed < 1 else 'NOT met'} |"
    )
    raw.close()
    connection.close()


if __name__ == "__main__":
    main()
