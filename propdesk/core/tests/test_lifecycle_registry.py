"""Every aggregate with a status is on the lifecycle kit, and no status is written outside it.

Two nets: at run time, `core.lifecycle.register` guards the status attribute (a changed value
outside `move` raises); in the source, this test reads every module and fails on an assignment to
`.status`/`.state`, a `setattr` of one, or an `update(status=…)`/`update(state=…)`, unless the
line is listed below with the reason it is not an aggregate's move.
"""

from __future__ import annotations

import ast
import pathlib

import pytest
from django.apps import apps

from propdesk.core import lifecycle

ROOT = pathlib.Path(__file__).resolve().parents[2]  # the propdesk package
STATUS_NAMES = {"status", "state"}

# Models with a status field that are not business aggregates: their field is progress or engine
# state, moved by conditional updates in batch jobs (ARCHITECTURE.md: "prefer conditional updates
# in batch jobs") and recorded where it matters in their own tables.
NOT_AGGREGATES = {
    "registry.ImportJob": "background-job progress of an Excel import (validating → importing → done)",
    "billing.BillingRun": "background-job progress of a billing run; its batches carry the real record",
    "billing.NoticeBatch": "background-job progress of a printed-notice batch",
    "sla.SlaClock": "the SLA engine's clock state, moved by sla.transitions and recorded in ClockEvent",
}

# Source lines that write a status outside `move`: (module, written target) → why.
WRITES_OUTSIDE_THE_KIT = {
    ("billing/services/runs.py", "update:status"): "BillingRun progress (not an aggregate)",
    ("billing/services/runs.py", "run.status"): "BillingRun progress (not an aggregate)",
    ("billing/services/notices.py", "update:status"): "NoticeBatch progress (not an aggregate)",
    ("billing/services/notices.py", "batch.status"): "NoticeBatch progress (not an aggregate)",
    ("registry/services/imports.py", "update:status"): "ImportJob progress (not an aggregate)",
    ("sla/services/clocks.py", "clock.state"): "SlaClock: the SLA engine's own transition function",
    ("sla/sweeper.py", "bulk_update"): "SlaClock: the sweeper's batched breach marks (engine state)",
    ("servicedesk/generate/requests.py", "update:state"): "bench data generator: a dict of column values",
}


def _status_fields(model):
    return [
        f for f in model._meta.concrete_fields if f.name in STATUS_NAMES and f.choices and not f.is_relation
    ]


def _business_models():
    for model in apps.get_models():
        if model.__module__.startswith("propdesk.") and not model.__name__.startswith("Historical"):
            yield model


def test_every_model_with_a_status_is_registered_with_the_kit():
    registered = {m._meta.label for m in lifecycle.registered()}
    missing = []
    for model in _business_models():
        label = model._meta.label
        if not _status_fields(model) or label in NOT_AGGREGATES:
            continue
        if label not in registered:
            missing.append(label)
    assert not missing, f"register these with core.lifecycle (their app's transitions.py): {missing}"
    assert not (registered & set(NOT_AGGREGATES))


@pytest.mark.parametrize("lc", list(lifecycle.registered().values()), ids=lambda lc: lc.model._meta.label)
def test_each_lifecycle_covers_its_states_and_guards_its_field(lc):
    table = lc.table()
    assert set(table) == set(lc.states)
    reachable = {t for targets in table.values() for t in targets}
    default = lc.model._meta.get_field(lc.field).default
    # Every state is where a row starts or where some move leads.
    assert set(lc.states) <= reachable | {default} | {s for s in lc.states if table[s]}
    first, other = lc.states[0], lc.states[1]
    obj = lc.model(**{lc.field: first})  # creating a row in a given state is allowed
    with pytest.raises(lifecycle.StatusWriteRefused):
        setattr(obj, lc.field, other)
    setattr(obj, lc.field, first)  # the same value again is no change
    with lifecycle.loading():
        setattr(obj, lc.field, other)  # fixtures and demo data build rows in a given state


def _writes(tree: ast.AST):
    """(line, written target) for every status write in a module."""
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        for target in targets:
            for t in target.elts if isinstance(target, ast.Tuple) else [target]:
                if isinstance(t, ast.Attribute) and t.attr in STATUS_NAMES:
                    yield node.lineno, ast.unparse(t)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "update" and any(k.arg in STATUS_NAMES for k in node.keywords):
                names = sorted(k.arg for k in node.keywords if k.arg in STATUS_NAMES)
                yield node.lineno, f"update:{names[0]}"
            if node.func.attr == "bulk_update" and STATUS_NAMES & {
                c.value for c in ast.walk(node) if isinstance(c, ast.Constant)
            }:
                yield node.lineno, "bulk_update"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "setattr":
            if (
                len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
                and node.args[1].value in STATUS_NAMES
            ):
                yield node.lineno, f"setattr:{node.args[1].value}"


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if (
            "/migrations/" in rel
            or "/tests/" in rel
            or rel.endswith("conftest.py")
            or rel == "core/lifecycle.py"
        ):
            continue
        yield rel, path


def test_no_status_is_written_outside_the_kit():
    found = set()
    unexplained = []
    for rel, path in _modules():
        for line, target in _writes(ast.parse(path.read_text(), filename=rel)):
            found.add((rel, target))
            if (rel, target) not in WRITES_OUTSIDE_THE_KIT:
                unexplained.append(f"{rel}:{line} writes {target}")
    assert not unexplained, "change the status with core.lifecycle.move instead:\n" + "\n".join(unexplained)
    stale = set(WRITES_OUTSIDE_THE_KIT) - found
    assert not stale, f"no longer written there: remove from WRITES_OUTSIDE_THE_KIT: {sorted(stale)}"


def test_the_source_scan_sees_each_kind_of_write():
    source = (
        "a.status = 1\n"
        "b.state, c = 1, 2\n"
        "Model.objects.filter(pk=1).update(state='x')\n"
        "setattr(d, 'status', 2)\n"
        "Model.objects.bulk_update(rows, ['status'])\n"
    )
    assert sorted(t for _line, t in _writes(ast.parse(source))) == [
        "a.status",
        "b.state",
        "bulk_update",
        "setattr:status",
        "update:state",
    ]
