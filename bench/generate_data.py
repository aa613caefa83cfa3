"""Benchmark: `generate_data --units N` on PostgreSQL (target: 100k units with owners < 60 s).

Usage (from the project root, PostgreSQL at 127.0.0.1:5432 with trust auth):

    .venv/bin/python bench/generate_data.py --units 100000 --runs 3

Creates a fresh database, migrates it, then for each run generates a new project of N
units with one owner each (encrypted ID number, blind index, pinyin initials) and
times it. The baseline, measured in the same run on the same database, is a bare
bulk insert of N units with nothing else; the ratio says what the owners, encryption
and ownership rows cost on top. Prints a Markdown row for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    args = parser.parse_args()

    import psycopg

    dbname = f"propdesk_bench_{int(time.time())}"
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

        call_command("migrate", verbosity=0)
        measured, baseline = [], []
        for run in range(args.runs):
            started = time.perf_counter()
            call_command(
                "generate_data",
                units=args.units,
                project_code=f"bench-{run}",
                seed=run,
                stdout=open(os.devnull, "w"),
            )
            measured.append(time.perf_counter() - started)
            baseline.append(bare_units(args.units, run))
            print(
                f"run {run + 1}: generate_data {measured[-1]:.1f}s, bare units {baseline[-1]:.1f}s",
                flush=True,
            )
        med, base = statistics.median(measured), statistics.median(baseline)
        cpu = subprocess.run(
            ["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True
        ).stdout.strip()
        pg = psycopg.connect(args.pg + "/postgres").execute("SHOW server_version").fetchone()[0]
        print()
        print(
            "| date | machine | PostgreSQL | data | runs | median | baseline (bare unit insert) | ratio | target |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        print(
            f"| {time.strftime('%Y-%m-%d')} | {cpu}, {os.cpu_count()} cores, Python {platform.python_version()} "
            f"| {pg} | {args.units:,} units + owners + ownerships | {args.runs} | {med:.1f} s | {base:.1f} s "
            f"| {med / base:.1f}× | < 60 s: {'met' if med < 60 else 'NOT met'} |"
        )
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(args.pg + "/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {dbname}")


def bare_units(n: int, run: int) -> float:
    """N units in one building with no owners, no encryption: the floor for inserting this many rows."""
    from decimal import Decimal

    from django.db import transaction

    from propdesk.core.models import Project
    from propdesk.registry.models import Building, Unit

    project = Project.objects.get(code=f"bench-{run}")
    started = time.perf_counter()
    with transaction.atomic():
        building = Building.objects.create(project=project, code=f"bare-{run}", name="bare")
        Unit.objects.bulk_create(
            (
                Unit(
                    project=project,
                    building=building,
                    entrance="1",
                    floor=1,
                    number=str(i),
                    building_area=Decimal("90.00"),
                )
                for i in range(n)
            ),
            batch_size=5000,
        )
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
