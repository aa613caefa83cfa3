"""Benchmarks of billing on PostgreSQL (issue 6).

    .venv/bin/python bench/billing.py --units 100000 --runs 3
    .venv/bin/python bench/billing.py --units 100000 --runs 3 --workers 1,2 --template --modes run
    .venv/bin/python bench/billing.py --units 1000000 --runs 1 --workers 2 --template --db pd_b2_bench1m --modes run

1. Monthly run: `generate_data --units N` (units, owners, ownerships), the default charge items
   and prices, then each run bills one heating-season month (物业服务费, 采暖费, 垃圾费 for homes:
   3 lines per home) through `execute_billing_run` — the code the background task runs — with
   `--workers` concurrent batches (default: BILLING_RUN_WORKERS, i.e. min(2, cores)). `--workers 1,2`
   alternates the counts month by month (1, 2, 1, 2, …; `--runs` months each) and prints a row
   for each, so one and two workers are compared on the same data in the same run.
   Baseline in the same run: a raw psycopg COPY of the identical rows (read back from the run)
   into a table made `LIKE billing_bill INCLUDING ALL` (same columns, constraints and indexes).
   Targets: ≥ 50,000 lines/s, ≤ 4× the COPY, and (with --units 1000000) under 60 s.
2. Arrears aging for all N units over every month billed (`dunning_selectors.arrears_aging`,
   one aggregate query) as of a date when all are overdue. Baseline: `SELECT count(*)` of the
   project's bills. Target: < 1 s for 100k units.
3. Batch notices (issue 6 item 9): 500 units of one building (the first 500 units, moved into a
   building of their own, each with the overdue lines of the months billed) rendered as one dunning
   PDF by `services.notices.execute_notice_batch` — the code the background task runs (queries,
   template, WeasyPrint, saving the PDF). Baseline in the same run: WeasyPrint on 500 trivial pages
   (one line of CJK text each, same font). Target: < 30 s for 500 units.

Uses the database named by --db (dropped and created again), prints Markdown rows for bench/RESULTS.md.
`--modes run,aging,pdf` picks what to measure (pdf and aging need the bills of at least one run).
`--template` keeps the generated data (units, owners, charge items, no bills) in `<db>_tmpl` and
clones it on the next call with the same --units (a file copy instead of minutes of generation);
migrations are applied to the clone, so schema changes are measured. A template holds one size:
give 1M units a --db of its own (as above) so that the 100k template is kept. 1M units take about
10 minutes to generate on 2 cores. `--no-copy` skips the COPY baseline (it reads every line of a
run into Python: about 3 GB of memory for 3M lines).
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
# Heating-season months (3 lines per home); the generated ownerships start in 2020.
MONTHS = [
    dt.date(2026, 1, 1),
    dt.date(2026, 2, 1),
    dt.date(2026, 3, 1),
    dt.date(2025, 11, 1),
    dt.date(2025, 12, 1),
    dt.date(2025, 1, 1),
    dt.date(2025, 2, 1),
    dt.date(2025, 3, 1),
    dt.date(2024, 11, 1),
    dt.date(2024, 12, 1),
]
COLUMNS = (
    "project_id, unit_id, item_id, period, reference, starts_on, ends_on, quantity, unit_price, amount, "
    "due_on, description, run_id, created_by_id, created_at"
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="months billed per worker count")
    parser.add_argument(
        "--workers",
        default="",
        help="concurrent batches of a run, e.g. 2, or 1,2 to compare (default: BILLING_RUN_WORKERS)",
    )
    parser.add_argument("--no-copy", action="store_true", help="skip the COPY baseline of each run")
    parser.add_argument("--aging-runs", type=int, default=5)
    parser.add_argument("--db", default="pd_b2_bench")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--modes", default="run,aging,pdf", help="comma-separated: run, aging, pdf")
    parser.add_argument("--pdf-units", type=int, default=500)
    parser.add_argument("--pdf-runs", type=int, default=1)
    parser.add_argument("--template", action="store_true", help="reuse/keep generated data in <db>_tmpl")
    args = parser.parse_args()
    modes = set(args.modes.split(","))
    worker_counts = [int(w) for w in args.workers.split(",") if w.strip()] or [None]
    if "run" in modes and args.runs * len(worker_counts) > len(MONTHS):
        parser.error(f"--runs × worker counts must be at most {len(MONTHS)} months")

    import psycopg

    template = f"{args.db}_tmpl"
    with psycopg.connect(args.pg + "/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {args.db}")
        cloned = False
        if args.template:
            comment = conn.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [template]
            ).fetchone()
            if comment and comment[0] == f"units={args.units}":
                conn.execute(f"CREATE DATABASE {args.db} TEMPLATE {template}")
                cloned = True
        if not cloned:
            conn.execute(f"CREATE DATABASE {args.db}")
    os.environ["DATABASE_URL"] = f"{args.pg}/{args.db}"
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "propdesk.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import logging

    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # one INFO line a page otherwise
    from django.core.management import call_command
    from django.db import connection

    from propdesk.billing import services
    from propdesk.billing.models import Bill, BillingRun
    from propdesk.billing.selectors import dunning as dunning_selectors
    from propdesk.core.audit import system_user
    from propdesk.core.models import Project

    call_command("migrate", verbosity=0)
    actor = system_user()
    if cloned:
        print(f"data cloned from {template}", flush=True)
    else:
        started = time.perf_counter()
        call_command(
            "generate_data", units=args.units, project_code="bench", seed=1, stdout=open(os.devnull, "w")
        )
        print(f"generate_data {args.units:,} units: {time.perf_counter() - started:.1f}s", flush=True)
        project = Project.objects.get(code="bench")
        services.load_default_charge_items(project=project, actor=actor, effective_from=dt.date(2020, 1, 1))
        if args.template:
            connection.close()
            with psycopg.connect(args.pg + "/postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {template}")
                conn.execute(f"CREATE DATABASE {template} TEMPLATE {args.db}")
                conn.execute(f"COMMENT ON DATABASE {template} IS 'units={args.units}'")
    project = Project.objects.get(code="bench")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("CREATE TABLE bench_bill_copy (LIKE billing_bill INCLUDING ALL)")
    raw = psycopg.connect(f"{args.pg}/{args.db}", autocommit=True)
    cpu = subprocess.run(
        ["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True
    ).stdout.strip()
    pg = raw.execute("SHOW server_version").fetchone()[0]
    machine = f"{cpu}, {os.cpu_count()} cores (shared), Python {platform.python_version()}"
    table = []

    by_workers: dict[int, dict[str, list[float]]] = {}
    plan = (
        [worker_counts[i % len(worker_counts)] for i in range(args.runs * len(worker_counts))]
        if "run" in modes
        else []
    )
    for month, requested in zip(MONTHS[: len(plan)], plan, strict=True):
        workers = services.run_workers(requested)
        run = BillingRun.objects.create(
            project=project, period=month, started_by=actor, total_units=args.units
        )
        began = time.perf_counter()
        run = services.execute_billing_run(run.pk, workers=workers)
        took = time.perf_counter() - began
        lines = Bill.objects.filter(run=run).count()
        copy_note = ""
        got = by_workers.setdefault(workers, {"seconds": [], "rates": [], "copies": []})
        if not args.no_copy:
            rows = raw.execute(f"SELECT {COLUMNS} FROM billing_bill WHERE run_id = %s", [run.pk]).fetchall()
            raw.execute("TRUNCATE bench_bill_copy")
            began = time.perf_counter()
            with raw.cursor() as cur, cur.copy(f"COPY bench_bill_copy ({COLUMNS}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            copy_took = time.perf_counter() - began
            del rows
            got["copies"].append(copy_took)
            copy_note = f"; COPY {copy_took:.2f}s; ratio {took / copy_took:.2f}×"
        got["seconds"].append(took)
        got["rates"].append(lines / took)
        print(
            f"{month:%Y-%m}, {workers} worker{'s' if workers > 1 else ''}: {lines:,} lines in {took:.2f}s "
            f"= {lines / took:,.0f} lines/s{copy_note}",
            flush=True,
        )
    for workers, got in by_workers.items():
        seconds, rates, copies = got["seconds"], got["rates"], got["copies"]
        med, rate = statistics.median(seconds), statistics.median(rates)
        base = statistics.median(copies) if copies else None
        under_60 = (
            f", 1M units under 60 s: {'met' if med < 60 else 'NOT met'}" if args.units >= 1_000_000 else ""
        )
        if base:
            baseline, ratio = f"COPY median {base:.2f} s", f"{med / base:.2f}×"
            met = rate >= 50_000 and med / base <= 4
        else:
            baseline, ratio, met = "— (--no-copy)", "—", rate >= 50_000
        table.append(
            f"| monthly run | {time.strftime('%Y-%m-%d', time.gmtime())} | {machine} | {pg} | {args.units:,} units, "
            f"{lines:,} lines a month, {workers} worker{'s' if workers > 1 else ''} | {len(seconds)} "
            f"| median {med:.2f} s = {rate:,.0f} lines/s (runs: {', '.join(f'{s:.2f}' for s in seconds)}) "
            f"| {baseline} | {ratio} | ≥ 50,000 lines/s{' and ≤ 4×' if base else ''}: "
            f"{'met' if met else 'NOT met'}{under_60} |"
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    if "aging" in modes:
        as_of = dt.date(2027, 1, 1)
        aging, counts = [], []
        for _ in range(args.aging_runs):
            began = time.perf_counter()
            result = dunning_selectors.arrears_aging(project, as_of)
            aging.append(time.perf_counter() - began)
            began = time.perf_counter()
            raw.execute("SELECT count(*) FROM billing_bill WHERE project_id = %s", [project.pk]).fetchone()
            counts.append(time.perf_counter() - began)
        bills = Bill.objects.filter(project=project).count()
        print(
            f"aging: {result.total.units:,} units in arrears, ¥{result.total.total:,}; "
            f"median {statistics.median(aging):.3f}s over {bills:,} bills (runs: "
            f"{', '.join(f'{s:.3f}' for s in aging)})",
            flush=True,
        )
        amed, cmed = statistics.median(aging), statistics.median(counts)
        table.append(
            f"| arrears aging | {time.strftime('%Y-%m-%d', time.gmtime())} | {machine} | {pg} | {args.units:,} units, {bills:,} bills "
            f"| {len(aging)} | median {amed:.3f} s | count(*) {cmed:.3f} s | {amed / cmed:.1f}× "
            f"| < 1 s: {'met' if amed < 1 else 'NOT met'} |"
        )
    if "pdf" in modes:
        table.append(bench_pdf(args, project, actor, machine, pg))
    print()
    print("| what | date (UTC) | machine | PostgreSQL | data | runs | result | baseline | ratio | target |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for row in table:
        print(row)
    raw.close()
    connection.close()


def bench_pdf(args, project, actor, machine: str, pg: str) -> str:
    """One building of --pdf-units units with overdue bills, rendered by the batch-notice service."""
    from django.template.loader import render_to_string
    from django.utils import timezone
    from weasyprint import HTML

    from propdesk.billing.models import Bill, NoticeBatch
    from propdesk.billing.pdf import notices as notice_pdfs
    from propdesk.billing.services.notices import execute_notice_batch
    from propdesk.registry.models import Building, Unit

    ids = list(
        Unit.objects.filter(project=project).order_by("id").values_list("id", flat=True)[: args.pdf_units]
    )
    building, _created = Building.objects.get_or_create(
        project=project,
        code="PDF",
        defaults={"name": "通知单栋", "floors": 25, "entrances": 1, "sort_order": 9999},
    )
    for k, unit_id in enumerate(ids):  # one entrance, numbers made unique in the new building
        Unit.objects.filter(pk=unit_id).update(
            building=building, entrance="1", floor=k // 20 + 1, number=f"{k // 20 + 1}{k % 20 + 1:02d}"
        )
    lines = Bill.objects.filter(unit_id__in=ids).count()
    on = timezone.localdate()
    overdue = Bill.objects.filter(unit_id__in=ids, due_on__lt=on).count()
    print(
        f"pdf: building of {len(ids)} units, {lines:,} bill lines ({overdue:,} overdue on {on})", flush=True
    )
    took, parts = [], []
    for _ in range(args.pdf_runs):
        batch = NoticeBatch.objects.create(
            project=project, building=building, kind="dunning", requested_by=actor
        )
        began = time.perf_counter()
        batch = execute_notice_batch(batch.pk)
        took.append(time.perf_counter() - began)
        print(f"pdf: {batch.pages} pages, {len(batch.content or b''):,} bytes in {took[-1]:.2f}s", flush=True)
    # Where the time goes (outside the timed runs): the data, the HTML, WeasyPrint.
    began = time.perf_counter()
    units = list(
        Unit.objects.filter(building=building)
        .select_related("building")
        .order_by("entrance", "floor", "number")
    )
    pages = notice_pdfs.notice_pages(units, kind="dunning", on=on, only_arrears=True)
    parts.append(time.perf_counter() - began)
    began = time.perf_counter()
    html = render_to_string(
        "billing/notice_pdf.html",
        {
            "project": project,
            "pages": pages,
            "kind": "dunning",
            "title": notice_pdfs.KINDS["dunning"],
            "on": on,
        },
    )
    parts.append(time.perf_counter() - began)
    began = time.perf_counter()
    document = HTML(string=html).render()
    parts.append(time.perf_counter() - began)
    began = time.perf_counter()
    document.write_pdf()
    parts.append(time.perf_counter() - began)
    print(
        "pdf parts: data {:.2f}s, template {:.2f}s, layout {:.2f}s, write {:.2f}s".format(*parts), flush=True
    )
    trivial = (
        '<html><head><style>@page { size: A4 } body { font-family: "Noto Serif CJK SC", serif } '
        ".p { page-break-after: always }</style></head><body>"
        + "".join(f'<div class="p">催缴通知单 第 {i} 页</div>' for i in range(len(pages)))
        + "</body></html>"
    )
    began = time.perf_counter()
    HTML(string=trivial).write_pdf()
    base = time.perf_counter() - began
    print(f"pdf baseline: WeasyPrint, {len(pages)} trivial pages: {base:.2f}s", flush=True)
    med = statistics.median(took)
    return (
        f"| batch notices PDF | {time.strftime('%Y-%m-%d', time.gmtime())} | {machine} | {pg} | one building of {len(ids)} units, "
        f"{overdue:,} overdue lines, {len(pages)} pages | {len(took)} | median {med:.2f} s "
        f"(data {parts[0]:.2f}, template {parts[1]:.2f}, layout {parts[2]:.2f}, write {parts[3]:.2f}) "
        f"| WeasyPrint, {len(pages)} trivial pages {base:.2f} s | {med / base:.1f}× "
        f"| < 30 s for 500 units: {'met' if med < 30 and len(ids) >= 500 else 'NOT met'} |"
    )


if __name__ == "__main__":
    main()
