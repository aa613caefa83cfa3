"""The README documents every environment variable that settings.py reads."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_readme_lists_every_environment_variable():
    settings_src = (ROOT / "propdesk" / "settings.py").read_text()
    names = set(re.findall(r'env_(?:str|bool|int|list|timezone)\(\s*"([A-Z_]+)"', settings_src))
    names |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', settings_src)) - {"name"}
    readme = (ROOT / "README.md").read_text()
    missing = sorted(n for n in names if f"`{n}`" not in readme and f"{n}`" not in readme)
    assert names, "found no variables: the pattern is out of date"
    assert not missing, f"README does not document: {missing}"


def test_readme_opens_with_the_two_commands():
    head = (ROOT / "README.md").read_text().split("##")[0]
    assert "make run" in head and "make test" in head
