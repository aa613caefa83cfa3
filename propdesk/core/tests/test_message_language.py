"""One source language: user-visible strings in Python are English msgids, Chinese comes from the
translation catalogue (propdesk/locale). Seeded data — default configuration, demo and benchmark
data — is Chinese by nature and exempt.

The modules below still hold Chinese literals (issue 13, "one source language"); each number is a
ceiling that only goes down: the test fails when a module gains a Chinese literal, when a new
module has one, and when a module has fewer than its ceiling (lower it). A ceiling marked "data"
is not a message left to translate but Chinese the code matches in what people type (plate
provinces, the words between building and room): it stays, with a "# data:" comment at the literal.
"""

from __future__ import annotations

import ast
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]  # the propdesk package
CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")

# Seeded data: Chinese on purpose (names, default price lists, demo households, fake data).
SEEDED = re.compile(
    r"(^|/)(defaults|demo\w*|generate|fakedata|conftest)(\.py$|/)|^(locale|formats)/|/(tests|migrations)/"
)

STILL_CHINESE = {
    "registry/search.py": 1,  # data, marked "# data:": the room words 栋/单元/室 of the search box
    "registry/validators.py": 2,  # data, marked "# data:": plate province abbreviations and suffixes
}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def chinese_literals(source: str) -> int:
    """String constants with Chinese characters, docstrings aside (comments are not constants)."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    count = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):  # an f-string counts once, not per piece
            pieces = [v for v in node.values if isinstance(v, ast.Constant)]
            skip.update(id(v) for v in pieces)
            count += any(CJK.search(v.value) for v in pieces)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            count += bool(CJK.search(node.value))
    return count


def cjk_literals_per_module() -> dict[str, int]:
    counts = {}
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if SEEDED.search(rel):
            continue
        n = chinese_literals(path.read_text())
        if n:
            counts[rel] = n
    return counts


def test_no_module_gains_a_chinese_literal():
    counts = cjk_literals_per_module()
    grown = {m: n for m, n in counts.items() if n > STILL_CHINESE.get(m, 0)}
    assert not grown, (
        "write an English msgid (gettext) and put the Chinese in propdesk/locale/glossary/: "
        f"{grown} (ceilings: { ({m: STILL_CHINESE.get(m, 0) for m in grown}) })"
    )
    shrunk = {m: counts.get(m, 0) for m, ceiling in STILL_CHINESE.items() if counts.get(m, 0) < ceiling}
    assert not shrunk, f"fewer Chinese literals now: lower STILL_CHINESE to {shrunk}"


def test_the_count_sees_literals_but_not_docstrings_or_comments():
    source = 'def f():\n    """说明"""\n    # 注释\n    return "金额", f"第{1}行", "amount"\n'
    assert chinese_literals(source) == 2
