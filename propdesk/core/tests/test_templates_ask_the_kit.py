"""Pages ask the lifecycle kit and the permission functions, never compare an object's status
(issue 13): a template testing `x.state == "draft"` restates a rule written elsewhere."""

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
# `obj.status ==` / `obj.state !=` … — a filter form's own value (`f.status`, `filters.state`) is not an object's.
STATUS_TEST = re.compile(r"\{%[^%]*\b(?!f\.|filters\.)(\w+)\.(state|status)\s*(==|!=|in\b)")


def status_tests() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("templates/**/*.html")):
        for n, line in enumerate(path.read_text().splitlines(), 1):
            for m in STATUS_TEST.finditer(line):
                if m.group(1) in ("f", "filters"):
                    continue
                found.append(f"{path.relative_to(ROOT)}:{n}: {m.group(0)[-60:]}")
    return found


def test_no_template_compares_a_status():
    assert status_tests() == [], "ask {% moves obj as can %}, a can_<verb> or a model property instead"


def test_the_check_finds_a_status_comparison(tmp_path):
    assert STATUS_TEST.search('{% if order.state == "draft" and can_register %}')
    assert STATUS_TEST.search("{% if run.status != RunStatus.DONE %}")
    assert not STATUS_TEST.search('{% if f.status == "open" %}')
    assert not STATUS_TEST.search("{% if can.close %}")
