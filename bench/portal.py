"""Benchmarks of the owner portal on PostgreSQL (issue 19).

    .venv/bin/python bench/portal.py --units 100000 --runs 3
    .venv/bin/python bench/portal.py --units 5000 --runs 1 --seconds 5 --home-requests 100   # a quick try

Recreates the database `--db` (default propdesk_bench_portal), `generate_data --units N --requests R`
(N units with owners; R historical requests over 12 months on random units, default one per unit),
the default charge items and one billing run of the current month for every unit (through
`execute_billing_run`). Then one owner is given 3 units: the ownerships of two more units move to the
first unit's owner, who gets a portal account; the 3 units get 5 years of monthly bills (the run's
lines copied to the 59 earlier months with `bulk_create`), all but the last three months paid
through the online path (`create_payment_order` + the sandbox provider's signed notification, as the
portal pays: 15 payments with their receipts), and `--owner-requests` of the generated requests
(default 60: four a unit a year) moved onto them and spread over the 5 years. Then:

1. home: `/portal/` (`portal:home`, full view and template through Django's test client, logged in as
   that owner), `--home-requests` times a run; p95 per run, median of runs, the number of queries of
   one page. Baseline in the same run: `/healthz` (one view, one query) through the same client.
2. load: the endpoints on gunicorn with 2 workers (`gunicorn propdesk.wsgi -w 2`, how docs/operations.md
   serves the product), driven by an open-loop generator in this script (threads, http.client, a new
   connection per request as gunicorn's sync worker closes it) at a fixed offered rate (`--rate`,
   default 200 req/s) for `--seconds` per endpoint. Latency is measured from each request's scheduled
   send time, so a server falling behind shows as latency (no coordinated omission). A request counts
   as an error if its status is not the expected one, it times out (`--timeout`), or it could not be
   sent before the window plus `--grace` seconds ended.
   - `POST /api/v1/portal/activation/code/` (202) for registered owners' numbers, each number once at
     100k units (reused round robin at small sizes: keep it under 5 a number, the hourly limit);
   - `POST /api/v1/portal/activation/verify/` (201) with a code recorded beforehand for a number of its
     own (an `ActivationCode` row, as `request_code` writes it, with a code the bench knows: the SMS
     is not readable over HTTP), a new username and password; `--verify-seconds` (default 5);
   - `POST /api/v1/billing/my/payments/` (201): an online order for everything a unit owes, each
     request an owner of their own (token auth), on a sandbox merchant account;
   - `POST /api/v1/billing/notifications/sandbox/` (200): the sandbox provider's signed notification
     for each of those orders (credits the payment, settles the bills, issues the receipt).
   Baseline in the same run: `GET /healthz` on the same server with the same generator and rate.

   The throttles are not weakened. Code requests are limited per number (5 an hour, 20 an hour per
   address in the service, 10 a minute per address in the API): the bench uses many numbers, and
   plays the reverse proxy: the server runs with `TRUST_X_FORWARDED_FOR=true` (docs/operations.md §3,
   the production setting behind nginx) and each request carries the client address the proxy would
   append, one address per request from 10.0.0.0/8.

Drops the database at the end unless `--keep`. Prints Markdown rows for bench/RESULTS.md. The
machine has 2 cores shared with other work: the generator runs on the same cores as the server.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import random
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OWNER_UNITS = 3
YEARS = 5
UNPAID_MONTHS = 3  # the newest months of the owner's bills are left to pay
PASSWORD = "Plum-Tree-4791-Quay"


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months (the day clamped to 28, enough for periods and due dates)."""
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1, day=min(day.day, 28))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=None, help="generated requests (default: --units)")
    parser.add_argument("--owner-requests", type=int, default=OWNER_UNITS * YEARS * 4)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--home-requests", type=int, default=300)
    parser.add_argument("--rate", type=float, default=200.0, help="offered requests per second")
    parser.add_argument("--seconds", type=float, default=20.0, help="load window per endpoint")
    parser.add_argument("--verify-seconds", type=float, default=5.0)
    parser.add_argument("--threads", type=int, default=64, help="client threads (most requests in flight)")
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--grace", type=float, default=10.0)
    parser.add_argument("--modes", default="home,code,verify,pay,notify")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--db", default="propdesk_bench_portal")
    parser.add_argument("--keep", action="store_true", help="keep the database (and reuse it with --reuse)")
    parser.add_argument("--reuse", action="store_true", help="skip the set-up: use --db as left by --keep")
    args = parser.parse_args()
    args.requests = args.units if args.requests is None else args.requests
    modes = set(args.modes.split(","))

    import psycopg

    if not args.reuse:
        with psycopg.connect(args.pg + "/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {args.db}")
            conn.execute(f"CREATE DATABASE {args.db}")
    os.environ["DATABASE_URL"] = f"{args.pg}/{args.db}"
    os.environ.pop("REDIS_URL", None)
    os.environ["INPROCESS_SCHEDULER"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "propdesk.settings")
    sys.path.insert(0, str(ROOT))
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)  # pages render as in production
        if not args.reuse:
            setup(args)
        machine, pg, data = describe(args)
        print(
            f"# {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC · {machine} · PostgreSQL {pg} · {data}"
        )
        rows = []
        if "home" in modes:
            rows.append(bench_home(args, machine, pg, data))
        if modes & {"code", "verify", "pay", "notify"}:
            rows += bench_load(args, modes, machine, pg, data)
        print()
        print(
            "| what | date (UTC) | machine | PostgreSQL | data | runs | result | baseline | ratio | target |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|")
        for row in rows:
            print(row)
        print(
            f"load average at the end: {os.getloadavg()[0]:.2f}, {os.getloadavg()[1]:.2f}, {os.getloadavg()[2]:.2f}"
        )
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            with psycopg.connect(args.pg + "/postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {args.db}")


