"""One source language: user-visible strings in Python are English msgids, Chinese comes from the
translation catalogue (propdesk/locale). The test fails on a Chinese string literal in any Python
module but these, which are Chinese by nature:

- seeded data: default configuration, demo and benchmark data (`defaults.py`, `demo*.py`,
  `generate/`, tests and migrations);
- `propdesk/formats/`: fixed notations read or printed whatever the reader's language (the capital
  numerals of receipts, the words between building and room, the plate provinces).

Docstrings and comments are not counted.
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


def test_no_module_has_a_chinese_literal():
    counts = cjk_literals_per_module()
    assert not counts, (
        "write an English msgid (gettext) and put the Chinese in propdesk/locale/glossary/; "
        f"a fixed notation goes to propdesk/formats/: {counts}"
    )


def test_the_count_sees_literals_and_f_strings_but_not_docstrings():
    source = '''"""文档字符串 is a docstring."""

def f(x):
    """说明"""
    # 注释 is a comment
    a = "已派工"
    b = f"{x} 号"
    return a, b, "plain English"
'''
    assert chinese_literals(source) == 2
