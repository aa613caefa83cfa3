"""Benchmarks of the service desk on PostgreSQL (issue 5).

    # generate once (100k units, 1M requests with events, orders, callbacks, clocks), then measure:
    .venv/bin/python bench/servicedesk.py --db postgres://postgres@127.0.0.1:5432/pd_s3_bench --generate
    .venv/bin/python bench/servicedesk.py --db postgres://postgres@127.0.0.1:5432/pd_s3_bench --runs 5

Modes (`--modes list,search,create,kpi`, all by default), against the project `--project-code`:

1. list: the staff request list page (`servicedesk:list`, full view + template through Django's
   test client, logged in as the center director) for the filter combinations a front desk uses:
   default (not closed), all, deep pages, kind, channel, category, building, overdue only,
   mine, closed complaints. Reports p50/p95 and the highest number of queries of one page.
   Baseline in the same run: `/healthz` (one view, one query) through the same client.
2. search: the same page with `q=` typed the way staff talk — a room `12-1-1503`, `12栋1单元1503`,
   a bare room number, a request number, an owner's mobile. Same baseline.
3. create: `POST /api/v1/requests/` on gunicorn with 2 workers (token auth, 8 client threads),
   requests per second over `--creates` requests. Baseline in the same run: `GET /api/v1/me/`
   (a trivial DRF endpoint) with the same server, client and concurrency.
4. kpi: `servicedesk:kpis` for the last 12 months, when that URL exists (skipped otherwise).

Prints Markdown rows for bench/RESULTS.md. The machine has 2 cores shared with other work.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="postgres://postgres@127.0.0.1:5432/pd_s3_bench")
    parser.add_argument("--project-code", default="bench-1m")
    parser.add_argument("--generate", action="store_true", help="(re)create the database and generate data")
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--creates", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--modes", default="list,search,create,kpi")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.db
    os.environ.pop("REDIS_URL", None)
    os.environ["INPROCESS_SCHEDULER"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "propdesk.settings")
    sys.path.insert(0, str(ROOT))
    if args.generate:
        generate(args)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("collectstatic", interactive=False, verbosity=0)  # pages render as in production

    from propdesk.core.models import Project

    project = Project.objects.get(code=args.project_code)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM servicedesk_servicerequest WHERE project_id = %s", [project.pk])
        n_requests = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM registry_unit WHERE project_id = %s", [project.pk])
        n_units = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM sla_slaclock WHERE project_id = %s", [project.pk])
        n_clocks = cursor.fetchone()[0]
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    cpu = subprocess.run(
        ["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True
    ).stdout.strip()
    machine = (
        f"{cpu or platform.machine()}, {os.cpu_count()} cores (shared), Python {platform.python_version()}"
    )
    data = f"{n_requests:,} requests, {n_units:,} units, {n_clocks:,} clocks"
    print(
        f"# {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC · {machine} · PostgreSQL {pg} · {data}",
        flush=True,
    )
    modes = set(args.modes.split(","))
    rows = []
    if modes & {"list", "search"}:
        rows += pages(project, args, modes, machine, pg, data)
    if "create" in modes:
        rows.append(create(project, args, machine, pg, data))
    if "kpi" in modes:
        row = kpi(project, args, machine, pg, data)
        if row:
            rows.append(row)
    print()
    print("| what | date (UTC) | machine | PostgreSQL | data | runs | result | baseline | ratio | target |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(row)


def generate(args) -> None:
    import psycopg

    base, dbname = args.db.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {dbname}")
        conn.execute(f"CREATE DATABASE {dbname}")
    env = dict(os.environ)
    python = str(ROOT / ".venv/bin/python")
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    started = time.perf_counter()
    subprocess.run(
        [
            python,
            "manage.py",
            "generate_data",
            f"--units={args.units}",
            f"--requests={args.requests}",
            f"--project-code={args.project_code}",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    print(f"generated in {time.perf_counter() - started:.0f} s", flush=True)


def _director(project):
    from propdesk.core.models import Membership

    return (
        Membership.objects.filter(project=project, position__code="center_director", is_active=True)
        .select_related("user")
        .first()
        .user
    )


def _list_urls(project, rng):
    from propdesk.registry.models import Building
    from propdesk.servicedesk.models import Category

    cats = list(Category.objects.filter(project=project).values_list("pk", flat=True))
    buildings = list(Building.objects.filter(project=project).values_list("pk", flat=True))
    return [
        "",
        "status=all",
        "status=all&page=2",
        "status=all&page=200",
        "kind=repair",
        "kind=complaint&status=all",
        "channel=phone",
        "status=closed&kind=complaint",
        f"category={rng.choice(cats)}",
        f"category={rng.choice(cats)}&status=all",
        f"building={rng.choice(buildings)}&status=all",
        f"building={rng.choice(buildings)}",
        "overdue=1",
        "overdue=1&kind=repair",
        "mine=1&status=all",
        "status=resolved",
    ]


def _search_urls(project, rng, n=40):
    from propdesk.registry.models import Ownership
    from propdesk.servicedesk.models import ServiceRequest

    last = ServiceRequest.objects.filter(project=project).order_by("-id").values_list("id", flat=True)[0]
    numbers = [
        ServiceRequest.objects.filter(project=project, id__lte=last - rng.randrange(900_000))
        .order_by("-id")
        .values_list("number", flat=True)
        .first()
        for _ in range(n // 4)
    ]
    owned = list(
        Ownership.objects.filter(project=project, ended_on__isnull=True)
        .select_related("unit__building", "party")
        .order_by("?")[: n // 2]
    )
    from urllib.parse import quote

    queries = []
    for i, o in enumerate(owned):
        u = o.unit
        queries.append(
            [
                f"{u.building.code}-{u.entrance}-{u.number}",
                f"{u.building.code}栋{u.entrance}单元{u.number}",
                o.party.phone,
                u.number,
            ][i % 4]
        )
    queries += [n for n in numbers if n]
    rng.shuffle(queries)
    return [f"q={quote(q)}" for q in queries]


def _time_get(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(ctx.captured_queries)


def pages(project, args, modes, machine, pg, data):
    from django.test import Client

    rng = random.Random(5)
    client = Client()
    client.force_login(_director(project))
    lists = _list_urls(project, rng)
    searches = _search_urls(project, rng)
    for q in lists[:3] + searches[:3]:
        client.get("/servicedesk/?" + q)  # warm caches (content types, templates)
    out = []
    results = {"list": [], "search": []}
    queries = {"list": 0, "search": 0}
    per_url: dict[str, list[float]] = {}
    baseline = []
    for run in range(args.runs):
        for mode, urls in (("list", lists), ("search", searches)):
            if mode not in modes:
                continue
            times = []
            for q in urls:
                elapsed, n = _time_get(client, "/servicedesk/?" + q)
                times.append(elapsed)
                per_url.setdefault(q, []).append(elapsed)
                queries[mode] = max(queries[mode], n)
            results[mode].append(times)
        for _ in range(20):
            baseline.append(_time_get(client, "/healthz")[0])
        summary = ", ".join(f"{m} p95 {pct(r[-1], 95) * 1000:.1f} ms" for m, r in results.items() if r)
        print(f"run {run + 1}: {summary}", flush=True)
    slow = sorted(per_url.items(), key=lambda kv: -statistics.median(kv[1]))[:5]
    print("slowest:", ", ".join(f"{q} {statistics.median(t) * 1000:.0f} ms" for q, t in slow), flush=True)
    base = statistics.median(baseline)
    for mode, runs in results.items():
        if not runs:
            continue
        p95s = [pct(r, 95) * 1000 for r in runs]
        p95 = statistics.median(p95s)
        p50 = statistics.median([statistics.median(r) * 1000 for r in runs])
        n = len(runs[0])
        out.append(
            f"| {mode} page ({n} URLs/run) | {time.strftime('%Y-%m-%d', time.gmtime())} | {machine} | {pg} | {data} "
            f"| {len(runs)} | p50 {p50:.1f} ms, p95 {p95:.1f} ms (p95 per run: "
            f"{', '.join(f'{v:.0f}' for v in p95s)}); at most {queries[mode]} queries a page "
            f"| /healthz {base * 1000:.1f} ms | p95 {p95 / (base * 1000):.0f}× "
            f"| p95 < 100 ms: {'met' if p95 < 100 else '**not met**'} |"
        )
    return out


def _serve(port: int, env: dict) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "propdesk.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(200):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def _load(port, method, path, bodies, token, threads) -> tuple[float, int]:
    """Send every body (or as many GETs) over `threads` keep-alive connections; returns (seconds, errors)."""
    queue = list(bodies)
    lock = threading.Lock()
    errors = [0]

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
        while True:
            with lock:
                if not queue:
                    break
                body = queue.pop()
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status >= 300:
                with lock:
                    errors[0] += 1
                    if errors[0] <= 3:
                        print("error", response.status, flush=True)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    started = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return time.perf_counter() - started, errors[0]


def create(project, args, machine, pg, data):
    from rest_framework.authtoken.models import Token

    from propdesk.registry.models import Ownership
    from propdesk.servicedesk.models import Category

    user = _director(project)
    token = Token.objects.get_or_create(user=user)[0].key
    rng = random.Random(9)
    owned = list(
        Ownership.objects.filter(project=project, ended_on__isnull=True).values_list(
            "unit_id", "party__name"
        )[:20000]
    )
    cats = list(
        Category.objects.filter(project=project, department_kind="engineering").values_list("pk", flat=True)
    )
    port = 8700 + os.getpid() % 200
    server = _serve(port, dict(os.environ))
    rates, base_rates = [], []
    try:
        # warm up both workers
        _load(port, "GET", "/api/v1/me/", [None] * 50, token, args.threads)
        for run in range(args.runs):
            bodies = []
            for i in range(args.creates):
                unit, name = rng.choice(owned)
                bodies.append(
                    json.dumps(
                        {
                            "project": project.pk,
                            "kind": "repair",
                            "channel": "phone",
                            "content": f"基准测试报修 {run}-{i}：卫生间漏水",
                            "reporter_name": name,
                            "unit": unit,
                            "category": rng.choice(cats),
                        }
                    )
                )
            seconds, errors = _load(port, "POST", "/api/v1/requests/", bodies, token, args.threads)
            rates.append(args.creates / seconds)
            base_seconds, base_errors = _load(
                port, "GET", "/api/v1/me/", [None] * args.creates, token, args.threads
            )
            base_rates.append(args.creates / base_seconds)
            print(
                f"run {run + 1}: create {rates[-1]:.0f} req/s ({errors} errors), "
                f"GET /api/v1/me/ {base_rates[-1]:.0f} req/s ({base_errors} errors)",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    rate, base = statistics.median(rates), statistics.median(base_rates)
    return (
        f"| create API (gunicorn -w 2, {args.threads} client threads, {args.creates} creates/run) "
        f"| {time.strftime('%Y-%m-%d', time.gmtime())} | {machine} | {pg} | {data} | {args.runs} "
        f"| median {rate:.0f} req/s ({', '.join(f'{r:.0f}' for r in rates)}) "
        f"| GET /api/v1/me/ {base:.0f} req/s | {rate / base:.2f}× "
        f"| ≥ 200 req/s: {'met' if rate >= 200 else '**not met**'} |"
    )


def kpi(project, args, machine, pg, data):
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse("servicedesk:kpis")
    except NoReverseMatch:
        print("kpi: skipped — the URL servicedesk:kpis does not exist on this branch", flush=True)
        return None
    client = Client()
    client.force_login(_director(project))
    query = "?period=last_12"  # the last 12 months to today (the page's own choice)
    client.get(url + query)
    times, queries = [], 0
    for _ in range(args.runs):
        elapsed, n = _time_get(client, url + query)
        times.append(elapsed * 1000)
        queries = max(queries, n)
    base = statistics.median([_time_get(client, "/healthz")[0] for _ in range(20)]) * 1000
    med = statistics.median(times)
    return (
        f"| KPI page, 12 months | {time.strftime('%Y-%m-%d', time.gmtime())} | {machine} | {pg} | {data} | {args.runs} "
        f"| median {med:.0f} ms ({', '.join(f'{t:.0f}' for t in times)}), {queries} queries "
        f"| /healthz {base:.1f} ms | {med / base:.0f}× | < 500 ms: {'met' if med < 500 else '**not met**'} |"
    )


if __name__ == "__main__":
    main()