# ---------------------------------------------------------------- data


def setup(args) -> None:
    from django.db import connection

    from propdesk.billing import services as billing_services
    from propdesk.billing.models import BillingRun, ProviderAccount
    from propdesk.core.audit import system_user
    from propdesk.core.models import Project

    started = time.perf_counter()
    from django.core.management import call_command

    call_command(
        "generate_data",
        units=args.units,
        requests=args.requests,
        project_code="bench",
        seed=1,
        stdout=open(os.devnull, "w"),
    )
    print(
        f"generate_data {args.units:,} units, {args.requests:,} requests: {time.perf_counter() - started:.0f} s"
    )
    project = Project.objects.get(code="bench")
    actor = system_user()
    started = time.perf_counter()
    billing_services.load_default_charge_items(
        project=project, actor=actor, effective_from=dt.date(2020, 1, 1)
    )
    for method, prefix in (("wechat", "SBX"), ("alipay", "SBA")):  # sandbox merchant accounts, as the demo's
        ProviderAccount.objects.create(
            project=project,
            method=method,
            merchant_id=f"{prefix}{project.pk:06d}",
            signing_key=secrets.token_hex(32),
        )
    run = BillingRun.objects.create(
        project=project, period=dt.date.today().replace(day=1), started_by=actor, total_units=args.units
    )
    billing_services.execute_billing_run(run.pk)
    print(f"billing run of the month: {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    make_home_owner(args, project, actor, run)
    print(f"the owner of 3 units with 5 years of bills and requests: {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def make_home_owner(args, project, actor, run) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from propdesk.billing import services as billing_services
    from propdesk.billing.models import Bill
    from propdesk.registry.models import Ownership, Party
    from propdesk.servicedesk.models import ServiceRequest

    owned = list(
        Ownership.objects.filter(project=project, ended_on__isnull=True).order_by("unit_id")[:OWNER_UNITS]
    )
    party = owned[0].party
    with transaction.atomic():
        # Generated rows, like generate_data's: the two other units' owner becomes this person.
        Ownership.objects.filter(pk__in=[o.pk for o in owned[1:]]).update(party=party)
        user = get_user_model().objects.create_user(
            username="bench-owner", password=PASSWORD, phone=party.phone, display_name=party.name[:50]
        )
        Party.objects.filter(pk=party.pk).update(user=user)
        units = [o.unit_id for o in owned]
        month = list(Bill.objects.filter(run=run, unit_id__in=units))
        older = []
        for back in range(1, YEARS * 12):
            for bill in month:
                older.append(
                    Bill(
                        project_id=bill.project_id,
                        unit_id=bill.unit_id,
                        item_id=bill.item_id,
                        period=add_months(bill.period, -back),
                        reference=bill.reference,
                        starts_on=add_months(bill.starts_on, -back),
                        ends_on=add_months(bill.ends_on, -back),
                        quantity=bill.quantity,
                        unit_price=bill.unit_price,
                        amount=bill.amount,
                        due_on=add_months(bill.due_on, -back),
                        description=bill.description,
                        created_by=actor,
                    )
                )
        Bill.objects.bulk_create(older, batch_size=1000)
        # Requests: generated ones moved onto the 3 units, spread over the 5 years (whole years back).
        rng = random.Random(3)
        picked = list(
            ServiceRequest.objects.filter(project=project)
            .exclude(unit_id__in=units)
            .order_by("?")
            .values_list("pk", flat=True)[: args.owner_requests]
        )
        table = ServiceRequest._meta.db_table
        with connection.cursor() as cursor:
            for i, pk in enumerate(picked):
                years = rng.randrange(YEARS)
                cursor.execute(
                    f"UPDATE {table} SET unit_id = %s, received_at = received_at - %s * interval '1 year', "
                    f"resolved_at = resolved_at - %s * interval '1 year', "
                    f"closed_at = closed_at - %s * interval '1 year' WHERE id = %s",
                    [units[i % OWNER_UNITS], years, years, years, pk],
                )
    # Paid year by year through the online path (as the portal pays), the newest months left owed.
    cutoff = add_months(run.period, -UNPAID_MONTHS + 1)
    payments = 0
    for unit in [o.unit for o in owned]:
        bills = list(Bill.objects.filter(unit=unit, period__lt=cutoff).order_by("period", "id"))
        for start in range(0, len(bills), 12 * len(month) // OWNER_UNITS):
            chunk = bills[start : start + 12 * len(month) // OWNER_UNITS]
            pay_online(unit, chunk, user, billing_services)
            payments += 1
    print(
        f"owner {user.username}: units {units}, {len(older) + len(month)} bills, {payments} payments, "
        f"{len(picked)} requests moved onto the units"
    )


def pay_online(unit, bills, user, billing_services) -> None:
    from propdesk.billing.models import ProviderAccount
    from propdesk.billing.providers import SandboxAdapter

    amount = sum((b.amount for b in bills), Decimal("0"))
    order = billing_services.create_payment_order(
        unit=unit, amount=amount, method="wechat", actor=user, bills=[b.pk for b in bills]
    )
    account = ProviderAccount.objects.get(project_id=unit.project_id, method="wechat")
    payload = SandboxAdapter("wechat").notification(
        merchant_id=account.merchant_id,
        key=account.signing_key,
        out_trade_no=order.out_trade_no,
        amount=amount,
    )
    billing_services.handle_notification(payload=payload)


def describe(args):
    from django.db import connection

    from propdesk.core.models import Project

    project = Project.objects.get(code="bench")
    with connection.cursor() as cursor:
        counts = []
        for table in ("registry_unit", "servicedesk_servicerequest", "billing_bill"):
            cursor.execute(f"SELECT count(*) FROM {table} WHERE project_id = %s", [project.pk])
            counts.append(cursor.fetchone()[0])
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    cpu = subprocess.run(
        ["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True
    ).stdout.strip()
    machine = (
        f"{cpu or platform.machine()}, {os.cpu_count()} cores (shared), Python {platform.python_version()}"
    )
    data = f"{counts[0]:,} units, {counts[1]:,} requests, {counts[2]:,} bills"
    return machine, pg, data


# ---------------------------------------------------------------- 1. the home page


def _time_get(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(ctx.captured_queries), response


def bench_home(args, machine, pg, data) -> str:
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench-owner"))
    for _ in range(10):  # warm caches (content types, templates, translations)
        _time_get(client, "/portal/")
    _elapsed, queries, response = _time_get(client, "/portal/")
    print(f"home: {queries} queries, {len(response.content):,} bytes")
    p95s, p50s, bases = [], [], []
    for run in range(args.runs):
        times = [_time_get(client, "/portal/")[0] * 1000 for _ in range(args.home_requests)]
        base = [_time_get(client, "/healthz")[0] * 1000 for _ in range(args.home_requests // 5)]
        p95s.append(pct(times, 95))
        p50s.append(statistics.median(times))
        bases.append(statistics.median(base))
        print(
            f"run {run + 1}: home p50 {p50s[-1]:.1f} ms, p95 {p95s[-1]:.1f} ms; /healthz {bases[-1]:.2f} ms"
        )
    p95, base = statistics.median(p95s), statistics.median(bases)
    return (
        f"| portal home (`/portal/`, owner of 3 units, {args.home_requests} requests/run) "
        f"| {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} | {machine} | {pg} | {data} | {args.runs} "
        f"| p50 {statistics.median(p50s):.1f} ms, p95 {p95:.1f} ms (p95 per run: "
        f"{', '.join(f'{v:.1f}' for v in p95s)}); {queries} queries a page "
        f"| /healthz {base:.2f} ms | p95 {p95 / base:.0f}× | p95 < 100 ms: {'met' if p95 < 100 else '**not met**'} |"
    )


# ---------------------------------------------------------------- 2. the endpoints under load


def _serve(port: int) -> subprocess.Popen:
    env = dict(os.environ)
    env["TRUST_X_FORWARDED_FOR"] = "true"  # the bench plays the reverse proxy (docs/operations.md §6)
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
    for _ in range(300):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def _client_ip(i: int) -> str:
    i += 1
    return f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}"


class Load:
    """Send `requests` (method, path, body, headers, expected status) at `rate` per second from
    `threads` threads; latency from each request's scheduled time."""

    def __init__(self, port, requests, *, rate, threads, timeout, grace):
        self.port, self.requests, self.rate = port, requests, rate
        self.threads, self.timeout, self.grace = threads, timeout, grace
        self.lock = threading.Lock()
        self.next = 0
        self.latencies: list[float] = []
        self.errors: dict[str, int] = {}
        self.answers: list[tuple[int, bytes]] = [(0, b"")] * len(requests)
        self.finished = 0.0

    def _error(self, what: str) -> None:
        with self.lock:
            self.errors[what] = self.errors.get(what, 0) + 1

    def _worker(self):
        window_end = self.start + len(self.requests) / self.rate + self.grace
        while True:
            with self.lock:
                i = self.next
                self.next += 1
            if i >= len(self.requests):
                return
            due = self.start + i / self.rate
            wait = due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            elif time.perf_counter() > window_end:
                self._error("not sent in time")
                continue
            method, path, body, headers, expected = self.requests[i]
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                content = response.read()
                conn.close()
            except TimeoutError:
                self._error("timeout")
                continue
            except OSError as exc:
                self._error(type(exc).__name__)
                continue
            done = time.perf_counter()
            self.answers[i] = (response.status, content)
            if response.status != expected:
                self._error(str(response.status))
                if sum(self.errors.values()) <= 3:
                    print("  error", response.status, content[:300], flush=True)
                continue
            with self.lock:
                self.latencies.append(done - due)
                self.finished = max(self.finished, done)

    def run(self) -> Load:
        pool = [threading.Thread(target=self._worker) for _ in range(self.threads)]
        self.start = time.perf_counter() + 0.1
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        return self

    def summary(self) -> dict:
        ok = len(self.latencies)
        span = max(self.finished - self.start, 1e-9)
        lat = [v * 1000 for v in self.latencies] or [float("nan")]
        return {
            "sent": len(self.requests),
            "ok": ok,
            "errors": sum(self.errors.values()),
            "kinds": dict(self.errors),
            "rate": ok / span,
            "p50": pct(lat, 50),
            "p95": pct(lat, 95),
            "p99": pct(lat, 99),
        }


def _fmt(s: dict) -> str:
    kinds = f" {s['kinds']}" if s["kinds"] else ""
    return (
        f"{s['ok']}/{s['sent']} ok, {s['errors']} errors{kinds}, achieved {s['rate']:.0f} req/s, "
        f"latency p50 {s['p50']:.0f} / p95 {s['p95']:.0f} / p99 {s['p99']:.0f} ms"
    )


def _people(project, args, runs, extra=0):
    """Owners (unit, party, phone) other than the home owner's, shuffled, split by use."""
    from propdesk.registry.models import Ownership

    rows = list(
        Ownership.objects.filter(project=project, ended_on__isnull=True, party__user__isnull=True)
        .exclude(party__phone="")
        .order_by("unit_id")
        .values_list("unit_id", "party_id", "party__phone")
    )
    random.Random(11).shuffle(rows)
    n_pay = int(args.rate * args.seconds) * runs + extra
    n_verify = int(args.rate * args.verify_seconds) * runs
    if len(rows) < n_pay + n_verify + 100:
        raise SystemExit(
            f"{len(rows)} owners: too few for {n_pay} payments and {n_verify} activations; "
            f"use more --units or fewer --seconds/--runs"
        )
    return rows[:n_pay], rows[n_pay : n_pay + n_verify], rows[n_pay + n_verify :]


def _payers(project, rows) -> list[tuple[int, str]]:
    """A portal account and an API token for each paying owner (bulk: 4,000 a run at the full size)."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from rest_framework.authtoken.models import Token

    from propdesk.registry.models import Party

    User = get_user_model()
    with transaction.atomic():
        users = User.objects.bulk_create(
            [User(username=f"payer-{party}", password="!", phone=phone) for _u, party, phone in rows],
            batch_size=2000,
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Party._meta.db_table} p SET user_id = u.id FROM {User._meta.db_table} u "
                f"WHERE u.username = 'payer-' || p.id AND p.project_id = %s",
                [project.pk],
            )
        tokens = [Token(key=secrets.token_hex(20), user=user) for user in users]
        Token.objects.bulk_create(tokens, batch_size=2000)
    return [(unit, token.key) for (unit, _p, _ph), token in zip(rows, tokens, strict=True)]


def _verify_codes(rows, code: str) -> None:
    """A code recorded as sent for each number, as `request_code` records it (the SMS is not readable)."""
    from django.utils import timezone

    from propdesk.portal.models import ActivationCode
    from propdesk.portal.services.activation import CODE_TTL, code_hash

    now = timezone.now()
    ActivationCode.objects.bulk_create(
        [
            ActivationCode(
                phone=phone,
                ip_address="192.0.2.1",
                code_hash=code_hash(phone, code),
                sent=True,
                created_at=now,
                expires_at=now + CODE_TTL,
            )
            for _u, _p, phone in rows
        ],
        batch_size=2000,
    )


def bench_load(args, modes, machine, pg, data) -> list[str]:
    from propdesk.billing.models import PaymentOrder, ProviderAccount
    from propdesk.billing.providers import SandboxAdapter
    from propdesk.core.models import Project

    project = Project.objects.get(code="bench")
    warm = 10  # requests of each kind per worker start, not timed (imports, first translations)
    payers_rows, verify_rows, code_rows = _people(project, args, args.runs, extra=2 * warm * args.runs)
    payers = _payers(project, payers_rows) if modes & {"pay", "notify"} else []
    account = ProviderAccount.objects.get(project=project, method="wechat")
    n = int(args.rate * args.seconds)
    n_verify = int(args.rate * args.verify_seconds)
    port = 8500 + os.getpid() % 300
    json_headers = {"Content-Type": "application/json"}
    results: dict[str, list[dict]] = {}
    ip = 0
    adapter = SandboxAdapter("wechat")

    def load(requests):
        return Load(
            port, requests, rate=args.rate, threads=args.threads, timeout=args.timeout, grace=args.grace
        ).run()

    def proxied(headers=None):
        nonlocal ip
        ip += 1
        return {**(headers or json_headers), "X-Forwarded-For": _client_ip(ip)}

    def code_requests(phones):
        return [
            ("POST", "/api/v1/portal/activation/code/", json.dumps({"phone": p}), proxied(), 202)
            for p in phones
        ]

    def pay_requests(mine):
        return [
            (
                "POST",
                "/api/v1/billing/my/payments/",
                json.dumps({"unit": unit, "method": "wechat"}),
                {**json_headers, "Authorization": f"Token {token}"},
                201,
            )
            for unit, token in mine
        ]

    def notify_requests(done: Load):
        orders = [json.loads(content) for status, content in done.answers if status == 201]
        amounts = dict(
            PaymentOrder.objects.filter(pk__in=[o["id"] for o in orders]).values_list(
                "out_trade_no", "amount"
            )
        )
        return [
            (
                "POST",
                "/api/v1/billing/notifications/sandbox/",
                json.dumps(
                    adapter.notification(
                        merchant_id=account.merchant_id,
                        key=account.signing_key,
                        out_trade_no=o["out_trade_no"],
                        amount=amounts[o["out_trade_no"]],
                    )
                ),
                json_headers,
                200,
            )
            for o in orders
        ]

    pay_next = 0
    for run in range(args.runs):
        server = _serve(port)  # a fresh server each run: the activations of a run keep it hashing after
        try:
            load([("GET", "/healthz", None, {}, 200)] * 200)  # warm up both workers
            results.setdefault("baseline", []).append(
                load([("GET", "/healthz", None, {}, 200)] * n).summary()
            )
            print(f"run {run + 1}: GET /healthz: {_fmt(results['baseline'][-1])}", flush=True)
            if "code" in modes:
                phones = [code_rows[(run * (n + warm) + i) % len(code_rows)][2] for i in range(n + warm)]
                load(code_requests(phones[:warm]))
                s = load(code_requests(phones[warm:])).summary()
                results.setdefault("code", []).append(s)
                print(f"run {run + 1}: activation code: {_fmt(s)}", flush=True)
            if modes & {"pay", "notify"}:
                load(notify_requests(load(pay_requests(payers[pay_next : pay_next + warm]))))
                pay_next += warm
                done = load(pay_requests(payers[pay_next : pay_next + n]))
                pay_next += n
                s = done.summary()
                results.setdefault("pay", []).append(s)
                print(f"run {run + 1}: payment order: {_fmt(s)}", flush=True)
                if "notify" in modes:
                    s = load(notify_requests(done)).summary()
                    results.setdefault("notify", []).append(s)
                    print(f"run {run + 1}: sandbox notification: {_fmt(s)}", flush=True)
            if "verify" in modes:  # last: each activation hashes the new password (PBKDF2)
                rows = verify_rows[run * n_verify : (run + 1) * n_verify]
                _verify_codes(rows, "246810")
                body = [
                    json.dumps(
                        {"phone": phone, "code": "246810", "username": f"act-{party}", "password": PASSWORD}
                    )
                    for _u, party, phone in rows
                ]
                s = load(
                    [("POST", "/api/v1/portal/activation/verify/", b, proxied(), 201) for b in body]
                ).summary()
                results.setdefault("verify", []).append(s)
                print(f"run {run + 1}: activation verify: {_fmt(s)}", flush=True)
        finally:
            server.send_signal(signal.SIGQUIT)  # gunicorn's quick shutdown: queued activations are dropped
            server.wait(timeout=60)

    base = statistics.median(r["rate"] for r in results["baseline"])
    base_p95 = statistics.median(r["p95"] for r in results["baseline"])
    names = {
        "code": f"activation code `POST /api/v1/portal/activation/code/` (202), {args.seconds:g} s/run",
        "verify": f"activate `POST /api/v1/portal/activation/verify/` (201), {args.verify_seconds:g} s/run",
        "pay": f"payment order `POST /api/v1/billing/my/payments/` (201), {args.seconds:g} s/run",
        "notify": f"sandbox notify `POST /api/v1/billing/notifications/sandbox/` (200), {args.seconds:g} s/run",
    }
    rows = []
    for key, name in names.items():
        runs = results.get(key)
        if not runs:
            continue
        rate = statistics.median(r["rate"] for r in runs)
        errors = sum(r["errors"] for r in runs)
        kinds: dict[str, int] = {}
        for r in runs:
            for k, v in r["kinds"].items():
                kinds[k] = kinds.get(k, 0) + v
        p95 = statistics.median(r["p95"] for r in runs)
        met = errors == 0 and rate >= 0.97 * args.rate
        per_run = ", ".join(f"{r['rate']:.0f}" for r in runs)
        rows.append(
            f"| {name}, gunicorn -w 2, offered {args.rate:g} req/s "
            f"| {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} | {machine} | {pg} | {data} | {len(runs)} "
            f"| median achieved {rate:.0f} req/s ({per_run}), "
            f"{errors} errors{' ' + str(kinds) if kinds else ''} of {sum(r['sent'] for r in runs)}; "
            f"latency p50 {statistics.median(r['p50'] for r in runs):.0f} ms, p95 {p95:.0f} ms "
            f"| GET /healthz {base:.0f} req/s, p95 {base_p95:.0f} ms | {rate / base:.2f}× "
            f"| 200 req/s without errors: {'met' if met else '**not met**'} |"
        )
    return rows


if __name__ == "__main__":
    main()
